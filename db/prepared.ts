/**
 * Queries run on every update, prepared once per database handle: drizzle builds a query's SQL
 * from its expression tree on every call (the largest part of the cost of a one-row query in
 * the throughput benchmark); a prepared query keeps the SQL and only binds the values.
 * PostgreSQL plans it once per connection (postgres-js names statements by their text).
 */
import type { Db } from "./client.ts";

interface Executable<P, R> {
  execute(placeholders: P): Promise<R>;
}

export function prepared<P extends Record<string, unknown>, R>(
  name: string,
  build: (db: Db, name: string) => Executable<P, R>,
): (db: Db, params: P) => Promise<R> {
  // A transaction is its own handle (short-lived): it gets its own, collected with it.
  const byDb = new WeakMap<Db, Executable<P, R>>();
  return (db, params) => {
    let query = byDb.get(db);
    if (!query) {
      query = build(db, name);
      byDb.set(db, query);
    }
    return query.execute(params);
  };
}
