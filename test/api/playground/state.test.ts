/**
 * A basic group that became a supergroup: like Telegram, the emulator refuses every call into the old id with 400 "group
 * chat was upgraded to a supergroup chat" and the new id in `parameters.migrate_to_chat_id` — what a bot needs to say
 * which SUPPORT_CHAT_ID to set. And the taps no bot answered, which tests look for (a spinner left turning).
 */
import { Api, GrammyError } from "grammy";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { CALLBACK_QUERY_TIMEOUT_MS } from "#root/api/playground/state.ts";
import { serveEmulator } from "#root/test/helpers/tg-client.ts";

const TOKEN = "111111:parent-secret";
let emulator: Emulator;
let server: Awaited<ReturnType<typeof serveEmulator>>;
beforeAll(async () => {
  emulator = createEmulator({ bots: [{ token: TOKEN, username: "parent_bot" }] });
  server = await serveEmulator(emulator);
});
afterAll(() => server.close());

it("a call into a group that became a supergroup is refused with the supergroup's id", async () => {
  const api = new Api(TOKEN, { apiRoot: server.url });
  const supergroup = emulator.state.group!.id;
  emulator.state.migratedGroups.set(-4512347, supergroup);
  const refused = await api.createForumTopic(-4512347, "Айгерим · №1").catch((err: unknown) => err);
  expect(refused).toBeInstanceOf(GrammyError);
  expect(refused).toMatchObject({
    error_code: 400,
    description: "Bad Request: group chat was upgraded to a supergroup chat",
    parameters: { migrate_to_chat_id: supergroup },
  });
  await expect(api.createForumTopic(supergroup, "Айгерим · №1")).resolves.toMatchObject({ name: "Айгерим · №1" });
});

it("lists the taps no answer took, waiting or gone too old (the phone's spinner turned), and not the answered", async () => {
  const state = emulator.state;
  const bot = state.bot("parent_bot").id;
  const chat = emulator.user({ firstName: "Aigerim" }).chatWith("parent_bot").chat;
  state.callbackQueryTimeoutMs = 50;
  try {
    const tooOld = state.newCallbackQuery(bot, chat, 1, "restart");
    const answered = state.newCallbackQuery(bot, chat, 1, "resume");
    expect(state.takeCallbackQuery(answered, bot)).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 60));
    const waiting = state.newCallbackQuery(bot, chat, 2, "list");
    expect(state.callbackQueries.has(tooOld)).toBe(false);
    expect(state.unansweredCallbackQueries().map((q) => [q.id, q.data])).toEqual([
      [tooOld, "restart"],
      [waiting, "list"],
    ]);
  } finally {
    state.callbackQueryTimeoutMs = CALLBACK_QUERY_TIMEOUT_MS;
  }
});
