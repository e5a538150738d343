/**
 * What the bots keep in Redis: sessions and conversation state carry IINs and names, so every
 * key expires; and a Redis that hangs (accepts connections, never answers) is an outage the
 * parent is told about the same way as a Redis that is gone.
 */
import { Redis } from "ioredis";
import { afterAll, describe, expect, it } from "vitest";
import { REDIS_STATE_TTL_SEC } from "#root/bot/shared/storage.ts";
import { makeIin } from "#root/flows/iin.ts";
import { createScratchPostgres, DATABASE_URL, REDIS_URL } from "#root/test/helpers/databases.ts";
import { startTcpProxy } from "#root/test/helpers/tcp-proxy.ts";
import { startTestSystem } from "#root/test/helpers/system.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

/**
 * /start → Russian → consent → phone → name → IIN → meals → the child's first question. On the
 * way, `inRegistration` runs while registration (a conversation) waits for the contact.
 */
async function toChildStep(parent: TgChat, inRegistration: () => Promise<void>, timeoutMs = 10_000): Promise<void> {
  await parent.send("/start");
  await parent.nextMessage(/Согласие/, { timeoutMs });
  await parent.tap("✅ Согласен(на)");
  await parent.nextMessage(/Поделитесь номером/, { timeoutMs });
  await inRegistration();
  await parent.shareContact();
  await parent.nextMessage(/ваши фамилию/, { timeoutMs });
  await parent.send("Серикова Дана Ерболовна");
  await parent.nextMessage(/ваш ИИН/, { timeoutMs });
  await parent.send(makeIin("1991-09-01", "female", 61));
  await parent.nextMessage(/Государственные услуги/, { timeoutMs });
  await parent.tap("Бесплатное и льготное питание в школе");
  await parent.nextMessage(/по кнопке «Подробнее»/, { timeoutMs });
  await parent.tap("📝 Подать заявление");
  await parent.nextMessage(/Шаг 1 из 4/, { timeoutMs });
}

describe.runIf(DATABASE_URL && REDIS_URL)("the bots' state in Redis", () => {
  it("expires: the session of a parent mid-form and a conversation have " +
    'a TTL of 30 days; a hanging Redis gets "temporarily unavailable"', async () => {
    const scratch = await createScratchPostgres(DATABASE_URL!);
    cleanup.push(() => scratch.drop());
    const redisPort = Number(new URL(REDIS_URL!).port || 6379);
    const proxy = await startTcpProxy(redisPort);
    cleanup.push(() => proxy.close());
    const system = await startTestSystem({ env: { DATABASE_URL: scratch.url, REDIS_URL: `redis://127.0.0.1:${proxy.port}` } });
    cleanup.push(() => system.close());
    const parent = system.parent({ lang: "ru" });
    const redis = new Redis(REDIS_URL!);
    cleanup.push(async () => redis.disconnect());
    const chat = parent.chat.user.id; // a private chat's id is the user's
    const expiring = async (key: string) => {
      // The state is written after the reply: wait for it.
      for (let i = 0; i < 200 && !(await redis.exists(key)); i++) await new Promise((r) => setTimeout(r, 25));
      expect(await redis.exists(key), key).toBe(1);
      const ttl = await redis.ttl(key);
      expect(ttl, key).toBeGreaterThan(REDIS_STATE_TTL_SEC - 120);
      expect(ttl, key).toBeLessThanOrEqual(30 * 86_400);
    };
    // Registration is a conversation: its state expires; the form keeps none but the session.
    await toChildStep(parent, () => expiring(`parent:conv:${chat}`));
    await expiring(`parent:session:${chat}`);

    proxy.hang();
    await parent.send("Серикова Айым Ерболовна");
    const reply = await parent.nextMessage(undefined, { timeoutMs: 15_000 });
    expect(reply.text).toMatch(/временно недоступен, но ваши ответы сохранены/);
  }, 90_000);
});
