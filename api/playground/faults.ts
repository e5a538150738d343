/**
 * Fault injection for tests and benchmarks: Telegram's global send rate limit
 * (429 with retry_after from the sliding window), its limit per group (off by
 * default), 5xx answers and added latency on chosen methods (next N calls, or
 * with a seeded probability), and users who blocked a bot (403 on sends to
 * their chat).
 */
import { ApiError, tooManyRequests } from "./errors.ts";

/** Makes some calls of some methods fail or wait. */
export interface FaultRule {
  /** Method names (case-insensitive) or "*" for all; "file" is a download from the file server (`/file/bot<token>/…`). */
  methods: string[] | "*";
  /**
   * "error" answers with `status` (400: Telegram refusing the call for good, "Bad Request: chat
   * not found", which no retry helps); "latency" delays the call by `ms`.
   */
  kind: "error" | "latency";
  status?: 400 | 500 | 502;
  ms?: number;
  /** Apply to the next N matching calls only. */
  times?: number;
  /** Apply with this probability (0..1) using the seeded generator. */
  probability?: number;
}

/** The runtime-configurable fault settings (also the JSON of `/playground/api/faults`). */
export interface FaultConfig {
  /** Global limit on sending methods over all chats, e.g. `{ perSecond: 30 }`; null for none. */
  rateLimit: { perSecond: number; methods?: string[] } | null;
  /**
   * Telegram's limit per group: at most `count` messages a bot posts into one group in any
   * `windowMs` (real Telegram: about 20 a minute), past it 429 with retry_after; null for none.
   * Counted: the calls that post a new message (send*, copyMessage, forwardMessage) into a
   * group (a negative chat id), and those of a forum topic that post its service message
   * (create, edit, close, reopen: "topic created"…), per bot and group.
   */
  groupLimit: { count: number; windowMs: number } | null;
  rules: FaultRule[];
  /** Users who blocked a bot: sends from that bot to their chat get 403. */
  blocked: { userId: number; botId: number }[];
  seed: number;
}

const SENDING = [
  "sendmessage",
  "sendphoto",
  "senddocument",
  "copymessage",
  "forwardmessage",
  "editmessagetext",
  "editmessagereplymarkup",
  "editmessagecaption",
];
const WINDOW_MS = 1000;
/**
 * The methods that post a new message (the group limit counts them): sendChatAction posts none; a
 * forum topic's create, edit, close and reopen each post a service message into the group.
 */
const POSTING = /^(send(?!chataction)|copymessages?$|forwardmessages?$|(create|edit|close|reopen)forumtopic$)/;

/** Whose call it is and where it goes: the bot and the call's `chat_id`. */
export interface CallTarget {
  bot: number;
  chat?: unknown;
}

/** Holds the fault configuration and applies it to each Bot API call. */
export class Faults {
  private config: FaultConfig = { rateLimit: null, groupLimit: null, rules: [], blocked: [], seed: 1 };
  private sent: number[] = [];
  /** Per bot and group ("bot:chat"): when its counted posts were made, oldest first. */
  private posted = new Map<string, number[]>();
  private random = mulberry32(1);

  constructor(private readonly clock: () => number = Date.now) {}

  /** The current configuration (a copy). */
  get(): FaultConfig {
    return structuredClone(this.config);
  }

  /** Replaces the fields given; `reset()` first for a clean slate. */
  set(patch: Partial<FaultConfig>): FaultConfig {
    this.config = { ...this.config, ...structuredClone(patch) };
    if (patch.seed !== undefined) this.random = mulberry32(patch.seed);
    return this.get();
  }

  /** Removes every fault. */
  reset(): void {
    this.config = { rateLimit: null, groupLimit: null, rules: [], blocked: [], seed: 1 };
    this.sent = [];
    this.posted.clear();
    this.random = mulberry32(1);
  }

  /** Sets Telegram's global send limit (messages per second over all chats); null switches it off. */
  rateLimit(perSecond: number | null): void {
    this.config.rateLimit = perSecond === null ? null : { perSecond };
    this.sent = [];
  }

  /** Sets Telegram's limit per group (`count` posts of a bot into one group in any `windowMs`); null switches it off. */
  groupRateLimit(limit: { count: number; windowMs: number } | null): void {
    this.config.groupLimit = limit === null ? null : { ...limit };
    this.posted.clear();
  }

  /** Adds a rule, e.g. `{ methods: ["sendMessage"], kind: "error", status: 502, times: 2 }`. */
  addRule(rule: FaultRule): void {
    this.config.rules.push(structuredClone(rule));
  }

  /** Marks `userId` as having blocked (or unblocked) the bot. */
  setBlocked(userId: number, botId: number, blocked: boolean): void {
    this.config.blocked = this.config.blocked.filter((b) => !(b.userId === userId && b.botId === botId));
    if (blocked) this.config.blocked.push({ userId, botId });
  }

  /** True when `userId` blocked the bot. */
  isBlocked(userId: number, botId: number): boolean {
    return this.config.blocked.some((b) => b.userId === userId && b.botId === botId);
  }

  /** Applies latency and error rules, then the rate limits (`target`: for the one per group). Throws the ApiError to answer. */
  async beforeCall(method: string, target?: CallTarget): Promise<void> {
    const name = method.toLowerCase();
    for (const rule of this.config.rules) {
      const matches = rule.methods === "*" || rule.methods.some((m) => m.toLowerCase() === name);
      if (!matches || rule.times === 0) continue;
      if (rule.probability !== undefined && this.random() >= rule.probability) continue;
      if (rule.times !== undefined) rule.times--;
      if (rule.kind === "latency") await new Promise((r) => setTimeout(r, rule.ms ?? 0));
      else if (rule.status === 502) throw new ApiError(502, "Bad Gateway");
      else if (rule.status === 400) throw new ApiError(400, "Bad Request: chat not found");
      else throw new ApiError(500, "Internal Server Error");
    }
    this.config.rules = this.config.rules.filter((r) => r.times !== 0);
    this.groupCheck(name, target);
    const limit = this.config.rateLimit;
    if (!limit) return;
    const counted = (limit.methods ?? SENDING).map((m) => m.toLowerCase());
    if (!counted.includes(name)) return;
    const now = this.clock();
    while (this.sent.length > 0 && this.sent[0]! <= now - WINDOW_MS) this.sent.shift();
    if (this.sent.length >= limit.perSecond) {
      const freeAt = this.sent[this.sent.length - limit.perSecond]! + WINDOW_MS;
      throw tooManyRequests(Math.max(1, Math.ceil((freeAt - now) / 1000)));
    }
    this.sent.push(now);
  }

  /** The limit per group: a post over it throws 429 (and is not counted, as Telegram does not post it). */
  private groupCheck(name: string, target: CallTarget | undefined): void {
    const limit = this.config.groupLimit;
    if (!limit || !target || !POSTING.test(name) || !(Number(target.chat) < 0)) return;
    const key = `${target.bot}:${Number(target.chat)}`;
    const now = this.clock();
    const posts = (this.posted.get(key) ?? []).filter((at) => at > now - limit.windowMs);
    this.posted.set(key, posts);
    if (posts.length >= limit.count) {
      const freeAt = posts[posts.length - limit.count]! + limit.windowMs;
      throw tooManyRequests(Math.max(1, Math.ceil((freeAt - now) / 1000)));
    }
    posts.push(now);
  }
}

/** A small seeded PRNG so probabilistic faults (and the benchmarks' arrivals) are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
