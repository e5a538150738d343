/**
 * What a staff member sends in the middle of a typed-input dialog (a refusal's comment, a reason, an
 * order's number and date) that is not the answer: the dialog says what it waits for and goes on.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getApplication, type Application } from "#root/db/queries/applications.ts";
import {
  seedSchool,
  seedStaff,
  startProviderHarness,
  submittedApplication,
  tinyPng,
  type ProviderHarness,
} from "#root/test/helpers/fixtures.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

let h: ProviderHarness;
let chat: TgChat;
let app: Application;

beforeEach(async () => {
  h = await startProviderHarness();
  const school = await seedSchool(h.db, "123456789012", "Школа-гимназия №12");
  await seedStaff(h.db, { schoolId: school.id, telegramId: 7301, role: "specialist", fullName: "Сауле Ахметова" });
  chat = tgUser(h.emulator, { id: 7301, firstName: "Сауле", lang: "ru" }).chatWith("provider_bot");
  app = await submittedApplication(h.db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 7401 });
});
afterEach(async () => {
  await h.close();
});

/** Open the application by its number and choose a refusal reason: the comment is asked. */
async function refusalComment(): Promise<void> {
  await chat.send(app.number);
  await chat.nextMessage(new RegExp(`📄 Заявление № ${app.number}`));
  await chat.tap("Отказать в приёме");
  await chat.nextMessage(/выберите причину отказа/);
  await chat.tap("Копия нечитаема");
  await chat.nextMessage(/Напишите комментарий/);
}

describe("a refusal's comment", () => {
  it("of only spaces is asked for again, not called too long, and the comment typed next is the one confirmed", async () => {
    await refusalComment();
    await chat.send("     ");
    const again = await chat.nextMessage();
    expect(again.text).toMatch(/Напишите комментарий для родителя/);
    expect(again.text).not.toMatch(/слишком длинный/);
    expect(chat.lastKeyboard()).toEqual(["Пропустить", "Отмена"]);
    await chat.send("Свидетельство размыто");
    expect((await chat.nextMessage(/Подтверждаете/)).text).toContain("Комментарий: Свидетельство размыто");
    await chat.tap("✅ Подтвердить");
    await chat.nextMessage(/Отказано в приёме/);
    expect((await getApplication(h.db, app.id))!.status).toBe("refused");
  });

  it("is still asked after a photo or a sticker: the bot says it reads text, and the comment typed next is the one confirmed", async () => {
    await refusalComment();
    const photo = await chat.sendPhoto(tinyPng());
    const said = await chat.nextMessage();
    expect(said.text).toMatch(/ждёт ответ текстом или нажатие кнопки/);
    expect(said.reply_to_message?.message_id).toBe(photo.message_id);
    chat.chat.sendSticker();
    await chat.nextMessage(/ждёт ответ текстом/);
    await chat.send("Свидетельство размыто");
    expect((await chat.nextMessage(/Подтверждаете/)).text).toContain("Комментарий: Свидетельство размыто");
    await chat.tap("✅ Подтвердить");
    await chat.nextMessage(/Отказано в приёме/);
    expect(await getApplication(h.db, app.id)).toMatchObject({ status: "refused", reason: "unreadable-copy" });
  });

  it("/cancel typed while it is asked cancels the refusal and says so: the application stays as it was", async () => {
    await refusalComment();
    await chat.send("/cancel");
    await chat.nextMessage(/^Действие отменено\.$/);
    expect(chat.lastKeyboard()).toEqual(["Вернуться к заявлению"]);
    // What is typed next is not a comment: a search finds the application.
    await chat.send("Сапаров");
    await chat.nextMessage(/найдено 1 заявление/);
    expect((await getApplication(h.db, app.id))!.status).toBe("submitted");
  });
});
