/**
 * Puts the emulator's world back from its journal at start and keeps journaling from then on:
 * users, chats with their messages and topics, files, and the counters (user ids, file numbers,
 * update ids), so after a restart nothing is shown twice under one id.
 */
import { chatRecord, fileRecord, Journal, type ChatRecord, type JournalRecord } from "./journal.ts";
import type { EmulatedChat, EmulatorState } from "./state.ts";

/** Loads `dir` into `state` (whose bots are already added) and journals every later change. */
export function persistState(state: EmulatorState, dir: string, opts: { compactAfter?: number } = {}): Journal {
  const { journal, records } = Journal.open(dir, opts);
  for (const r of records) restore(state, journal, r);
  journal.compact(snapshot(state));
  // While running too: a playground left on for weeks would otherwise replay every edit at start.
  // Once the change being journaled is wholly applied (a record may precede its change).
  let queued = false;
  journal.onGrown = () => {
    if (queued) return;
    queued = true;
    queueMicrotask(() => {
      queued = false;
      if (state.journal === journal) journal.compact(snapshot(state));
    });
  };
  state.journal = journal;
  state.files.onAdd = (file) => {
    journal.writeBytes(file.uniqueId, file.bytes);
    journal.put({ file: fileRecord(file) });
    state.saveIds();
  };
  return journal;
}

function restore(state: EmulatorState, journal: Journal, r: JournalRecord): void {
  if ("user" in r) state.users.set(r.user.id, r.user);
  else if ("chat" in r) restoreChat(state, r.chat);
  else if ("msg" in r) {
    const { chatKey, ...stored } = r.msg;
    const chat = state.chats.get(chatKey);
    if (!chat) return;
    chat.messages.set(stored.message.message_id, stored);
    chat.nextMessageId = Math.max(chat.nextMessageId, stored.message.message_id + 1);
  } else if ("file" in r) {
    const existing = state.files.get(r.file.fileId);
    if (existing) {
      for (const id of r.file.knownBy) existing.knownBy.add(id);
      return;
    }
    let bytes: Uint8Array;
    try {
      bytes = journal.readBytes(r.file.uniqueId);
    } catch {
      return; // its bytes were never completely written: the file was never shown
    }
    state.files.restore({ ...r.file, bytes, knownBy: new Set(r.file.knownBy) });
  } else if ("ids" in r) {
    state.nextUserId = Math.max(state.nextUserId, r.ids.nextUserId);
    state.files.counter = Math.max(state.files.counter, r.ids.fileCounter);
    for (const [botId, next] of Object.entries(r.ids.updates ?? {})) state.bots.get(Number(botId))?.updates.skipTo(next);
  }
}

function restoreChat(state: EmulatorState, r: ChatRecord): void {
  const { topics, admins, members, replyKeyboard, ...rest } = r;
  const chat: EmulatedChat = state.chats.get(r.key) ?? {
    ...rest,
    messages: new Map(),
    nextMessageId: 1,
    topics: new Map(),
    admins: new Set(),
    members: new Set(),
  };
  chat.topics = new Map(topics.map((t) => [t.threadId, t]));
  chat.admins = new Set(admins);
  chat.members = new Set(members);
  if (replyKeyboard) chat.replyKeyboard = replyKeyboard;
  else delete chat.replyKeyboard;
  state.chats.set(chat.key, chat);
  if (chat.kind === "group") state.group = chat;
}

function* snapshot(state: EmulatorState): Generator<JournalRecord> {
  yield { ids: state.ids() };
  for (const user of state.users.values()) yield { user };
  for (const file of state.files.all()) yield { file: fileRecord(file) };
  for (const chat of state.chats.values()) {
    yield { chat: chatRecord(chat) };
    for (const stored of chat.messages.values()) yield { msg: { chatKey: chat.key, ...stored } };
  }
}
