/**
 * A tap's answer that comes too late is no failure. Telegram takes `answerCallbackQuery` only a
 * short while after the tap (about 10–15 s, undocumented), and only once; later it refuses it
 * with 400 "query is too old and response timeout expired or query ID is invalid". By then the
 * user's spinner has stopped by itself: nothing is lost but a toast. Thrown, the refusal stopped
 * the handler halfway — a ticket closed without telling the parent, an application sent without
 * the parent's "sent" — for a tap that waited behind slow work in its chat or in the backlog
 * after a restart. So that refusal is taken as done (and said at debug level); any other error
 * of the call is still thrown.
 */
import type { Transformer } from "grammy";
import type { Logger } from "#root/log.ts";

/** Telegram's description of a callback query it no longer takes (too old, answered already, or unknown). */
export const EXPIRED_QUERY = /query is too old|query id is invalid/i;

export function tolerateExpiredAnswers(log: Logger | undefined, bot: string): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method !== "answerCallbackQuery" || res.ok || res.error_code !== 400 || !EXPIRED_QUERY.test(res.description)) return res;
    log?.debug({ bot, error: res.description }, "a tap was answered too late for Telegram: taken as answered");
    return { ok: true, result: true } as Awaited<ReturnType<typeof prev>>;
  };
}
