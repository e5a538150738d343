/**
 * /lang tapped on a message Telegram no longer shows the bot (deleted, or days old: the tap comes with an
 * InaccessibleMessage, dated 0): the language changes and the staff member is told so in a new message — the edit of a
 * message that is gone failed the update before, logged as an error, and the staff member heard nothing.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { data } from "#root/bot/provider/callbacks.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { seedSchool, seedStaff } from "#root/test/helpers/fixtures.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";
import { capturedLog, tapInaccessible } from "#root/test/helpers/update-shapes.ts";

const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log });
});
afterAll(() => system?.close());

it("a language tapped on a deleted /lang message is set and said in a new message, with no error", async () => {
  const db = system.database.db;
  const school = await seedSchool(db, "990140000311");
  await seedStaff(db, { schoolId: school.id, telegramId: 931001, role: "specialist", fullName: "Сауле Нурланова", lang: "ru" });
  const staff = tgUser(system.playground!, { id: 931001, firstName: "Сауле", lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
  await staff.send("/lang");
  const ask = await staff.nextMessage(/Выберите язык/);

  const query = tapInaccessible(system.playground!, staff, ask.message_id, data.lang("kk"), { deleted: true });
  await staff.callbackAnswer(query);
  await staff.nextMessage(/^Тіл өзгертілді: қазақша\.$/);
  expect((await findActiveStaff(db, 931001))?.lang).toBe("kk");
  expect(logged.errors()).toEqual([]);
});
