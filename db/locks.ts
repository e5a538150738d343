/**
 * {@link Database.tryLock}'s two kinds of lock: a PostgreSQL session advisory lock, which the server
 * frees the moment its holder's connection ends (a crash included), and a lock in this process's
 * memory, which alone is the whole lock where one process owns the database (PGlite) and keeps two
 * holders in one process apart otherwise. Kept apart from the opening: what holding a lock means is
 * what the outbox sender, the retention job and the reminders rely on.
 */
import type postgres from "postgres";
import type { Database, SessionLock } from "./client.ts";

/**
 * {@link Database.tryLock} on PostgreSQL: a session advisory lock on `conn`, a client of one
 * connection of its own that is never recycled. If that connection ends, the client opens a new
 * session (another backend pid) without the lock: `held()` compares the pid.
 */
export async function advisoryLock(conn: postgres.Sql, name: string): Promise<SessionLock | undefined> {
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
export function memoryLocks(
  inner?: (name: string) => Promise<SessionLock | undefined>,
): (name: string) => Promise<SessionLock | undefined> {
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
