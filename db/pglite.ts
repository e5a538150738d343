/**
 * PGlite in this process: its modules, loaded only where the embedded database is used, and how a
 * PGlite's notifications reach {@link Database.listen}. Shared by the opening of the embedded
 * database (db/open-embedded.ts) and the migrations (db/migrations.ts).
 */
import type { PGlite } from "@electric-sql/pglite";
import type { Database } from "./client.ts";

/**
 * PGlite and its drizzle driver, loaded only where the embedded database is used: they take
 * about half a second to load, which every process on PostgreSQL (a restart of `npm start`, an
 * outbox sender taking over) would otherwise pay at start.
 */
export async function pglite() {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  return { PGlite, drizzle, migrate };
}

/** {@link Database.listen} on a PGlite of this process: its notifications come in process. */
export const pgliteListen =
  (client: PGlite): NonNullable<Database["listen"]> =>
  async (channel, fn) => {
    const stop = await client.listen(channel, () => fn());
    return () => stop();
  };
