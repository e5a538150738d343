/**
 * A director's "✅ Switch off" tapped on a message Telegram no longer shows the bot (deleted, or days old: the tap comes
 * with an InaccessibleMessage, dated 0): the member is switched off and the director is told so in a new message.
 * Before, the failed edit was let go and the director heard nothing of what the tap did.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { data } from "#root/bot/provider/callbacks.ts";
import { findActiveStaff, staffMembership } from "#root/db/queries/staff.ts";
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

it("a switch-off confirmed on a deleted message is done and said", async () => {
  const db = system.database.db;
  const school = await seedSchool(db, "990140000341");
  await seedStaff(db, { schoolId: school.id, telegramId: 934001, role: "director", fullName: "Сауле Нурланова", lang: "ru" });
  const member = await seedStaff(db, { schoolId: school.id, telegramId: 934002, role: "specialist", fullName: "Бекова Айгерим Маратовна" });
  const director = tgUser(system.playground!, { id: 934001, firstName: "Сауле", lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
  await director.send("/staff");
  await director.nextMessage(/Сотрудники/);
  await director.tap("🚫 Бекова Айгерим Маратовна");
  const ask = await director.nextMessage(/Отключить сотрудника/);

  const confirm = data.teamOffConfirm(member.id, await staffMembership(db, member.id));
  const query = tapInaccessible(system.playground!, director, ask.message_id, confirm, { deleted: true });
  await director.callbackAnswer(query);
  await director.nextMessage(/Доступ сотрудника Бекова Айгерим Маратовна к боту закрыт/);
  expect(await findActiveStaff(db, 934002)).toBeUndefined();
  expect(logged.errors()).toEqual([]);
});
