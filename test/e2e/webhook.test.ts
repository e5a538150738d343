/**
 * Production mode: the bots behind webhooks. Only Telegram (the secret token) gets in, a
 * redelivered update is handled once — also by two instances sharing PostgreSQL and Redis —
 * and /metrics counts what happened.
 */
import { Api } from "grammy";
import { afterAll, describe, expect, it } from "vitest";
import { createEmulator } from "#root/api/playground/index.ts";
import { loadConfig } from "#root/config.ts";
import { createLogger } from "#root/log.ts";
import { startSystem, type System } from "#root/system.ts";
import { createScratchPostgres, DATABASE_URL, REDIS_URL } from "#root/test/helpers/databases.ts";
import { freePort } from "#root/test/helpers/process.ts";
import { serveEmulator, tgUser } from "#root/test/helpers/tg-client.ts";

const PARENT = { token: "8000000001:webhook-parent-token-aaaaaaaaaa", username: "desk_parent_bot" };
const PROVIDER = { token: "8000000002:webhook-provider-token-bbbbbbbbb", username: "desk_staff_bot" };
const SECRET = "test-webhook-secret-0123456789";

const cleanup: Array<() => Promise<unknown>> = [];
afterAll(async () => {
  for (const c of cleanup.reverse()) await c().catch(() => {});
});

async function instance(apiRoot: string, env: Record<string, string> = {}): Promise<System> {
  const port = await freePort();
  const config = loadConfig({
    BOT_TOKEN: PARENT.token,
    PROVIDER_BOT_TOKEN: PROVIDER.token,
    TELEGRAM_API_ROOT: apiRoot,
    BOT_MODE: "webhook",
    WEBHOOK_SECRET: SECRET,
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: `/tmp/desk-webhook-${port}`,
    ...env,
  });
  const system = await startSystem(config, createLogger(process.env.TEST_LOG_LEVEL ?? "silent"), {
    rateLimit: { count: 1000, windowSec: 10 },
  });
  cleanup.push(() => system.stop());
  return system;
}

const update = (id: number, userId: number) => ({
  update_id: id,
  message: {
    message_id: id,
    date: Math.floor(Date.now() / 1000),
    chat: { id: userId, type: "private", first_name: "P" },
    from: { id: userId, is_bot: false, first_name: "P", language_code: "ru" },
    text: "/help",
    entities: [{ type: "bot_command", offset: 0, length: 5 }],
  },
});

