import { parseSchoolsCsv } from "#root/flows/schools-csv.ts";
import type { Db } from "./client.ts";
import { upsertSchool } from "./queries/schools.ts";

export interface ImportReport {
  added: number;
  updated: number;
  unchanged: number;
  rejected: Array<{ line: number; reason: string }>;
}

/** Upsert every valid row of a schools CSV by BIN; idempotent (a second run adds nothing). */
export async function importSchools(db: Db, csv: string, opts: { isDemo?: boolean } = {}): Promise<ImportReport> {
  const { rows, rejected } = parseSchoolsCsv(csv);
  const report: ImportReport = { added: 0, updated: 0, unchanged: 0, rejected };
  for (const row of rows) {
    const outcome = await upsertSchool(db, { ...row, isDemo: opts.isDemo ?? false });
    report[outcome]++;
  }
  return report;
}
