/**
 * Opening the database: PostgreSQL through `postgres` when a URL is configured, otherwise PGlite
 * (embedded PostgreSQL in WebAssembly) stored under the data directory. Same schema, same
 * migrations, same queries: the rest of the system sees one `Db` type.
 */
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { readMigrationFiles } from "drizzle-orm/migrator";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { serveSocket, shownDir, SOCKET_PORT, socketPath, tryTakeFiles, type OwnerRole } from "./embedded.ts";
import { readTemplate } from "./pglite-template.ts";
import * as schema from "./schema.ts";
import { guardTransactions } from "./transaction-guard.ts";

export type Schema = typeof schema;
/** The database handle every query function takes (PostgreSQL or PGlite). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction: accepted wherever a `Db` is. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

/**
 * PGlite and its drizzle driver, loaded only where the embedded database is used: they take
 * about half a second to load, which every process on PostgreSQL (a restart of `npm start`, an
 * outbox sender taking over) would otherwise pay at start.
 */
async function pglite() {
  const [{ PGlite }, { drizzle }, { migrate }] = await Promise.all([
    import("@electric-sql/pglite"),
    import("drizzle-orm/pglite"),
    import("drizzle-orm/pglite/migrator"),
  ]);
  return { PGlite, drizzle, migrate };
}

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

/** The database is unreachable or refused us: the message is one line saying what to do. */
export class DatabaseUnavailableError extends Error {
  override name = "DatabaseUnavailableError";
}

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

/**
 * For each PostgreSQL `Database`: a client of one connection to migrate on (the advisory lock is
 * per session, so the lock and the migration must share the connection), and how to let it go.
 */
const migrationClients = new WeakMap<Database, () => { conn: postgres.Sql; done(): Promise<void> }>();

/** Any fixed number: the advisory lock all instances migrate under. */
const MIGRATION_LOCK_KEY = 7_140_125_001;

/**
 * Apply db/migrations (idempotent: drizzle records what it applied in `drizzle.__drizzle_migrations`).
 * On PostgreSQL several instances may start at once: each migrates on one connection holding an
 * advisory lock, so one applies the migrations while the others wait, then find nothing left to
 * do (drizzle's migrator alone would have them all create the same tables).
 */
export async function applyMigrations(database: Database): Promise<void> {
  const open = migrationClients.get(database);
  if (open) {
    const { conn, done } = open();
    try {
      await conn`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      try {
        await migratePostgres(drizzlePostgres(conn, { schema }), { migrationsFolder: MIGRATIONS_DIR });
      } finally {
        await conn`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      }
    } finally {
      await done();
    }
  } else {
    const { migrate } = await pglite();
    await migrate(database.db as Parameters<typeof migrate>[0], { migrationsFolder: MIGRATIONS_DIR });
  }
}

/** The migrations of this version (read once: they do not change while the process runs). */
let committedMigrations: ReturnType<typeof readMigrationFiles> | undefined;

/**
 * How many committed migrations the database lacks. Drizzle applies those newer than the last it
 * recorded, so this counts the same way.
 */
export async function pendingMigrations(database: Database): Promise<number> {
  const files = (committedMigrations ??= readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR }));
  const table = await database.db.execute(sql`select to_regclass('drizzle.__drizzle_migrations') is not null as exists`);
  if (!rowsOf<{ exists: boolean }>(table)[0]?.exists) return files.length;
  const last = rowsOf<{ at: string | null }>(
    await database.db.execute(sql`select max(created_at)::text as at from drizzle.__drizzle_migrations`),
  )[0]?.at;
  return files.filter((f) => last == null || f.folderMillis > Number(last)).length;
}

/** Rows of `db.execute`: an array on postgres-js, `{ rows }` on PGlite. */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows);

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

/**
 * {@link Database.tryLock} on PostgreSQL: a session advisory lock on `conn`, a client of one
 * connection of its own that is never recycled. If that connection ends, the client opens a new
 * session (another backend pid) without the lock: `held()` compares the pid.
 */
async function advisoryLock(conn: postgres.Sql, name: string): Promise<SessionLock | undefined> {
  const [row] = await conn<
    Array<{ ok: boolean; pid: number }>
  >`select pg_try_advisory_lock(hashtextextended(${name}, 0)) as ok, pg_backend_pid() as pid`;
  if (!row?.ok) return undefined;
  const pid = row.pid;
  let released = false;
  return {
    async held() {
      if (released) return false;
      try {
        const [now] = await conn<Array<{ pid: number }>>`select pg_backend_pid() as pid`;
        return now?.pid === pid;
      } catch {
        return false;
      }
    },
    async release() {
      if (released) return;
      released = true;
      await conn`select pg_advisory_unlock(hashtextextended(${name}, 0))`.catch(() => {});
    },
  };
}

/**
 * {@link Database.tryLock} within this process: one holder per name at a time, and, with `inner`,
 * only when `inner` grants it too. Alone it is the whole lock where one process owns the
 * database (PGlite).
 */
function memoryLocks(inner?: (name: string) => Promise<SessionLock | undefined>): (name: string) => Promise<SessionLock | undefined> {
  const taken = new Set<string>();
  return async (name) => {
    if (taken.has(name)) return undefined;
    taken.add(name);
    let lock: SessionLock | undefined;
    try {
      lock = inner ? await inner(name) : undefined;
    } finally {
      if (inner && !lock) taken.delete(name);
    }
    if (inner && !lock) return undefined;
    let held = true;
    return {
      held: async () => held && (lock ? lock.held() : true),
      async release() {
        if (!held) return;
        held = false;
        await lock?.release();
        taken.delete(name);
      },
    };
  };
}

