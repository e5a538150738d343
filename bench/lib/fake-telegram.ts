/**
 * A Bot API answered in process: every method gets a plausible result (sendMessage → a message
 * with a per-chat increasing message_id, getFile → a file_path, the file download → the bytes)
 * without any HTTP. Three entry points, because grammY reaches the network three ways:
 *  - `transformer` for `bot.api.config` (copied onto every handler context's `ctx.api`);
 *  - `fetch` for the client options (conversations build their own `Api` from those options,
 *    so a transformer on `bot.api` never reaches them);
 *  - `fetch` as the global fetch for `<apiRoot>/file/bot…` downloads (bot/shared/files.ts).
 * It also keeps the last few messages of each chat, so a simulated user can find and tap buttons.
 */
import type { Transformer } from "grammy";
import type { Message, UserFromGetMe } from "grammy/types";
import sharp from "sharp";
import { JPEG, PDF } from "#root/test/helpers/system.ts";

/** Where the fake Bot API pretends to live: nothing listens there, so a leak fails loudly. */
export const FAKE_API_ROOT = "http://127.0.0.1:9";
export const FAKE_TOKEN = "123456:bench-token-not-a-real-one-abcdef";

// Uploads are decoded (sharp) and parsed (pdf-lib) before they are stored: the bench sends the
// tests' real 8×8 JPEG and one-page PDF, or a phone-sized photo ({@link phonePhoto}).
export { JPEG, PDF };

/**
 * A photo as Telegram hands a phone's picture to a bot: `width` × 4/3 pixels (Telegram scales a
 * photo's largest size to 1280 px, or 2560 px in HD), JPEG quality 85, a smooth gradient with
 * some grain (about 220 KB at 1280 px). The same bytes on every run.
 */
export async function phonePhoto(width: number): Promise<Uint8Array> {
  const height = Math.round((width * 4) / 3);
  const pixels = Buffer.alloc(width * height * 3);
  for (let i = 0; i < pixels.length; i++) {
    const x = (i % (width * 3)) / 12;
    const y = Math.floor(i / 3 / width) / 9;
    pixels[i] = (x + y + ((i * 2654435761) >>> 28)) & 0xff;
  }
  return new Uint8Array(
    await sharp(pixels, { raw: { width, height, channels: 3 } })
      .jpeg({ quality: 85 })
      .toBuffer(),
  );
}

export const BOT_USER: UserFromGetMe = {
  id: 123456,
  is_bot: true,
  first_name: "Bench bot",
  username: "bench_bot",
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: false,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
} as UserFromGetMe;

type Payload = Record<string, unknown>;
const KEEP_PER_CHAT = 6;

export class FakeTelegram {
  /** Last few bot messages per chat (newest last). */
  private readonly chats = new Map<number, { nextId: number; messages: Message[] }>();
  calls = 0;
  readonly keepMessages: boolean;
  /** The bytes every photo download answers with (the tests' 8×8 JPEG unless given: see {@link phonePhoto}). */
  readonly photo: Uint8Array;

  constructor(opts: { keepMessages?: boolean; photo?: Uint8Array } = {}) {
    this.keepMessages = opts.keepMessages ?? true;
    this.photo = opts.photo ?? JPEG;
  }

  /** The next message id in a private chat (user and bot messages share the sequence). */
  nextMessageId(chatId: number): number {
    const chat = this.chat(chatId);
    return chat.nextId++;
  }

  /** The bot messages kept for a chat, newest last. */
  messages(chatId: number): readonly Message[] {
    return this.chats.get(chatId)?.messages ?? [];
  }

  forget(chatId: number): void {
    this.chats.delete(chatId);
  }

  private chat(chatId: number) {
    let chat = this.chats.get(chatId);
    if (!chat) this.chats.set(chatId, (chat = { nextId: 1, messages: [] }));
    return chat;
  }

  private message(payload: Payload, extra: Partial<Message>): Message {
    const chatId = Number(payload.chat_id);
    const chat = this.chat(chatId);
    const msg = {
      message_id: chat.nextId++,
      date: Math.floor(Date.now() / 1000),
      chat: { id: chatId, type: "private", first_name: "Parent" },
      from: BOT_USER,
      ...extra,
      ...(payload.reply_markup && typeof payload.reply_markup === "object" && "inline_keyboard" in payload.reply_markup
        ? { reply_markup: payload.reply_markup as Message["reply_markup"] }
        : {}),
    } as Message;
    if (this.keepMessages) {
      chat.messages.push(msg);
      if (chat.messages.length > KEEP_PER_CHAT) chat.messages.shift();
    }
    return msg;
  }

