/** "Contact support" (the menu button and /support): open a ticket and its topic with the card (post.ts: openTopic). */
import { InlineKeyboard } from "grammy";
import { closeTicket, openTicket } from "#root/db/queries/support.ts";
import { setUserLang } from "#root/db/queries/users.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { supportSession } from "./session.ts";
import { openTopic } from "./post.ts";
import { lacksTopicRights, movedTo, supportGroupMoved } from "./topic.ts";
import { data } from "#root/bot/parent/callbacks.ts";
import { telegramLang } from "#root/bot/shared/i18n.ts";

/** The parent's way back to the bot while a ticket is open. */
export const endKeyboard = (ctx: ParentContext) => new InlineKeyboard().text(ctx.t("support-end-button"), data.supportEnd);

/** The sender's Telegram name, "First Last". */
export const telegramNameOf = (ctx: ParentContext): string => [ctx.from?.first_name, ctx.from?.last_name].filter(Boolean).join(" ");

/**
 * Open the parent's ticket (or confirm the one already open). A parent in the middle of a form
 * stays there: their conversation is paused, not left, while the ticket is open.
 */
export async function openSupport(ctx: ParentContext, deps: BotDeps): Promise<void> {
  if (ctx.callbackQuery) await ctx.answerCallbackQuery();
  const chatId = deps.config.supportChatId;
  if (chatId === undefined) {
    await ctx.reply(ctx.t("support-unavailable"));
    return;
  }
  const from = ctx.from!;
  const session = supportSession(ctx);
  if (!session.lang) {
    // Not chosen yet: the language of their Telegram app is the best guess (they can /lang later).
    session.lang = telegramLang(from.language_code) ?? "kk";
    await ctx.i18n.renegotiateLocale();
  }
  // A parent who has not registered yet (e.g. a foreign phone number) may ask for help too.
  const user = (await ctx.parent()) ?? (await setUserLang(deps.db, from.id, session.lang));
  const opened = await openTicket(deps.db, user.id, deps.now(), telegramNameOf(ctx) || undefined);
  let ticket = opened.ticket;
  if (opened.created || ticket.topicId === null) {
    const topicDeps = { db: deps.db, log: deps.log, chatId };
    const parent = { user, telegramName: telegramNameOf(ctx) };
    let queued: boolean;
    try {
      // The topic with the card on top: now, or — the group at its limit — as soon as it allows (post.ts).
      ({ ticket, queued } = await openTopic(ctx.api, topicDeps, ticket, parent, ctx.session.current));
    } catch (err) {
      // No topic, no operator would see the parent: do not leave them talking into the void.
      await closeTicket(deps.db, ticket.id, deps.now());
      const moved = movedTo(err);
      // The rights are asked about only when Telegram refused for want of them: not after a 5xx or "chat not found".
      const hint = lacksTopicRights(err) ? " (is the bot an admin with 'Manage topics'?)" : "";
      deps.log.error(
        { ticket: ticket.id, error: err },
        moved !== undefined
          ? `support: ${supportGroupMoved(chatId, moved)}`
          : `support: could not open a topic in the support group${hint}`,
      );
      await ctx.reply(ctx.t("support-open-failed"));
      return;
    }
    if (opened.created) {
      session.support = { ticketId: ticket.id, topicId: ticket.topicId };
      // The form waits for the parent meanwhile: said only when one is open.
      const draft = ctx.session.current ? `\n${ctx.t("support-opened-draft")}` : "";
      // Taken, and the operators see it when the group's limit allows: what the parent writes meanwhile follows it.
      await ctx.reply(`${ctx.t(queued ? "support-opened-queued" : "support-opened")}${draft}`, { reply_markup: endKeyboard(ctx) });
      return;
    }
    // Asked again while the ticket's topic waits for the group's limit: the request is with support already, not taken anew.
  }
  session.support = { ticketId: ticket.id, topicId: ticket.topicId };
  await ctx.reply(ctx.t("support-already-open"), { reply_markup: endKeyboard(ctx) });
}
