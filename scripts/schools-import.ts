/**
 * `npm run schools:import -- FILE.csv` — upsert schools by BIN from a UTF-8 CSV with the header
 * `region,district,name_kk,name_ru,bin`. Prints rows added / updated / unchanged and every
 * rejected row with its line number and reason. Exit 0 when no row was rejected, 1 otherwise,
 * 2 on a usage error.
 */
import { readFileSync } from "node:fs";
import { importSchools } from "#root/db/import-schools.ts";
import { helpAndExit } from "./lib/help.ts";
import { withDatabase } from "./lib/with-database.ts";

helpAndExit("npm run schools:import -- FILE.csv — upsert schools by BIN from a UTF-8 CSV (header: region,district,name_kk,name_ru,bin).");

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

await withDatabase(async (db) => {
  const report = await importSchools(db, csv);
  console.log(`added: ${report.added}, updated: ${report.updated}, unchanged: ${report.unchanged}, rejected: ${report.rejected.length}`);
  for (const r of report.rejected) console.log(`  line ${r.line}: ${r.reason}`);
  return report.rejected.length > 0 ? 1 : 0;
});
