/**
 * The emulator kept in a directory comes back as it was: users, chats, a forum topic, the reply
 * keyboard a user sees, files and the counters; a journal line cut short by a crash is skipped.
 */
import { appendFileSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api, InputFile, Keyboard } from "grammy";
import { afterAll, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { serveEmulator } from "#root/test/helpers/tg-client.ts";

const dir = mkdtempSync(join(tmpdir(), "desk-journal-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const TOKEN = "111111:journal-bot";
const open = () => createEmulator({ bots: [{ token: TOKEN, username: "journal_bot" }], dataDir: dir, webKey: "k" });

async function withServer<T>(emulator: Emulator, work: (api: Api) => Promise<T>): Promise<T> {
  const server = await serveEmulator(emulator);
  try {
    return await work(new Api(TOKEN, { apiRoot: server.url }));
  } finally {
    await server.close();
  }
}

describe("the emulator's journal", () => {
  it("brings back users, chats, topics, keyboards, files and counters, skipping a line cut short", async () => {
    const first = open();
    const user = first.user({ firstName: "Дана", lang: "kk" });
    user.chatWith("journal_bot").sendText("/start");
    user.inGroup();
    const before = await withServer(first, async (api) => {
      const group = first.state.group!.id;
      const topic = await api.createForumTopic(group, "Дана · өтініш");
      await api.sendMessage(user.id, "Нөміріңізді жіберіңіз", { reply_markup: new Keyboard().requestContact("📱").resized() });
      const doc = await api.sendDocument(user.id, new InputFile(new Uint8Array([37, 80, 68, 70]), "a.pdf"));
      const updates = await api.getUpdates();
      return { topic, doc, lastUpdate: updates.at(-1)!.update_id };
    });
    first.close();
    appendFileSync(join(dir, "journal.jsonl"), '{"msg":{"chatKey":"p:111111:'); // a crash mid-write

    const second = open();
    const chat = second.state.privateChat(111111, user.id)!;
    expect([...chat.messages.values()].map((m) => m.message.text ?? m.message.document?.file_name)).toEqual([
      "/start",
      "Нөміріңізді жіберіңіз",
      "a.pdf",
    ]);
    expect(chat.replyKeyboard?.keyboard[0]?.[0]).toMatchObject({ request_contact: true });
    expect(second.state.group!.topics.get(before.topic.message_thread_id)?.name).toBe("Дана · өтініш");
    expect(second.state.group!.members.has(user.id)).toBe(true);
    expect(second.state.files.get(before.doc.document.file_id)?.bytes).toEqual(new Uint8Array([37, 80, 68, 70]));
    expect(second.user({ firstName: "Жаңа" }).id).toBeGreaterThan(user.id);

    const again = second.user(user.id).chatWith("journal_bot").sendText("сәлем");
    expect(again.message_id).toBe(4);
    const update = await withServer(second, async (api) => (await api.getUpdates()).find((u) => u.message?.text === "сәлем")!);
    expect(update.update_id).toBeGreaterThan(before.lastUpdate);
    second.close();
  });
});

describe("a playground left running", () => {
  it("rewrites its journal compact as edits pile up, and comes back with the last text", async () => {
    const dir2 = mkdtempSync(join(tmpdir(), "desk-journal-grow-"));
    try {
      const emulator = createEmulator({
        bots: [{ token: TOKEN, username: "journal_bot" }],
        dataDir: dir2,
        webKey: "k",
        journalCompactAfter: 50,
      });
      const user = emulator.user({ firstName: "Дана", lang: "kk" });
      user.chatWith("journal_bot").sendText("/start");
      await withServer(emulator, async (api) => {
        const sent = await api.sendMessage(user.id, "0");
        for (let i = 1; i <= 300; i++) await api.editMessageText(user.id, sent.message_id, String(i));
      });
      const lines = readFileSync(join(dir2, "journal.jsonl"), "utf8").split("\n").filter(Boolean).length;
      expect(lines).toBeLessThan(120);
      emulator.close();

      const again = createEmulator({ bots: [{ token: TOKEN, username: "journal_bot" }], dataDir: dir2, webKey: "k" });
      const chat = again.state.privateChat(111111, user.id)!;
      expect([...chat.messages.values()].map((m) => m.message.text)).toEqual(["/start", "300"]);
      again.close();
    } finally {
      rmSync(dir2, { recursive: true, force: true });
    }
  });
});
