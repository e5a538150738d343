/**
 * Rows of raw SQL (`db.execute`) on either driver, for what the query builder cannot express:
 * the two drivers shape a result differently, and a raw row is not mapped the way the builder maps
 * its own.
 */
import { getTableColumns, type SQL, type Table } from "drizzle-orm";
import type { Db, Tx } from "./client.ts";

/**
 * Run raw SQL and return its rows on either driver (postgres-js returns an array, PGlite
 * `{ rows }`). Only for what the query builder cannot express (e.g. `nextval`).
 */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  return rowsOf<T>(await db.execute(query));
}

/**
 * A raw row (column names as in the database, values as the driver gave them) as the query
 * builder would have returned it: keys by property name, values through each column's mapping.
 */
export function mapRow<T extends Table>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(getTableColumns(table))) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? (value ?? null) : column.mapFromDriverValue(value);
  }
  return out as T["$inferSelect"];
}

/** Rows of `db.execute`: an array on postgres-js, `{ rows }` on PGlite. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);