/** DATA_DIR is a file, or a folder this account cannot write: one line for the operator. */
function unusableDataDir(dataDir: string, err: unknown): DatabaseUnavailableError {
  const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
  return new DatabaseUnavailableError(`DATA_DIR ${dataDir} cannot be used (${code}): it must be a folder this account can write`);
}

/** How long a process waits for the files or the socket while another process holds them. */
const EMBEDDED_WAIT_MS = 30_000;

/**
 * The embedded database in `dataDir`, opened so that only one process ever has its files (see
 * db/embedded.ts): this process takes them and serves them on a socket, or, when another process
 * has them, a command connects to that one's socket.
 */
async function openEmbedded(dataDir: string, role: OwnerRole): Promise<Database> {
  try {
    mkdirSync(dataDir, { recursive: true });
  } catch (err) {
    throw unusableDataDir(dataDir, err);
  }
  // Parents' IINs and documents are in these files (the WAL too): nobody else on the machine
  // reads them (the cluster's own files come from a template with wider modes). A command run by
  // another account than the directory's owner leaves its mode to the owner.
  try {
    chmodSync(dataDir, 0o700);
  } catch {}
  const deadline = Date.now() + EMBEDDED_WAIT_MS;
  for (let lastError: unknown; ; await new Promise((r) => setTimeout(r, 200))) {
    let taken: ReturnType<typeof tryTakeFiles>;
    try {
      taken = tryTakeFiles(dataDir, role);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      throw code && ["EACCES", "EPERM", "EROFS", "ENOSPC"].includes(code) ? unusableDataDir(dataDir, err) : err;
    }
    if ("release" in taken) {
      try {
        return await openPglite(dataDir, taken.release);
      } catch (err) {
        taken.release();
        throw err;
      }
    }
    const { owner } = taken;
    const busy = `another instance is running on ${shownDir(dataDir)} (pid ${owner.pid}); stop it or use another DATA_DIR`;
    // A command that opened the files itself is done in a moment: the system waits for it.
    if (role === "system" && owner.role === "system") throw new DatabaseUnavailableError(busy);
    if (role === "command") {
      const database = openSocketClient(dataDir, owner.pid);
      try {
        await database.ping();
        return database;
      } catch (err) {
        // Not serving yet (starting), or serving another command's session: try again.
        lastError = err;
        await database.close().catch(() => {});
      }
    }
    if (Date.now() > deadline) {
      const why = lastError ? ` (${(lastError as { code?: string }).code ?? (lastError as Error).message})` : "";
      throw new DatabaseUnavailableError(
        role === "system" ? busy : `Cannot reach the running system's database at ${socketPath(dataDir)}${why}: ${busy}`,
      );
    }
  }
}

/** A client of the database another process serves on the socket in `dataDir`. */
function openSocketClient(dataDir: string, pid: number): Database {
  const client = guardTransactions((onclose) =>
    postgres({
      host: dataDir,
      port: SOCKET_PORT,
      username: "postgres",
      database: "postgres",
      // PGlite has one session: the socket serves one connection at a time.
      max: 1,
      connect_timeout: 5,
      onnotice: () => {},
      onclose,
    }),
  );
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  const database: Database = {
    db,
    kind: "postgres",
    location: `${socketPath(dataDir)} (the database of pid ${pid})`,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    // One connection: an advisory lock would need a second one, which the socket turns away.
    tryLock: memoryLocks(),
    close: () => client.end({ timeout: 5 }),
  };
  // Its one connection is the socket's one session: migrate on it.
  migrationClients.set(database, () => ({ conn: client, done: async () => {} }));
  return database;
}

async function openPglite(dataDir: string, release: () => void): Promise<Database> {
  const dir = join(dataDir, "pglite");
  mkdirSync(dir, { recursive: true });
  // A new cluster starts from the prepared template when there is one (seconds faster).
  const template = existsSync(join(dir, "PG_VERSION")) ? undefined : readTemplate();
  const { PGlite, drizzle } = await pglite();
  const client: PGlite = await PGlite.create(dir, template ? { loadDataDir: template } : {});
  let socket: { stop(): Promise<void> };
  try {
    socket = await serveSocket(client, dataDir);
  } catch (err) {
    await client.close().catch(() => {});
    throw err;
  }
  const db = drizzle(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: dir,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    tryLock: memoryLocks(),
    listen: pgliteListen(client),
    close: async () => {
      try {
        await socket.stop();
        await client.close();
      } finally {
        release();
      }
    },
  };
}

/** {@link Database.listen} on a PGlite of this process: its notifications come in process. */
const pgliteListen =
  (client: PGlite): NonNullable<Database["listen"]> =>
  async (channel, fn) => {
    const stop = await client.listen(channel, () => fn());
    return () => stop();
  };

/** An in-memory PGlite with the migrations applied (tests). */
export async function openMemoryDatabase(): Promise<Database> {
  const template = readTemplate();
  const { PGlite, drizzle } = await pglite();
  const client = await PGlite.create(template ? { loadDataDir: template } : {});
  const db = drizzle(client, { schema }) as unknown as Db;
  const database: Database = {
    db,
    kind: "pglite",
    location: "memory://",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    tryLock: memoryLocks(),
    listen: pgliteListen(client),
    close: () => client.close(),
  };
  await applyMigrations(database);
  return database;
}
