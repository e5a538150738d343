/**
 * The emulator copies what Telegram copies: a giveaway, paid media or an invoice a user forwards to a bot is refused with
 * Telegram's "message can't be copied" (before, it was copied as an empty message), and is still forwarded.
 */
import { Api } from "grammy";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, expect, it } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { serveEmulator, type TgChat, tgUser } from "#root/test/helpers/tg-client.ts";
import { sendRaw } from "#root/test/helpers/update-shapes.ts";

const TOKEN = "111111:parent-secret";
let emulator: Emulator;
let server: Awaited<ReturnType<typeof serveEmulator>>;
let api: Api;
let user: TgChat;
beforeAll(async () => {
  emulator = createEmulator({ bots: [{ token: TOKEN, username: "parent_bot" }] });
  server = await serveEmulator(emulator);
  api = new Api(TOKEN, { apiRoot: server.url });
  user = tgUser(emulator, { firstName: "Aigerim" }).chatWith("parent_bot");
});
afterAll(() => server.close());

const channel = { id: -1002233445566, type: "channel" as const, title: "Магазин" };
const origin = { forward_origin: { type: "channel" as const, chat: channel, message_id: 7, date: 1_700_000_000 } };

it.each<[string, Partial<Message>]>([
  ["a giveaway", { ...origin, giveaway: { chats: [channel], winners_selection_date: 1_900_000_000, winner_count: 3 } }],
  ["paid media", { ...origin, paid_media: { star_count: 10, paid_media: [{ type: "preview" }] } }],
  ["an invoice", { invoice: { title: "Заказ", description: "—", start_parameter: "x", currency: "KZT", total_amount: 100 } }],
])("%s is not copied, and is forwarded", async (_what, content) => {
  const message = sendRaw(emulator, user, content);
  const group = emulator.state.group!.id;
  await expect(api.copyMessage(group, user.chat.chat.id, message.message_id)).rejects.toThrow("Bad Request: message can't be copied");
  await expect(api.forwardMessage(group, user.chat.chat.id, message.message_id)).resolves.toMatchObject({ chat: { id: group } });
});
