/**
 * The first middleware of every bot: measures each update, drops duplicates (the same update
 * delivered twice — a webhook retry, or two instances behind a load balancer), and limits how
 * fast one user can push updates.
 */
import type { Context, NextFunction } from "grammy";
import type { Logger } from "../../log.ts";
import type { Metrics } from "../../metrics.ts";
import type { SessionStorage } from "./storage.ts";

export interface GuardOptions {
  bot: "parent" | "provider";
  sessions: SessionStorage;
  metrics: Metrics;
  log: Logger;
  /** Updates one user may send per window before being slowed down (default 30 per 10 s). */
  limit?: { count: number; windowSec: number };
  /** Told once per window to a user who is over the limit. */
  slowDown: (ctx: Context) => string;
}

export function updateGuard(opts: GuardOptions) {
  const limit = opts.limit ?? { count: 30, windowSec: 10 };
  return async (ctx: Context, next: NextFunction): Promise<void> => {
    const started = performance.now();
    let outcome = "ok";
    let claimed = false;
    try {
      const user = ctx.from?.id;
      const limited = user !== undefined && ctx.chat?.type === "private";
      const admitted = await opts.sessions.admit(opts.bot, ctx.update.update_id, limited ? `${opts.bot}:${user}` : undefined, limit.windowSec);
      claimed = admitted.fresh;
      if (!claimed) {
        outcome = "duplicate";
        return;
      }
      if (limited) {
        const n = admitted.hits;
        if (n > limit.count) {
          outcome = "rate_limited";
          opts.metrics.rateLimited.inc({ bot: opts.bot });
          if (n === limit.count + 1) await ctx.reply(opts.slowDown(ctx)).catch(() => {});
          if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => {});
          return;
        }
      }
      await next();
    } catch (err) {
      outcome = "error";
      if (claimed) await opts.sessions.releaseUpdate(opts.bot, ctx.update.update_id).catch(() => {});
      throw err;
    } finally {
      opts.metrics.updates.inc({ bot: opts.bot, outcome });
      opts.metrics.handlerSeconds.observe({ bot: opts.bot }, (performance.now() - started) / 1000);
    }
  };
}
