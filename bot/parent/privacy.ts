/**
 * /privacy: what the bot keeps about the parent, and the withdrawal of their consent after a
 * confirmation. The flow decides what goes and what stays with the schools; this only asks.
 * It works while the parent talks to support too (the relay lets it through): a withdrawal ends
 * the conversation first, and keeping the consent leaves it going on.
 */
import { Composer, InlineKeyboard } from "grammy";
import { privacyReport, withdrawConsent } from "#root/flows/privacy.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { forgetNameInTopics } from "#root/bot/support/post.ts";
import { endForWithdrawal } from "#root/bot/support/relay.ts";
import { endKeyboard } from "#root/bot/support/open.ts";
import { supportSession } from "#root/bot/support/session.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { ParentContext } from "./context.ts";
import { data } from "./callbacks.ts";
import { REMOVE_KEYBOARD, removeButtons } from "#root/bot/shared/keyboard.ts";

/** What the bot keeps about the parent, with the buttons to withdraw the consent or keep it. */
async function sendReport(ctx: ParentContext, deps: BotDeps): Promise<void> {
  const report = await privacyReport(deps.db, ctx.from!.id);
  if (!report) {
    await ctx.reply(ctx.t("privacy-nothing"));
    return;
  }
  const none = "—";
  const text = ctx.t("privacy-report", {
    name: esc(report.name ?? none),
    iin: report.iin ?? none,
    phone: report.phone ?? none,
    email: esc(report.email ?? none),
    drafts: report.drafts,
    children: report.children,
    sent: report.sent,
  });
  // Talking to an operator: the parent is told the withdrawal would end it.
  const talking = supportSession(ctx).support ? `\n\n${ctx.t("privacy-ends-support")}` : "";
  const keyboard = new InlineKeyboard()
    .text(ctx.t("privacy-withdraw"), data.privacyWithdraw)
    .row()
    .text(ctx.t("privacy-keep"), data.privacyKeep);
  await ctx.reply(text + talking, { reply_markup: keyboard });
}

export function privacyComposer(deps: BotDeps) {
  const composer = new Composer<ParentContext>();
  composer.command("privacy", (ctx) => sendReport(ctx, deps));
  composer.callbackQuery(data.privacyKeep, async (ctx) => {
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    if (supportSession(ctx).support) await ctx.reply(ctx.t("privacy-kept-support"), { reply_markup: endKeyboard(ctx) });
    else await ctx.reply(ctx.t("privacy-kept"));
  });
  composer.callbackQuery(data.privacyWithdraw, async (ctx) => {
    // A report Telegram no longer shows the bot (deleted, or days old: dated 0) may be of any consent: it withdraws
    // nothing, and the report is sent anew, as it stands now, with buttons that work.
    if (ctx.callbackQuery.message?.date === 0) {
      await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
      await removeButtons(ctx);
      return sendReport(ctx, deps);
    }
    // A report sent before the consent was given again (after an earlier withdrawal) did not offer this consent: its
    // button withdraws nothing.
    const consentAt = (await ctx.parent())?.consentAt;
    if (consentAt && (ctx.callbackQuery.message?.date ?? 0) < Math.floor(consentAt.getTime() / 1000)) {
      await ctx.answerCallbackQuery({ text: ctx.t("privacy-withdraw-outdated"), show_alert: true });
      await removeButtons(ctx);
      return;
    }
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    // A form in progress would write into a draft about to be deleted.
    await ctx.conversation.exitAll();
    ctx.session.current = undefined;
    // An open support ticket ends first, as when the parent ends it: the operators see it, the topic closes.
    if (await endForWithdrawal(ctx, deps)) await ctx.reply(ctx.t("privacy-support-ended"));
    const done = await withdrawConsent(deps.db, ctx.from.id, deps.now());
    await ctx.reply(done ? ctx.t("privacy-done", done) : ctx.t("privacy-nothing"), REMOVE_KEYBOARD);
    // The support topics were named after the profile just anonymised.
    const user = await findUserByTelegramId(deps.db, ctx.from.id);
    const chatId = deps.config.supportChatId;
    if (done && user && chatId !== undefined) await forgetNameInTopics(ctx.api, { db: deps.db, log: deps.log, chatId }, user);
  });
  return composer;
}
