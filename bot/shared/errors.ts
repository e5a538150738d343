import { GrammyError, HttpError, type BotError, type Context } from "grammy";
import type { Logger } from "#root/log.ts";
import type { Metrics } from "#root/metrics.ts";
import { StoppingError } from "./cancel.ts";
import { telegramLang } from "./i18n.ts";

export type ErrorKind = "storage" | "database" | "telegram" | "handler";

const DB_CODES = new Set([
  "ECONNREFUSED",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "CONNECTION_CLOSED",
  "CONNECTION_ENDED",
  "CONNECTION_DESTROYED",
  "CONNECT_TIMEOUT",
  "57P01",
  "57P03",
  "08006",
  "08001",
  "08003",
]);

/** What failed: Redis (sessions), the database, Telegram, or the handler itself (a bug). */
export function classifyError(err: unknown): ErrorKind {
  if (err instanceof GrammyError || err instanceof HttpError || err instanceof StoppingError) return "telegram";
  for (
    let e = err as { name?: string; message?: string; code?: string; cause?: unknown } | undefined, depth = 0;
    e && depth < 4;
    e = e.cause as typeof e, depth++
  ) {
    const text = `${e.name ?? ""} ${e.message ?? ""}`;
    // ioredis says "Command timed out" (commandTimeout) when Redis accepts but does not answer:
    // as much an outage as a refused connection.
    if (/MaxRetriesPerRequest|Stream isn't writeable|Connection is closed|Command timed out|Redis|ioredis/i.test(text)) return "storage";
    if ((e.code && DB_CODES.has(e.code)) || /terminat(ed|ing) connection|PGlite is closed/i.test(text)) return "database";
    if (/Failed query/i.test(text)) {
      // A statement the server refused for what it was given (SQLSTATE class 22 data exception,
      // 23 integrity, 42 syntax, …) is a bug or a forged input, not an outage; only the classes
      // of a lost or overloaded server (08, 53, 57, 58), or no answer at all, are.
      const code = (e.cause as { code?: unknown } | undefined)?.code;
      if (typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !/^(08|53|57|58)/.test(code)) return "handler";
      return "database";
    }
  }
  return "handler";
}

/**
 * The last resort of a bot: log the failure (masked, with the update id), count it by kind, and
 * tell the user — "temporarily unavailable, your answers are saved" when a store is down, a
 * general apology otherwise — in their language when it is known.
 */
export function errorHandler<C extends Context>(log: Logger, bot: string, text: (ctx: C, kind: ErrorKind) => string, metrics?: Metrics) {
  return async (err: BotError<C>) => {
    const ctx = err.ctx;
    const kind = classifyError(err.error);
    metrics?.errors.inc({ bot, kind });
    const cause = err.error as { name?: string };
    log.error(
      { bot, kind, update: ctx.update.update_id, error: err.error },
      `${bot} bot: update failed (${kind}: ${cause?.name ?? "error"})`,
    );
    if (!ctx.chat || ctx.chat.type !== "private" || kind === "telegram") return;
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => {});
      await ctx.reply(text(ctx, kind));
    } catch {
      // Telegram itself is unreachable: nothing more to do for this update.
    }
  };
}

/** The user's language when the session cannot be read (the store is down): Telegram's hint. */
export function fallbackLang(ctx: Context, sessionLang: () => "kk" | "ru" | undefined): "kk" | "ru" {
  try {
    const lang = sessionLang();
    if (lang) return lang;
  } catch {
    // the session is unavailable
  }
  return telegramLang(ctx.from?.language_code) ?? "kk";
}