  /** The result Telegram would give for `method`. */
  answer(method: string, payload: Payload): unknown {
    this.calls++;
    switch (method) {
      case "getMe":
        return BOT_USER;
      case "sendMessage":
        return this.message(payload, { text: String(payload.text ?? "") });
      case "sendDocument":
        return this.message(payload, {
          caption: payload.caption === undefined ? undefined : String(payload.caption),
          document: {
            file_id: `pdf-out-${this.calls}`,
            file_unique_id: `u${this.calls}`,
            file_name: "statement.pdf",
            mime_type: "application/pdf",
            file_size: 30_000,
          },
        });
      case "sendPhoto":
        return this.message(payload, {
          photo: [{ file_id: `jpeg-out-${this.calls}`, file_unique_id: `u${this.calls}`, width: 800, height: 600 }],
        });
      case "editMessageReplyMarkup":
      case "editMessageText": {
        const chatId = Number(payload.chat_id);
        const msg = this.chats.get(chatId)?.messages.find((m) => m.message_id === Number(payload.message_id));
        if (msg) {
          if (method === "editMessageText") (msg as { text?: string }).text = String(payload.text ?? "");
          const markup = payload.reply_markup as Message["reply_markup"] | undefined;
          if (markup?.inline_keyboard?.length) (msg as { reply_markup?: unknown }).reply_markup = markup;
          else delete (msg as { reply_markup?: unknown }).reply_markup;
        }
        return msg ?? true;
      }
      case "getFile": {
        const id = String(payload.file_id);
        return {
          file_id: id,
          file_unique_id: `u-${id}`,
          file_size: id.startsWith("pdf") ? PDF.length : this.photo.length,
          file_path: `${id.startsWith("pdf") ? "documents" : "photos"}/${id}`,
        };
      }
      default:
        // answerCallbackQuery, sendChatAction, setMyCommands, deleteMessage…
        return true;
    }
  }

  /** For `bot.api.config.use(...)`: answers every call without calling `prev` (no HTTP). */
  readonly transformer: Transformer = async (_prev, method, payload) =>
    ({ ok: true, result: this.answer(method, (payload ?? {}) as Payload) }) as never;

  /**
   * A `fetch` for grammY's client options and for the global file download: the method comes
   * from the URL, the payload from the JSON body (or the multipart stream, read to its end
   * as a real server would).
   */
  readonly fetch = async (input: unknown, init?: { body?: unknown }): Promise<Response> => {
    const url = String(input instanceof Request ? input.url : input);
    const path = url.slice(FAKE_API_ROOT.length);
    if (path.startsWith("/file/")) {
      return new Response(Buffer.from(path.includes("/documents/") ? PDF : this.photo), { status: 200 });
    }
    const method = path.slice(path.lastIndexOf("/") + 1);
    let payload: Payload = {};
    const body = init?.body;
    if (typeof body === "string") payload = JSON.parse(body) as Payload;
    else if (body && typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] === "function")
      payload = await readMultipart(body as AsyncIterable<Uint8Array | string>);
    const json = { ok: true, result: this.answer(method, payload) };
    return { json: async () => json } as Response;
  };
}

/** The text fields of a multipart body (files are read and dropped). */
async function readMultipart(body: AsyncIterable<Uint8Array | string>): Promise<Payload> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(typeof chunk === "string" ? Buffer.from(chunk) : Buffer.from(chunk));
  const text = Buffer.concat(chunks).toString("latin1");
  const out: Payload = {};
  for (const m of text.matchAll(/name="([^"]+)"\r\n\r\n([^\r]*)\r\n/g)) {
    const [, name, value] = m;
    out[name!] =
      name === "reply_markup" ? JSON.parse(Buffer.from(value!, "latin1").toString("utf8")) : Buffer.from(value!, "latin1").toString("utf8");
  }
  return out;
}

/**
 * Route `<FAKE_API_ROOT>/…` through the fake for the global fetch (file downloads use it);
 * everything else goes to the real fetch. Returns the function that restores it.
 */
export function installGlobalFetch(fake: FakeTelegram): () => void {
  const real = globalThis.fetch;
  globalThis.fetch = ((input: RequestInfo | URL, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    return url.startsWith(FAKE_API_ROOT) ? fake.fetch(url, init as { body?: unknown }) : real(input, init);
  }) as typeof fetch;
  return () => {
    globalThis.fetch = real;
  };
}
