/**
 * Shared pieces of the sending methods: formatted text and captions,
 * reply_markup, forum threads and replies — all with Telegram's checks.
 */
import type { Message, MessageEntity } from "grammy/types";
import { badRequest, forbidden, texts } from "./errors.ts";
import type { Faults } from "./faults.ts";
import { EntityParseError, parseTelegramHtml } from "./html.ts";
import { checkUtf8, validateMarkup, type Markup } from "./keyboards.ts";
import type { Params } from "./params.ts";
import type { EmulatedBot, EmulatedChat, EmulatorState, StoredMessage } from "./state.ts";

/** Reads `text`/`caption` with `parse_mode` or explicit entities into what a client shows. */
export function formattedText(p: Params, field: "text" | "caption"): { text: string; entities?: MessageEntity[] } | undefined {
  const raw = field === "text" ? p.str("text", "message text is empty") : p.optStr("caption");
  if (raw === undefined) return undefined;
  checkUtf8(raw);
  const mode = p.optStr("parse_mode");
  let text = raw;
  let entities: MessageEntity[] | undefined = p.json<MessageEntity[]>(field === "text" ? "entities" : "caption_entities");
  if (
    entities !== undefined &&
    (!Array.isArray(entities) || !entities.every((e) => e && Number.isInteger(e.offset) && Number.isInteger(e.length)))
  ) {
    throw badRequest("can't parse entities JSON object");
  }
  if (mode && mode.toLowerCase() === "html") {
    try {
      ({ text, entities } = parseTelegramHtml(raw));
    } catch (e) {
      if (e instanceof EntityParseError) throw badRequest(`can't parse entities: ${e.message}`);
      throw e;
    }
  } else if (mode) {
    throw badRequest(`unsupported parse_mode "${mode}": the playground emulator implements HTML only`);
  }
  entities = withDetected(text, entities ?? []);
  if (field === "text" && text.trim() === "") throw badRequest("message text is empty");
  if (field === "text" && text.length > 4096) throw badRequest("message is too long");
  if (field === "caption" && text.length > 1024) throw badRequest("message caption is too long");
  return { text, ...(entities && entities.length > 0 ? { entities } : {}) };
}

/**
 * Telegram also marks /commands and http(s) links in bots' texts; the emulator adds those
 * that do not overlap an explicit entity, so clients (and the web chat) see the same.
 */
function withDetected(text: string, entities: MessageEntity[]): MessageEntity[] {
  const found: MessageEntity[] = [];
  for (const m of text.matchAll(/(^|[\s(])(\/[a-zA-Z0-9_]{1,32}(?:@\w{3,32})?|https?:\/\/[^\s<>"]+[^\s<>".,;:!?)])/g)) {
    const offset = m.index! + m[1]!.length;
    const length = m[2]!.length;
    if (entities.some((e) => e.offset < offset + length && offset < e.offset + e.length)) continue;
    found.push({ type: m[2]!.startsWith("/") ? "bot_command" : "url", offset, length });
  }
  return [...entities, ...found].sort((a, b) => a.offset - b.offset || b.length - a.length);
}

/** Reads and validates reply_markup. */
export function readMarkup(p: Params): Markup {
  return validateMarkup(p.json("reply_markup", "can't parse reply keyboard markup JSON object"));
}

/** The target chat of a sending method, refusing blocked users with 403. */
export function targetChat(state: EmulatorState, faults: Faults, bot: EmulatedBot, p: Params): EmulatedChat {
  const chat = state.chatForBot(bot, p.chatId());
  if (chat.kind === "private" && faults.isBlocked(chat.userId!, bot.id)) throw forbidden(texts.blocked);
  return chat;
}

/** message_thread_id checked against the forum's live topics; in private chats it is ignored. */
export function threadFields(p: Params, chat: EmulatedChat, bot: EmulatedBot): Partial<Message> {
  const threadId = p.optInt("message_thread_id");
  if (threadId === undefined || chat.kind !== "group") return {};
  const topic = chat.topics.get(threadId);
  if (!topic || topic.deleted) throw badRequest(texts.threadNotFound);
  if (topic.closed && !chat.admins.has(bot.id)) throw badRequest("TOPIC_CLOSED");
  return { message_thread_id: threadId, is_topic_message: true };
}

/** reply_to_message from reply_parameters or reply_to_message_id. */
export function replyFields(state: EmulatorState, p: Params, chat: EmulatedChat): Partial<Message> {
  const params = p.json<{ message_id?: number; allow_sending_without_reply?: boolean }>("reply_parameters");
  const id = params?.message_id ?? p.optInt("reply_to_message_id");
  if (id === undefined) return {};
  const target = state.liveMessage(chat, id);
  if (target) return { reply_to_message: target.message as Message & { reply_to_message: undefined } };
  if (params?.allow_sending_without_reply || p.bool("allow_sending_without_reply")) return {};
  throw badRequest("message to be replied not found");
}

/** Stores a bot's message, remembering the reply keyboard it showed or removed. */
export function storeBotMessage(
  state: EmulatorState,
  chat: EmulatedChat,
  bot: EmulatedBot,
  content: Partial<Message>,
  markup: Markup,
): StoredMessage {
  if (markup.reply) chat.replyKeyboard = markup.reply;
  if (markup.remove) delete chat.replyKeyboard;
  if (markup.reply || markup.remove) state.saveChat(chat);
  const stored = state.append(
    chat,
    { from: bot.user, ...content, ...(markup.inline ? { reply_markup: markup.inline } : {}) } as Message,
    "bot",
    bot.id,
  );
  state.grantFiles(stored.message, bot.id);
  return stored;
}
