/**
 * A simulated parent in a private chat with a bot that runs in this process: builds the updates
 * a Telegram client would send (text and commands, taps on inline buttons found by their text,
 * a shared contact, a photo, a document), hands them to `bot.handleUpdate` one at a time, times
 * each, and checks that the bot answered what the script expects (a benchmark of error paths
 * would measure nothing useful).
 */
import type { Bot, Context } from "grammy";
import type { Message, Update } from "grammy/types";
import type { FakeTelegram } from "./fake-telegram.ts";

// Update ids unique across runs (a bot may remember the ids it handled, to drop redeliveries).
let nextUpdateId = Date.now() % 1_000_000_000;

/** Processes sharing one stack (and its update claims) each take ids from a range of their own. */
export function startUpdateIdsAt(first: number): void {
  nextUpdateId = first;
}

/** One timed update. */
export interface Sample {
  label: string;
  ms: number;
  /**
   * CPU ms (user + system) of this whole process while the update was handled, render thread
   * included: the update's own cost only when nothing else runs (one parent at a time).
   */
  cpuMs: number;
}

export class ScriptError extends Error {
  override name = "ScriptError";
}

/** The benchmark's time is up: the parent stops where it is. */
export class DeadlineError extends Error {
  override name = "DeadlineError";
}

export class SimParent {
  readonly from;
  readonly chat;

  constructor(
    readonly id: number,
    private readonly bot: Bot<Context> | Bot<never>,
    private readonly fake: FakeTelegram,
    private readonly samples: Sample[] | undefined,
    private readonly lang = "ru",
    /** performance.now() after which every further update throws {@link DeadlineError}. */
    private readonly deadline = Infinity,
  ) {
    this.from = { id, is_bot: false, first_name: "Parent", language_code: this.lang };
    this.chat = { id, type: "private" as const, first_name: "Parent" };
  }

  private base(): Pick<Message, "message_id" | "date" | "chat" | "from"> {
    return { message_id: this.fake.nextMessageId(this.id), date: Math.floor(Date.now() / 1000), chat: this.chat, from: this.from } as never;
  }

  /** Feed one update and time it; returns how many bot messages it produced. */
  async feed(label: string, update: Omit<Update, "update_id">): Promise<void> {
    if (performance.now() > this.deadline) throw new DeadlineError();
    const full = { update_id: nextUpdateId++, ...update } as Update;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await (this.bot as Bot<Context>).handleUpdate(full);
    const ms = performance.now() - t0;
    const c = process.cpuUsage(c0);
    this.samples?.push({ label, ms, cpuMs: (c.user + c.system) / 1000 });
  }

  send(text: string, label = text.startsWith("/") ? text : "text"): Promise<void> {
    const entities = text.startsWith("/") ? [{ type: "bot_command" as const, offset: 0, length: text.split(" ")[0]!.length }] : undefined;
    return this.feed(label, { message: { ...this.base(), text, ...(entities ? { entities } : {}) } as never });
  }

  shareContact(phone: string): Promise<void> {
    return this.feed("contact", {
      message: { ...this.base(), contact: { phone_number: phone, first_name: "Parent", user_id: this.id } } as never,
    });
  }

  sendPhoto(label = "photo"): Promise<void> {
    const n = nextUpdateId;
    return this.feed(label, {
      message: {
        ...this.base(),
        photo: [{ file_id: `jpeg-${this.id}-${n}`, file_unique_id: `uj${this.id}-${n}`, width: 1200, height: 1600, file_size: 22 }],
      } as never,
    });
  }

  /**
   * An album of `pages` photos: one update per photo, all with one media_group_id, fed one after
   * another as Telegram delivers them (each timed under its own label: `label 1`, `label 2`…).
   */
  async sendAlbum(pages: number, label = "album"): Promise<void> {
    const group = `album-${this.id}-${nextUpdateId}`;
    for (let i = 1; i <= pages; i++) {
      const n = nextUpdateId;
      await this.feed(`${label} ${i}`, {
        message: {
          ...this.base(),
          media_group_id: group,
          photo: [{ file_id: `jpeg-${this.id}-${n}`, file_unique_id: `uj${this.id}-${n}`, width: 1200, height: 1600, file_size: 22 }],
        } as never,
      });
    }
  }

  sendPdf(name: string, label = "document"): Promise<void> {
    const n = nextUpdateId;
    return this.feed(label, {
      message: {
        ...this.base(),
        document: {
          file_id: `pdf-${this.id}-${n}`,
          file_unique_id: `up${this.id}-${n}`,
          file_name: name,
          mime_type: "application/pdf",
          file_size: 80,
        },
      } as never,
    });
  }

  /** Tap the newest inline button whose text is `text` (or whose callback data matches `data:`). */
  tap(text: string, label = "tap"): Promise<void> {
    const messages = this.fake.messages(this.id);
    for (let i = messages.length - 1; i >= 0; i--) {
      const msg = messages[i]!;
      for (const row of msg.reply_markup?.inline_keyboard ?? []) {
        for (const b of row) {
          if (!("callback_data" in b)) continue;
          if (b.text === text || `data:${b.callback_data}` === text) {
            return this.feed(label, {
              callback_query: {
                id: String(nextUpdateId),
                from: this.from,
                chat_instance: String(this.id),
                message: msg,
                data: b.callback_data,
              } as never,
            });
          }
        }
      }
    }
    throw new ScriptError(`parent ${this.id}: no button "${text}" in the last messages: ${this.lastTexts()}`);
  }

  /** Tap a button by its callback data, as if it were on the newest message. */
  tapData(data: string, label = "tap"): Promise<void> {
    const msg = this.fake.messages(this.id).at(-1) ?? ({ ...this.base(), text: "" } as Message);
    return this.feed(label, {
      callback_query: { id: String(nextUpdateId), from: this.from, chat_instance: String(this.id), message: msg, data } as never,
    });
  }

  /** Check that one of the last bot messages matches (text or caption). */
  expect(re: RegExp): void {
    const found = this.fake.messages(this.id).some((m) => re.test(m.text ?? m.caption ?? ""));
    if (!found) throw new ScriptError(`parent ${this.id}: expected ${re} but the bot said: ${this.lastTexts()}`);
  }

  private lastTexts(): string {
    return this.fake
      .messages(this.id)
      .map((m) => JSON.stringify((m.text ?? m.caption ?? "").slice(0, 80)))
      .join(" | ");
  }
}
