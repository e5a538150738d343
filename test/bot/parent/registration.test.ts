/**
 * The parent's own phone is asked with Telegram's "share my phone" button: nothing else is taken for it — another
 * person's contact (also one sent through an inline bot, `via_bot`), a contact typed by hand (no `user_id`), the
 * parent's own contact quoted from elsewhere (`external_reply`) or forwarded, a story, a venue, a dice. Each is answered
 * with what to do instead, and the parent's own contact is then taken. This guards behaviour that was right already:
 * the update shapes the playground's users cannot send.
 */
import type { Message } from "grammy/types";
import { afterAll, beforeAll, expect, it } from "vitest";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { capturedLog, sendRaw } from "#root/test/helpers/update-shapes.ts";

const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log });
});
afterAll(() => system?.close());

it("only the parent's own contact, shared as it is, answers the phone question", async () => {
  const parent = system.parent({ lang: "ru", phone: "+77015550371" });
  const me = parent.chat.user.id;
  await parent.send("/start");
  await parent.nextMessage(/Согласие/);
  await parent.tap("✅ Согласен(на)");
  await parent.nextMessage(/Поделитесь номером/);

  const other = { phone_number: "+77019998877", first_name: "Чужой", user_id: 999 };
  const own = { phone_number: "+77015550371", first_name: "Parent", user_id: me };
  const bot = { id: 8000000001, is_bot: true, first_name: "Contacts", username: "contacts_bot" };
  const story = { chat: { id: 555, type: "private" as const, first_name: "X" }, id: 3 };
  const wrong: Array<[Partial<Message>, RegExp]> = [
    [{ contact: other, via_bot: bot }, /Это чужой контакт/],
    [{ contact: { phone_number: "+77015550371", first_name: "Я" } }, /Это чужой контакт/],
    [
      {
        text: "мой номер",
        external_reply: { origin: { type: "user", sender_user: { id: 999, is_bot: false, first_name: "Чужой" }, date: 1 }, contact: own },
      },
      /Нажмите кнопку/,
    ],
    [
      { contact: own, forward_origin: { type: "hidden_user", sender_user_name: "Кто-то", date: 1 } },
      /Пересланные сообщения не принимаются/,
    ],
    [{ story }, /Нажмите кнопку/],
    [
      {
        venue: { location: { latitude: 43.2, longitude: 76.9 }, title: "Школа", address: "Абая, 1" },
        location: { latitude: 43.2, longitude: 76.9 },
      },
      /Нажмите кнопку/,
    ],
    [{ dice: { emoji: "🎲", value: 4 } }, /Нажмите кнопку/],
  ];
  for (const [content, said] of wrong) {
    sendRaw(system.playground!, parent, content);
    expect((await parent.nextMessage()).text).toMatch(said);
  }
  expect((await findUserByTelegramId(system.database.db, me))?.phone ?? null).toBeNull();

  await parent.shareContact();
  await parent.nextMessage(/Спасибо, номер получен/);
  expect(logged.errors()).toEqual([]);
});
