/**
 * The parent's side of support, as one middleware placed before the conversations: it opens
 * tickets, and while one is open it copies the parent's messages into the topic and keeps them
 * from the bot's automated flows (the form waits, untouched). Without a ticket it costs nothing:
 * a look at the session, then `next()`.
 */
import type { Bot, MiddlewareFn, NextFunction } from "grammy";
import { getOpenTicket, getOpenTicketById, getTicket, recordParentMessage, type SupportTicket } from "#root/db/queries/support.ts";
import { continueDraft } from "#root/bot/parent/apply/advance.ts";
import { findDraft } from "#root/db/queries/applications.ts";
import { showSigningChoice } from "#root/bot/parent/signing.ts";
import { showCatalog } from "#root/bot/parent/catalog.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { closeSupportTicket, type ClosedBy } from "./close.ts";
import { endKeyboard, openSupport } from "./open.ts";
import { dispatchResume, takeResume, type ResumeRequest } from "./resume.ts";
import { supportSession } from "./session.ts";
import { postInTopic } from "./post.ts";
import { data as cb } from "#root/bot/parent/callbacks.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { isCopyable } from "./group.ts";

/** The relay middleware for the parent bot's private chats (mount before the conversations). */
export function supportRelay(deps: BotDeps, bot: Bot<ParentContext>): MiddlewareFn<ParentContext> {
  return async (ctx, next) => {
    const resume = takeResume(ctx.update.update_id);
    if (resume) return resumeParent(ctx, deps, resume);
    const data = ctx.callbackQuery?.data;
    if (data === cb.supportOpen || ctx.hasCommand("support")) return openSupport(ctx, deps);
    if (data === cb.supportEnd) return endByParent(ctx, deps, bot);
    if (!supportSession(ctx).support) return next();
    // A privacy right waits for no operator: /privacy and its buttons reach their handlers (a
    // withdrawal ends the ticket first, endForWithdrawal).
    if (ctx.hasCommand("privacy") || data === cb.privacyWithdraw || data === cb.privacyKeep) return next();
    return whileOpen(ctx, deps, next);
  };
}

/** A ticket is open (as far as the session knows): relay messages, hold back everything else. */
async function whileOpen(ctx: ParentContext, deps: BotDeps, next: NextFunction): Promise<void> {
  const session = supportSession(ctx);
  const cached = session.support!;
  // An edited message is relayed as it reads now: the operator sees the correction.
  const message = ctx.message ?? ctx.editedMessage;
  if (!message || message.text?.startsWith("/") || ctx.callbackQuery) {
    // Not something to relay: check the ticket is still open before holding the update back.
    if (!(await getOpenTicketById(deps.db, cached.ticketId))) {
      session.support = undefined;
      return next();
    }
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("support-busy-short"), show_alert: true });
    else if (message) await ctx.reply(ctx.t("support-busy"), { reply_markup: endKeyboard(ctx) });
    else return next(); // my_chat_member and the like: not the form's business
    return;
  }
  // What Telegram does not copy (a giveaway, paid media, a service message) cannot reach the operator: the parent is told
  // so, and how to ask instead (a copy refused would only say "try again").
  if (!isCopyable(message)) return void (await ctx.reply(ctx.t("support-not-relayable"), { reply_markup: endKeyboard(ctx) }));
  const ticket = await recordParentMessage(deps.db, cached.ticketId, deps.now());
  if (!ticket && (await getTicket(deps.db, cached.ticketId))?.topicId === null) {
    // Closed before any operator saw it (its topic could not be made, post.ts: the parent was
    // told): the parent is back with the bot, and what they write now is the bot's.
    session.support = undefined;
    session.handedBack = cached.ticketId;
    return next();
  }
  // Closed in the staff group, and the hand-back has not reached this chat yet (or was lost): the
  // message was written to the operator, not in answer to the form — it is said not to have gone.
  if (!ticket) return handBack(ctx, deps, cached.ticketId, { undelivered: true });
  const topicDeps = { db: deps.db, log: deps.log, chatId: deps.config.supportChatId! };
  try {
    // Into the topic now, or — while the group is at its limit — in the outbox, in order: the
    // parent's chat goes on at once either way (post.ts).
    if (ctx.editedMessage)
      await postInTopic(ctx.api, topicDeps, ticket, { kind: "text", html: ctx.t("support-parent-edited"), recreate: true });
    await postInTopic(ctx.api, topicDeps, ticket, {
      kind: "copy",
      fromChatId: message.chat.id,
      messageId: message.message_id,
      recreate: true,
    });
  } catch (err) {
    deps.log.error({ ticket: ticket.id, error: err }, "support: could not copy the parent's message into the topic");
    await ctx.reply(ctx.t("support-relay-failed"));
  }
}

