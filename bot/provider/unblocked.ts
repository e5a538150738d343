/**
 * A staff member back after blocking the provider bot is told, in one line in their language, how many of their school's
 * applications wait, with the button to the inbox (flows/unblocked.ts: `staffBack`, once per return).
 *
 * Telegram says when they block the bot and when they unblock it (`my_chat_member`: "kicked", then "member"); neither is
 * an answer to a dialog, so neither reaches one. "kicked" marks them blocked (so does a notice Telegram answers with 403,
 * db/outbox-sender.ts); "member" brings the line. The update saying they unblocked it may be missed (the bot stopped
 * longer than Telegram keeps updates), so any update from a staff member still marked blocked brings it too — read free:
 * the staff member's row is loaded for every update — before the update is handled as usual.
 */
import { InlineKeyboard, type MiddlewareFn } from "grammy";
import { markStaffBlocked } from "#root/db/queries/staff.ts";
import { t } from "#root/flows/i18n.ts";
import { staffBack } from "#root/flows/unblocked.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { blockChange } from "#root/bot/shared/blocked.ts";
import { data } from "./callbacks.ts";
import type { ProviderContext } from "./context.ts";

export function staffReturns(deps: BotDeps): MiddlewareFn<ProviderContext> {
  const back = async (ctx: ProviderContext, telegramId: number) => {
    const found = await staffBack(deps.db, telegramId);
    if (!found) return;
    deps.log.info({ waiting: found.waiting }, "a staff member who had blocked the provider bot is back");
    await ctx.api.sendMessage(telegramId, t(found.lang, "provider-unblocked", { count: found.waiting }), {
      reply_markup: new InlineKeyboard().text(t(found.lang, "provider-button-inbox"), data.page(0)),
    });
  };

  return async (ctx, next) => {
    const id = ctx.from?.id;
    if (id === undefined) return next();
    const change = blockChange(ctx);
    if (change === "blocked") return markStaffBlocked(deps.db, id, deps.now());
    if (change === "unblocked") return back(ctx, id);
    if (change) return next();
    if (ctx.staff?.blockedAt) await back(ctx, id);
    await next();
  };
}
