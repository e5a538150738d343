/**
 * Opening the embedded database: the data directory's PGlite, taken by this process (only one
 * process ever has its files, db/embedded.ts) or reached through the socket of the process that
 * has them; and an in-memory PGlite for tests. Apart from db/client.ts, which opens PostgreSQL and
 * chooses between the two: most deployments never open PGlite, and the rules about who may hold its
 * files are long enough to read alone.
 */
import { chmodSync, existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { sql } from "drizzle-orm";
import { drizzle as drizzlePostgres } from "drizzle-orm/postgres-js";
import postgres from "postgres";
import type { Database, Db } from "./client.ts";
import { DatabaseUnavailableError } from "./unavailable.ts";
import { serveSocket, shownDir, SOCKET_PORT, socketPath, tryTakeFiles, type OwnerRole } from "./embedded.ts";
import { memoryLocks } from "./locks.ts";
import { applyMigrations, migrationClients } from "./migrations.ts";
import { pglite, pgliteListen } from "./pglite.ts";
import { readTemplate } from "./pglite-template.ts";
import * as schema from "./schema.ts";
import { guardTransactions } from "./transaction-guard.ts";

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
export async function openEmbedded(dataDir: string, role: OwnerRole): Promise<Database> {
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
