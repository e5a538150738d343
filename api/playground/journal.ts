/**
 * The playground's memory across restarts: every change to users, chats, messages, topics and
 * files is appended as one JSON line to `<dir>/journal.jsonl` before the change is visible, and
 * file bytes go to `<dir>/files/`. At start the lines are read back (the last record of a thing
 * wins) and rewritten as a compact journal (a temporary file renamed over the old one), so a
 * crash at any moment leaves either the old journal or the new one, and at worst a last line
 * cut short, which is skipped.
 */
import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { tryTakeLock } from "#root/pid-lock.ts";
import type { FileKind, StoredFile } from "./file-store.ts";
import type { EmulatedChat, EmulatedUser, ForumTopicState, StoredMessage } from "./state.ts";

/** A chat without its messages (they are records of their own), its maps and sets as arrays. */
export type ChatRecord = Omit<EmulatedChat, "messages" | "nextMessageId" | "topics" | "admins" | "members"> & {
  topics: ForumTopicState[];
  admins: number[];
  members: number[];
};

/** A file's metadata; its bytes are in `files/<uniqueId>`. */
export interface FileRecord {
  fileId: string;
  uniqueId: string;
  path: string;
  kind: FileKind;
  fileName?: string;
  mimeType?: string;
  width?: number;
  height?: number;
  knownBy: number[];
}

/** Counters that must never go back: the next generated user id and file number. */
export interface IdsRecord {
  nextUserId: number;
  fileCounter: number;
  /** The next update id of each bot, by bot id. */
  updates?: Record<string, number>;
}

export type JournalRecord =
  | { user: EmulatedUser }
  | { chat: ChatRecord }
  | { msg: StoredMessage & { chatKey: string } }
  | { file: FileRecord }
  | { ids: IdsRecord };

/** An open journal: `put` appends a record at once (synchronously, so it precedes any reply). */
export class Journal {
  private fd: number | undefined;
  /** Records appended since the journal was last written compact, and how many that held. */
  private appended = 0;
  private compacted = 0;
  /** Asked for a compaction when the appended records outnumber the compact ones (a long-running playground). */
  onGrown: (() => void) | undefined;

  private constructor(
    readonly dir: string,
    private readonly lock: { release(): void },
  ) {}

  /** At least this many appended records before a compaction is asked for. */
  compactAfter = 10_000;

  /**
   * Reads what `dir` holds (nothing on the first start). One process at a time: a playground is
   * one emulated Telegram, and two processes appending to its journal would each show the other's
   * users messages they never had (a second instance on the same DATA_DIR is refused).
   */
  static open(dir: string, opts: { compactAfter?: number } = {}): { journal: Journal; records: JournalRecord[] } {
    mkdirSync(join(dir, "files"), { recursive: true, mode: 0o700 });
    const lock = tryTakeLock(join(dir, "journal.lock"), "playground");
    if ("holder" in lock) throw new PlaygroundInUseError(dir, lock.holder.pid);
    let text = "";
    try {
      text = readFileSync(join(dir, "journal.jsonl"), "utf8");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
    }
    const records: JournalRecord[] = [];
    for (const line of text.split("\n")) {
      if (!line) continue;
      try {
        records.push(JSON.parse(line) as JournalRecord);
      } catch {
        // A line cut short by a crash mid-write: the change it began was never shown to anyone.
      }
    }
    const journal = new Journal(dir, lock);
    if (opts.compactAfter !== undefined) journal.compactAfter = opts.compactAfter;
    return { journal, records };
  }

  /** Replaces the journal with `records` (the state as loaded) and opens it for appending. */
  compact(records: Iterable<JournalRecord>): void {
    const path = join(this.dir, "journal.jsonl");
    const tmp = `${path}.tmp`;
    const fd = openSync(tmp, "w", 0o600);
    let count = 0;
    try {
      for (const r of records) {
        writeSync(fd, JSON.stringify(r) + "\n");
        count++;
      }
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = openSync(path, "a", 0o600);
    this.compacted = count;
    this.appended = 0;
  }

  put(record: JournalRecord): void {
    if (this.fd === undefined) return;
    writeSync(this.fd, JSON.stringify(record) + "\n");
    // Edits, counters and chat changes supersede earlier lines: rewrite once most lines are stale.
    if (++this.appended > Math.max(this.compactAfter, this.compacted)) this.onGrown?.();
  }

  /** Stores a file's bytes (before its record is put). */
  writeBytes(uniqueId: string, bytes: Uint8Array): void {
    writeFileSync(join(this.dir, "files", uniqueId), bytes, { mode: 0o600 });
  }

  readBytes(uniqueId: string): Uint8Array {
    return new Uint8Array(readFileSync(join(this.dir, "files", uniqueId)));
  }

  close(): void {
    if (this.fd !== undefined) {
      fsyncSync(this.fd);
      closeSync(this.fd);
      this.fd = undefined;
    }
    this.lock.release();
  }
}

/** Another live process has this playground: the operator's to fix (one line at start). */
export class PlaygroundInUseError extends Error {
  override name = "PlaygroundInUseError";
  constructor(dir: string, pid: number) {
    super(
      `The Telegram playground in ${dir} is in use by another instance (pid ${pid}): ` +
        `give each instance its own DATA_DIR, or set the bot tokens to use Telegram.`,
    );
  }
}

/** A chat as journaled: everything but its messages. */
export function chatRecord(c: EmulatedChat): ChatRecord {
  return {
    key: c.key,
    kind: c.kind,
    id: c.id,
    chat: c.chat,
    topics: [...c.topics.values()],
    admins: [...c.admins],
    members: [...c.members],
    ...(c.botId !== undefined ? { botId: c.botId } : {}),
    ...(c.userId !== undefined ? { userId: c.userId } : {}),
    ...(c.title !== undefined ? { title: c.title } : {}),
    ...(c.replyKeyboard ? { replyKeyboard: c.replyKeyboard } : {}),
  };
}

/** A file as journaled: everything but its bytes. */
export function fileRecord(f: StoredFile): FileRecord {
  const { bytes: _bytes, knownBy, ...rest } = f;
  return { ...rest, knownBy: [...knownBy] };
}
