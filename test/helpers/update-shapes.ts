/**
 * Updates real Telegram sends that the playground's simulated users do not: a tap on a message
 * the bot can no longer see (an InaccessibleMessage: `date: 0`, no text, no keyboard — the message
 * was deleted, or is days old), a tap on an inline message (`inline_message_id`, no message, no
 * chat), a private message with any content at all (a story, a giveaway, a dice, a venue…), and
 * any other update type (my_chat_member, message_reaction, inline_query, poll_answer…). Each goes
 * through the emulator's update queue, as a tap or a message of the simulated user does.
 */
import { Writable } from "node:stream";
import type { Message, Update } from "grammy/types";
import type { Emulator } from "#root/api/playground/index.ts";
import type { NewUpdate } from "#root/api/playground/updates.ts";
import { createLogger, type Logger } from "#root/log.ts";
import type { TgChat } from "./tg-client.ts";

/** A system's logger whose lines the test reads: `errors()`, the messages logged at level error or above (a failed update among them). */
export function capturedLog(): { log: Logger; errors: () => string[] } {
  const lines: Array<{ level: number; msg: string }> = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger("info", sink), errors: () => lines.filter((l) => l.level >= 50).map((l) => l.msg) };
}

/** The bot of a private chat, and the emulator the chat is in. */
function where(chat: TgChat, emulator: Emulator) {
  const c = chat.chat.chat;
  if (c.kind !== "private" || c.botId === undefined) throw new Error("Only a private chat with a bot has one bot to deliver to.");
  return { c, botId: c.botId, state: emulator.state };
}

/**
 * Taps `data` on bot message `messageId` as Telegram reports a tap on a message the bot cannot
 * see: `message` is an InaccessibleMessage (the chat, the id, `date: 0`). `deleted`: the message
 * is gone too (an edit of it finds nothing), as when the parent deleted it; otherwise it is still
 * there, days old. Returns the query id (answerable, as Telegram's).
 */
export function tapInaccessible(
  emulator: Emulator,
  chat: TgChat,
  messageId: number,
  data: string,
  opts: { deleted?: boolean } = {},
): string {
  const { c, botId, state } = where(chat, emulator);
  const stored = state.liveMessage(c, messageId);
  if (!stored) throw new Error(`No live message ${messageId} to tap.`);
  if (opts.deleted) state.remove(c, stored);
  const id = state.newCallbackQuery(botId, c, messageId);
  state.deliver(botId, {
    callback_query: {
      id,
      from: state.userObject(chat.chat.user),
      message: { chat: c.chat, message_id: messageId, date: 0 },
      data,
      chat_instance: String(Math.abs(c.chat.id * 31 + botId) % 1e12),
    },
  });
  return id;
}

/** Taps `data` on an inline message (sent via inline mode): `inline_message_id`, no `message`, no chat. */
export function tapInline(emulator: Emulator, chat: TgChat, data: string): string {
  const { c, botId, state } = where(chat, emulator);
  const id = state.newCallbackQuery(botId, c, 0);
  state.deliver(botId, {
    callback_query: { id, from: state.userObject(chat.chat.user), inline_message_id: "AgAAAN0sAQCqD0kF", data, chat_instance: "-42" },
  });
  return id;
}

/**
 * The user sends a message with this content into the private chat (what the playground's
 * composer cannot make): kept in the chat as the user's, delivered to the bot.
 */
export function sendRaw(emulator: Emulator, chat: TgChat, content: Partial<Message>): Message {
  const { c, botId, state } = where(chat, emulator);
  const user = state.userObject(chat.chat.user);
  const stored = state.append(c, { from: user, ...content } as Message, "user", chat.chat.user.id);
  state.deliver(botId, { message: stored.message as never });
  return stored.message;
}

/**
 * Any update, as Telegram would send it to the bot of `chat` (or to bot `botId`) — also one of a
 * type the bot's allowed_updates leaves out: Telegram's own caveat is that the list "doesn't
 * affect updates created before the call", and a forged webhook request knows no list.
 */
export function deliverRaw(emulator: Emulator, to: TgChat | number, update: NewUpdate | Omit<Update, "update_id">): void {
  const botId = typeof to === "number" ? to : where(to, emulator).botId;
  const queue = emulator.state.bot(botId).updates as unknown as { allowed: string[] | undefined };
  const allowed = queue.allowed;
  queue.allowed = undefined;
  try {
    emulator.state.deliver(botId, update as NewUpdate);
  } finally {
    queue.allowed = allowed;
  }
}
