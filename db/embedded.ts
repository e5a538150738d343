/**
 * One embedded database, many local processes. PGlite's files may be opened by one process only:
 * a second one writing them loses data or aborts. So the process that opens them holds a lock
 * file in the data directory (its pid, created exclusively), and serves the database over the
 * PostgreSQL wire protocol on a Unix socket beside it. Every other process — an operator's
 * command while `npm start` runs — connects to that socket with the `postgres` driver, as to any
 * PostgreSQL (`psql -h DATA_DIR` works too).
 */
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import type { PGlite } from "@electric-sql/pglite";
import { lockHolder, tryTakeLock } from "#root/pid-lock.ts";

/** The socket's port number: postgres clients derive the socket file `.s.PGSQL.<port>` from it. */
export const SOCKET_PORT = 5432;

export const socketPath = (dataDir: string) => join(dataDir, `.s.PGSQL.${SOCKET_PORT}`);
const lockPath = (dataDir: string) => join(dataDir, "pglite.lock");
const urlPath = (dataDir: string) => join(dataDir, "system-url");

/** Who holds the files: the running system, or an operator's command that opened them itself. */
export type OwnerRole = "system" | "command";

/** `./data` as the operator wrote it when it is under the working directory, else the full path. */
export function shownDir(dataDir: string): string {
  const rel = relative(process.cwd(), dataDir);
  return rel === "" ? "." : rel.startsWith("..") || rel.startsWith("/") ? dataDir : `./${rel}`;
}

/** The live owner of the files, if any. */
export function readOwner(dataDir: string): { pid: number; role: OwnerRole } | undefined {
  const holder = lockHolder(lockPath(dataDir));
  return holder && { pid: holder.pid, role: holder.tag === "command" ? "command" : "system" };
}

/**
 * Take the files for this process, or return the live owner. A lock left by a dead process (a
 * crash, SIGKILL) is taken over.
 */
export function tryTakeFiles(dataDir: string, role: OwnerRole): { release(): void } | { owner: { pid: number; role: OwnerRole } } {
  const taken = tryTakeLock(lockPath(dataDir), role, {
    onRelease: () => {
      rmSync(socketPath(dataDir), { force: true });
      rmSync(urlPath(dataDir), { force: true });
    },
    onStale: () => rmSync(socketPath(dataDir), { force: true }),
  });
  if ("release" in taken) return taken;
  return { owner: { pid: taken.holder.pid, role: taken.holder.tag === "command" ? "command" : "system" } };
}

/** The running system's base URL (it writes it once it listens), for links printed by commands. */
export function readSystemUrl(dataDir: string): string | undefined {
  if (readOwner(dataDir)?.role !== "system") return undefined;
  try {
    return readFileSync(urlPath(dataDir), "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

export function writeSystemUrl(dataDir: string, url: string): void {
  writeFileSync(urlPath(dataDir), url + "\n");
}

/**
 * Serve `client` on the Unix socket in `dataDir`. PGlite runs one statement at a time, and one
 * session: a socket client's extended-protocol messages (Parse, Bind, Execute, Sync) and its
 * transactions span several messages, and the bots' queries must not run between them (they would
 * bind the client's unnamed statement or run inside its transaction). So a socket session, from
 * its first message until it disconnects, holds PGlite's transaction lock, which every query of
 * the bots takes: they wait (an operator's command lasts a moment), then go on. Sessions are one
 * at a time (the server turns a second connection away; a command then retries).
 */
export async function serveSocket(client: PGlite, dataDir: string): Promise<{ stop(): Promise<void> }> {
  const [{ PGLiteSocketServer }, { protocol }] = await Promise.all([import("@electric-sql/pglite-socket"), import("@electric-sql/pglite")]);
  // PGlite's own queue for whole transactions (query/exec/transaction take it; not in its types).
  const exclusive = (client as unknown as { _runExclusiveTransaction?: <T>(fn: () => Promise<T>) => Promise<T> })._runExclusiveTransaction;
  if (typeof exclusive !== "function")
    throw new Error(
      "This PGlite version has no _runExclusiveTransaction: the socket cannot keep its sessions apart from the bots' queries",
    );

  let session: { held: Promise<void>; end(): void } | undefined;
  let watch: NodeJS.Timeout | undefined;
  const rollbackIfOpen = async () => {
    if (client.isInTransaction()) await client.runExclusive(() => client.execProtocolRaw(protocol.serialize.query("ROLLBACK")));
  };
  const beginSession = () => {
    let end!: () => void;
    const ended = new Promise<void>((r) => (end = r));
    let held!: () => void;
    const heldP = new Promise<void>((r) => (held = r));
    void exclusive.call(client, async () => {
      held();
      await ended;
      // A client that disconnected inside a transaction must not leave it to the bots.
      await rollbackIfOpen().catch(() => {});
    });
    session = { held: heldP, end };
    // The server reports no disconnections: a session ends when it has no connection left.
    watch = setInterval(() => {
      if (server.getStats().activeConnections > 0) return;
      clearInterval(watch);
      session = undefined;
      end();
    }, 20);
  };
  const gated = {
    get waitReady() {
      return client.waitReady;
    },
    async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
      if (!session) beginSession();
      await session!.held;
      return client.runExclusive(fn);
    },
    execProtocolRawStream: client.execProtocolRawStream.bind(client),
    isInTransaction: () => client.isInTransaction(),
    // Only the ROLLBACK of a client that disconnected mid-transaction comes here, while its
    // session still holds the transaction lock: PGlite's exec would wait for that lock forever.
    exec: async () => {
      await rollbackIfOpen();
      return [];
    },
  } as unknown as PGlite;

  const path = socketPath(dataDir);
  rmSync(path, { force: true }); // a dead owner's socket file (the lock is ours)
  const server = new PGLiteSocketServer({ db: gated, path, maxConnections: 1, idleTimeout: 30_000 });
  await server.start();
  return {
    async stop() {
      await server.stop();
      clearInterval(watch);
      session?.end();
      rmSync(path, { force: true });
    },
  };
}
