/**
 * The operators' side, in the support forum group: Take and Close on the card, and every
 * message in a ticket's topic copied to the parent — a copy, not a forward, so the operator's
 * account stays hidden. Messages starting with "!" are private notes and stay in the topic.
 */
import { Composer, type Bot, type Context } from "grammy";
import type { Message } from "grammy/types";
import { getTicket, latestTicketByTopic, recordRelay, updateTicket, wasRelayed, type SupportTicket } from "#root/db/queries/support.ts";
import { getUser, markBlocked, type User } from "#root/db/queries/users.ts";
import { t } from "#root/flows/i18n.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { cardKeyboard, cardText } from "./card.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { closeSupportTicket } from "./close.ts";
import { dispatchResume } from "./resume.ts";
import { isBlocked } from "./topic.ts";
import { patterns } from "#root/bot/parent/callbacks.ts";
import { esc } from "#root/bot/shared/html.ts";

/** What copyMessage can carry; service messages (topic created, member joined…) are not relayed. */
const COPYABLE = [
  "text",
  "photo",
  "document",
  "voice",
  "video",
  "audio",
  "sticker",
  "animation",
  "video_note",
  "location",
  "venue",
  "contact",
  "poll",
  "dice",
] as const;
const isCopyable = (m: Message) => COPYABLE.some((k) => m[k] !== undefined);

/** A private note for the other operators: not sent to the parent. */
export const isPrivateNote = (m: Message): boolean => (m.text ?? m.caption ?? "").trimStart().startsWith("!");

const operatorName = (ctx: Context) => [ctx.from?.first_name, ctx.from?.last_name].filter(Boolean).join(" ") || `id ${ctx.from?.id}`;

/**
 * The support group's handlers, for the parent bot (an administrator of the forum). Does
 * nothing when no support chat is configured. `bot` hands parents back after a close.
 */
export function supportGroup(deps: BotDeps, bot: Bot<ParentContext>): Composer<ParentContext> {
  const composer = new Composer<ParentContext>();
  const chatId = deps.config.supportChatId;
  if (chatId === undefined) return composer;
  const topicDeps = { db: deps.db, log: deps.log, chatId, now: deps.now };
  const group = composer.chatType("supergroup").filter((ctx) => ctx.chat.id === chatId);

  /** The ticket of a card button with its parent, or an answer that it is closed. */
  async function openTicketOf(ctx: Context, id: number): Promise<{ ticket: SupportTicket; user: User } | undefined> {
    const ticket = await getTicket(deps.db, id);
    const user = ticket ? await getUser(deps.db, ticket.parentId) : undefined;
    if (ticket?.status === "open" && user) return { ticket, user };
    await ctx.answerCallbackQuery({ text: t(user ? langOf(user) : "ru", "support-already-closed") });
    if (ticket && user) await ctx.editMessageText(await cardText(deps.db, ticket, { user })).catch(() => {});
    return undefined;
  }

  group.callbackQuery(patterns.supportTake, async (ctx) => {
    const found = await openTicketOf(ctx, Number(ctx.match[1]));
    if (!found) return;
    const name = operatorName(ctx);
    const taken = (await updateTicket(deps.db, found.ticket.id, { operatorTelegramId: ctx.from.id, operatorName: name })) ?? found.ticket;
    const lang = langOf(found.user);
    await ctx.answerCallbackQuery({ text: t(lang, "support-taken-answer") });
    await ctx
      .editMessageText(await cardText(deps.db, taken, { user: found.user }), { reply_markup: cardKeyboard(lang, taken) })
      .catch(() => {});
    if (taken.topicId !== null)
      await ctx.api.sendMessage(chatId, t(lang, "support-taken", { name: esc(name) }), { message_thread_id: taken.topicId });
  });

  group.callbackQuery(patterns.supportClose, async (ctx) => {
    const found = await openTicketOf(ctx, Number(ctx.match[1]));
    if (!found) return;
    const lang = langOf(found.user);
    const closed = await closeSupportTicket(ctx.api, topicDeps, found.ticket, lang, { kind: "operator", name: operatorName(ctx) });
    if (!closed) return ctx.answerCallbackQuery({ text: t(lang, "support-already-closed") });
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(await cardText(deps.db, closed, { user: found.user })).catch(() => {});
    if (found.user.telegramId === null) return;
    const outcome = await dispatchResume(
      bot,
      deps.log,
      { telegramId: found.user.telegramId, firstName: found.user.fullName ?? "—" },
      closed.id,
    );
    if (outcome === "blocked" && closed.topicId !== null) {
      await ctx.api.sendMessage(chatId, t(lang, "support-parent-not-told"), { message_thread_id: closed.topicId });
    }
  });

  // An operator's message, or one they edited (the parent gets the new version, marked as a correction
  // when they had the first).
  group.on(["message", "edited_message"], async (ctx) => {
    const message = ctx.message ?? ctx.editedMessage!;
    const threadId = message.message_thread_id;
    if (threadId === undefined || !message.is_topic_message || message.from.is_bot || !isCopyable(message)) return;
    const ticket = await latestTicketByTopic(deps.db, threadId);
    if (!ticket) return; // a topic the operators made for themselves
    const user = await getUser(deps.db, ticket.parentId);
    if (!user?.telegramId) return;
    const lang = langOf(user);
    const inThread = { message_thread_id: threadId, reply_parameters: { message_id: message.message_id } };
    if (ticket.status !== "open") {
      await ctx.api.sendMessage(chatId, t(lang, "support-topic-closed-hint"), inThread);
      return;
    }
    // An edit corrects what the parent has; a message they never had (a note, until now) is new to them.
    const relayed = ctx.editedMessage !== undefined && (await wasRelayed(deps.db, chatId, message.message_id));
    if (isPrivateNote(message)) {
      if (relayed) await ctx.api.sendMessage(chatId, t(lang, "support-note-already-sent"), inThread);
      return;
    }
    try {
      if (relayed) await ctx.api.sendMessage(user.telegramId, t(lang, "support-operator-edited"));
      await ctx.api.copyMessage(user.telegramId, chatId, message.message_id);
      await recordRelay(deps.db, { chatId, messageId: message.message_id, ticketId: ticket.id });
    } catch (err) {
      if (!isBlocked(err)) throw err;
      await markBlocked(deps.db, user.telegramId, deps.now());
      await ctx.api.sendMessage(chatId, t(lang, "support-parent-blocked"), inThread);
    }
    // Answered (or the parent is gone): the parent is no longer waiting for the reminder's sake.
    await updateTicket(deps.db, ticket.id, { lastOperatorMessageAt: deps.now() });
  });

  return composer;
}
