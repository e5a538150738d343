/**
 * `npm run schools:import -- FILE.csv` — upsert schools by BIN from a UTF-8 CSV with the header
 * `region,district,name_kk,name_ru,bin`, whole or not at all. Prints rows added / updated /
 * unchanged, exit 0; or, when any row is bad (the file's or one the database refuses), imports
 * nothing and prints every bad row with its line number and reason, exit 1. Exit 2 on a usage error.
 */
import { readFileSync } from "node:fs";
import { type ImportReport, importParsedSchools } from "#root/db/import-schools.ts";
import { parseSchoolsCsv } from "#root/flows/schools-csv.ts";
import { helpAndExit } from "./lib/help.ts";
import { withDatabase } from "./lib/with-database.ts";

helpAndExit(
  "npm run schools:import -- FILE.csv — upsert schools by BIN from a UTF-8 CSV (header: region,district,name_kk,name_ru,bin), " +
    "all rows or none.",
);

const file = process.argv[2];
if (!file || process.argv.length > 3) {
  console.error("Usage: npm run schools:import -- FILE.csv   (header: region,district,name_kk,name_ru,bin)");
  process.exit(2);
}
let bytes: Buffer;
try {
  bytes = readFileSync(file);
} catch (err) {
  console.error(`Cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  process.exit(2);
}
// An Excel workbook (XLSX is a ZIP, the old XLS an OLE file) is not a CSV in another encoding.
const excel = [Buffer.from("PK\x03\x04", "latin1"), Buffer.from([0xd0, 0xcf, 0x11, 0xe0])].some((magic) =>
  bytes.subarray(0, 4).equals(magic),
);
if (excel) {
  console.error(
    `${file} is an Excel workbook, not a CSV: in Excel choose "Save as" → "CSV UTF-8" and import that file. ` +
      `Это книга Excel, а не CSV: сохраните её как «CSV UTF-8». / Бұл CSV емес, Excel кітабы: оны «CSV UTF-8» ретінде сақтаңыз.`,
  );
  process.exit(2);
}
let csv: string;
try {
  // Excel's plain "CSV" in Russian Windows is Windows-1251: read as UTF-8 it would rename every
  // school to "�����". Nothing is imported from a file that is not UTF-8.
  csv = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
} catch {
  console.error(
    `${file} is not UTF-8 (Windows-1251?): save it as "CSV UTF-8" and import it again. ` +
      `Файл не в UTF-8: сохраните его как «CSV UTF-8». / Файл UTF-8 емес: оны «CSV UTF-8» ретінде сақтаңыз.`,
  );
  process.exit(2);
}

/** Nothing imported: every bad line, exit 1. */
function rejectedExit(rejected: ImportReport["rejected"]): 1 {
  const n = rejected.length;
  console.log(`rejected: ${n} — nothing imported: fix the line${n === 1 ? "" : "s"} below and import the whole file again`);
  for (const r of rejected) console.log(`  line ${r.line}: ${r.reason}`);
  return 1;
}

// Read before the database is opened: the running system's embedded database waits for a
// command's whole session, which is then spent on the writes, not on reading the file.
const parsed = parseSchoolsCsv(csv);
if (parsed.rejected.length > 0) process.exit(rejectedExit(parsed.rejected));

await withDatabase(async (db) => {
  const report = await importParsedSchools(db, parsed);
  if (report.rejected.length > 0) return rejectedExit(report.rejected);
  console.log(`added: ${report.added}, updated: ${report.updated}, unchanged: ${report.unchanged}, rejected: 0`);
  return 0;
});
