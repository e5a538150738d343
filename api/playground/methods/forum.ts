/** Forum topics of the support supergroup: create, edit, close, reopen, delete. */
import { badRequest, texts } from "#root/api/playground/errors.ts";
import type { EmulatedChat, ForumTopicState } from "#root/api/playground/state.ts";
import { checkUtf8 } from "#root/api/playground/keyboards.ts";
import type { MethodContext, MethodHandler } from "./context.ts";

const ICON_COLORS = [0x6fb9f0, 0xffd67e, 0xcb86db, 0x8eee98, 0xff93b2, 0xfb6f5f];

/** The forum and, for topic methods, the topic — only for a bot that may manage topics. */
function forum(ctx: MethodContext): EmulatedChat {
  const chat = ctx.state.chatForBot(ctx.bot, ctx.params.chatId());
  if (chat.kind !== "group") throw badRequest("the chat is not a forum");
  if (!chat.admins.has(ctx.bot.id)) throw badRequest("not enough rights to manage topics");
  return chat;
}

function topic(ctx: MethodContext): { chat: EmulatedChat; topic: ForumTopicState } {
  const chat = forum(ctx);
  const t = chat.topics.get(ctx.params.int("message_thread_id", "message thread identifier is not specified"));
  if (!t || t.deleted) throw badRequest(texts.threadNotFound);
  return { chat, topic: t };
}

function serviceMessage(ctx: MethodContext, chat: EmulatedChat, threadId: number, content: Record<string, unknown>): void {
  ctx.state.append(
    chat,
    { from: ctx.bot.user, message_thread_id: threadId, is_topic_message: true, ...content } as never,
    "service",
    ctx.bot.id,
  );
}

export const forumMethods: Record<string, MethodHandler> = {
  createForumTopic: (ctx) => {
    const chat = forum(ctx);
    const name = checkUtf8(ctx.params.str("name", "topic name is empty"));
    if (name.length > 128) throw badRequest("TOPIC_TITLE_INVALID");
    const color = ctx.params.optInt("icon_color") ?? ICON_COLORS[chat.topics.size % ICON_COLORS.length]!;
    if (!ICON_COLORS.includes(color)) throw badRequest("TOPIC_ICON_COLOR_INVALID");
    // The topic's thread id is the id of its "topic created" service message, as in Telegram.
    const threadId = chat.nextMessageId;
    const emoji = ctx.params.optStr("icon_custom_emoji_id");
    chat.topics.set(threadId, {
      threadId,
      name,
      iconColor: color,
      closed: false,
      deleted: false,
      ...(emoji ? { iconCustomEmojiId: emoji } : {}),
    });
    ctx.state.saveChat(chat);
    serviceMessage(ctx, chat, threadId, { forum_topic_created: { name, icon_color: color } });
    ctx.state.events.emit({ type: "directory", what: "topics" });
    return { message_thread_id: threadId, name, icon_color: color, ...(emoji ? { icon_custom_emoji_id: emoji } : {}) };
  },

  editForumTopic: (ctx) => {
    const { chat, topic: t } = topic(ctx);
    const name = ctx.params.optStr("name");
    if (name !== undefined) t.name = checkUtf8(name);
    const emoji = ctx.params.optStr("icon_custom_emoji_id");
    if (emoji !== undefined) t.iconCustomEmojiId = emoji;
    ctx.state.saveChat(chat);
    serviceMessage(ctx, chat, t.threadId, { forum_topic_edited: { ...(name ? { name } : {}) } });
    ctx.state.events.emit({ type: "directory", what: "topics" });
    return true;
  },

  closeForumTopic: (ctx) => setClosed(ctx, true),
  reopenForumTopic: (ctx) => setClosed(ctx, false),

  deleteForumTopic: (ctx) => {
    const { chat, topic: t } = topic(ctx);
    t.deleted = true;
    ctx.state.saveChat(chat);
    for (const stored of chat.messages.values()) {
      if (stored.message.message_thread_id === t.threadId && !stored.deleted) ctx.state.remove(chat, stored);
    }
    ctx.state.events.emit({ type: "directory", what: "topics" });
    return true;
  },
};

function setClosed(ctx: MethodContext, closed: boolean): true {
  const { chat, topic: t } = topic(ctx);
  if (t.closed === closed) throw badRequest("TOPIC_NOT_MODIFIED");
  t.closed = closed;
  ctx.state.saveChat(chat);
  serviceMessage(ctx, chat, t.threadId, closed ? { forum_topic_closed: {} } : { forum_topic_reopened: {} });
  ctx.state.events.emit({ type: "directory", what: "topics" });
  return true;
}
