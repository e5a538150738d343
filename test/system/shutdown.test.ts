/**
 * What an orchestrator sees of `npm start`: /health/live while the process answers,
 * /health/ready only while it can take work, and a SIGTERM that ends the process within
 * SHUTDOWN_TIMEOUT_MS also when Telegram is out — the Bot API refusing connections or accepting
 * them and never answering. During the stop the instance says it is not ready, answers the
 * webhook updates it has taken, and refuses new ones (Telegram delivers them again elsewhere).
 * A stop that overran its bound would exit 1; every case here must exit 0.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api } from "grammy";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { createScratchPostgres, DATABASE_URL, REDIS_URL } from "#root/test/helpers/databases.ts";
import { freePort, runTs, waitForHttp, type Run } from "#root/test/helpers/process.ts";
import { startTcpProxy } from "#root/test/helpers/tcp-proxy.ts";
import { serveEmulator, tgUser } from "#root/test/helpers/tg-client.ts";

const PARENT = { token: "8100000001:shutdown-parent-token-aaaaaaaa", username: "desk_parent_bot" };
const PROVIDER = { token: "8100000002:shutdown-provider-token-bbbbbbb", username: "desk_staff_bot" };
const SECRET = "shutdown-webhook-secret-0123";

const cleanup: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanup.splice(0).reverse()) await c().catch(() => {});
});
const dataDir = mkdtempSync(join(tmpdir(), "desk-shutdown-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

/** PostgreSQL and Redis when the machine has them (CI), else the embedded defaults. */
async function storage(): Promise<Record<string, string>> {
  if (!DATABASE_URL || !REDIS_URL) return { DATA_DIR: mkdtempSync(join(dataDir, "run-")) };
  const scratch = await createScratchPostgres(DATABASE_URL);
  cleanup.push(() => scratch.drop());
  return { DATABASE_URL: scratch.url, REDIS_URL, DATA_DIR: dataDir };
}

