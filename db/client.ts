/**
 * Opening the database: PostgreSQL through `postgres` when a URL is configured, otherwise PGlite
 * (embedded PostgreSQL in WebAssembly) stored under the data directory (db/open-embedded.ts). Same
 * schema, same migrations (db/migrations.ts), same queries: the rest of the system sees one `Db` type.
 */
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { OwnerRole } from "./embedded.ts";
import { advisoryLock, memoryLocks } from "./locks.ts";
import { applyMigrations, migrationClients, pendingMigrations } from "./migrations.ts";
import { openEmbedded } from "./open-embedded.ts";
import * as schema from "./schema.ts";
import { guardTransactions } from "./transaction-guard.ts";
import { DatabaseUnavailableError } from "./unavailable.ts";

export type Schema = typeof schema;
/** The database handle every query function takes (PostgreSQL or PGlite). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction: accepted wherever a `Db` is. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Where the data is: a URL with the password hidden, or the PGlite directory. */
  location: string;
  /** `SELECT 1`, rejecting when the database cannot answer. */
  ping(): Promise<void>;
  /**
   * Take the lock `name` for this process unless another holds it (`undefined` then). On
   * PostgreSQL it is a session advisory lock on a connection of its own: the server frees it
   * the moment the holder's connection ends — a crash or SIGKILL included — so a waiting process
   * can take over at once. PGlite serves one process, so there it is a lock in memory.
   */
  tryLock(name: string): Promise<SessionLock | undefined>;
  /**
   * Call `fn` whenever a transaction that ran `NOTIFY channel` commits (here or in another
   * process on the same database); resolves to a function that stops it. On PostgreSQL it
   * listens on a connection of its own, which postgres.js opens again (and listens again) when
   * it is lost. Not on a PGlite reached through another process's socket (an operator command).
   */
  listen?(channel: string, fn: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

/** A lock from {@link Database.tryLock}. */
export interface SessionLock {
  /** Whether the lock is still ours (false once its connection was lost or it was released). */
  held(): Promise<boolean>;
  release(): Promise<void>;
}

export { DatabaseUnavailableError };

function describeUrl(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.username ? u.username + "@" : ""}${u.host}${u.pathname}`;
}

/**
 * Why the database did not answer, in one line: the server down or unreachable, or the server
 * answering with a refusal of its own (a database that does not exist, a wrong password), which
 * no restart of the server mends.
 */
function unreachable(location: string, databaseUrl: string | undefined, err: unknown): string {
  const root = ((err as { cause?: unknown }).cause ?? err) as { code?: string; message?: string };
  const reason = root.code ?? root.message ?? String(root);
  // PostgreSQL's own error codes are five characters (SQLSTATE); a network failure's are not.
  if (databaseUrl && root.code && /^[0-9A-Z]{5}$/.test(root.code)) {
    if (root.code === "3D000") {
      const name = decodeURIComponent(new URL(databaseUrl).pathname.slice(1));
      return `The database "${name}" does not exist at ${location}: create it (createdb ${name}) or fix DATABASE_URL.`;
    }
    return `PostgreSQL at ${location} refused the connection (${root.code}: ${root.message}): fix DATABASE_URL.`;
  }
  return `Cannot reach PostgreSQL at ${location} (${reason}): start the server or fix DATABASE_URL.`;
}

/**
 * Connect (PostgreSQL) or open (PGlite), apply the committed migrations, and return the handle.
 * Throws {@link DatabaseUnavailableError} with one clear line when PostgreSQL is down.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  /**
   * Apply the migrations (default), or not, or only check that they are applied (`"verify"`: a
   * deployment that migrates before starting; an outdated database is one clear line).
   */
  migrate?: boolean | "verify";
  /**
   * The embedded database only: who opens it. The system (default) refuses to start beside
   * another running system; a command goes through the running one's socket, or opens the files
   * itself when none runs.
   */
  as?: OwnerRole;
  /** PostgreSQL only: called with the text of every statement sent (the benchmarks count them). */
  onStatement?: (text: string) => void;
}): Promise<Database> {
  const database = opts.databaseUrl
    ? openPostgres(opts.databaseUrl, opts.onStatement)
    : await openEmbedded(opts.dataDir, opts.as ?? "system");
  try {
    await database.ping();
  } catch (err) {
    await database.close().catch(() => {});
    throw new DatabaseUnavailableError(unreachable(database.location, opts.databaseUrl, err));
  }
  if (opts.migrate === "verify") {
    let missing: number;
    try {
      missing = await pendingMigrations(database);
    } catch (err) {
      await database.close().catch(() => {});
      throw err;
    }
    if (missing > 0) {
      await database.close().catch(() => {});
      throw new DatabaseUnavailableError(
        `The database at ${database.location} lacks ${missing} migration${missing === 1 ? "" : "s"} ` +
          `of this version and MIGRATE_ON_START=false: run npm run db:migrate first.`,
      );
    }
  } else if (opts.migrate !== false) {
    try {
      await applyMigrations(database);
    } catch (err) {
      await database.close().catch(() => {});
      const root = ((err as { cause?: unknown }).cause ?? err) as { message?: string };
      throw new DatabaseUnavailableError(
        `Migrating the database at ${database.location} failed (${root.message ?? String(root)}): is it another application's database?`,
      );
    }
  }
  return database;
}

function openPostgres(url: string, onStatement?: (text: string) => void): Database {
  const client = guardTransactions((onclose) =>
    postgres(url, {
      max: 10,
      ...(onStatement ? { debug: (_connection: number, text: string) => onStatement(text) } : {}),
      connect_timeout: 5,
      onnotice: () => {},
      onclose,
      // Connection errors are reported by the caller; postgres' default would print them too.
      connection: { application_name: "school-services-desk" },
    }),
  );
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  /** The connection locks are held on (opened by the first `tryLock`). */
  let lockClient: postgres.Sql | undefined;
  const database: Database = {
    db,
    kind: "postgres",
    location: describeUrl(url),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    // Advisory locks are re-entrant within a session: the lock in memory keeps two holders in this
    // process apart, the advisory lock on the shared connection keeps processes apart.
    tryLock: memoryLocks((name) => {
      lockClient ??= postgres(url, {
        max: 1,
        max_lifetime: 0,
        connect_timeout: 5,
        onnotice: () => {},
        // A holder whose machine vanishes (no FIN) is found dead by the server within ~25 s
        // instead of the operating system's default of two hours, and its locks are freed.
        connection: {
          application_name: "school-services-desk locks",
          tcp_keepalives_idle: 10,
          tcp_keepalives_interval: 5,
          tcp_keepalives_count: 3,
        } as Record<string, string | number>,
      });
      return advisoryLock(lockClient, name);
    }),
    listen: async (channel, fn) => {
      const { unlisten } = await client.listen(channel, () => fn());
      return unlisten;
    },
    close: async () => {
      await lockClient?.end({ timeout: 5 });
      await client.end({ timeout: 5 });
    },
  };
  migrationClients.set(database, () => {
    const conn = postgres(url, {
      max: 1,
      connect_timeout: 5,
      onnotice: () => {},
      connection: { application_name: "school-services-desk migrations" },
    });
    return { conn, done: () => conn.end({ timeout: 5 }) };
  });
  return database;
}
