/**
 * What the bots keep in Redis: sessions and conversation state carry IINs and names, so every
 * key expires; and a Redis that hangs (accepts connections, never answers) is an outage the
 * parent is told about the same way as a Redis that is gone.
 */
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { REDIS_STATE_TTL_SEC } from "../../bot/shared/storage.ts";
import { makeIin } from "../../flows/iin.ts";
import { createScratchPostgres, DATABASE_URL, REDIS_URL } from "../helpers/databases.ts";
import { startTcpProxy } from "../helpers/tcp-proxy.ts";
import { startTestSystem } from "../helpers/system.ts";
import type { TgChat } from "../helpers/tg-client.ts";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

/**
 * /start → Russian → consent → phone → name → IIN → meals → step 1 (the parent stage, still a
 * conversation: the questions on the form engine keep no conversation state).
 */
async function toParentStep(parent: TgChat, timeoutMs = 10_000): Promise<void> {
  await parent.send("/start");
  await parent.nextMessage(/Выберите язык/, { timeoutMs });
  await parent.tap("Русский");
  await parent.nextMessage(/Согласие/, { timeoutMs });
  await parent.tap("✅ Согласен(на)");
  await parent.nextMessage(/Поделитесь номером/, { timeoutMs });
  await parent.shareContact();
  await parent.nextMessage(/ваши фамилию/, { timeoutMs });
  await parent.send("Серикова Дана Ерболовна");
  await parent.nextMessage(/ваш ИИН/, { timeoutMs });
  await parent.send(makeIin("1991-09-01", "female", 61));
  await parent.nextMessage(/Государственные услуги/, { timeoutMs });
  await parent.tap("Бесплатное и льготное питание в школе");
  await parent.nextMessage(/по кнопке «Подробнее»/, { timeoutMs });
  await parent.tap("📝 Подать заявление");
  await parent.nextMessage(/Шаг 1 из 5/, { timeoutMs });
}

describe.runIf(DATABASE_URL && REDIS_URL)("the bots' state in Redis", () => {
  it("expires: the session and the conversation of a parent mid-form have a TTL of 30 days; a hanging Redis gets \"temporarily unavailable\"", async () => {
    const scratch = await createScratchPostgres(DATABASE_URL!);
    cleanup.push(() => scratch.drop());
    const redisPort = Number(new URL(REDIS_URL!).port || 6379);
    const proxy = await startTcpProxy(redisPort);
    cleanup.push(() => proxy.close());
    const system = await startTestSystem({ env: { DATABASE_URL: scratch.url, REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
    cleanup.push(() => system.close());
    const parent = system.parent({ lang: "ru" });
    await toParentStep(parent);

    const redis = new Redis(REDIS_URL!);
    cleanup.push(async () => redis.disconnect());
    const chat = parent.chat.user.id; // a private chat's id is the user's
    const keys = [`parent:session:${chat}`, `parent:conv:${chat}`];
    for (const key of keys) {
      expect(await redis.exists(key), key).toBe(1);
      const ttl = await redis.ttl(key);
      expect(ttl, key).toBeGreaterThan(REDIS_STATE_TTL_SEC - 120);
      expect(ttl, key).toBeLessThanOrEqual(30 * 86_400);
    }

    proxy.hang();
    await parent.send("serikova@example.kz");
    const reply = await parent.nextMessage(undefined, { timeoutMs: 15_000 });
    expect(reply.text).toMatch(/временно недоступен, но ваши ответы сохранены/);
  }, 90_000);
});
