/**
 * Verify an EDS (CMS) signature from the command line, e.g. a statement a parent signed:
 *
 *   npm run eds:verify -- --cms statement.pdf.cms --data statement.pdf --iin 880412404170 --trust ./nca-certs
 *
 * Prints the result as JSON. Exit code: 0 valid, 1 not valid, 2 usage error or unreadable input.
 * The CMS file may be DER or base64; `--data` may be left out for an attached CMS.
 * `--ncanode URL` sends GOST signatures to an NCANode server.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { loadTrustStore, verifyCms, type TrustStore } from "../flows/signatures/index.ts";

const USAGE = "usage: npm run eds:verify -- --cms FILE [--data FILE] [--iin IIN] [--trust DIR_OR_FILE] [--ncanode URL]";

/** One line on stderr, exit 2. */
function usageError(message: string, withUsage = false): never {
  process.stderr.write(`eds-verify: ${message}${withUsage ? ` (${USAGE})` : ""}\n`);
  process.exit(2);
}

function readInput(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(path));
  } catch (e) {
    usageError(`cannot read the ${what} file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

let args;
try {
  args = parseArgs({
    options: {
      cms: { type: "string" },
      data: { type: "string" },
      iin: { type: "string" },
      trust: { type: "string" },
      ncanode: { type: "string" },
    },
    strict: true,
  }).values;
} catch (e) {
  usageError((e as Error).message, true);
}
if (!args.cms) usageError("--cms is required", true);
if (args.iin !== undefined && !/^\d{12}$/.test(args.iin)) usageError(`--iin must be 12 digits, got "${args.iin}"`);

const cms = readInput(args.cms, "CMS");
const data = args.data === undefined ? undefined : readInput(args.data, "data");
let trust: TrustStore;
try {
  trust = loadTrustStore(args.trust);
} catch (e) {
  usageError((e as Error).message);
}

const result = await verifyCms({
  cms,
  trust,
  ...(data ? { data } : {}),
  ...(args.iin ? { expectedIin: args.iin } : {}),
  ...(args.ncanode ? { ncanode: { url: args.ncanode } } : {}),
});
process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
process.exitCode = result.valid ? 0 : 1;
