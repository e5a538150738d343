/**
 * Webhook mode: Telegram POSTs updates to `/webhook/parent` and `/webhook/provider`. Only
 * requests carrying the configured secret (`X-Telegram-Bot-Api-Secret-Token`) are accepted;
 * anything else gets 401. Several instances behind a load balancer share the work: each update
 * is handled once (the bots de-duplicate by update id).
 */
import { type Bot, type Context, webhookCallback } from "grammy";
import { Hono, type Context as HonoContext } from "hono";

export interface Webhooks {
  routes: Hono;
  /** Attach a bot to `/webhook/<name>` (the routes exist before the bots do). */
  register(name: string, bot: Bot<Context>): void;
}

export function webhookRoutes(secretToken: string): Webhooks {
  const handlers = new Map<string, (c: HonoContext) => Promise<Response>>();
  const routes = new Hono();
  routes.post("/webhook/:name", async (c) => {
    const handle = handlers.get(c.req.param("name"));
    return handle ? handle(c) : c.notFound();
  });
  return {
    routes,
    register(name, bot) {
      // A long handler (rendering a PDF) answers Telegram in time; the update still completes.
      handlers.set(name, webhookCallback(bot, "hono", { secretToken, onTimeout: "return", timeoutMilliseconds: 8_000 }) as never);
    },
  };
}

/** The webhook URL of a bot for `setWebhook`. */
export const webhookUrl = (publicUrl: string, name: string) => `${publicUrl}/webhook/${name}`;
