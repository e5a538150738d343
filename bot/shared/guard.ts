/**
 * The first middleware of every bot: measures each update, drops duplicates (the same update
 * delivered twice — a webhook retry, or two instances behind a load balancer), and limits how
 * fast one user can push updates.
 */
import type { Context, NextFunction } from "grammy";
import type { Logger } from "#root/log.ts";
import type { Metrics } from "#root/metrics.ts";
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
  /**
   * Webhooks: an update still running after this many ms holds its chat in the shared storage
   * until it ends, and a held chat's next update waits for it, on any instance. Set a little below
   * the time a webhook request is answered in (the slow update's request is answered early, and
   * Telegram then sends that chat's next update, perhaps to another instance).
   */
  holdChatAfterMs?: number;
}

/** How long a chat stays held at most (an instance that died holding it), and how long its next update waits. */
const HOLD_TTL_SEC = 120;
const HOLD_WAIT_MS = 60_000;
const HOLD_POLL_MS = 100;

/**
 * Remove what no database can store from every string of an update, in place: NUL characters
 * (PostgreSQL text and jsonb refuse them) and unpaired UTF-16 surrogates. Telegram itself sends
 * valid UTF-8; a forged webhook or an emulator may not. Done first, so that every handler — and
 * the conversation log, which stores whole updates — sees the same clean text.
 */
export function sanitizeUpdate(value: unknown, depth = 0): unknown {
  if (typeof value === "string") return value.replace(/\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, "");
  if (value === null || typeof value !== "object" || depth > 8) return value;
  const obj = value as Record<string, unknown>;
  for (const key of Object.keys(obj)) obj[key] = sanitizeUpdate(obj[key], depth + 1);
  return obj;
}

/**
 * An edited_message that is not an edit someone made: a reaction, or the like, which Telegram may
 * send with nothing changed and no `edit_date` (tdlib/telegram-bot-api#388, #773), and a live
 * location's moves (an edit every few seconds). No bot here has anything to say to either.
 */
export function isNoEdit(update: Context["update"]): boolean {
  const edited = update.edited_message ?? update.edited_business_message;
  return edited !== undefined && (edited.edit_date === undefined || edited.location !== undefined);
}

export function updateGuard(opts: GuardOptions) {
  const limit = opts.limit ?? { count: 30, windowSec: 10 };
  return async (ctx: Context, next: NextFunction): Promise<void> => {
    sanitizeUpdate(ctx.update);
    const started = performance.now();
    let outcome = "ok";
    let claimed = false;
    try {
      if (isNoEdit(ctx.update)) {
        outcome = "not_an_edit";
        return;
      }
      const user = ctx.from?.id;
      const limited = user !== undefined && ctx.chat?.type === "private";
      const heldKey = opts.holdChatAfterMs !== undefined && ctx.chat ? String(ctx.chat.id) : undefined;
      const admitted = await opts.sessions.admit(
        opts.bot,
        ctx.update.update_id,
        limited ? `${opts.bot}:${user}` : undefined,
        limit.windowSec,
        heldKey,
      );
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
      if (heldKey === undefined) return await next();
      if (admitted.held) await heldUntilFree(opts, heldKey);
      await holdingWhileLong(opts, heldKey, opts.holdChatAfterMs!, next);
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

/** Wait while another update of the chat still runs (on any instance), up to {@link HOLD_WAIT_MS}. */
async function heldUntilFree(opts: GuardOptions, heldKey: string): Promise<void> {
  const until = Date.now() + HOLD_WAIT_MS;
  opts.log.debug({ bot: opts.bot }, "update waits for the chat's update still running");
  do await new Promise((resolve) => setTimeout(resolve, HOLD_POLL_MS));
  while (Date.now() < until && (await opts.sessions.isHeld(opts.bot, heldKey).catch(() => false)));
}

/** Run the update; past `afterMs`, hold its chat until it ends. */
async function holdingWhileLong(opts: GuardOptions, heldKey: string, afterMs: number, next: NextFunction): Promise<void> {
  let holding: Promise<void> | undefined;
  const timer = setTimeout(() => {
    holding = opts.sessions.hold(opts.bot, heldKey, HOLD_TTL_SEC).catch(() => {});
  }, afterMs);
  try {
    await next();
  } finally {
    clearTimeout(timer);
    if (holding) {
      await holding;
      await opts.sessions.release(opts.bot, heldKey).catch(() => {});
    }
  }
}
