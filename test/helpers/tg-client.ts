/**
 * A typed Telegram test client over the playground emulator, in process:
 *
 * ```ts
 * const user = tgUser(emulator, { firstName: "Aigerim", lang: "kk" }).chatWith("parent_bot");
 * await user.send("/start");
 * await user.tap("Русский");
 * const reply = await user.nextMessage(/Здравствуйте/);
 * ```
 * Also `serveEmulator(emulator)` to run the emulator's routes on a free port.
 */
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import type { Contact, InlineKeyboardButton, KeyboardButton, Message } from "grammy/types";
import type { Emulator, UserChat, UserSpec } from "#root/api/playground/index.ts";

/** Starts the emulator's routes on 127.0.0.1 and a free port. */
export async function serveEmulator(emulator: Emulator): Promise<{ url: string; port: number; close: () => Promise<void> }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: emulator.routes.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) => {
      resolve({
        url: `http://127.0.0.1:${info.port}`,
        port: info.port,
        close: () =>
          new Promise<void>((done) => {
            const http = server as unknown as { closeAllConnections?: () => void };
            server.close(() => done());
            http.closeAllConnections?.();
          }),
      });
    });
  });
}

/** Creates (or reuses, by id) a simulated user and returns the test-side handle. */
export function tgUser(emulator: Emulator, spec: UserSpec | number): TgUser {
  return new TgUser(emulator, spec);
}

/** A simulated user in tests. */
export class TgUser {
  private readonly sim;
  constructor(
    private readonly emulator: Emulator,
    spec: UserSpec | number,
  ) {
    this.sim = emulator.user(spec);
  }

  /** The user's Telegram id. */
  get id(): number {
    return this.sim.id;
  }

  /** The private chat with a bot (username, token or label). */
  chatWith(bot: string | number): TgChat {
    const chat = this.sim.chatWith(bot);
    return new TgChat(this.emulator, chat, `@${this.emulator.state.bot(bot).username}`);
  }

  /** The support group (optionally one topic). */
  inGroup(threadId?: number): TgChat {
    return new TgChat(this.emulator, this.sim.inGroup(threadId), threadId === undefined ? "the support group" : `topic ${threadId}`);
  }
}

/** A file a bot sent, as the user downloads it. */
export interface Download {
  bytes: Uint8Array;
  fileName?: string;
  mimeType?: string;
}

/** One chat from the user's side, with waiting helpers. */
export class TgChat {
  private cursor: number;

  constructor(
    private readonly emulator: Emulator,
    readonly chat: UserChat,
    private readonly name: string,
  ) {
    this.cursor = emulator.state.events.seq;
  }

  /** Sends text (commands get bot_command entities). */
  async send(text: string): Promise<Message> {
    return this.chat.sendText(text);
  }

  /**
   * Taps the button with this text: an inline button of the latest bot message that has it
   * (sends callback_query; resolves with the query id), or a reply keyboard button (sends its
   * text, or the user's contact for a request_contact button).
   */
  async tap(text: string): Promise<string | Message> {
    for (const m of this.botMessages().reverse()) {
      const button = m.reply_markup?.inline_keyboard.flat().find((b) => b.text === text);
      if (!button) continue;
      if ("callback_data" in button) return this.chat.tapButton(m.message_id, button.callback_data);
      throw new Error(`Button "${text}" has no callback_data (${JSON.stringify(button)}); tests can only tap callback buttons.`);
    }
    const key = this.chat.chat.replyKeyboard?.keyboard.flat().find((b) => buttonText(b) === text);
    if (key !== undefined) {
      return typeof key !== "string" && "request_contact" in key && key.request_contact
        ? this.chat.sendContact()
        : this.chat.sendText(text);
    }
    throw new Error(`No button "${text}" in ${this.name}. Buttons now: ${JSON.stringify(this.allButtons())}`);
  }

  /** Sends a photo. */
  async sendPhoto(bytes: Uint8Array, caption?: string): Promise<Message> {
    return this.chat.sendPhoto(bytes, caption);
  }

  /** Sends a document. */
  async sendDocument(bytes: Uint8Array, fileName: string, mimeType?: string): Promise<Message> {
    return this.chat.sendDocument(bytes, fileName, mimeType);
  }

  /** Shares the user's own contact through the keyboard's request_contact button (which must be shown). */
  async shareContact(): Promise<Message> {
    const button = this.chat.chat.replyKeyboard?.keyboard
      .flat()
      .find((b) => typeof b !== "string" && "request_contact" in b && b.request_contact);
    if (!button) throw new Error(`${this.name} shows no "share contact" button. Buttons now: ${JSON.stringify(this.allButtons())}`);
    return this.chat.sendContact();
  }

  /** Sends any contact (e.g. someone else's phone, for hostile tests). */
  async sendContact(contact: Partial<Contact>): Promise<Message> {
    return this.chat.sendContact(contact);
  }

