import type { BotError, Context } from "grammy";
import type { Logger } from "../../log.ts";

/**
 * The last resort of a bot: log the failure (masked, with the update id) and tell the user,
 * in their language when it is known, that their answers are safe and what to do.
 */
export function errorHandler<C extends Context>(log: Logger, bot: string, text: (ctx: C) => string) {
  return async (err: BotError<C>) => {
    const ctx = err.ctx;
    const cause = err.error as { name?: string; message?: string; code?: string };
    log.error({ bot, update: ctx.update.update_id, error: err.error }, `${bot} bot: update failed (${cause?.name ?? "error"})`);
    if (!ctx.chat || ctx.chat.type !== "private") return;
    try {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery().catch(() => {});
      await ctx.reply(text(ctx));
    } catch {
      // Telegram itself is unreachable: nothing more to do for this update.
    }
  };
}
