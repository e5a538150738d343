/**
 * The user side, in process: simulated users write to bots and to the forum
 * group, tap buttons, share contacts and files. Each action becomes a message
 * in the chat and an update for the bots that see it, exactly as Telegram
 * would deliver it.
 */
import type { Contact, Message, MessageEntity, MessageOrigin } from "grammy/types";
import type { Faults } from "./faults.ts";
import { mimeFromName } from "./file-store.ts";
import { LIMITS, documentOf, storePhoto } from "./methods/files.ts";
import type { EmulatedChat, EmulatedUser, EmulatorState, StoredMessage } from "./state.ts";

/** Marks `/command` and `/command@bot` as bot_command entities, as Telegram clients do. */
export function commandEntities(text: string): MessageEntity[] {
  const out: MessageEntity[] = [];
  for (const m of text.matchAll(/(^|\s)(\/[a-zA-Z0-9_]{1,32}(?:@[a-zA-Z0-9_]{3,32})?)(?=$|\s|[.,!?])/g)) {
    out.push({ type: "bot_command", offset: m.index! + m[1]!.length, length: m[2]!.length });
  }
  return out;
}

/** Telegram's placeholder user that signs what an administrator who remains anonymous does in a group. */
const GROUP_ANONYMOUS_BOT = { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" };

/** Telegram's placeholder user that signs what a user posts in a group as one of their channels (@Channel_Bot). */
const CHANNEL_BOT = { id: 136817688, is_bot: true, first_name: "Channel", username: "Channel_Bot" };

/** A simulated user; `chatWith(bot)` and `inGroup()` give the chats they can act in. */
export class SimulatedUser {
  constructor(
    private readonly state: EmulatorState,
    private readonly faults: Faults,
    readonly user: EmulatedUser,
  ) {}

  /** The user's id (also their private chat id from any bot's point of view). */
  get id(): number {
    return this.user.id;
  }

  /** The private chat with a bot given by username, token, label or id. */
  chatWith(bot: string | number): UserChat {
    const b = this.state.bot(bot);
    return new UserChat(this.state, this.faults, this.user, () => this.state.privateChat(b.id, this.user.id, true)!);
  }

  /** The support forum group, optionally inside a topic. The user joins on first use. */
  inGroup(threadId?: number): UserChat {
    const group = this.state.group;
    if (!group) throw new Error("The emulator has no support group; pass `group` to createEmulator().");
    if (!group.members.has(this.user.id)) {
      group.members.add(this.user.id);
      this.state.saveChat(group);
      this.state.events.emit({ type: "directory", what: "members" });
    }
    return new UserChat(this.state, this.faults, this.user, () => group, threadId);
  }
}

/** One chat as seen by one simulated user. Every send returns the stored message. */
export class UserChat {
  constructor(
    private readonly state: EmulatorState,
    private readonly faults: Faults,
    readonly user: EmulatedUser,
    private readonly resolve: () => EmulatedChat,
    readonly threadId?: number,
  ) {}

  /** The underlying chat (created on first access for private chats). */
  get chat(): EmulatedChat {
    return this.resolve();
  }

  /** Sends text; commands get bot_command entities. */
  sendText(text: string, opts: { replyTo?: number } = {}): Message {
    const entities = commandEntities(text);
    const reply = opts.replyTo !== undefined ? this.state.liveMessage(this.chat, opts.replyTo) : undefined;
    return this.post({ text, ...(entities.length ? { entities } : {}), ...(reply ? { reply_to_message: reply.message as never } : {}) });
  }

  /** Shares a contact: by default the user's own (contact.user_id = user id), or any other for hostile tests. */
  sendContact(contact?: Partial<Contact>): Message {
    const own: Contact = {
      phone_number: this.user.phone,
      first_name: this.user.firstName,
      user_id: this.user.id,
      ...(this.user.lastName ? { last_name: this.user.lastName } : {}),
    };
    return this.post({ contact: contact ? ({ first_name: "Contact", phone_number: "+77010000000", ...contact } as Contact) : own });
  }

  /** Sends a photo (JPEG/PNG bytes). */
  sendPhoto(bytes: Uint8Array, caption?: string): Message {
    this.checkUpload(bytes);
    const photo = storePhoto(this.state, bytes, []);
    return this.post({ photo, ...(caption ? { caption } : {}) });
  }

  /**
   * Sends an album: one message per photo, all with one media_group_id (as Telegram delivers
   * a media group), the caption on the first. Returns the messages.
   */
  sendAlbum(photos: Uint8Array[], caption?: string): Message[] {
    if (photos.length < 2 || photos.length > 10) throw new Error(`An album has 2 to 10 photos; this one has ${photos.length}.`);
    for (const bytes of photos) this.checkUpload(bytes);
    const sizes = photos.map((bytes) => storePhoto(this.state, bytes, []));
    const media_group_id = String(BigInt(this.state.now()) * 1000n + BigInt(Math.floor(Math.random() * 1000)));
    return sizes.map((photo, i) => this.post({ photo, media_group_id, ...(i === 0 && caption ? { caption } : {}) }));
  }

  /** Sends a file as a document. */
  sendDocument(bytes: Uint8Array, fileName: string, mimeType?: string, caption?: string): Message {
    this.checkUpload(bytes);
    const mime = mimeType ?? mimeFromName(fileName) ?? "application/octet-stream";
    const file = this.state.files.add(bytes, { kind: "document", fileName, mimeType: mime }, []);
    return this.post({ document: documentOf(file), ...(caption ? { caption } : {}) });
  }

  /** Sends a sticker (WebP bytes; a tiny placeholder by default). */
  sendSticker(emoji = "👍", bytes: Uint8Array = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50])): Message {
    const f = this.state.files.add(bytes, { kind: "sticker", mimeType: "image/webp" }, []);
    return this.post({
      sticker: {
        file_id: f.fileId,
        file_unique_id: f.uniqueId,
        type: "regular",
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
        emoji,
        file_size: bytes.byteLength,
      },
    });
  }

  /** Sends a voice message (OGG bytes). */
  sendVoice(bytes: Uint8Array, durationSec = 1): Message {
    this.checkUpload(bytes);
    const f = this.state.files.add(bytes, { kind: "voice", mimeType: "audio/ogg" }, []);
    return this.post({
      voice: { file_id: f.fileId, file_unique_id: f.uniqueId, duration: durationSec, mime_type: "audio/ogg", file_size: bytes.byteLength },
    });
  }

  /** Sends a location. */
  sendLocation(latitude: number, longitude: number): Message {
    return this.post({ location: { latitude, longitude } });
  }

  /** Shares a live location; {@link moveLiveLocation} moves it (each move is an edited_message, as in Telegram). */
  shareLiveLocation(latitude: number, longitude: number, livePeriod = 900): Message {
    return this.post({ location: { latitude, longitude, live_period: livePeriod } });
  }

  /** A live location's move: Telegram sends it as an edited_message of the location, every few seconds. */
  moveLiveLocation(messageId: number, latitude: number, longitude: number): Message {
    const chat = this.chat;
    const stored = this.state.liveMessage(chat, messageId);
    if (!stored?.message.location?.live_period || stored.senderId !== this.user.id) {
      throw new Error(`Message ${messageId} is not a live location of ${this.user.firstName} in this chat.`);
    }
    const moved = {
      ...stored.message,
      location: { ...stored.message.location, latitude, longitude },
      edit_date: this.state.now(),
    } as Message;
    this.state.replace(chat, stored, moved);
    for (const botId of this.botsHere(chat)) this.state.deliver(botId, { edited_message: moved as never });
    return moved;
  }

  /**
   * Reacts to a message in this chat (anyone's). Telegram may tell bots with an edited_message in
   * which nothing changed — not even `edit_date` (tdlib/telegram-bot-api#388, #773: "there is no
   * way to always avoid" it); the emulator always does, so a bot must tell an edit from that.
   */
  react(messageId: number): Message {
    const chat = this.chat;
    const stored = this.state.liveMessage(chat, messageId);
    if (!stored) throw new Error(`No live message ${messageId} in this chat to react to.`);
    for (const botId of this.botsHere(chat)) this.state.deliver(botId, { edited_message: stored.message as never });
    return stored.message;
  }

  /** Sends a forwarded text message; the origin defaults to a user with hidden identity. */
  sendForwarded(text: string, origin?: MessageOrigin): Message {
    const forward_origin = origin ?? { type: "hidden_user", sender_user_name: "Someone", date: this.state.now() - 60 };
    return this.post({ text, forward_origin });
  }

  /**
   * Sends text as an administrator who remains anonymous: Telegram signs it with the group
   * itself (`sender_chat`) and the placeholder user @GroupAnonymousBot (`from`, a bot).
   */
  sendAnonymously(text: string): Message {
    const chat = this.chat;
    if (chat.kind !== "group") throw new Error("Only an administrator of a group can write anonymously.");
    return this.post({ text, from: GROUP_ANONYMOUS_BOT, sender_chat: chat.chat as Message["sender_chat"] });
  }

  /**
   * Sends text in a group as one of the user's channels (Telegram's "Send as"): signed by the channel (`sender_chat`)
   * and the placeholder user @Channel_Bot (`from`, a bot), nothing of the user's own.
   */
  sendAsChannel(text: string, channel: { id: number; title: string } = { id: -1001999000001, title: "Channel" }): Message {
    if (this.chat.kind !== "group") throw new Error("Only in a group can a user write as a channel.");
    return this.post({ text, from: CHANNEL_BOT, sender_chat: { ...channel, type: "channel" } });
  }

  /** Edits one of the user's own messages (its text, or a file's caption); bots get an edited_message update. */
  edit(messageId: number, text: string): Message {
    const chat = this.chat;
    const stored = this.state.liveMessage(chat, messageId);
    if (!stored || stored.sender !== "user" || stored.senderId !== this.user.id) {
      throw new Error(`Message ${messageId} is not a live message of ${this.user.firstName} in this chat.`);
    }
    const { entities: _old, caption_entities: _oldCaption, ...rest } = stored.message;
    let edited: Message;
    if (rest.text !== undefined) {
      const entities = commandEntities(text);
      edited = { ...rest, text, ...(entities.length ? { entities } : {}), edit_date: this.state.now() } as Message;
    } else if (rest.photo || rest.document || rest.voice) {
      edited = { ...rest, caption: text, edit_date: this.state.now() } as Message;
    } else {
      throw new Error("Only a text or a file's caption can be edited.");
    }
    this.state.replace(chat, stored, edited);
    for (const botId of this.botsHere(chat)) this.state.deliver(botId, { edited_message: edited as never });
    return edited;
  }

  /**
   * Taps an inline button: sends callback_query with `data` and the message as it is now.
   * Like Telegram, it is delivered even if the message no longer has that button. Returns the query id.
   * `anonymously`: as an administrator of the group who remains anonymous, signed @GroupAnonymousBot as
   * their messages are (clients may sign a tap so; a bot must not take it for anyone's).
   */
  tapButton(messageId: number, data: string, opts: { anonymously?: boolean } = {}): string {
    const chat = this.chat;
    const stored = this.state.liveMessage(chat, messageId);
    if (!stored || stored.sender !== "bot") throw new Error(`No live bot message ${messageId} in this chat to tap.`);
    if (opts.anonymously && chat.kind !== "group") throw new Error("Only an administrator of a group can tap anonymously.");
    const id = this.state.newCallbackQuery(stored.senderId, chat, messageId, data);
    this.state.deliver(stored.senderId, {
      callback_query: {
        id,
        from: opts.anonymously ? GROUP_ANONYMOUS_BOT : this.state.userObject(this.user),
        message: stored.message,
        data,
        chat_instance: String(Math.abs(chat.id * 31 + stored.senderId) % 1e12),
      },
    });
    return id;
  }

  /** Blocks (or unblocks) the bot of this private chat; the bot gets my_chat_member. */
  setBlocked(blocked: boolean): void {
    const chat = this.chat;
    if (chat.kind !== "private") throw new Error("Only a private chat's bot can be blocked.");
    if (this.faults.isBlocked(this.user.id, chat.botId!) === blocked) return;
    this.faults.setBlocked(this.user.id, chat.botId!, blocked);
    const bot = this.state.bots.get(chat.botId!)!;
    const member = { status: "member", user: bot.user } as const;
    const kicked = { status: "kicked", user: bot.user, until_date: 0 } as const;
    this.state.deliver(bot.id, {
      my_chat_member: {
        chat: chat.chat,
        from: this.state.userObject(this.user),
        date: this.state.now(),
        old_chat_member: blocked ? member : kicked,
        new_chat_member: blocked ? kicked : member,
      },
    });
  }

  /** Live messages of the chat (in this topic, if any), oldest first. */
  messages(): StoredMessage[] {
    return [...this.chat.messages.values()].filter(
      (m) => !m.deleted && (this.threadId === undefined || m.message.message_thread_id === this.threadId),
    );
  }

  private checkUpload(bytes: Uint8Array): void {
    if (bytes.byteLength > LIMITS.userUpload)
      throw new Error(`Simulated users can upload files up to 50 MB; this one has ${bytes.byteLength} bytes.`);
  }

  private botsHere(chat: EmulatedChat): number[] {
    if (chat.kind === "private") return [chat.botId!];
    return [...chat.members].filter((id) => this.state.bots.has(id));
  }

  private post(content: Partial<Message>): Message {
    const chat = this.chat;
    // writing again restarts the bot
    if (chat.kind === "private" && this.faults.isBlocked(this.user.id, chat.botId!)) this.setBlocked(false);
    let thread: Partial<Message> = {};
    if (chat.kind === "group" && this.threadId !== undefined) {
      const topic = chat.topics.get(this.threadId);
      if (!topic || topic.deleted) throw new Error(`Topic ${this.threadId} does not exist in the group.`);
      if (topic.closed) throw new Error(`Topic "${topic.name}" is closed: only administrators can write there.`);
      thread = { message_thread_id: this.threadId, is_topic_message: true };
    }
    const stored = this.state.append(
      chat,
      { from: this.state.userObject(this.user), ...thread, ...content } as Message,
      "user",
      this.user.id,
    );
    for (const botId of this.botsHere(chat)) this.state.deliver(botId, { message: stored.message as never });
    return stored.message;
  }
}
