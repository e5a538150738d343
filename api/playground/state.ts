/**
 * The emulator's world: bots, simulated users, chats with their messages,
 * files, and each bot's update queue. Method handlers and user actions change
 * it only through these helpers, so every change is also an event.
 */
import { randomUUID } from "node:crypto";
import type { BotCommand, Chat, Message, ReplyKeyboardMarkup, User } from "grammy/types";
import { ApiError, badRequest, texts } from "./errors.ts";
import { EventLog, type Sender } from "./events.ts";
import { FileStore } from "./file-store.ts";
import { chatRecord, fileRecord, type Journal } from "./journal.ts";
import { UpdateQueue, type NewUpdate } from "./updates.ts";

/** How long after a tap its answer is taken by default (Telegram's is undocumented: about 10–15 s). */
export const CALLBACK_QUERY_TIMEOUT_MS = 15_000;

/** A bot the emulator serves. `token` must look like Telegram's: "<bot id>:<secret>". */
export interface BotSpec {
  token: string;
  username: string;
  firstName?: string;
  /** Shown in the web chat, e.g. "Parent bot". */
  label?: string;
}

/** A simulated Telegram user. */
export interface UserSpec {
  id?: number;
  firstName: string;
  lastName?: string;
  username?: string;
  /** language_code sent with every update, e.g. "kk" or "ru". */
  lang?: string;
  phone?: string;
}

/** A bot known to the emulator. */
export interface EmulatedBot {
  id: number;
  token: string;
  username: string;
  firstName: string;
  label: string;
  user: User;
  commands: Map<string, BotCommand[]>;
  /** What the bot says of itself, by language code ("" the default): its description (shown in an empty chat) and short description. */
  descriptions: { description: Map<string, string>; short_description: Map<string, string> };
  updates: UpdateQueue;
}

/** A simulated user. */
export interface EmulatedUser {
  id: number;
  firstName: string;
  lastName?: string;
  username?: string;
  lang: string;
  phone: string;
}

/** A message as stored: the Bot API object plus what Telegram keeps beside it. */
export interface StoredMessage {
  message: Message;
  sender: Sender;
  senderId: number;
  deleted: boolean;
}

/** A topic of the forum supergroup. */
export interface ForumTopicState {
  threadId: number;
  name: string;
  iconColor: number;
  iconCustomEmojiId?: string;
  closed: boolean;
  deleted: boolean;
}

/** A chat: a private chat of one user with one bot, or the forum supergroup. */
export interface EmulatedChat {
  key: string;
  kind: "private" | "group";
  id: number;
  botId?: number;
  userId?: number;
  title?: string;
  chat: Chat;
  messages: Map<number, StoredMessage>;
  nextMessageId: number;
  /** The reply keyboard the user currently sees (private chats). */
  replyKeyboard?: ReplyKeyboardMarkup;
  topics: Map<number, ForumTopicState>;
  admins: Set<number>;
  members: Set<number>;
}

/** A tap's callback query as the emulator keeps it until it is answered. */
export interface CallbackQueryState {
  id: string;
  botId: number;
  chatKey: string;
  messageId: number;
  /** The tapped button's callback_data. */
  data?: string;
  /** When it was made (ms). */
  createdAt: number;
}

/** How many taps that timed out unanswered are kept for {@link EmulatorState.unansweredCallbackQueries}. */
const UNANSWERED_KEPT = 100;

