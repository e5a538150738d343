/**
 * The operators' side, in the support forum group: Take and Close on the card, and every
 * message in a ticket's topic copied to the parent — a copy, not a forward, so the operator's
 * account stays hidden. Messages starting with "!" are private notes and stay in the topic.
 */
import { createHash } from "node:crypto";
import { Composer, type Bot, type Context } from "grammy";
import type { Message } from "grammy/types";
import {
  getTicket,
  latestTicketByTopic,
  recordNote,
  recordSent,
  recordVersion,
  relayOf,
  takeTicket,
  updateTicket,
  type SupportTicket,
} from "#root/db/queries/support.ts";
import { getUser, markBlocked, type User } from "#root/db/queries/users.ts";
import { t } from "#root/flows/i18n.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { cardKeyboard, cardText } from "./card.ts";
import { langOf, telegramLang } from "#root/bot/shared/i18n.ts";
import { closeSupportTicket } from "./close.ts";
import { dispatchResume } from "./resume.ts";
import { postInTopic } from "./post.ts";
import { isBlocked, supportGroupMoved } from "./topic.ts";
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
  "story",
] as const;
/** Whether Telegram lets a bot copy the message: not a service message, a giveaway, paid media or an invoice. */
export const isCopyable = (m: Message) => COPYABLE.some((k) => m[k] !== undefined);

/**
 * What a version of a message says: its text or caption with their formatting, and what it holds
 * (an edit may replace the photo or file and keep the caption). Two versions alike are one.
 */
function fingerprint(m: Message): string {
  const held = COPYABLE.filter((k) => k !== "text" && m[k] !== undefined).map((k) => {
    const value = m[k] as unknown;
    const file = Array.isArray(value) ? value.at(-1) : value;
    return `${k}:${(file as { file_unique_id?: string } | undefined)?.file_unique_id ?? JSON.stringify(value)}`;
  });
  const said = JSON.stringify([m.text ?? m.caption ?? "", m.entities ?? m.caption_entities ?? [], held]);
  return createHash("sha256").update(said).digest("base64url").slice(0, 22);
}

/** A private note for the other operators: not sent to the parent. */
export const isPrivateNote = (m: Message): boolean => (m.text ?? m.caption ?? "").trimStart().startsWith("!");

/**
 * Telegram's placeholder user for an administrator who remains anonymous (@GroupAnonymousBot): what
 * it signs, the group itself signs too (`sender_chat`).
 */
export const GROUP_ANONYMOUS_BOT = 1087968824;

/**
 * An administrator acting as the group, not as themselves: their messages reach the parent as any
 * operator's, but a ticket is taken and closed by someone the card and the topic can name.
 */
