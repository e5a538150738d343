/**
 * A form's button tapped on a message Telegram no longer shows the bot (days old, or deleted: the tap comes with an
 * InaccessibleMessage, dated 0) cannot be told to be this draft's: a draft discarded since had the same question. It
 * answers nothing, and the question the draft is at is asked anew, with buttons that work. Before, a date of 0 passed
 * the check that keeps another draft's buttons out, and the old tap answered the new draft.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade, discardDraft, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";
import { capturedLog, tapInaccessible } from "#root/test/helpers/update-shapes.ts";

const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log });
});
afterAll(() => system?.close());

/** From the region list of a meals application to its category question (the demo school in Almaty). */
async function toCategory(parent: TgChat) {
  await parent.tap("город Алматы");
  await parent.nextMessage(/Выберите район/);
  await parent.tap("Алмалинский район");
  await parent.nextMessage(/Выберите школу/);
  await parent.tap("Общеобразовательная школа №1 (ДЕМО)");
  return parent.nextMessage(/категори/);
}

it("a category tapped on a days-old question of a draft discarded since answers nothing in the new draft", async () => {
  const parent = system.parent({ lang: "ru" });
  await registerInRussian(parent, "Сапарова Гульнар Ериковна", makeIin("1987-03-03", "female", 371));
  await parent.tap("Бесплатное и льготное питание в школе");
  await parent.nextMessage(/по кнопке «Подробнее»/);
  await parent.tap("📝 Подать заявление");
  await parent.nextMessage(/фамилию, имя и отчество ребёнка/);
  await parent.send("Сапаров Ернар Маратович");
  await parent.nextMessage(/ИИН ребёнка/);
  await parent.send(makeIin(bornForGrade(5), "male", 372));
  await parent.nextMessage(/В каком классе/);
  await parent.send("5");
  await parent.nextMessage(/Выберите область или город/);
  const old = await toCategory(parent);
  const asp = old.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Семья получает АСП") as { callback_data: string };

  // Discarded; a new application for the same child, at the same question.
  await discardDraft(parent);
  await parent.tap("Бесплатное и льготное питание в школе");
  await parent.nextMessage(/по кнопке «Подробнее»/);
  await parent.tap("📝 Подать заявление");
  await parent.nextMessage(/Для какого ребёнка/);
  await parent.tap("Сапаров Ернар Маратович, 5 класс");
  await parent.nextMessage(/Выберите область или город/);
  await toCategory(parent);

  const query = tapInaccessible(system.playground!, parent, old.message_id, asp.callback_data);
  expect((await parent.callbackAnswer(query)).text).toBe("Эта кнопка устарела — воспользуйтесь последним сообщением.");
  const again = await parent.nextMessage(/категори|Документ 1 из 2/);
  expect(again.text).toMatch(/категори/);
  expect(again.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toContain("Семья получает АСП");
  const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
  const [draft] = await listParentApplications(system.database.db, user!.id);
  expect(draft?.form.child).toMatchObject({ fullName: "Сапаров Ернар Маратович" });
  expect(draft?.form.fields?.category).toBeUndefined();
  expect(logged.errors()).toEqual([]);
});