/** The whole emulated Telegram. */
export class EmulatorState {
  readonly bots = new Map<number, EmulatedBot>();
  readonly users = new Map<number, EmulatedUser>();
  readonly chats = new Map<string, EmulatedChat>();
  readonly files = new FileStore();
  readonly events = new EventLog();
  /**
   * Taps not answered yet, oldest first, with when they were made (ms). Like Telegram's, a query
   * is answered once and only within `callbackQueryTimeoutMs` of the tap. Not journaled: its
   * update is not either, and after a restart a tap is long too old for Telegram too.
   */
  readonly callbackQueries = new Map<string, CallbackQueryState>();
  /**
   * Taps that went too old unanswered (their spinner turned until Telegram gave up), the latest
   * {@link UNANSWERED_KEPT}: with those still waiting, what {@link unansweredCallbackQueries} lists.
   */
  readonly expiredCallbackQueries: CallbackQueryState[] = [];
  /** How long after the tap Telegram takes its answer (undocumented: about 10–15 s). Tests shorten it. */
  callbackQueryTimeoutMs = CALLBACK_QUERY_TIMEOUT_MS;
  group: EmulatedChat | undefined;
  /**
   * Basic groups that became supergroups, and the id each has now: Telegram refuses every call into the old id with 400
   * "group chat was upgraded to a supergroup chat" and the new id in `parameters.migrate_to_chat_id`. Tests add to it.
   */
  readonly migratedGroups = new Map<number, number>();
  /** The next generated user id; kept across restarts, so "+ Add user" never repeats one. */
  nextUserId = 700_000_001;
  /** Where changes are kept across restarts (none: in memory only, as in most tests). */
  journal: Journal | undefined;

  constructor(private readonly clock: () => number = Date.now) {}

  /** Current time in Unix seconds, as in every Bot API date. */
  now(): number {
    return Math.floor(this.clock() / 1000);
  }

  /** A tap on `messageId` of `chat`, sent by `botId`: its query id, answerable for a while. */
  newCallbackQuery(botId: number, chat: EmulatedChat, messageId: number, data?: string): string {
    const now = this.clock();
    // The oldest first: those too old for an answer leave the waiting ones (they would only be refused).
    for (const [id, query] of this.callbackQueries) {
      if (!this.expired(query, now)) break;
      this.callbackQueries.delete(id);
      this.expiredCallbackQueries.push(query);
      if (this.expiredCallbackQueries.length > UNANSWERED_KEPT) this.expiredCallbackQueries.shift();
    }
    const id = randomUUID().replace(/-/g, "").slice(0, 19);
    this.callbackQueries.set(id, { id, botId, chatKey: chat.key, messageId, createdAt: now, ...(data !== undefined ? { data } : {}) });
    return id;
  }

  /** Taps no answerCallbackQuery took (yet), oldest first: a spinner still turning, or one that turned until it timed out. */
  unansweredCallbackQueries(): CallbackQueryState[] {
    return [...this.expiredCallbackQueries, ...this.callbackQueries.values()];
  }

  /**
   * The tap `id` that `botId` may answer now, taken (answered once); undefined, as Telegram's 400
   * "query is too old…", when it is unknown, another bot's, answered already or too old.
   */
  takeCallbackQuery(id: string, botId: number): { chatKey: string; messageId: number } | undefined {
    const query = this.callbackQueries.get(id);
    if (!query || query.botId !== botId) return undefined;
    this.callbackQueries.delete(id);
    return this.expired(query, this.clock()) ? undefined : query;
  }

  /** Answered within the timeout, or not at all (0: every answer is too late, as after a restart). */
  private expired(query: { createdAt: number }, now: number): boolean {
    return now - query.createdAt >= this.callbackQueryTimeoutMs;
  }

  /** Registers a bot. Throws when the token is not "<digits>:<secret>". */
  addBot(spec: BotSpec): EmulatedBot {
    const id = Number(/^(\d+):[\w-]+$/.exec(spec.token)?.[1] ?? NaN);
    if (!Number.isSafeInteger(id)) throw new Error(`Bot token "${spec.token}" must look like "123456:ABC-secret", as Telegram tokens do.`);
    const username = spec.username.replace(/^@/, "");
    const firstName = spec.firstName ?? username;
    const bot: EmulatedBot = {
      id,
      token: spec.token,
      username,
      firstName,
      label: spec.label ?? firstName,
      user: { id, is_bot: true, first_name: firstName, username },
      commands: new Map(),
      descriptions: { description: new Map(), short_description: new Map() },
      // Like Telegram's, update ids keep growing across restarts of the emulator (a restarted
      // bot must never see an id it has already handled): they start from the clock.
      updates: new UpdateQueue(Date.now() * 1000),
    };
    this.bots.set(id, bot);
    return bot;
  }

