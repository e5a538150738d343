/**
 * The one error opening a database throws for what an operator must fix (PostgreSQL down, a
 * data directory that cannot be used, the files held by another process): its own file, so that
 * both ways of opening (db/client.ts, db/open-embedded.ts) throw it without importing each other.
 */

/** The database is unreachable or refused us: the message is one line saying what to do. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}