const anonymousAdmin = (ctx: Context) =>
  ctx.from?.id === GROUP_ANONYMOUS_BOT || (ctx.senderChat !== undefined && ctx.senderChat.id === ctx.chat?.id);

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
  // The support group became a supergroup: Telegram says so in the old group and in the new one. Nothing reaches it under
  // the old id any more, and only the operator can give the new one.
  composer.on("message", (ctx, next) => {
    const m = ctx.message;
    const moved = m.chat.id === chatId ? m.migrate_to_chat_id : m.migrate_from_chat_id === chatId ? m.chat.id : undefined;
    if (moved === undefined) return next();
    deps.log.error({ chat: chatId, supergroup: moved }, `support: ${supportGroupMoved(chatId, moved)}`);
  });
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

  /** A card's button tapped by an anonymous administrator: refused, saying how to act as themselves. Nothing is recorded. */
  async function refuseAnonymous(ctx: Context & { match: string | RegExpMatchArray }): Promise<boolean> {
    if (!anonymousAdmin(ctx)) return false;
    const ticket = await getTicket(deps.db, Number(ctx.match[1]));
    const user = ticket ? await getUser(deps.db, ticket.parentId) : undefined;
    await ctx.answerCallbackQuery({ text: t(user ? langOf(user) : "ru", "support-anonymous-operator"), show_alert: true });
    return true;
  }

  group.callbackQuery(patterns.supportTake, async (ctx) => {
    if (await refuseAnonymous(ctx)) return;
    const found = await openTicketOf(ctx, Number(ctx.match[1]));
    if (!found) return;
    const name = operatorName(ctx);
    const lang = langOf(found.user);
    // One operator at a time: a second Take does not take the ticket from the first.
    const mine = found.ticket.operatorTelegramId === ctx.from.id;
    const taken = await takeTicket(deps.db, found.ticket.id, { telegramId: ctx.from.id, name });
    if (!taken) {
      const other = (await getTicket(deps.db, found.ticket.id))?.operatorName ?? "—";
      return void (await ctx.answerCallbackQuery({ text: t(lang, "support-taken-by-other", { name: other }), show_alert: true }));
    }
    await ctx.answerCallbackQuery({ text: t(lang, "support-taken-answer") });
    if (mine) return;
    await ctx
      .editMessageText(await cardText(deps.db, taken, { user: found.user }), { reply_markup: cardKeyboard(lang, taken) })
      .catch(() => {});
    await postInTopic(ctx.api, topicDeps, taken, { kind: "text", html: t(lang, "support-taken", { name: esc(name) }) });
  });

  group.callbackQuery(patterns.supportClose, async (ctx) => {
    if (await refuseAnonymous(ctx)) return;
    const found = await openTicketOf(ctx, Number(ctx.match[1]));
    if (!found) return;
    const lang = langOf(found.user);
    const by = { kind: "operator", name: operatorName(ctx) } as const;
    const closed = await closeSupportTicket(ctx.api, topicDeps, found.ticket, lang, by, () => ctx.answerCallbackQuery());
    if (!closed) return ctx.answerCallbackQuery({ text: t(lang, "support-already-closed") });
    await ctx.editMessageText(await cardText(deps.db, closed, { user: found.user })).catch(() => {});
    if (found.user.telegramId === null) return;
    // Not awaited: the group's updates run one at a time, and the other topics need not wait for
    // this parent's chat (a slow or rate-limited one) to take the hand-back.
    const parent = { telegramId: found.user.telegramId, firstName: found.user.fullName ?? "—" };
    void dispatchResume(bot, deps.log, parent, closed.id).then(async (outcome) => {
      if (outcome !== "blocked") return;
      await postInTopic(ctx.api, topicDeps, closed, { kind: "text", html: t(lang, "support-parent-not-told") }).catch((error: unknown) =>
        deps.log.warn({ ticket: closed.id, error }, "support: could not say the parent was not told"),
      );
    });
  });

  // An operator's message, or one they edited (the parent gets the new version, marked as a correction
  // when they had the first). An admin writing anonymously (as the group) is an operator too.
  group.on(["message", "edited_message"], async (ctx) => {
    const message = ctx.message ?? ctx.editedMessage!;
    const threadId = message.message_thread_id;
    // Posted as a channel (Telegram's "Send as"): signed by the channel, by no operator; Telegram's own forward of a linked
    // channel's post is no one's message.
    const asChannel = message.sender_chat !== undefined && message.sender_chat.id !== chatId && !message.is_automatic_forward;
    const byBot = message.from.is_bot && message.sender_chat?.id !== chatId;
    if (threadId === undefined || !message.is_topic_message || (byBot && !asChannel) || !isCopyable(message)) return;
    const ticket = await latestTicketByTopic(deps.db, threadId);
    if (!ticket) return; // a topic the operators made for themselves
    if (asChannel) {
      // Not relayed, and said so under it (once: not again for its edits), in the poster's language — Russian when unknown.
      if (ctx.editedMessage) return;
      const lang = telegramLang(ctx.from?.language_code) ?? "ru";
      const html = t(lang, "support-channel-not-relayed");
      return void (await postInTopic(ctx.api, topicDeps, ticket, { kind: "text", html, replyTo: message.message_id }));
    }
    const user = await getUser(deps.db, ticket.parentId);
    if (!user?.telegramId) return;
    const lang = langOf(user);
    // A line for the operator, under their message: at once, or behind the posts waiting for the group's limit.
    const tell = (key: string) =>
      postInTopic(ctx.api, topicDeps, ticket, { kind: "text", html: t(lang, key), replyTo: message.message_id });
    if (ticket.status !== "open") return void (await tell("support-topic-closed-hint"));
    const relay = { chatId, messageId: message.message_id, ticketId: ticket.id };
    // An edit corrects what the parent has; a message they never had (a note, until now) is new to them.
    // A new message outside an album was never seen: nothing to look up.
    const lookup = ctx.editedMessage !== undefined || message.media_group_id !== undefined;
    const known = lookup ? await relayOf(deps.db, chatId, message.message_id, message.media_group_id) : undefined;
    const version = fingerprint(message);
    // A version handled already, sent again as an edit (Telegram does so for a reaction to it): nothing changed.
    if (ctx.editedMessage && known?.fingerprint === version) return;
    const seen = known?.as;
    const note = isPrivateNote(message) || message.forward_origin !== undefined || (ctx.message !== undefined && seen === "note");
    if (note) {
      if (seen === "sent") {
        await recordVersion(deps.db, chatId, message.message_id, version);
        return void (await tell("support-note-already-sent"));
      }
      await recordNote(deps.db, { ...relay, mediaGroupId: message.media_group_id });
      if (ctx.editedMessage) await recordVersion(deps.db, chatId, message.message_id, version);
      // A forward may be the colleagues' own message: it is not the operator's to pass on unseen.
      if (message.forward_origin) await tell("support-forward-kept");
      return;
    }
    try {
      if (seen === "sent") await ctx.api.sendMessage(user.telegramId, t(lang, "support-operator-edited"));
      await ctx.api.copyMessage(user.telegramId, chatId, message.message_id);
      await recordSent(deps.db, { ...relay, fingerprint: version });
    } catch (err) {
      if (!isBlocked(err)) {
        // Refused for good, or still failing after the retries: the operator must know the parent has not got it.
        deps.log.error({ ticket: ticket.id, error: err }, "support: could not copy the operator's message to the parent");
        return void (await tell("support-operator-relay-failed"));
      }
      await markBlocked(deps.db, user.telegramId, deps.now());
      await tell("support-parent-blocked");
    }
    // Answered (or the parent is gone): the parent is no longer waiting for the reminder's sake.
    await updateTicket(deps.db, ticket.id, { lastOperatorMessageAt: deps.now() });
  });

  return composer;
}
