/**
 * A parent back after blocking the bot is told what changed meanwhile (flows/unblocked.ts: the
 * notices that could not reach them, queued again through the outbox after one line saying so).
 *
 * Telegram says when a parent blocks the bot and when they unblock it (`my_chat_member`: "kicked",
 * then "member"); neither is anybody's answer to a question, so no form, conversation or support
 * relay sees it. An update saying they unblocked it may be missed (the bot stopped longer than
 * Telegram keeps updates, a webhook without `my_chat_member`, a failed write): so any update from a
 * parent whose row says they blocked the bot brings the same. The parent's row is looked at after
 * the update's handlers — free when one of them read it; otherwise read once per chat every
 * {@link RECHECK_MS} at most (a typed answer reads no more than the draft, and a parent who blocks
 * the bot writes nothing until they unblock it).
 */
import type { MiddlewareFn } from "grammy";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { blockChange } from "#root/bot/shared/blocked.ts";
import { parentBack } from "#root/flows/unblocked.ts";
import type { ParentContext } from "./context.ts";

/** How long a parent seen not blocked is not looked up again by an update that does not read them. */
export const RECHECK_MS = 10 * 60_000;
/** Chats remembered at most (the oldest forgotten first). */
const REMEMBERED = 10_000;

export function parentReturns(deps: BotDeps): MiddlewareFn<ParentContext> {
  /** Per chat: when this instance last saw the parent's row not marked blocked. */
  const seenClear = new Map<number, number>();
  const remember = (id: number, at: number) => {
    seenClear.delete(id);
    seenClear.set(id, at);
    if (seenClear.size > REMEMBERED) seenClear.delete(seenClear.keys().next().value!);
  };
  const back = async (telegramId: number, onlyIfBlocked: boolean) => {
    try {
      const { cleared, resent } = await parentBack(deps.db, { telegramId, onlyIfBlocked });
      if (cleared || resent > 0) deps.log.info({ resent }, "a parent who had blocked the bot is back: notices queued again");
    } catch (error) {
      // Their row still says blocked (the transaction did not commit): their next update tries again.
      deps.log.error({ error }, "could not queue again the notices of a parent who unblocked the bot");
    }
  };

  return async (ctx, next) => {
    const id = ctx.from?.id;
    if (id === undefined) return next();
    const change = blockChange(ctx);
    if (change) {
      seenClear.delete(id);
      if (change === "blocked") return;
      if (change === "unblocked") return back(id, false);
      return next();
    }
    await next();
    const now = deps.now().getTime();
    if (!ctx.parentAsked() && now - (seenClear.get(id) ?? Number.NEGATIVE_INFINITY) < RECHECK_MS) return;
    try {
      const parent = await ctx.parent();
      if (!parent?.blockedAt) return remember(id, now);
    } catch (error) {
      deps.log.warn({ error }, "could not read whether the parent had blocked the bot");
      return;
    }
    await back(id, true);
  };
}
