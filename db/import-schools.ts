import { TransactionRollbackError } from "drizzle-orm";
import { type ParsedSchool, type ParsedSchoolsCsv, parseSchoolsCsv } from "#root/flows/schools-csv.ts";
import type { Db } from "./client.ts";
import { type SchoolRow, type UpsertCounts, upsertSchools } from "./queries/schools.ts";

export interface ImportReport extends UpsertCounts {
  /** Every bad row; when there is one, nothing was imported (the counts are 0). */
  rejected: Array<{ line: number; reason: string }>;
}

/**
 * Import a schools CSV whole or not at all: every row valid, and all written in one transaction
 * (upserted by BIN; idempotent: a second run adds nothing), or nothing written and every bad row
 * reported — the parser's, and those the database refuses.
 */
export async function importSchools(db: Db, csv: string, opts: { isDemo?: boolean } = {}): Promise<ImportReport> {
  return importParsedSchools(db, parseSchoolsCsv(csv), opts);
}

/** {@link importSchools} of a file already parsed (a command parses it before opening the database). */
export async function importParsedSchools(
  db: Db,
  { rows, rejected }: ParsedSchoolsCsv,
  opts: { isDemo?: boolean } = {},
): Promise<ImportReport> {
  const none = { added: 0, updated: 0, unchanged: 0 };
  if (rejected.length > 0) return { ...none, rejected };
  const schools = rows.map((row) => ({ ...row, isDemo: opts.isDemo ?? false }));
  try {
    return { ...(await upsertSchools(db, schools)), rejected: [] };
  } catch (err) {
    if (!refusesARow(err)) throw err;
    const refused = await refusedRows(db, schools);
    // Refused as a whole, but no row alone (a moment's conflict with another writer): as it was.
    if (refused.length === 0) throw err;
    return { ...none, rejected: refused };
  }
}

/**
 * A refusal of the data, not a failure of the database: a data exception (class 22) or an
 * integrity constraint violation (class 23), by the SQLSTATE of the error or of what it wraps.
 */
function refusesARow(err: unknown): boolean {
  for (let e = err; e instanceof Object; e = (e as { cause?: unknown }).cause) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === "string" && /^2[23]/.test(code)) return true;
  }
  return false;
}

function reasonOf(err: unknown): string {
  let root = err;
  while (root instanceof Object && (root as { cause?: unknown }).cause instanceof Object) root = (root as { cause: unknown }).cause;
  return `the database refused it: ${(root as Error).message}`;
}

/**
 * The rows the database refuses, each with its line: written again in one transaction that is
 * then rolled back, halving every refused group under a savepoint until the refused rows are
 * alone (a few statements per refused row, not one per row of the file).
 */
async function refusedRows(db: Db, rows: Array<ParsedSchool & SchoolRow>): Promise<ImportReport["rejected"]> {
  const refused: ImportReport["rejected"] = [];
  const tryRows = async (tx: Db, group: typeof rows): Promise<void> => {
    try {
      await upsertSchools(tx, group);
    } catch (err) {
      if (!refusesARow(err)) throw err;
      if (group.length === 1) {
        refused.push({ line: group[0]!.line, reason: reasonOf(err) });
        return;
      }
      const half = Math.ceil(group.length / 2);
      await tryRows(tx, group.slice(0, half));
      await tryRows(tx, group.slice(half));
    }
  };
  try {
    await db.transaction(async (tx) => {
      await tryRows(tx, rows);
      tx.rollback();
    });
  } catch (err) {
    if (!(err instanceof TransactionRollbackError)) throw err;
  }
  return refused;
}
