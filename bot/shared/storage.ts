/**
 * Where sessions and conversation state live: Redis when REDIS_URL is set (state that may be
 * lost: a parent loses at most the form stage they were in), otherwise the database.
 */
import { RedisAdapter } from "@grammyjs/storage-redis";
import type { StorageAdapter } from "grammy";
import { Redis } from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Db } from "#root/db/client.ts";
import { forgetUpdate, markUpdateProcessed } from "#root/db/queries/updates.ts";
import { NOT_STASHED, stash, takeStashed } from "#root/db/read-cache.ts";
import { DatabaseStorage } from "#root/db/session-storage.ts";

export interface SessionStorage {
  kind: "redis" | "database";
  /** A storage adapter for one kind of state (`session`, `conversations`, …). */
  adapter<T>(prefix: string): StorageAdapter<T>;
  /**
   * Adapters for two kinds of state every update of a chat reads, one after the other (the
   * session, then the conversation state): reading the first also reads the second in the same
   * round trip, and the same update's read of the second gets that value.
   */
  pair<A, B>(first: string, second: string): [StorageAdapter<A>, StorageAdapter<B>];
  /**
   * Record that `bot` handles update `updateId` — `fresh` is false when it was already recorded
   * (a webhook redelivery, or another instance took it; kept for a day, Telegram never redelivers
   * later) — and, with `rateKey`, count a hit in the current `windowSec` window. One round trip.
   */
  admit(
    bot: string,
    updateId: number,
    rateKey: string | undefined,
    windowSec: number,
    heldKey?: string,
  ): Promise<{ fresh: boolean; hits: number; held: boolean }>;
  /**
   * Several instances behind webhooks: a chat whose update runs long on one instance is held
   * ({@link hold}) so that its next update, which Telegram sends once the slow one was answered
   * early and which may reach another instance, waits for it (`held` of {@link admit}, then
   * {@link isHeld}). The embedded default is one process, where `sequentialize` does this alone:
   * there these are no-ops.
   */
  hold(bot: string, heldKey: string, ttlSec: number): Promise<void>;
  isHeld(bot: string, heldKey: string): Promise<boolean>;
  release(bot: string, heldKey: string): Promise<void>;
  /** Forget a claim (the handler failed: a redelivery must be handled). Best effort. */
  releaseUpdate(bot: string, updateId: number): Promise<void>;
  /**
   * A rate limiter shared by every instance on this storage (Redis), or this process's own (the
   * embedded default is one process): a limit an instance count does not multiply.
   */
  rateLimiter(opts: { keyPrefix: string; points: number; duration: number }): RateLimiterAbstract;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Redis is unreachable: the message is one line saying what to do. */
export class RedisUnavailableError extends Error {
  override name = "RedisUnavailableError";
}

/** Prefix every key, so several kinds of state share one Redis database without clashing. */
function prefixed<T>(inner: StorageAdapter<T>, prefix: string): StorageAdapter<T> {
  return {
    read: (key) => inner.read(prefix + key),
    write: (key, value) => inner.write(prefix + key, value),
    delete: (key) => inner.delete(prefix + key),
  };
}

/**
 * grammY writes a session back after every update that read it, changed or not. This skips the
 * write (a round trip, and a row update on the database) when the value is what was read. Each
 * key is handled by one update at a time (`sequentialize`), so "what was read" is this update's.
 */
export function skipUnchanged<T>(inner: StorageAdapter<T>): StorageAdapter<T> {
  const seen = new Map<string, string>();
  return {
    async read(key) {
      const value = await inner.read(key);
      // An update that failed never writes: forget, now and then, what such updates read.
      if (seen.size > 10_000) seen.clear();
      seen.set(key, JSON.stringify(value ?? null));
      return value;
    },
    async write(key, value) {
      const before = seen.get(key);
      seen.delete(key);
      if (before !== undefined && before === JSON.stringify(value ?? null)) return;
      await inner.write(key, value);
    },
    async delete(key) {
      const before = seen.get(key);
      seen.delete(key);
      if (before === "null") return; // nothing was there
      await inner.delete(key);
    },
  };
}

/** How long a session or a conversation's state stays in Redis after its last change: 30 days. */
export const REDIS_STATE_TTL_SEC = 30 * 86_400;

export async function openRedisStorage(url: string): Promise<SessionStorage> {
  // Fail fast while Redis is down (no offline queue, one retry) — the bot answers "temporarily
  // unavailable" instead of hanging — and reconnect in the background by itself.
  let connectedOnce = false;
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 3000,
    // A command in flight when the connection drops must fail, not wait for a reconnect.
    commandTimeout: 2000,
    autoResendUnfulfilledCommands: false,
    // At start a refused connection is final (one clear line); later, retry forever.
    retryStrategy: (attempt) => (connectedOnce ? Math.min(attempt * 200, 2000) : null),
  });
  redis.once("ready", () => (connectedOnce = true));
  let lastError: { code?: string; message?: string } | undefined;
  // Reported through ping() and failing commands, not as noise; the last one explains a failed start.
  redis.on("error", (err) => (lastError = err));
  const where = new URL(url);
  try {
    await redis.connect();
    await redis.ping();
  } catch (err) {
    redis.disconnect();
    const cause = lastError ?? (err as { code?: string; message?: string });
    const code = cause.code ?? cause.message;
    throw new RedisUnavailableError(`Cannot reach Redis at ${where.protocol}//${where.host} (${code}): start the server or fix REDIS_URL.`);
  }
  // Sessions and conversation state hold IINs and names: they expire (counted from the last
  // change) instead of staying in Redis for ever. Nothing is lost with them — the draft in the
  // database is the record, and a form picks up again from it.
  const base = new RedisAdapter<unknown>({ instance: redis as never, ttl: REDIS_STATE_TTL_SEC });
  const parse = (raw: string | null | undefined) => (raw === null || raw === undefined ? undefined : JSON.parse(raw));
  return {
    kind: "redis",
    adapter: <T>(prefix: string) => skipUnchanged(prefixed(base as StorageAdapter<T>, prefix)),
    pair: <A, B>(first: string, second: string) => {
      const one = prefixed(base as StorageAdapter<A>, first);
      const two = prefixed(base as StorageAdapter<B>, second);
      const ahead = (key: string) => `redis:${second}${key}`;
      return [
        skipUnchanged<A>({
          ...one,
          async read(key) {
            const [a, b] = await redis.mget(first + key, second + key);
            stash(ahead(key), b);
            return parse(a);
          },
        }),
        skipUnchanged<B>({
          ...two,
          async read(key) {
            const raw = takeStashed(ahead(key));
            return raw === NOT_STASHED ? two.read(key) : parse(raw as string | null);
          },
        }),
      ];
    },
    releaseUpdate: async (bot, updateId) => {
      await redis.del(`update:${bot}:${updateId}`);
    },
    admit: async (bot, updateId, rateKey, windowSec, heldKey) => {
      const multi = redis.multi().set(`update:${bot}:${updateId}`, "1", "EX", 86_400, "NX");
      const k = `hits:${rateKey}:${Math.floor(Date.now() / 1000 / windowSec)}`;
      if (rateKey) multi.incr(k).expire(k, windowSec + 1);
      if (heldKey !== undefined) multi.exists(`held:${bot}:${heldKey}`);
      const results = (await multi.exec()) ?? [];
      const held = heldKey !== undefined && Number(results.at(-1)?.[1] ?? 0) > 0;
      return { fresh: results[0]?.[1] === "OK", hits: rateKey ? Number(results[1]?.[1] ?? 0) : 0, held };
    },
    hold: async (bot, heldKey, ttlSec) => {
      await redis.set(`held:${bot}:${heldKey}`, "1", "EX", ttlSec);
    },
    isHeld: async (bot, heldKey) => (await redis.exists(`held:${bot}:${heldKey}`)) > 0,
    release: async (bot, heldKey) => {
      await redis.del(`held:${bot}:${heldKey}`);
    },
    // Redis gone for a moment: counted in this process meanwhile rather than failing the request.
    rateLimiter: (opts) =>
      new RateLimiterRedis({
        storeClient: redis,
        ...opts,
        keyPrefix: `limit:${opts.keyPrefix}`,
        insuranceLimiter: new RateLimiterMemory(opts),
      }),
    ping: async () => {
      await redis.ping();
    },
    close: async () => {
      redis.disconnect();
    },
  };
}

