/** Text messages and what bots do with messages: send, edit, delete, copy, forward. */
import type { Message } from "grammy/types";
import { badRequest, texts } from "#root/api/playground/errors.ts";
import { formattedText, readMarkup, replyFields, storeBotMessage, targetChat, threadFields } from "#root/api/playground/compose.ts";
import type { Params } from "#root/api/playground/params.ts";
import type { EmulatedBot, EmulatedChat, EmulatorState, StoredMessage } from "#root/api/playground/state.ts";
import type { MethodContext, MethodHandler } from "./context.ts";

const CONTENT_FIELDS = [
  "text",
  "entities",
  "photo",
  "document",
  "caption",
  "caption_entities",
  "contact",
  "location",
  "sticker",
  "voice",
] as const;

/** The message a bot wants to edit, with Telegram's refusals. */
function messageToEdit({ state, bot, params: p }: MethodContext): { chat: EmulatedChat; stored: StoredMessage } {
  if (p.has("inline_message_id")) throw badRequest("inline messages are not supported by the playground emulator");
  const chat = state.chatForBot(bot, p.chatId());
  const stored = state.liveMessage(chat, p.int("message_id", "message identifier is not specified"));
  if (!stored) throw badRequest(texts.messageToEditNotFound);
  if (stored.sender !== "bot" || stored.senderId !== bot.id) throw badRequest("message can't be edited");
  return { chat, stored };
}

/** Saves an edit unless nothing changed, which Telegram refuses. */
function saveEdit(state: EmulatorState, chat: EmulatedChat, stored: StoredMessage, next: Message): Message {
  const before = stored.message;
  const same = (["text", "entities", "caption", "caption_entities", "reply_markup"] as const).every(
    (k) => JSON.stringify(before[k] ?? null) === JSON.stringify(next[k] ?? null),
  );
  if (same) throw badRequest(texts.notModified);
  const edited = { ...next, edit_date: state.now() } as Message;
  state.replace(chat, stored, edited);
  return edited;
}

/** The message being copied or forwarded, as the calling bot can see it. */
function sourceMessage(state: EmulatorState, bot: EmulatedBot, p: Params, what: "copy" | "forward"): StoredMessage {
  const from = state.chatForBot(bot, p.chatId("from_chat_id"));
  const stored = state.liveMessage(from, p.int("message_id", "message identifier is not specified"));
  if (!stored) throw badRequest(`message to ${what} not found`);
  if (stored.sender === "service") throw badRequest(`message can't be ${what === "copy" ? "copied" : "forwarded"}`);
  // As Telegram: "service messages, paid media messages, giveaway messages, giveaway winners messages, and invoice
  // messages can't be copied" (a user can forward a channel's giveaway or paid post to a bot).
  const m = stored.message;
  if (what === "copy" && (m.giveaway || m.giveaway_winners || m.paid_media || m.invoice)) throw badRequest("message can't be copied");
  return stored;
}

function contentOf(message: Message): Partial<Message> {
  const out: Record<string, unknown> = {};
  for (const k of CONTENT_FIELDS) if (message[k] !== undefined) out[k] = message[k];
  return out as Partial<Message>;
}

export const messageMethods: Record<string, MethodHandler> = {
  sendMessage: ({ state, faults, bot, params: p }) => {
    const chat = targetChat(state, faults, bot, p);
    const content = formattedText(p, "text")!;
    const markup = readMarkup(p);
    return storeBotMessage(state, chat, bot, { ...threadFields(p, chat, bot), ...replyFields(state, p, chat), ...content }, markup).message;
  },

  editMessageText: (ctx) => {
    const { chat, stored } = messageToEdit(ctx);
    if (stored.message.text === undefined) throw badRequest("there is no text in the message to edit");
    const content = formattedText(ctx.params, "text")!;
    const markup = readMarkup(ctx.params);
    const { text: _t, entities: _e, reply_markup: _r, ...rest } = stored.message;
    // As in Telegram, an edit without reply_markup removes the inline keyboard.
    return saveEdit(ctx.state, chat, stored, { ...rest, ...content, ...(markup.inline ? { reply_markup: markup.inline } : {}) } as Message);
  },

  editMessageCaption: (ctx) => {
    const { chat, stored } = messageToEdit(ctx);
    if (stored.message.text !== undefined) throw badRequest("there is no caption in the message to edit");
    const caption = formattedText(ctx.params, "caption");
    const markup = readMarkup(ctx.params);
    const { caption: _c, caption_entities: _e, reply_markup: _r, ...rest } = stored.message;
    const captionFields = caption ? { caption: caption.text, ...(caption.entities ? { caption_entities: caption.entities } : {}) } : {};
    return saveEdit(ctx.state, chat, stored, {
      ...rest,
      ...captionFields,
      ...(markup.inline ? { reply_markup: markup.inline } : {}),
    } as Message);
  },

  editMessageReplyMarkup: (ctx) => {
    const { chat, stored } = messageToEdit(ctx);
    const markup = readMarkup(ctx.params);
    const { reply_markup: _r, ...rest } = stored.message;
    return saveEdit(ctx.state, chat, stored, { ...rest, ...(markup.inline ? { reply_markup: markup.inline } : {}) } as Message);
  },

  deleteMessage: ({ state, bot, params: p }) => {
    const chat = state.chatForBot(bot, p.chatId());
    const stored = state.liveMessage(chat, p.int("message_id", "message identifier is not specified"));
    if (!stored) throw badRequest(texts.messageToDeleteNotFound);
    const own = stored.sender === "bot" && stored.senderId === bot.id;
    if (!own && chat.kind === "group" && !chat.admins.has(bot.id)) throw badRequest("message can't be deleted");
    state.remove(chat, stored);
    return true;
  },

  copyMessage: ({ state, faults, bot, params: p }) => {
    const source = sourceMessage(state, bot, p, "copy");
    const chat = targetChat(state, faults, bot, p);
    const content = contentOf(source.message);
    const caption = p.has("caption") ? formattedText(p, "caption") : undefined;
    if (caption) Object.assign(content, { caption: caption.text, caption_entities: caption.entities });
    const markup = readMarkup(p);
    const copy = storeBotMessage(state, chat, bot, { ...threadFields(p, chat, bot), ...replyFields(state, p, chat), ...content }, markup);
    return { message_id: copy.message.message_id };
  },

  forwardMessage: ({ state, faults, bot, params: p }) => {
    const source = sourceMessage(state, bot, p, "forward");
    const chat = targetChat(state, faults, bot, p);
    const original = source.message;
    const origin = original.forward_origin ?? {
      type: "user" as const,
      sender_user: original.from ?? bot.user,
      date: original.date,
    };
    const content = { ...threadFields(p, chat, bot), ...contentOf(original), forward_origin: origin };
    return storeBotMessage(state, chat, bot, content, {}).message;
  },
};
