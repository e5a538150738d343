/**
 * Several instances behind webhooks: an update still running when its webhook request is answered
 * early holds its chat, and the chat's next update — which Telegram then sends, perhaps to another
 * instance — waits for it instead of running beside it (two writes of one session, one conversation).
 */
import { randomBytes } from "node:crypto";
import { type Api, Context } from "grammy";
import type { Update, UserFromGetMe } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateGuard } from "#root/bot/shared/guard.ts";
import { openRedisStorage, type SessionStorage } from "#root/bot/shared/storage.ts";
import { createLogger } from "#root/log.ts";
import { Metrics } from "#root/metrics.ts";
import { REDIS_URL } from "#root/test/helpers/databases.ts";

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A private message of chat `chatId`, as update `updateId`. */
function update(updateId: number, chatId: number): Context {
  const who = { id: chatId, is_bot: false, first_name: "Айгерим" };
  const u = { update_id: updateId, message: { message_id: updateId, date: 0, chat: { ...who, type: "private" }, from: who, text: "…" } };
  return new Context(u as Update, {} as Api, {} as UserFromGetMe);
}

describe.skipIf(!REDIS_URL)("two instances behind webhooks, on one Redis", () => {
  // Keys of another bot name than the real ones: this test's holds are its own.
  const bot = `guard-${randomBytes(4).toString("hex")}` as "parent";
  let a: SessionStorage;
  let b: SessionStorage;
  beforeAll(async () => {
    [a, b] = [await openRedisStorage(REDIS_URL!), await openRedisStorage(REDIS_URL!)];
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
  });
  const guard = (sessions: SessionStorage) =>
    updateGuard({ bot, sessions, metrics: new Metrics(), log: createLogger("silent"), slowDown: () => "", holdChatAfterMs: 50 });

  it("a chat's next update waits for its slow one running on the other instance; another chat's does not", async () => {
    const seen: string[] = [];
    const slow = guard(a)(update(1, 7001), async () => {
      seen.push("chat 7001: the slow update starts");
      await pause(600);
      seen.push("chat 7001: the slow update ends");
    });
    await pause(200); // past the hold: the slow update's request has been answered early
    const next = guard(b)(update(2, 7001), async () => void seen.push("chat 7001: the next update"));
    const other = guard(b)(update(3, 7002), async () => void seen.push("chat 7002: an update"));
    await Promise.all([slow, next, other]);
    expect(seen).toEqual([
      "chat 7001: the slow update starts",
      "chat 7002: an update",
      "chat 7001: the slow update ends",
      "chat 7001: the next update",
    ]);
  });

  it("a quick update holds nothing: the chat's next update runs at once", async () => {
    await guard(a)(update(4, 7003), async () => {});
    expect(await b.isHeld(bot, "7003")).toBe(false);
  });
});
