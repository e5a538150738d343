/**
 * One contract for every session/conversation storage the bots may run on: Redis
 * (@grammyjs/storage-redis over ioredis) and the database adapter (PGlite and PostgreSQL).
 */
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDatabaseStorage, openRedisStorage, RedisUnavailableError, type SessionStorage } from "#root/bot/shared/storage.ts";
import { withReadCache } from "#root/db/read-cache.ts";
import { backends, REDIS_URL } from "#root/test/helpers/databases.ts";

interface Candidate {
  name: string;
  open(): Promise<{ storage: SessionStorage; dispose(): Promise<void> }>;
}

const candidates: Candidate[] = [
  ...backends.map((b) => ({
    name: `database (${b.name})`,
    async open() {
      const database = await b.open();
      return { storage: openDatabaseStorage(database.db), dispose: () => database.dispose() };
    },
  })),
  ...(REDIS_URL ? [{ name: "redis", open: async () => ({ storage: await openRedisStorage(REDIS_URL!), dispose: async () => {} }) }] : []),
];
if (!REDIS_URL) console.warn("REDIS_URL is not set: the Redis session storage tests are skipped (CI runs them).");

describe.each(candidates)("session storage: $name", (candidate) => {
  let storage: SessionStorage;
  let dispose: () => Promise<void>;
  const ns = `test-${randomBytes(4).toString("hex")}:`;
  beforeAll(async () => {
    ({ storage, dispose } = await candidate.open());
  });
  afterAll(async () => {
    const a = storage.adapter<unknown>(ns);
    for (const k of ["1", "2", "k"]) await a.delete(k);
    await storage.close();
    await dispose();
  });

  it("reads back what was written, including Kazakh text and nested answers", async () => {
    const a = storage.adapter<{ lang: string; form: { name: string; docs: number[] } }>(ns);
    await a.write("1", { lang: "kk", form: { name: "Әлия Сәрсенқызы", docs: [1, 2] } });
    expect(await a.read("1")).toEqual({ lang: "kk", form: { name: "Әлия Сәрсенқызы", docs: [1, 2] } });
  });

  it("reads a chat's session and conversation state together, each update seeing what the last one wrote", async () => {
    const db = {} as never; // the scope of an update; no rows are read here
    const [session, conv] = storage.pair<{ lang: string }, { step: number }>(`${ns}s:`, `${ns}c:`);
    await session.write("k", { lang: "kk" });
    await conv.write("k", { step: 1 });
    await withReadCache(db, async () => {
      expect(await session.read("k")).toEqual({ lang: "kk" });
      expect(await conv.read("k")).toEqual({ step: 1 });
      await conv.write("k", { step: 2 });
    });
    await withReadCache(db, async () => {
      expect(await session.read("k")).toEqual({ lang: "kk" });
      expect(await conv.read("k")).toEqual({ step: 2 });
      await conv.delete("k");
      await session.delete("k");
    });
    await withReadCache(db, async () => {
      expect(await session.read("k")).toBeUndefined();
      expect(await conv.read("k")).toBeUndefined();
    });
  });

  it("gives undefined for a key never written, and after delete", async () => {
    const a = storage.adapter<number>(ns);
    expect(await a.read("never")).toBeUndefined();
    await a.write("2", 5);
    await a.delete("2");
    expect(await a.read("2")).toBeUndefined();
  });

  it("overwrites, and keeps two kinds of state under the same key apart", async () => {
    const session = storage.adapter<string>(ns + "session:");
    const conversation = storage.adapter<string>(ns + "conv:");
    await session.write("k", "a");
    await session.write("k", "b");
    await conversation.write("k", "c");
    expect(await session.read("k")).toBe("b");
    expect(await conversation.read("k")).toBe("c");
    await session.delete("k");
    await conversation.delete("k");
  });

  it("answers a ping while its server is up", async () => {
    await expect(storage.ping()).resolves.toBeUndefined();
  });
});

describe("Redis that is not running", () => {
  it("is refused at start with one line naming REDIS_URL", async () => {
    const err = await openRedisStorage("redis://127.0.0.1:6390").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RedisUnavailableError);
    expect((err as Error).message).toBe("Cannot reach Redis at redis://127.0.0.1:6390 (ECONNREFUSED): start the server or fix REDIS_URL.");
  });
});
