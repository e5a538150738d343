/**
 * The real stack a benchmark runs on: a scratch PostgreSQL database (created, migrated, seeded
 * with the demo schools, dropped afterwards) and Redis with a key prefix of its own (deleted
 * afterwards), and the real parent bot wired to the in-process fake Bot API.
 * bench/ may read DATABASE_URL / REDIS_URL (with local defaults); nothing else here reads the env.
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import type { Bot, StorageAdapter } from "grammy";
import { Redis } from "ioredis";
import postgres from "postgres";
import { sql } from "drizzle-orm";
import { createParentBot } from "#root/bot/parent/index.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { openDatabaseStorage, openRedisStorage, type SessionStorage } from "#root/bot/shared/storage.ts";
import { loadConfig, type Config } from "#root/config.ts";
import { openDatabase, type Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { createLogger } from "#root/log.ts";
import { DEMO_SCHOOLS_CSV } from "#root/system.ts";
import { createScratchPostgres } from "#root/test/helpers/databases.ts";
import { BOT_USER, FAKE_API_ROOT, FAKE_TOKEN, type FakeTelegram, installGlobalFetch } from "./fake-telegram.ts";

export const DATABASE_URL = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

export interface BenchStack {
  config: Config;
  database: Database;
  sessions: SessionStorage;
  /** The Redis key prefix of this run (every session / conversation key starts with it). */
  redisPrefix: string;
  /** A plain Redis client for measuring keys (STRLEN, MEMORY USAGE). */
  redis: Redis;
  deps: BotDeps;
  /**
   * CPU time (ms) used so far by the PostgreSQL backends serving this run's database, from
   * /proc (the server is on this machine); NaN where /proc cannot be read.
   */
  backendCpuMs(): Promise<number>;
  /** SQL statements this process has sent so far (BEGIN and COMMIT included). */
  statements(): number;
  /** While `on`, the text of every statement sent is kept (the breakdown of `bench/statements.ts`). */
  recordStatements(on: boolean): string[];
  /** Drop everything; returns the transactions the scratch database committed over its life. */
  close(): Promise<{ transactions: number }>;
}

/** Open PostgreSQL (scratch database) and the session storage ("redis", default, or "database"). */
export async function openStack(
  opts: {
    sessions?: "redis" | "database";
    /** Join a stack another process opened (its scratch database and key prefix): it alone drops them. */
    attach?: { databaseUrl: string; redisPrefix: string };
  } = {},
): Promise<BenchStack> {
  const scratch = opts.attach ? { url: opts.attach.databaseUrl, drop: async () => {} } : await createScratchPostgres(DATABASE_URL);
  const dataDir = mkdtempSync(join(tmpdir(), "desk-bench-"));
  const config = loadConfig({ DATABASE_URL: scratch.url, REDIS_URL, DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "silent" });
  let statements = 0;
  let recorded: string[] | undefined;
  const onStatement = (text: string) => {
    statements++;
    recorded?.push(text);
  };
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir, migrate: !opts.attach, onStatement });
  if (!opts.attach) await importSchools(database.db, readFileSync(DEMO_SCHOOLS_CSV, "utf8"), { isDemo: true });
  const redisPrefix = opts.attach?.redisPrefix ?? `bench-${randomBytes(4).toString("hex")}:`;
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect();
  let sessions: SessionStorage;
  if (opts.sessions === "database") sessions = openDatabaseStorage(database.db);
  else {
    const base = await openRedisStorage(REDIS_URL);
    sessions = underPrefix(base, redisPrefix);
  }
  const log = createLogger((process.env.BENCH_LOG as "silent") ?? "silent");
  const deps: BotDeps = { config, db: database.db, log, sessions, now: () => new Date() };
  return {
    config,
    database,
    sessions,
    redisPrefix,
    redis,
    deps,
    statements: () => statements,
    recordStatements(on) {
      const texts = recorded ?? [];
      recorded = on ? [] : undefined;
      return texts;
    },
    async backendCpuMs() {
      const rows = (await database.db.execute(
        sql`select pid from pg_stat_activity where datname = current_database()`,
      )) as unknown as Array<{ pid: number }>;
      const tick = 1000 / 100; // USER_HZ is 100 on Linux
      let total = 0;
      for (const { pid } of rows) {
        try {
          const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1]!.split(" ");
          total += (Number(fields[11]) + Number(fields[12])) * tick; // utime, stime
        } catch {
          return NaN;
        }
      }
      return total;
    },
    async close() {
      if (opts.attach) {
        redis.disconnect();
        await sessions.close();
        await database.close();
        rmSync(dataDir, { recursive: true, force: true });
        return { transactions: NaN };
      }
      await deleteKeys(redis, `*${redisPrefix}*`);
      redis.disconnect();
      await sessions.close();
      await database.close();
      // Backends report their statistics when they exit: read them once the pool is closed.
      const counter = postgres(scratch.url, { max: 1, onnotice: () => {} });
      await new Promise((r) => setTimeout(r, 200));
      const [row] = await counter`select xact_commit::float8 as n from pg_stat_database where datname = current_database()`;
      await counter.end();
      await scratch.drop();
      rmSync(dataDir, { recursive: true, force: true });
      return { transactions: Number(row?.n ?? 0) };
    },
  };
}