describe("webhook mode", () => {
  it("answers Telegram's updates, refuses requests without the secret, and handles a redelivery once", async () => {
    const emulator = createEmulator({ bots: [PARENT, PROVIDER] });
    const served = await serveEmulator(emulator);
    cleanup.push(() => served.close());
    const system = await instance(served.url);
    const url = `${system.config.publicUrl}/webhook/parent`;
    await new Api(PARENT.token, { apiRoot: served.url }).setWebhook(url, { secret_token: SECRET });

    const parent = tgUser(emulator, { id: 555_001, firstName: "Алия", lang: "ru" }).chatWith(PARENT.username);
    await parent.send("/start");
    await parent.nextMessage(/Согласие/, { timeoutMs: 10_000 });

    const post = (body: unknown, secret?: string) =>
      fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...(secret ? { "X-Telegram-Bot-Api-Secret-Token": secret } : {}) },
        body: JSON.stringify(body),
      });
    expect((await post(update(900_001, 555_001))).status).toBe(401);
    expect((await post(update(900_001, 555_001), "wrong-secret-wrong-secret")).status).toBe(401);

    const before = parent.botMessages().length;
    expect((await post(update(900_002, 555_001), SECRET)).status).toBe(200);
    expect((await post(update(900_002, 555_001), SECRET)).status).toBe(200);
    await parent.nextMessage(/Как это работает/);
    await new Promise((r) => setTimeout(r, 300));
    expect(parent.botMessages().length - before).toBe(1);

    const metrics = await (await fetch(`${system.config.publicUrl}/metrics`)).text();
    expect(metrics).toMatch(/desk_updates_total\{bot="parent",outcome="duplicate"\} 1/);
    expect(metrics).toMatch(/desk_update_handler_seconds_count\{bot="parent"\} \d+/);
    expect(metrics).toMatch(/desk_outbox_rows\{status="pending"\} \d+/);
    expect(metrics).toMatch(/desk_calendar_year_ready\{year="\d{4}"\} (1|0\.5|0)\n/);
    expect(metrics).toMatch(/process_resident_memory_bytes \d+/);
  }, 60_000);

  it("a forged button (an id of 36 dashes) is answered as an outdated button, once, with 200, and counted as no error", async () => {
    const emulator = createEmulator({ bots: [PARENT, PROVIDER] });
    const served = await serveEmulator(emulator);
    cleanup.push(() => served.close());
    const system = await instance(served.url);
    const api = new Api(PARENT.token, { apiRoot: served.url });
    await api.setWebhook(`${system.config.publicUrl}/webhook/parent`, { secret_token: SECRET });
    const parent = tgUser(emulator, { id: 557_001, firstName: "Гүлнар", lang: "ru" }).chatWith(PARENT.username);
    await parent.send("/start");
    const prompt = await parent.nextMessage(/Согласие/, { timeoutMs: 10_000 });

    for (const data of [
      `apply:resume:${"-".repeat(36)}`,
      "my:cancel-yes:00000000-0000-0000-0000-00000000000g:1",
      "my:cancel-yes:8a4f0f9e-3c1b-4d2a-9e7f-1b2c3d4e5f60:99999999999",
    ]) {
      const query = parent.chat.tapButton(prompt.message_id, data);
      expect(await parent.callbackAnswer(query, { timeoutMs: 10_000 })).toMatchObject({
        text: "Эта кнопка устарела — воспользуйтесь последним сообщением.",
      });
    }
    await new Promise((r) => setTimeout(r, 300));
    const info = await api.getWebhookInfo();
    expect(info.last_error_message).toBeUndefined();
    expect(info.pending_update_count).toBe(0);
    const metrics = await (await fetch(`${system.config.publicUrl}/metrics`)).text();
    expect(metrics).not.toMatch(/desk_errors_total\{bot="parent"/);
    expect(metrics).not.toMatch(/desk_updates_total\{bot="parent",outcome="error"\}/);
  }, 60_000);

  it.runIf(DATABASE_URL && REDIS_URL)(
    "two instances on one PostgreSQL and Redis handle each update once",
    async () => {
      const emulator = createEmulator({ bots: [PARENT, PROVIDER] });
      const served = await serveEmulator(emulator);
      cleanup.push(() => served.close());
      const scratch = await createScratchPostgres(DATABASE_URL!);
      cleanup.push(() => scratch.drop());
      const env = { DATABASE_URL: scratch.url, REDIS_URL: REDIS_URL! };
      const [a, b] = [await instance(served.url, env), await instance(served.url, env)];
      const parent = tgUser(emulator, { id: 556_001 + Math.floor(Math.random() * 1000), firstName: "Ерлан", lang: "ru" }).chatWith(
        PARENT.username,
      );
      void parent.chat.chat; // the private chat exists once the user has opened it
      const id = 910_000 + Math.floor(Math.random() * 1_000_000);
      const send = (s: System) =>
        fetch(`${s.config.publicUrl}/webhook/parent`, {
          method: "POST",
          headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
          body: JSON.stringify(update(id, parent.chat.user.id)),
        });
      const [ra, rb] = await Promise.all([send(a!), send(b!)]);
      expect([ra.status, rb.status]).toEqual([200, 200]);
      await parent.nextMessage(/Как это работает/);
      await new Promise((r) => setTimeout(r, 500));
      expect(parent.botMessages().filter((m) => /Как это работает/.test(m.text ?? ""))).toHaveLength(1);
    },
    60_000,
  );
});