  /**
   * Waits for the next bot message or edit in this chat whose text (or caption) matches.
   * Messages that do not match are skipped. The timeout error lists what the bot said.
   */
  async nextMessage(pattern?: RegExp | string, { timeoutMs = 5000 } = {}): Promise<Message> {
    const log = this.emulator.state.events;
    const deadline = Date.now() + timeoutMs;
    const skipped: string[] = [];
    for (;;) {
      for (const e of log.since(this.cursor)) {
        this.cursor = e.seq;
        if ((e.type !== "message" && e.type !== "edit") || e.sender !== "bot" || e.chatKey !== this.chat.chat.key) continue;
        if (this.chat.threadId !== undefined && e.message.message_thread_id !== this.chat.threadId) continue;
        const text = describe(e.message);
        if (pattern === undefined || (typeof pattern === "string" ? text.includes(pattern) : pattern.test(text))) return e.message;
        skipped.push(`${e.type === "edit" ? "(edit) " : ""}${text}`);
      }
      const left = deadline - Date.now();
      if (left <= 0) {
        const all = this.chat.messages().map((m) => `${m.sender}: ${describe(m.message)}`);
        throw new Error(
          `No bot message matching ${String(pattern ?? "(any)")} in ${this.name} within ${timeoutMs} ms.\n` +
            `Skipped bot messages: ${JSON.stringify(skipped)}\nThe chat so far:\n  ${all.join("\n  ")}`,
        );
      }
      await log.wait(this.cursor, left);
    }
  }

  /** Waits for the bot's answerCallbackQuery to a tap. */
  async callbackAnswer(queryId: string, { timeoutMs = 5000 } = {}): Promise<{ text?: string; showAlert: boolean; url?: string }> {
    const log = this.emulator.state.events;
    const deadline = Date.now() + timeoutMs;
    for (let after = 0; ; ) {
      const found = log.since(after).find((e) => e.type === "callback_answer" && e.queryId === queryId);
      if (found && found.type === "callback_answer")
        return {
          showAlert: found.showAlert,
          ...(found.text !== undefined ? { text: found.text } : {}),
          ...(found.url ? { url: found.url } : {}),
        };
      after = log.seq;
      if (Date.now() >= deadline) throw new Error(`The bot did not answer callback query ${queryId} within ${timeoutMs} ms.`);
      await log.wait(after, deadline - Date.now());
    }
  }

  /** Button texts the user sees now: the latest bot message's inline keyboard, else the reply keyboard. */
  lastKeyboard(): string[] {
    const last = this.botMessages().at(-1);
    if (last?.reply_markup) return last.reply_markup.inline_keyboard.flat().map((b: InlineKeyboardButton) => b.text);
    return (this.chat.chat.replyKeyboard?.keyboard ?? []).flat().map(buttonText);
  }

  /** Live messages of the chat, both sides, oldest first. */
  messages(): Message[] {
    return this.chat.messages().map((m) => m.message);
  }

  /** Live messages the bots sent, oldest first. */
  botMessages(): Message[] {
    return this.chat
      .messages()
      .filter((m) => m.sender === "bot")
      .map((m) => m.message);
  }

  /** Downloads the file of the latest bot message with a document or photo. */
  async downloadLast(): Promise<Download> {
    const m = this.botMessages()
      .reverse()
      .find((x) => x.document || x.photo);
    if (!m) throw new Error(`No bot message with a file in ${this.name}. The chat: ${JSON.stringify(this.messages().map(describe))}`);
    const fileId = m.document?.file_id ?? m.photo!.at(-1)!.file_id;
    const file = this.emulator.state.files.get(fileId)!;
    return {
      bytes: file.bytes,
      ...(file.fileName ? { fileName: file.fileName } : {}),
      ...(file.mimeType ? { mimeType: file.mimeType } : {}),
    };
  }

  private allButtons(): string[] {
    const inline = this.botMessages().flatMap((m) => m.reply_markup?.inline_keyboard.flat().map((b) => b.text) ?? []);
    return [...inline, ...(this.chat.chat.replyKeyboard?.keyboard ?? []).flat().map(buttonText)];
  }
}

function buttonText(b: KeyboardButton): string {
  return typeof b === "string" ? b : b.text;
}

/** A one-line description of a message for matching and error texts. */
function describe(m: Message): string {
  if (m.text !== undefined) return m.text;
  const kind = m.document
    ? `[document ${m.document.file_name ?? ""}]`
    : m.photo
      ? "[photo]"
      : m.contact
        ? `[contact ${m.contact.phone_number}]`
        : "[message]";
  return m.caption ? `${kind} ${m.caption}` : kind;
}

/**
 * Throws when a tap was never answered (answerCallbackQuery): on a phone its button's spinner
 * turns until Telegram gives up. Call once the bots have handled every update (after they stop).
 */
export function assertTapsAnswered(emulator: Emulator): void {
  const state = emulator.state;
  const unanswered = state.unansweredCallbackQueries().map((q) => {
    const chat = state.chats.get(q.chatKey);
    const tapped = chat?.messages.get(q.messageId)?.message;
    const text = tapped ? describe(tapped).slice(0, 80) : "(gone)";
    return `@${state.bots.get(q.botId)?.username} ${q.chatKey}: "${q.data}" on message ${q.messageId} ${JSON.stringify(text)}`;
  });
  if (unanswered.length > 0) throw new Error(`Taps the bot never answered (answerCallbackQuery):\n  ${unanswered.join("\n  ")}`);
}
