/**
 * Verify an EDS (CMS) signature from the command line, e.g. a statement a parent signed:
 *
 *   npm run eds:verify -- --cms statement.pdf.cms --data statement.pdf --iin 880412404170 --trust ./nca-certs
 *
 * Prints the result as JSON: the verification now (the certificate, the chain and, with
 * `--ocsp URL`, the revocation judged at this moment) and, for an old file, `atSigningTime`:
 * the same checks at the time the signature was made — a verified timestamp's, else the time
 * the signer claims (`source` says which; a claim proves nothing). Revocation is asked only
 * about now, and only with `--ocsp`.
 *
 * Exit code: 0 valid at the time `--at` names (`now`, the default, or `signing-time`),
 * 1 not valid at it (or it has no signing time), 2 usage error or unreadable input.
 * The CMS file may be DER or base64; `--data` may be left out for an attached CMS.
 * `--ncanode URL` sends GOST signatures to an NCANode server.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { checkIin } from "#root/flows/iin.ts";
import { loadTrustStore, verifyCms, type RevocationPolicy, type TrustStore } from "#root/flows/signatures/index.ts";
import { helpAndExit } from "./lib/help.ts";

const USAGE =
  "usage: npm run eds:verify -- --cms FILE [--data FILE] [--iin IIN] [--trust DIR_OR_FILE] " +
  "[--ocsp URL] [--at now|signing-time] [--ncanode URL]";

helpAndExit(USAGE);

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
      ocsp: { type: "string" },
      at: { type: "string", default: "now" },
    },
    strict: true,
  }).values;
} catch (e) {
  usageError((e as Error).message, true);
}
if (!args.cms) usageError("--cms is required", true);
// What was typed is not repeated: part of an IIN is personal data too, and consoles are logged.
if (args.iin !== undefined && !/^\d{12}$/.test(args.iin)) {
  const digits = /^\d*$/.test(args.iin) ? `${args.iin.length} digits` : `${args.iin.length} characters, not all digits`;
  usageError(`--iin must be 12 digits, got ${digits}`);
}
// An IIN no person can have (a wrong check digit, a birth date that does not exist) is a typo in the
// command, not a signer who differs: no verdict on the signature. The parent form's check (flows/iin.ts).
const iinCheck = args.iin === undefined ? undefined : checkIin(args.iin);
if (iinCheck?.ok === false && iinCheck.reason === "checksum")
  usageError("--iin is not an IIN: its last digit is not the check digit of the first 11 (a digit mistyped?)");
if (iinCheck?.ok === false)
  usageError("--iin is not an IIN: its first 7 digits are not a birth date (YYMMDD, then the century digit 1-6; a digit mistyped?)");
if (args.at !== "now" && args.at !== "signing-time") usageError(`--at must be now or signing-time, got "${args.at}"`);
if (args.ocsp !== undefined && !/^https?:\/\//.test(args.ocsp)) usageError(`--ocsp must be an http(s) URL, got "${args.ocsp}"`);

const cms = readInput(args.cms, "CMS");
const data = args.data === undefined ? undefined : readInput(args.data, "data");
let trust: TrustStore;
try {
  trust = loadTrustStore(args.trust);
} catch (e) {
  usageError((e as Error).message);
}

const input = {
  cms,
  trust,
  ...(data ? { data } : {}),
  ...(args.iin ? { expectedIin: args.iin } : {}),
  ...(args.ncanode ? { ncanode: { url: args.ncanode } } : {}),
};
const revocation: RevocationPolicy = args.ocsp
  ? { mode: "ocsp", ocsp: { url: args.ocsp } }
  : { mode: "off", why: "not asked: an offline check (pass --ocsp URL to ask a responder)" };
const result = await verifyCms({ ...input, revocation });

// The same file judged when it was signed, for an old statement whose key has since expired.
const when = result.timestampTime ?? result.signingTime;
const then = when === undefined ? undefined : await verifyCms({ ...input, now: new Date(when) });
const atSigningTime = then && {
  time: when,
  source: result.timestampTime ? "timestamp" : "claimed by the signer",
  valid: then.valid,
  failed: then.checks.filter((c) => !c.ok).map((c) => `${c.name}: ${c.reason ?? ""}`),
};
process.stdout.write(`${JSON.stringify({ ...result, ...(atSigningTime ? { atSigningTime } : {}) }, null, 2)}\n`);
process.exitCode = (args.at === "now" ? result.valid : then?.valid === true) ? 0 : 1;
