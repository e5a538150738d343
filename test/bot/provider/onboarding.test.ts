/**
 * A new staff member blocks the bot and unblocks it halfway through giving their name and position (Telegram tells the
 * bot each with a my_chat_member update): no error, and the step they were at stays — before, each such update asked for
 * the name again (the reply to the block failing with 403, an error in the log), and the name given was lost.
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
