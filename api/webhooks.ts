/**
 * Webhook mode: Telegram POSTs updates to `/webhook/parent` and `/webhook/provider`. Only
 * requests carrying the configured secret (`X-Telegram-Bot-Api-Secret-Token`) are accepted;
 * anything else gets 401. Several instances behind a load balancer share the work: each update
 * is handled once (the bots de-duplicate by update id).
 *
 * Telegram re-delivers an update for as long as it is not answered 200, blocking the bot's later
 * updates meanwhile. So every update with the right secret is answered 200 once it was handled
 * *or failed*: a failure goes through the bot's error handler (`bot.catch`: logged, counted, the
 * user told), exactly as in polling mode — grammY's `webhookCallback` would answer 500 instead.
 * Only what is not an update at all is refused: a body over 1 MB (413, before it is read) and
 * anything that is not an update's JSON (400).
 */
import { timingSafeEqual } from "node:crypto";
import { BotError, type Bot, type Context } from "grammy";
import type { Update } from "grammy/types";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Logger } from "#root/log.ts";

/** Telegram's updates are far smaller (a message is at most 4096 characters); files are not inline. */
export const WEBHOOK_BODY_LIMIT = 1024 * 1024;
/**
 * How long Telegram's request waits for the update's handler. A longer one (rendering a PDF) goes
 * on after the 200: Telegram must not time out and re-deliver an update that is being handled.
 */
export const WEBHOOK_ANSWER_WITHIN_MS = 8_000;

export interface Webhooks {
  routes: Hono;
  /** Attach a bot to `/webhook/<name>` (the routes exist before the bots do). */
  register(name: string, bot: Bot<Context>): void;
  /**
   * Take no more updates: from now on a new one is answered 503, so Telegram delivers it again
   * (through the proxy, to an instance that is not stopping). Updates already taken go on.
   */
  refuseNew(): void;
  /** Wait for the updates still being handled (those answered at the timeout included). */
  drain(): Promise<void>;
}

function sameSecret(header: string | undefined, secret: string): boolean {
  if (header === undefined) return false;
  const a = Buffer.from(header);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

function isUpdate(value: unknown): value is Update {
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  const id = (value as { update_id?: unknown }).update_id;
  return typeof id === "number" && Number.isSafeInteger(id) && id >= 0;
}

export function webhookRoutes(secretToken: string, opts: { log?: Logger; answerWithinMs?: number } = {}): Webhooks {
  const answerWithin = opts.answerWithinMs ?? WEBHOOK_ANSWER_WITHIN_MS;
  const bots = new Map<string, { bot: Bot<Context>; ready?: Promise<void> }>();
  const inFlight = new Set<Promise<void>>();
  let refusing = false;

  /** Handle one update to the end; never throws (a failure is the bot's error handler's). */
  async function handle(bot: Bot<Context>, name: string, update: Update): Promise<void> {
    try {
      await bot.handleUpdate(update);
    } catch (err) {
      try {
        if (err instanceof BotError) await bot.errorHandler(err as BotError<Context>);
        else throw err;
      } catch (fatal) {
        opts.log?.error({ bot: name, update: update.update_id, error: fatal }, `${name} bot: update failed outside its handler`);
      }
    }
  }

  const routes = new Hono();
  routes.post(
    "/webhook/:name",
    async (c, next) => {
      if (!bots.has(c.req.param("name"))) return c.notFound();
      // The secret first: nobody else gets to make the server read a body.
      if (!sameSecret(c.req.header("X-Telegram-Bot-Api-Secret-Token"), secretToken)) return c.text("unauthorized", 401);
      if (refusing) return c.text("stopping", 503);
      await next();
    },
    // Checks Content-Length, and counts the bytes of a body sent without one as they arrive.
    bodyLimit({ maxSize: WEBHOOK_BODY_LIMIT, onError: (c) => c.text("payload too large", 413) }),
    async (c) => {
      const name = c.req.param("name");
      const entry = bots.get(name)!;
      let update: unknown;
      try {
        update = JSON.parse(await c.req.text());
      } catch {
        return c.text("not JSON", 400);
      }
      if (!isUpdate(update)) return c.text("not an update", 400);
      try {
        await (entry.ready ??= entry.bot.init().catch((err: unknown) => {
          entry.ready = undefined; // try again with the next update
          throw err;
        }));
      } catch (err) {
        // getMe failed: nothing was handled, so Telegram's re-delivery is what should happen.
        opts.log?.warn({ bot: name, error: err }, `${name} bot: cannot initialise, update ${update.update_id} left to Telegram's retry`);
        return c.text("not ready", 503);
      }
      const task = handle(entry.bot, name, update);
      inFlight.add(task);
      void task.finally(() => inFlight.delete(task));
      let timer: NodeJS.Timeout | undefined;
      const late = new Promise<"late">((resolve) => (timer = setTimeout(() => resolve("late"), answerWithin)));
      const outcome = await Promise.race([task, late]);
      clearTimeout(timer);
      if (outcome === "late")
        opts.log?.info({ bot: name, update: update.update_id }, `${name} bot: update still running after ${answerWithin} ms, answered`);
      return c.body(null, 200);
    },
  );
  return {
    routes,
    register(name, bot) {
      bots.set(name, { bot });
    },
    refuseNew() {
      refusing = true;
    },
    async drain() {
      while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    },
  };
}

/** The webhook URL of a bot for `setWebhook`. */
export const webhookUrl = (publicUrl: string, name: string) => `${publicUrl}/webhook/${name}`;