  /** The bot with this token, username (with or without "@"), label or id. */
  findBot(ref: string | number): EmulatedBot | undefined {
    for (const bot of this.bots.values()) {
      if (bot.id === ref || bot.token === ref) return bot;
      if (typeof ref === "string" && [bot.username, `@${bot.username}`, bot.label].includes(ref)) return bot;
    }
    return undefined;
  }

  /** Like {@link findBot} but throws a helpful error listing the known bots. */
  bot(ref: string | number): EmulatedBot {
    const bot = this.findBot(ref);
    if (!bot) throw new Error(`No bot "${ref}" in the emulator; known: ${[...this.bots.values()].map((b) => "@" + b.username).join(", ")}`);
    return bot;
  }

  /** Creates a simulated user (ids are generated unless given). */
  addUser(spec: UserSpec): EmulatedUser {
    while (spec.id === undefined && this.users.has(this.nextUserId)) this.nextUserId++;
    const id = spec.id ?? this.nextUserId++;
    if (this.users.has(id)) throw new Error(`A simulated user with id ${id} already exists.`);
    const user: EmulatedUser = {
      id,
      firstName: spec.firstName,
      lang: spec.lang ?? "ru",
      phone: spec.phone ?? `+7701${String(id).slice(-7).padStart(7, "0")}`,
      ...(spec.lastName ? { lastName: spec.lastName } : {}),
      ...(spec.username ? { username: spec.username } : {}),
    };
    this.users.set(id, user);
    this.journal?.put({ user });
    if (spec.id === undefined) this.saveIds();
    this.events.emit({ type: "directory", what: "users" });
    return user;
  }

  /** The user with this id, or a thrown error naming it. */
  user(id: number): EmulatedUser {
    const user = this.users.get(id);
    if (!user) throw new Error(`No simulated user with id ${id}; create one with emulator.user({ firstName }).`);
    return user;
  }

  /** The user as a Bot API User object. */
  userObject(user: EmulatedUser): User {
    return {
      id: user.id,
      is_bot: false,
      first_name: user.firstName,
      language_code: user.lang,
      ...(user.lastName ? { last_name: user.lastName } : {}),
      ...(user.username ? { username: user.username } : {}),
    };
  }

  /** The private chat of `userId` with `botId`; created on the user's first message. */
  privateChat(botId: number, userId: number, create = false): EmulatedChat | undefined {
    const key = `p:${botId}:${userId}`;
    const existing = this.chats.get(key);
    if (existing || !create) return existing;
    const user = this.user(userId);
    const chat: EmulatedChat = {
      key,
      kind: "private",
      id: user.id,
      botId,
      userId,
      chat: {
        id: user.id,
        type: "private",
        first_name: user.firstName,
        ...(user.lastName ? { last_name: user.lastName } : {}),
        ...(user.username ? { username: user.username } : {}),
      },
      messages: new Map(),
      nextMessageId: 1,
      topics: new Map(),
      admins: new Set(),
      members: new Set([userId, botId]),
    };
    this.chats.set(key, chat);
    this.saveChat(chat);
    return chat;
  }

  /** Keeps a chat's own state (keyboard, topics, members) after it changed. */
  saveChat(chat: EmulatedChat): void {
    this.journal?.put({ chat: chatRecord(chat) });
  }

  /** Keeps the id counters. */
  saveIds(): void {
    this.journal?.put({ ids: this.ids() });
  }

  /** The counters as they are now, with each bot's next update id. */
  ids(): { nextUserId: number; fileCounter: number; updates: Record<string, number> } {
    const updates = Object.fromEntries([...this.bots.values()].map((b) => [String(b.id), b.updates.nextUpdateId]));
    return { nextUserId: this.nextUserId, fileCounter: this.files.counter, updates };
  }

