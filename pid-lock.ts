/**
 * A lock file that names the process holding something only one process may hold (the embedded
 * database's files, the playground's journal). It is created exclusively, holds the pid and a
 * tag, and is removed when its holder releases it or exits. A lock left by a dead process (a
 * crash, SIGKILL) is taken over.
 */
import { closeSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";

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

/** The live holder of the lock at `path` other than this process, if any. */
export function lockHolder(path: string): LockHolder | undefined {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const [pidText, tag = ""] = text.trim().split(/\s+/);
  const pid = Number(pidText);
  if (!Number.isInteger(pid) || pid <= 0 || !alive(pid) || pid === process.pid) return undefined;
  return { pid, tag };
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
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(path, "wx"); // O_CREAT | O_EXCL: of two processes, exactly one creates it
      writeSync(fd, `${process.pid} ${tag}\n`);
      closeSync(fd);
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
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
    const holder = lockHolder(path);
    if (holder) return { holder };
    // Stale: its holder is dead. Another process may be taking it over at the same moment; the
    // exclusive create above decides which of us wins.
    rmSync(path, { force: true });
    hooks.onStale?.();
  }
  throw new Error(`Cannot take the lock ${path}`);
}
