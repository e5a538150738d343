import type { SQL } from "drizzle-orm";
import type { Db, Tx } from "./client.ts";

/**
 * Run raw SQL and return its rows on either driver (postgres-js returns an array, PGlite
 * `{ rows }`). Only for what the query builder cannot express (e.g. `nextval`).
 */
export async function queryRows<T>(db: Db | Tx, query: SQL): Promise<T[]> {
  const result = (await db.execute(query)) as unknown;
  return (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];
}