  /** Creates the forum supergroup for support staff. */
  addGroup(spec: { id: number; title: string; adminBots: number[]; members: number[] }): EmulatedChat {
    const chat: EmulatedChat = {
      key: `g:${spec.id}`,
      kind: "group",
      id: spec.id,
      title: spec.title,
      chat: { id: spec.id, type: "supergroup", title: spec.title, is_forum: true },
      messages: new Map(),
      nextMessageId: 1,
      topics: new Map(),
      admins: new Set(spec.adminBots),
      members: new Set([...spec.adminBots, ...spec.members]),
    };
    this.chats.set(chat.key, chat);
    this.group = chat;
    this.saveChat(chat);
    return chat;
  }

  /** Resolves a `chat_id` as the given bot sees it; throws `chat not found` like Telegram. */
  chatForBot(bot: EmulatedBot, chatId: number | string): EmulatedChat {
    const movedTo = this.migratedGroups.get(Number(chatId));
    if (movedTo !== undefined)
      throw new ApiError(400, "Bad Request: group chat was upgraded to a supergroup chat", { migrate_to_chat_id: movedTo });
    if (typeof chatId === "number" && chatId > 0) {
      const chat = this.privateChat(bot.id, chatId);
      if (chat) return chat;
    } else if (this.group && chatId === this.group.id && this.group.members.has(bot.id)) {
      return this.group;
    }
    throw badRequest(texts.chatNotFound);
  }

  /** Appends a message to a chat (assigning message_id, date and chat) and records the event. */
  append(chat: EmulatedChat, content: Omit<Message, "message_id" | "date" | "chat">, sender: Sender, senderId: number): StoredMessage {
    const message = { message_id: chat.nextMessageId++, ...content, date: this.now(), chat: chat.chat } as Message;
    const stored: StoredMessage = { message, sender, senderId, deleted: false };
    chat.messages.set(message.message_id, stored);
    this.saveMessage(chat, stored);
    this.events.emit({ type: "message", chatKey: chat.key, messageId: message.message_id, sender, message });
    return stored;
  }

  /** Replaces a message's content (an edit) and records the event. */
  replace(chat: EmulatedChat, stored: StoredMessage, message: Message): void {
    stored.message = message;
    this.saveMessage(chat, stored);
    this.events.emit({ type: "edit", chatKey: chat.key, messageId: message.message_id, sender: stored.sender, message });
  }

  /** Marks a message deleted and records the event. */
  remove(chat: EmulatedChat, stored: StoredMessage): void {
    stored.deleted = true;
    this.saveMessage(chat, stored);
    this.events.emit({ type: "delete", chatKey: chat.key, messageId: stored.message.message_id });
  }

  /** A live (not deleted) message of the chat. */
  liveMessage(chat: EmulatedChat, messageId: number): StoredMessage | undefined {
    const stored = chat.messages.get(messageId);
    return stored && !stored.deleted ? stored : undefined;
  }

  /** Queues an update for a bot; the files it mentions become usable by that bot. */
  deliver(botId: number, update: NewUpdate): void {
    const bot = this.bots.get(botId);
    if (!bot) return;
    const payload = Object.values(update)[0] as Partial<Message> | undefined;
    if (payload) this.grantFiles(payload, botId);
    bot.updates.push(update);
  }

  /** Lets `botId` use every file_id in a message (Telegram file_ids are per bot). */
  grantFiles(message: Partial<Message>, botId: number): void {
    const ids = [
      ...(message.photo ?? []).map((p) => p.file_id),
      message.document?.file_id,
      message.sticker?.file_id,
      message.voice?.file_id,
    ];
    for (const id of ids) {
      const file = id ? this.files.get(id) : undefined;
      if (!file || file.knownBy.has(botId)) continue;
      file.knownBy.add(botId);
      this.journal?.put({ file: fileRecord(file) });
    }
  }

  private saveMessage(chat: EmulatedChat, stored: StoredMessage): void {
    this.journal?.put({ msg: { chatKey: chat.key, ...stored } });
  }
}
