/**
 * A new staff member blocks the bot and unblocks it halfway through giving their name and position (Telegram tells the
 * bot each with a my_chat_member update): no error, and the step they were at stays — before, each such update asked for
 * the name again (the reply to the block failing with 403, an error in the log), and the name given was lost. So with a
 * photo or a sticker sent at the position: the position is asked again, the name kept.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { createStaffInvite, findActiveStaff } from "#root/db/queries/staff.ts";
import { seedSchool } from "#root/test/helpers/fixtures.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";
import { capturedLog } from "#root/test/helpers/update-shapes.ts";

const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log });
});
afterAll(() => system?.close());

it("the bot blocked and unblocked between the name and the position: the position is still what is asked", async () => {
  const db = system.database.db;
  const school = await seedSchool(db, "990140000351");
  const { token } = await createStaffInvite(db, { schoolId: school.id, role: "specialist", now: new Date() });
  const staff = tgUser(system.playground!, { id: 935001, firstName: "Айгерим", lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
  await staff.send(`/start ${token}`);
  await staff.nextMessage(/фамилию, имя и отчество/);
  await staff.send("Бекова Айгерим Маратовна");
  await staff.nextMessage(/должность/);

  staff.chat.setBlocked(true);
  staff.chat.setBlocked(false);
  await staff.send("Учитель начальных классов");
  const done = await staff.nextMessage(/Готово|фамилию, имя и отчество/);
  expect(done.text).toMatch(/Готово/);
  expect((await findActiveStaff(db, 935001))?.fullName).toBe("Бекова Айгерим Маратовна");
  expect(staff.botMessages().filter((m) => /фамилию, имя и отчество/.test(m.text ?? ""))).toHaveLength(1);
  expect(logged.errors()).toEqual([]);
});

it("a sticker, a photo or a tap at the position asks the position again and keeps the name; a command starts from the name", async () => {
  const db = system.database.db;
  const school = await seedSchool(db, "990140000362");
  const { token } = await createStaffInvite(db, { schoolId: school.id, role: "specialist", now: new Date() });
  const staff = tgUser(system.playground!, { id: 935002, firstName: "Ерлан", lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
  await staff.send(`/start ${token}`);
  await staff.nextMessage(/фамилию, имя и отчество/);
  await staff.send("Сапаров Ерлан Болатович");
  await staff.nextMessage(/должность/);
  await staff.sendPhoto(Uint8Array.from([0xff, 0xd8, 0xff, 0xd9]));
  await staff.nextMessage(/должность/);
  await staff.send("Заместитель директора по учебной работе");
  await staff.nextMessage(/Готово/);
  expect((await findActiveStaff(db, 935002))?.fullName).toBe("Сапаров Ерлан Болатович");
  expect(staff.botMessages().filter((m) => /фамилию, имя и отчество/.test(m.text ?? ""))).toHaveLength(1);

  const { token: second } = await createStaffInvite(db, { schoolId: school.id, role: "specialist", now: new Date() });
  const other = tgUser(system.playground!, { id: 935003, firstName: "Дина", lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
  await other.send(`/start ${second}`);
  await other.nextMessage(/фамилию, имя и отчество/);
  await other.send("Омарова Дина Сериковна");
  await other.nextMessage(/должность/);
  await other.send("/help");
  await other.nextMessage(/фамилию, имя и отчество/);
  expect(logged.errors()).toEqual([]);
});