/** The parent's open ticket: the session's, while it is open; the database's when the session lost it (Redis flushed). */
async function openTicketOf(ctx: ParentContext, deps: BotDeps): Promise<SupportTicket | undefined> {
  const cached = supportSession(ctx).support;
  if (cached) return getOpenTicketById(deps.db, cached.ticketId);
  const user = await ctx.parent();
  return user ? getOpenTicket(deps.db, user.id) : undefined;
}

/** Close the ticket as the parent: the line in the topic, the topic closed (close.ts). Undefined when it was closed already. */
async function closeByParent(
  ctx: ParentContext,
  deps: BotDeps,
  ticket: SupportTicket | undefined,
  by: ClosedBy & { kind: "parent" | "withdrawal" },
  closedNow?: () => Promise<unknown>,
) {
  if (!ticket || deps.config.supportChatId === undefined) return undefined;
  const topicDeps = { db: deps.db, log: deps.log, chatId: deps.config.supportChatId, now: deps.now };
  return closeSupportTicket(ctx.api, topicDeps, ticket, langOf(ctx.session), by, closedNow);
}

/**
 * The parent withdraws their consent (/privacy) while a ticket is open: it ends as when they end
 * it themselves, before their data goes — the operators' line says it was the withdrawal, so they
 * do not write to the parent again. No hand-back: the form and its draft go with the data.
 * True when this ended a ticket.
 */
export async function endForWithdrawal(ctx: ParentContext, deps: BotDeps): Promise<boolean> {
  const closed = await closeByParent(ctx, deps, await openTicketOf(ctx, deps), { kind: "withdrawal" });
  supportSession(ctx).support = undefined;
  return closed !== undefined;
}

/** "End conversation": the parent closes the ticket themselves and goes back to the bot. */
async function endByParent(ctx: ParentContext, deps: BotDeps, bot: Bot<ParentContext>): Promise<void> {
  const session = supportSession(ctx);
  const ticket = await openTicketOf(ctx, deps);
  await removeButtons(ctx);
  const closed = await closeByParent(ctx, deps, ticket, { kind: "parent" }, () => ctx.answerCallbackQuery());
  if (!closed) {
    session.support = undefined;
    await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    return;
  }
  // This update may be a tap the form would take for its own: the hand-back runs as the next
  // update of this chat (not awaited — this chat's updates run one at a time).
  void dispatchResume(bot, deps.log, { telegramId: ctx.from!.id, firstName: ctx.from!.first_name }, closed.id);
}

/**
 * The hand-back update (see resume.ts): forget the ticket, say so, and continue the form at the
 * stage the parent was in — or show the menu when they were not filling one in.
 */
async function resumeParent(ctx: ParentContext, deps: BotDeps, request: ResumeRequest): Promise<void> {
  const session = supportSession(ctx);
  // The parent has opened a newer ticket (stay with the operator), or was handed back already.
  const newer = session.support !== undefined && session.support.ticketId !== request.ticketId;
  if (newer || session.handedBack === request.ticketId) {
    request.outcome = "ok";
    return;
  }
  await handBack(ctx, deps, request.ticketId, { quiet: request.quiet, said: () => (request.outcome = "ok") });
}

/**
 * Back to the bot after the ticket `ticketId` closed: said once (`undelivered`: the parent's message came too late;
 * `quiet`: the parent was told already — support was not reached).
 */
async function handBack(
  ctx: ParentContext,
  deps: BotDeps,
  ticketId: number,
  opts: { undelivered?: boolean; quiet?: boolean | undefined; said?: () => void },
) {
  const session = supportSession(ctx);
  session.support = undefined;
  session.handedBack = ticketId;
  const current = ctx.session.current;
  const user = current ? undefined : await ctx.parent();
  // Between the statement and its signature (no form stage open): the ways to sign again.
  const signing = user?.consentAt && user.iin ? await findDraft(deps.db, user.id) : undefined;
  if (opts.undelivered) await ctx.reply(ctx.t("support-closed-undelivered"));
  // "We go on where you stopped" only when there is something to go on with.
  if (!opts.quiet) await ctx.reply(ctx.t(current || signing?.statementFileId ? "support-ended" : "support-ended-idle"));
  opts.said?.();
  // The question the draft is at, asked again.
  if (current) return continueDraft(ctx, deps.db, current.appId);
  if (!user?.consentAt || !user.iin) return;
  if (signing?.statementFileId) return showSigningChoice(ctx, signing);
  await showCatalog(ctx, deps);
}
