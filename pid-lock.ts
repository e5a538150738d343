/**
 * A lock file that names the process holding something only one process may hold (the embedded
 * database's files, the playground's journal). It holds the pid and a tag, and is removed when
 * its holder releases it or exits. It is written whole to a file of its own first, then linked
 * into place (which fails if the lock exists): no other process ever reads it half-written. A
 * lock left by a dead process (a crash, SIGKILL) is taken over under a second lock
 * (`<path>.takeover`, taken the same way): checked again, removed, and taken.
 *
 * Only a lock file read and found to name a dead process is ever removed by another process. A lock
 * that is missing when read was released or taken over a moment ago, and the next holder may link
 * its own at any instant: removing "what is there" then would remove a live holder's lock (two
 * processes were inside at once, rarely, under CI's load, until 2026-12-07). Nothing but the
 * takeover's holder removes a dead holder's file, so one read dead under the guard is still the
 * same file when it is removed. What stays open: a process killed inside the few microseconds it
 * holds the guard leaves it to be removed by a check-then-remove that two others could both pass.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from "node:fs";

export interface LockHolder {
  pid: number;
  /** What the holder wrote after its pid (e.g. its role). */
  tag: string;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** What the lock file at `path` says: missing, a live holder other than this process, or stale. */
function readLock(path: string): "missing" | "stale" | LockHolder {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return "missing";
  }
  const [pidText, tag = ""] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  // This process's own lock counts as stale: a second take in one process takes it again.
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || pid === process.pid) return "stale";
  return { pid, tag };
}

/** The live holder of the lock at `path` other than this process, if any. */
export function lockHolder(path: string): LockHolder | undefined {
  const read = readLock(path);
  return typeof read === "string" ? undefined : read;
}

/**
 * Take the lock at `path` for this process, or return its live holder. `onRelease` runs when it
 * is released (also at exit); `onStale` when a dead holder's lock is taken over.
 */
export function tryTakeLock(
  path: string,
  tag: string,
  hooks: { onRelease?: () => void; onStale?: () => void } = {},
): { release(): void } | { holder: LockHolder } {
  const draft = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.new`;
  writeFileSync(draft, `${process.pid} ${tag}\n`);
  const giveUpAt = Date.now() + 5000;
  try {
    while (Date.now() < giveUpAt) {
      try {
        linkSync(draft, path); // fails with EEXIST while the lock exists: of two processes, exactly one links it
        return held(path, hooks);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const seen = readLock(path);
      if (seen === "missing") continue; // released or taken over meanwhile: link again
      if (seen !== "stale") return { holder: seen };
      // Its holder is dead. Another process may have seen that too: the takeover is made under a
      // second lock, so that no process removes a lock another one has just put in place.
      const guard = `${path}.takeover`;
      try {
        linkSync(draft, guard);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        // Left by a process that died taking over. Only a guard read and found dead is removed: one
        // that vanished as it was read was released, and the next may already be another's.
        if (heldByDead(guard)) rmSync(guard, { force: true });
        pause(1);
        continue;
      }
      try {
        // Removed only if it still names a dead holder: missing, another may be linking its own now.
        if (readLock(path) !== "stale") continue;
        rmSync(path, { force: true });
        hooks.onStale?.();
      } finally {
        rmSync(guard, { force: true });
      }
    }
  } finally {
    rmSync(draft, { force: true });
  }
  throw new Error(`Cannot take the lock ${path}`);
}

/** Whether the file at `path` was read and names a process that is no longer running. */
function heldByDead(path: string): boolean {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return false;
  }
  const pid = Number(text.trim().split(/\s+/)[0]);
  return Number.isInteger(pid) && pid > 0 && pid !== process.pid && !alive(pid);
}

/** Wait `ms` without returning to the event loop (taking the lock is synchronous). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** The lock at `path`, just taken by this process. */
function held(path: string, hooks: { onRelease?: () => void }): { release(): void } {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    hooks.onRelease?.();
    let mine = false;
    try {
      mine = readFileSync(path, "utf8").startsWith(`${process.pid} `);
    } catch {
      // Already gone.
    }
    if (mine) rmSync(path, { force: true });
  };
  // A process that exits without releasing (process.exit) frees it too.
  process.once("exit", release);
  return { release };
}
