/**
 * `npm run docs:forms` — write docs/FORMS.md: what each service's form asks, in Russian and in
 * Kazakh, generated from the question list (`flows/form/describe.ts`). Run it after changing a
 * service's questions or their texts; a test fails while the file is stale. An argument (it takes
 * none) is a usage error, exit 2, and nothing is written.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { formsDocument } from "#root/flows/form/describe.ts";
import { helpAndExit, noArgumentsOrExit } from "./lib/help.ts";

helpAndExit("npm run docs:forms — write docs/FORMS.md from the question list (what each service's form asks).");
noArgumentsOrExit("Usage: npm run docs:forms   (it takes no arguments)");

const path = fileURLToPath(new URL("../docs/FORMS.md", import.meta.url));
writeFileSync(path, formsDocument());
console.log(`Wrote ${path}`);
