/**
 * A number typed as the bot writes it or as staff write it by hand opens the card: "№ 2026-000001" (the bot's way),
 * "№2026-000001", or a no-break space pasted from a document.
 *
 * The inbox's buttons tapped on a message Telegram no longer shows the bot (deleted, or days old: the tap comes with an
 * InaccessibleMessage, dated 0): the page comes as a new message. Before, the failed edit was taken for "the inbox is
 * current already" and the staff member got nothing at all.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { data } from "#root/bot/provider/callbacks.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";
import { capturedLog, tapInaccessible } from "#root/test/helpers/update-shapes.ts";

const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log });
});
afterAll(() => system?.close());

it("'📥 List' under a deleted card sends the inbox anew", async () => {
  const db = system.database.db;
  const school = await seedSchool(db, "990140000331", "Школа №331");
  await seedStaff(db, { schoolId: school.id, telegramId: 933001, role: "specialist", fullName: "Сауле Нурланова", lang: "ru" });
  const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 933501 });
  const staff = tgUser(system.playground!, { id: 933001, firstName: "Сауле", lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
  await staff.send(app.number);
  const card = await staff.nextMessage(new RegExp(`Заявление № ${app.number}`));

  const query = tapInaccessible(system.playground!, staff, card.message_id, data.page(0), { deleted: true });
  await staff.callbackAnswer(query);
  const inbox = await staff.nextMessage(/Заявления — Школа №331/);
  expect(inbox.reply_markup?.inline_keyboard.flat().some((b) => "callback_data" in b && b.callback_data === data.open(app.id))).toBe(true);
  expect(logged.errors()).toEqual([]);
});

it("a number typed with '№' opens its card, written with a space, without one or with a pasted no-break space", async () => {
  const db = system.database.db;
  const school = await seedSchool(db, "990140000332", "Школа №332");
  await seedStaff(db, { schoolId: school.id, telegramId: 933002, role: "specialist", fullName: "Айгуль Беком", lang: "ru" });
  const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 933502 });
  const staff = tgUser(system.playground!, { id: 933002, firstName: "Айгуль", lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
  for (const typed of [`№ ${app.number}`, `№${app.number}`, `№\u00a0${app.number}`]) {
    await staff.send(typed);
    await staff.nextMessage(new RegExp(`📄 Заявление № ${app.number}`));
  }
  // Its last digits after "№" and a no-break space search, as the digits alone do.
  const digits = app.number.slice(-6);
  await staff.send(`№\u00a0${digits}`);
  expect((await staff.nextMessage(/найдено 1 заявление/)).text).toContain(`№ ${app.number}`);
  expect(logged.errors()).toEqual([]);
});
