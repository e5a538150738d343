/**
 * The webhook endpoint answers Telegram so that an update is delivered once: 200 as soon as the
 * update was handled or failed (a failure is the bot's error handler's, as in polling mode), 200
 * also when the handler is still running after the timeout, and a refusal only for what is not
 * an update (too large: 413 before the body is read; not JSON: 400) or not from Telegram (401).
 */
import { Bot, type BotError, type Context } from "grammy";
import { describe, expect, it } from "vitest";
import { WEBHOOK_BODY_LIMIT, webhookRoutes } from "#root/api/webhooks.ts";

const SECRET = "unit-webhook-secret-0123456789";
const botInfo = {
  id: 1,
  is_bot: true as const,
  first_name: "B",
  username: "b_bot",
  can_join_groups: false,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
};
const message = (id: number) => ({
  update_id: id,
  message: {
    message_id: id,
    date: 0,
    chat: { id: 7, type: "private", first_name: "P" },
    from: { id: 7, is_bot: false, first_name: "P" },
    text: "hi",
  },
});

function setup(handler: (ctx: Context) => Promise<void>, answerWithinMs?: number) {
  const bot = new Bot("1:unit", { botInfo: botInfo as never });
  const caught: BotError[] = [];
  bot.use(handler);
  bot.catch((err) => void caught.push(err));
  const hooks = webhookRoutes(SECRET, answerWithinMs === undefined ? {} : { answerWithinMs });
  hooks.register("parent", bot);
  const post = (body: BodyInit, headers: Record<string, string> = {}) =>
    hooks.routes.request("/webhook/parent", {
      method: "POST",
      headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET, ...headers },
      body,
      ...(body instanceof ReadableStream ? { duplex: "half" } : {}),
    } as RequestInit);
  return { hooks, caught, post };
}

describe("webhook endpoint", () => {
  it("answers 200 for an update whose handler failed, after the bot's error handler saw the failure", async () => {
    const { caught, post } = setup(async () => {
      throw new Error('invalid input syntax for type uuid: "------------------------------------"');
    });
    const res = await post(JSON.stringify(message(1)));
    expect(res.status).toBe(200);
    expect(caught).toHaveLength(1);
    expect(caught[0]!.ctx.update.update_id).toBe(1);
  });

  it("answers 200 when the handler is still running after the timeout, and the handler completes once", async () => {
    let done = 0;
    const { hooks, post } = setup(async () => {
      await new Promise((r) => setTimeout(r, 600));
      done++;
    }, 100);
    const started = Date.now();
    const res = await post(JSON.stringify(message(2)));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(500);
    expect(done).toBe(0);
    await hooks.drain();
    expect(done).toBe(1);
  });

  it("a failure after the timeout still reaches the error handler", async () => {
    const { hooks, caught, post } = setup(async () => {
      await new Promise((r) => setTimeout(r, 300));
      throw new Error("late failure");
    }, 50);
    expect((await post(JSON.stringify(message(3)))).status).toBe(200);
    await hooks.drain();
    expect(caught.map((e) => (e.error as Error).message)).toEqual(["late failure"]);
  });

  it("refuses malformed JSON and JSON that is not an update with 400, without running the bot", async () => {
    let ran = 0;
    const { post } = setup(async () => void ran++);
    expect((await post("{not json")).status).toBe(400);
    expect((await post(JSON.stringify([1, 2]))).status).toBe(400);
    expect((await post(JSON.stringify({ update_id: "x" }))).status).toBe(400);
    expect(ran).toBe(0);
  });

  it("refuses a body over 1 MB with 413: by its Content-Length, and by counting a body sent without one", async () => {
    let ran = 0;
    const { post } = setup(async () => void ran++);
    const big = JSON.stringify({ ...message(4), pad: "x".repeat(WEBHOOK_BODY_LIMIT) });
    expect((await post(big, { "content-length": String(big.length) })).status).toBe(413);
    let pulled = 0;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        // An endless body: it must be cut off soon after the limit, not read to the end.
        pulled += chunk.length;
        if (pulled > 8 * WEBHOOK_BODY_LIMIT) controller.close();
        else controller.enqueue(chunk);
      },
    });
    expect((await post(stream)).status).toBe(413);
    expect(pulled).toBeLessThan(2 * WEBHOOK_BODY_LIMIT);
    expect(ran).toBe(0);
  });

  it("refuses a request without the secret with 401", async () => {
    const { post } = setup(async () => {});
    expect((await post(JSON.stringify(message(5)), { "X-Telegram-Bot-Api-Secret-Token": "wrong-secret-wrong-secret-0000" })).status).toBe(
      401,
    );
  });
});
