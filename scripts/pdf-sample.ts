/**
 * Render a document from demo data:
 *   npm run pdf:sample -- --kind statement|certificate|receipt|order|refusal --lang kk|ru --out FILE
 * Usage errors print one line and exit with code 2.
 */
import { parseArgs } from "node:util";
import { DOCUMENT_KINDS, renderDemo, type DocumentKind } from "#root/flows/documents/index.ts";
import { isLang } from "#root/flows/i18n.ts";
import { writeOutput } from "./lib/write-output.ts";
import { helpAndExit } from "./lib/help.ts";

const USAGE = `usage: npm run pdf:sample -- --kind ${DOCUMENT_KINDS.join("|")} --lang kk|ru --out FILE`;

helpAndExit(USAGE);

function usageError(problem: string): never {
  console.error(`${problem}; ${USAGE}`);
  process.exit(2);
}

function parse(): { kind: DocumentKind; lang: "kk" | "ru"; out: string } {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: { kind: { type: "string" }, lang: { type: "string" }, out: { type: "string" } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    usageError((error as Error).message.split("\n")[0] ?? "bad arguments");
  }
  const { kind, lang, out } = values;
  if (typeof kind !== "string" || !(DOCUMENT_KINDS as readonly string[]).includes(kind))
    usageError(`--kind must be one of ${DOCUMENT_KINDS.join(", ")}`);
  if (!isLang(lang)) usageError("--lang must be kk or ru");
  if (typeof out !== "string" || out === "") usageError("--out FILE is required");
  return { kind: kind as DocumentKind, lang, out };
}

const { kind, lang, out } = parse();
const bytes = await renderDemo(kind, lang);
if (!writeOutput(out, bytes)) process.exit(2);
console.log(`${out}: ${kind} (${lang}), ${bytes.byteLength} bytes`);
