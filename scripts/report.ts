/**
 * `npm run report -- --school <BIN> --from <date> --to <date> [--lang kk|ru] [--out FILE]` — the
 * school's report as the provider bot's /report makes it: an XLSX file with the applications of
 * the period, the timeliness figures and the monthly lists of result holders. Dates as
 * YYYY-MM-DD or DD.MM.YYYY. Writes ./report-<BIN>-<from>-<to>.xlsx unless --out says otherwise.
 * Exit 0 on success, 1 for an unknown school, 2 on a usage error or a file it cannot write (one line).
 */
import { chmodSync } from "node:fs";
import { parseArgs } from "node:util";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { buildSchoolReport, parsePeriod, type ReportPeriod } from "#root/flows/reports/report.ts";
import { reportWorkbook } from "#root/flows/reports/xlsx.ts";
import { withDatabase } from "./lib/with-database.ts";
import { writeOutput } from "./lib/write-output.ts";
import { helpAndExit } from "./lib/help.ts";

const USAGE = "Usage: npm run report -- --school <BIN, 12 digits> --from <YYYY-MM-DD> --to <YYYY-MM-DD> [--lang kk|ru] [--out FILE.xlsx]";

helpAndExit(USAGE);

const asTyped = (d: string) => (/^\d{4}-\d{2}-\d{2}$/.test(d) ? d.split("-").reverse().join(".") : d);

let bin: string, period: ReportPeriod, lang: "kk" | "ru", out: string | undefined;
try {
  const { values } = parseArgs({
    options: {
      school: { type: "string" },
      from: { type: "string" },
      to: { type: "string" },
      lang: { type: "string" },
      out: { type: "string" },
    },
    strict: true,
  });
  const parsed = values.from && values.to ? parsePeriod(`${asTyped(values.from)} ${asTyped(values.to)}`) : undefined;
  if (
    !values.school ||
    !/^\d{12}$/.test(values.school) ||
    !parsed ||
    (values.lang !== undefined && values.lang !== "kk" && values.lang !== "ru")
  )
    throw new Error(USAGE);
  bin = values.school;
  period = parsed;
  lang = (values.lang as "kk" | "ru" | undefined) ?? "kk";
  out = values.out;
} catch {
  console.error(USAGE);
  console.error("The period: start not after end, at most a year.");
  process.exit(2);
}

await withDatabase(async (db) => {
  const school = await getSchoolByBin(db, bin);
  if (!school) {
    console.error(`No school with BIN ${bin}.`);
    return 1;
  }
  const report = await buildSchoolReport(db, { schoolId: school.id, period, now: new Date() });
  const file = out ?? `report-${bin}-${period.from}-${period.to}.xlsx`;
  // Children's names and IINs: readable by this account only (an older file too).
  if (!writeOutput(file, await reportWorkbook(report, lang, lang === "ru" ? school.nameRu : school.nameKk), { mode: 0o600 })) return 2;
  chmodSync(file, 0o600);
  const tl = report.timeliness;
  console.log(
    `${file}: received ${tl.received} (registered ${tl.registered}, refused ${tl.refused}, ` +
      `issued ${tl.issued}, overdue ${tl.overdue}); ${report.months.length} monthly lists.`,
  );
  return 0;
});
