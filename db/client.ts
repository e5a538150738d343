/**
 * Opening the database: PostgreSQL through `postgres` when a URL is configured, otherwise PGlite
 * (embedded PostgreSQL in WebAssembly) stored under the data directory. Same schema, same
 * migrations, same queries: the rest of the system sees one `Db` type.
 */
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import { migrate as migratePostgres } from "drizzle-orm/postgres-js/migrator";
import postgres from "postgres";
import { readTemplate } from "./pglite-template.ts";
import * as schema from "./schema.ts";

export type Schema = typeof schema;
/** The database handle every query function takes (PostgreSQL or PGlite). */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
/** A transaction: accepted wherever a `Db` is. */
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

export const MIGRATIONS_DIR = fileURLToPath(new URL("./migrations/", import.meta.url));

export interface Database {
  db: Db;
  kind: "postgres" | "pglite";
  /** Where the data is: a URL with the password hidden, or the PGlite directory. */
  location: string;
  /** `SELECT 1`, rejecting when the database cannot answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
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
 * Connect (PostgreSQL) or open (PGlite), apply the committed migrations, and return the handle.
 * Throws {@link DatabaseUnavailableError} with one clear line when PostgreSQL is down.
 */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  migrate?: boolean;
  /** PostgreSQL only: called with the text of every statement sent (the benchmarks count them). */
  onStatement?: (text: string) => void;
}): Promise<Database> {
  const database = opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.onStatement) : await openPglite(opts.dataDir);
  try {
    await database.ping();
  } catch (err) {
    await database.close().catch(() => {});
    const root = ((err as { cause?: unknown }).cause ?? err) as { code?: string; message?: string };
    const reason = root.code ?? root.message ?? String(root);
    throw new DatabaseUnavailableError(
      `Cannot reach PostgreSQL at ${database.location} (${reason}): start the server or fix DATABASE_URL.`,
    );
  }
  if (opts.migrate !== false) {
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

/** Apply db/migrations (idempotent: drizzle records what it applied in `drizzle.__drizzle_migrations`). */
export async function applyMigrations(database: Database): Promise<void> {
  if (database.kind === "postgres") {
    await migratePostgres(database.db as Parameters<typeof migratePostgres>[0], { migrationsFolder: MIGRATIONS_DIR });
  } else {
    await migratePglite(database.db as Parameters<typeof migratePglite>[0], { migrationsFolder: MIGRATIONS_DIR });
  }
}

function openPostgres(url: string, onStatement?: (text: string) => void): Database {
  const client = postgres(url, {
    max: 10,
    ...(onStatement ? { debug: (_connection: number, text: string) => onStatement(text) } : {}),
    connect_timeout: 5,
    onnotice: () => {},
    // Connection errors are reported by the caller; postgres' default would print them too.
    connection: { application_name: "school-services-desk" },
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "postgres",
    location: describeUrl(url),
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.end({ timeout: 5 }),
  };
}

async function openPglite(dataDir: string): Promise<Database> {
  const dir = join(dataDir, "pglite");
  mkdirSync(dir, { recursive: true });
  // A new cluster starts from the prepared template when there is one (seconds faster).
  const template = existsSync(join(dir, "PG_VERSION")) ? undefined : readTemplate();
  const client = await PGlite.create(dir, template ? { loadDataDir: template } : {});
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  return {
    db,
    kind: "pglite",
    location: dir,
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
}

/** An in-memory PGlite with the migrations applied (tests). */
export async function openMemoryDatabase(): Promise<Database> {
  const template = readTemplate();
  const client = await PGlite.create(template ? { loadDataDir: template } : {});
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const database: Database = {
    db,
    kind: "pglite",
    location: "memory://",
    ping: async () => {
      await db.execute(sql`select 1`);
    },
    close: () => client.close(),
  };
  await applyMigrations(database);
  return database;
}