async function start(env: Record<string, string>, port?: number): Promise<{ run: Run; base: string }> {
  port ??= await freePort();
  const base = `http://127.0.0.1:${port}`;
  const run = runTs("main.ts", [], {
    BOT_TOKEN: PARENT.token,
    PROVIDER_BOT_TOKEN: PROVIDER.token,
    PORT: String(port),
    PUBLIC_URL: base,
    SHUTDOWN_TIMEOUT_MS: "4000",
    LOG_LEVEL: "warn",
    ...(await storage()),
    ...env,
  });
  cleanup.push(async () => {
    run.child.kill("SIGKILL");
    await run.exited;
  });
  const live = await waitForHttp(`${base}/health/live`, 40_000);
  expect(live.status, run.output()).toBe(200);
  return { run, base };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const ready = async (base: string) => {
  const res = await fetch(`${base}/health/ready`);
  return { status: res.status, body: (await res.json()) as Record<string, string> };
};

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

/** SIGTERM, then: /health/ready turns 503 "stopping" while /health/live still answers. */
async function terminateAndWatchReady(run: Run, base: string): Promise<void> {
  run.child.kill("SIGTERM");
  const stopping = await until("/health/ready says stopping", async () => {
    const r = await ready(base);
    return r.status === 503 ? r : undefined;
  });
  expect(stopping.body.status).toBe("stopping");
  expect((await fetch(`${base}/health/live`)).status).toBe(200);
}

async function servedEmulator(): Promise<{ emulator: Emulator; url: string; port: number }> {
  const emulator = createEmulator({ bots: [PARENT, PROVIDER] });
  const served = await serveEmulator(emulator);
  cleanup.push(() => served.close());
  return { emulator, ...served };
}

describe("stopping during a Telegram outage", () => {
  it("polling, the Bot API refusing connections from the start: not " +
    "ready (the bots cannot start), and SIGTERM ends the process", async () => {
    const closed = await freePort();
    const { run, base } = await start({ TELEGRAM_API_ROOT: `http://127.0.0.1:${closed}` });
    const before = await ready(base);
    expect(before.status).toBe(503);
    expect(before.body).toMatchObject({ status: "unavailable", bots: "starting", db: "ok", migrations: "ok" });
    run.child.kill("SIGTERM");
    expect(await run.exited, run.output()).toBe(0);
  }, 60_000);

  it("polling, the Bot API hanging on a reply: ready until SIGTERM, 503 during the drain, exit 0", async () => {
    const { emulator, url } = await servedEmulator();
    const { run, base } = await start({ TELEGRAM_API_ROOT: url });
    expect(await until("ready", async () => ((await ready(base)).status === 200 ? true : undefined))).toBe(true);
    emulator.faults.addRule({ methods: ["sendMessage"], kind: "latency", ms: 600_000, times: 1 });
    await tgUser(emulator, { id: 571_000_000 + Math.floor(Math.random() * 1_000_000), firstName: "Айгүл", lang: "ru" })
      .chatWith(PARENT.username)
      .send("/help");
    // The bot took the update and its reply is waiting on Telegram.
    // Taken: its one time used (a later call of any method, such as the menu's registration still
    // going on, drops a used rule).
    await until("the reply is in flight", async () => (emulator.faults.get().rules.every((r) => r.times === 0) ? true : undefined));
    await terminateAndWatchReady(run, base);
    expect(await run.exited, run.output()).toBe(0);
  }, 60_000);

  for (const fault of ["refusing connections", "hanging"] as const) {
    it(`webhook, the Bot API ${fault} while an update is handled: the update is answered, new ones refused, exit 0`, async () => {
      const served = await servedEmulator();
      const proxy = await startTcpProxy(served.port);
      cleanup.push(() => proxy.close());
      const port = await freePort();
      const { run, base } = await start(
        {
          TELEGRAM_API_ROOT: `http://127.0.0.1:${proxy.port}`,
          BOT_MODE: "webhook",
          WEBHOOK_SECRET: SECRET,
          PUBLIC_URL: `http://127.0.0.1:${port}`,
        },
        port,
      );
      expect((await until("ready", async () => ((await ready(base)).status === 200 ? ready(base) : undefined))).body).toMatchObject({
        status: "ready",
        bots: "ok",
      });
      const parent = tgUser(served.emulator, {
        id: 572_000_000 + Math.floor(Math.random() * 1_000_000),
        firstName: "Ерлан",
        lang: "ru",
      }).chatWith(PARENT.username);
      void parent.chat.chat; // the private chat exists once the user has opened it
      // Random: update ids are de-duplicated in Redis, which other runs share.
      const first = 920_000_000 + Math.floor(Math.random() * 1_000_000) * 10;
      const post = (id: number) =>
        fetch(`${base}/webhook/parent`, {
          method: "POST",
          headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET },
          body: JSON.stringify(update(id, parent.chat.user.id)),
        });
      expect((await post(first)).status).toBe(200); // the bot is initialised while Telegram answers
      await parent.nextMessage(/Как это работает/);

      if (fault === "hanging") proxy.hang();
      else proxy.down();
      const before = proxy.unanswered();
      const taken = post(first + 1);
      await until("the reply is in flight", async () => (proxy.unanswered() > before ? true : undefined));
      await terminateAndWatchReady(run, base);
      expect((await post(first + 2)).status).toBe(503); // not taken: Telegram delivers it again
      expect((await taken).status).toBe(200);
      expect(await run.exited, run.output()).toBe(0);
    }, 60_000);
  }
});

describe("Telegram refusing the long poll", () => {
  it("a webhook set by hand: not ready and the log says why; once it is deleted the bots answer and " +
    "the instance is ready again; SIGTERM while polling waits to try again ends the process", async () => {
    const { emulator, url } = await servedEmulator();
    const { run, base } = await start({ TELEGRAM_API_ROOT: url });
    expect(await until("ready", async () => ((await ready(base)).status === 200 ? true : undefined))).toBe(true);
    const api = new Api(PARENT.token, { apiRoot: url });
    await api.setWebhook("http://127.0.0.1:9/someone-elses-hook");
    const refused = await until("not ready", async () => {
      const r = await ready(base);
      return r.status === 503 ? r : undefined;
    });
    expect(refused.body).toMatchObject({ status: "unavailable", bots: "failed", db: "ok" });
    await until("the log says why", async () => (/a webhook is set for the parent bot/.test(run.output()) ? true : undefined));
    expect(run.output()).toMatch(/remove it \(deleteWebhook\) or run with BOT_MODE=webhook/);

    await api.deleteWebhook();
    expect(await until("ready again", async () => ((await ready(base)).status === 200 ? true : undefined))).toBe(true);
    const parent = tgUser(emulator, { id: 573_000_000 + Math.floor(Math.random() * 1_000_000), firstName: "Айгүл", lang: "ru" }).chatWith(
      PARENT.username,
    );
    await parent.send("/start");
    await parent.nextMessage(/Согласие/);

    await api.setWebhook("http://127.0.0.1:9/someone-elses-hook");
    await until("not ready", async () => ((await ready(base)).status === 503 ? true : undefined));
    run.child.kill("SIGTERM");
    expect(await run.exited, run.output()).toBe(0);
  }, 60_000);
});