/**
 * The storage with every key it writes under `prefix`: the bot's own prefixes ("parent:session:",
 * "parent:conv:") and the keys of any other keyed method the storage offers (update claims,
 * rate-limit hits: their first argument is a key part), so runs never meet each other's keys
 * nor anyone else's.
 */
function underPrefix(base: SessionStorage, prefix: string): SessionStorage {
  const wrapped: Record<string, unknown> = {
    ...base,
    adapter: <T>(p: string): StorageAdapter<T> => base.adapter<T>(prefix + p),
    pair: <A, B>(a: string, b: string) => base.pair<A, B>(prefix + a, prefix + b),
  };
  const methods = base as unknown as Record<string, unknown>;
  const releaseUpdate = methods.releaseUpdate as SessionStorage["releaseUpdate"];
  const admit = methods.admit as SessionStorage["admit"];
  wrapped.releaseUpdate = (bot: string, updateId: number) => releaseUpdate.call(base, prefix + bot, updateId);
  wrapped.admit = (bot: string, updateId: number, rateKey: string | undefined, windowSec: number) =>
    admit.call(base, prefix + bot, updateId, rateKey === undefined ? undefined : prefix + rateKey, windowSec);
  return wrapped as unknown as SessionStorage;
}

/** Delete every key matching `pattern` (SCAN, never KEYS). */
export async function deleteKeys(redis: Redis, pattern: string): Promise<number> {
  let cursor = "0";
  let deleted = 0;
  do {
    const [next, keys] = await redis.scan(cursor, "MATCH", pattern, "COUNT", 1000);
    cursor = next;
    if (keys.length) deleted += await redis.del(...keys);
  } while (cursor !== "0");
  return deleted;
}

/**
 * The real parent bot, with every Bot API call answered by `fake`: a transformer on `bot.api`
 * (reaches handler contexts), the client's `fetch` (reaches the Api that conversations build
 * from the same client options) and the global fetch for file downloads.
 */
export async function fakeParentBot(stack: BenchStack, fake: FakeTelegram): Promise<{ bot: Bot<ParentContext>; restore(): void }> {
  const bot = createParentBot(stack.deps, { token: FAKE_TOKEN, apiRoot: FAKE_API_ROOT });
  // grammY keeps the client options object and hands it to every Api it builds (per update, and
  // in conversations): setting `fetch` on it reaches them all.
  const clientConfig = (bot as unknown as { clientConfig: { fetch?: unknown } }).clientConfig;
  clientConfig.fetch = fake.fetch;
  bot.api.config.use(fake.transformer);
  const restore = installGlobalFetch(fake);
  bot.botInfo = BOT_USER;
  await bot.init();
  return { bot, restore };
}
