/**
 * A score tapped on a rating request Telegram no longer shows the bot (deleted, or days old: the tap comes with an
 * InaccessibleMessage, dated 0): the score is kept, and the thanks with "✍️ Add a comment" come as a new message. Before,
 * the edit of a message that is gone failed quietly: the comment could no longer be offered.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { data } from "#root/bot/parent/callbacks.ts";
import { getRating } from "#root/db/queries/ratings.ts";
import { makeIin } from "#root/flows/iin.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { capturedLog, tapInaccessible } from "#root/test/helpers/update-shapes.ts";

const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log });
});
afterAll(() => system?.close());

it("a score tapped on a deleted request is kept, and the comment is offered in a new message", async () => {
  const db = system.database.db;
  const school = await seedSchool(db, "990140000361");
  const staff = await seedStaff(db, { schoolId: school.id, telegramId: 937001, role: "specialist", fullName: "Сауле Нурланова" });
  const parent = system.parent({ lang: "ru" });
  await registerInRussian(parent, "Сәрсенова Айгүл Маратқызы", makeIin("1985-04-12", "female", 361));
  const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });
  await decidedApplication(db, app, staff);
  const ask = await parent.nextMessage(/Оцените от 1/, { timeoutMs: 10_000 });

  const query = tapInaccessible(system.playground!, parent, ask.message_id, data.rate(app.id, 4), { deleted: true });
  expect((await parent.callbackAnswer(query)).text).toBe("Спасибо за оценку!");
  const thanks = await parent.nextMessage(/Спасибо! Ваша оценка: ⭐⭐⭐⭐\./);
  expect(thanks.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["✍️ Добавить комментарий"]);
  expect((await getRating(db, app.id))?.score).toBe(4);
  expect(logged.errors()).toEqual([]);
});
