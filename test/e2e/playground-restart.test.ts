/**
 * The playground survives a restart: a parent added with "+ Add user" registers and chats,
 * the system stops and starts again on the same DATA_DIR, and the chat is still there, the next
 * added user gets a new id, the old parent's chat receives the bot's messages, and a file sent
 * before the restart still downloads.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api } from "grammy";
import { afterAll, describe, expect, it } from "vitest";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { makeIin } from "#root/flows/iin.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { JPEG, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";

const dataDir = mkdtempSync(join(tmpdir(), "desk-restart-"));
let system: TestSystem | undefined;
afterAll(async () => {
  await system?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

/** The web chat's JSON API, as the page calls it (with the key it holds). */
async function web<T>(s: TestSystem, path: string, body?: unknown): Promise<T> {
  const headers = { "x-playground-key": s.playground!.webKey, "content-type": "application/json" };
  const res = await fetch(
    `http://127.0.0.1:${s.port}/playground/api/${path}`,
    body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(body) },
  );
  expect(res.status, path).toBe(200);
  return (await res.json()) as T;
}

type ChatView = { messages: Array<{ sender: string; message: { message_id: number; text?: string } }> };

describe("the playground across a restart", () => {
  it("keeps users, chats and files, never reuses an id, and delivers to a parent known before the restart", async () => {
    system = await startTestSystem({ dataDir });
    const parentBot = system.playground!.state.bot(PLAYGROUND_BOT_USERNAMES.parent).id;
    const { result: first } = await web<{ result: { id: number } }>(system, "users", { firstName: "Сәуле", lang: "ru" });
    const before = tgUser(system.playground!, first.id).chatWith(PLAYGROUND_BOT_USERNAMES.parent);
    await registerInRussian(before, "Омарова Сәуле Ерланқызы", makeIin("1987-03-12", "female", 41));
    const photo = await before.sendPhoto(JPEG);
    await before.nextMessage(/Я не понял/);
    const chatBefore = await web<ChatView>(system, `chat?userId=${first.id}&bot=${parentBot}`);
    await system.close();
    system = undefined;

    system = await startTestSystem({ dataDir });
    // The chat history is there, as it was.
    const chatAfter = await web<ChatView>(system, `chat?userId=${first.id}&bot=${parentBot}`);
    expect(chatAfter.messages).toEqual(chatBefore.messages);
    expect(chatAfter.messages.map((m) => m.message.text)).toContain("Омарова Сәуле Ерланқызы");

    // "+ Add user" hands out an id never used before.
    const { result: second } = await web<{ result: { id: number } }>(system, "users", { firstName: "Бекзат", lang: "kk" });
    expect(second.id).not.toBe(first.id);
    expect((await web<{ users: Array<{ id: number }> }>(system, "state")).users.map((u) => u.id)).toContain(first.id);

    // A notification to the known parent arrives; the bot still knows them and answers.
    const after = tgUser(system.playground!, first.id).chatWith(PLAYGROUND_BOT_USERNAMES.parent);
    const sent = await new Api(system.playgroundSecrets!.parentToken, { apiRoot: `http://127.0.0.1:${system.port}` }).sendMessage(
      first.id,
      "Уведомление после перезапуска",
    );
    expect(sent.message_id).toBeGreaterThan(Math.max(...chatBefore.messages.map((m) => m.message.message_id)));
    await after.send("/my");
    await after.nextMessage(/У вас пока нет заявлений/);
    expect(after.messages().map((m) => m.text)).toContain("Уведомление после перезапуска");

    // The photo sent before the restart still downloads.
    const fileId = photo.photo!.at(-1)!.file_id;
    const res = await fetch(`http://127.0.0.1:${system.port}/playground/api/files/${fileId}`, {
      headers: { "x-playground-key": system.playground!.webKey },
    });
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(JPEG);
  }, 90_000);
});