export function openDatabaseStorage(db: Db): SessionStorage {
  // The embedded default is one process: rate-limit windows can live in its memory.
  const windows = new Map<string, number>();
  return {
    kind: "database",
    adapter: <T>(prefix: string) => skipUnchanged(new DatabaseStorage<T>(db, prefix)),
    pair: <A, B>(first: string, second: string) => [
      skipUnchanged(new DatabaseStorage<A>(db, first)),
      skipUnchanged(new DatabaseStorage<B>(db, second)),
    ],
    releaseUpdate: (bot, updateId) => forgetUpdate(db, bot, updateId),
    async admit(bot, updateId, rateKey, windowSec) {
      const fresh = await markUpdateProcessed(db, bot, updateId);
      if (!fresh || !rateKey) return { fresh, hits: 0, held: false };
      const window = Math.floor(Date.now() / 1000 / windowSec);
      const k = `${rateKey}:${window}`;
      const hits = (windows.get(k) ?? 0) + 1;
      windows.set(k, hits);
      if (windows.size > 50_000) for (const old of windows.keys()) if (!old.endsWith(`:${window}`)) windows.delete(old);
      return { fresh, hits, held: false };
    },
    hold: async () => {},
    isHeld: async () => false,
    release: async () => {},
    rateLimiter: (opts) => new RateLimiterMemory(opts),
    ping: async () => {},
    close: async () => {},
  };
}

/** Redis when a URL is given, else the database. */
export async function openSessionStorage(opts: { redisUrl?: string; db: Db }): Promise<SessionStorage> {
  return opts.redisUrl ? openRedisStorage(opts.redisUrl) : openDatabaseStorage(opts.db);
}
