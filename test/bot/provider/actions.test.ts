/**
 * An application card's action tapped on a message Telegram no longer shows the bot (deleted, or days old: the tap comes
 * with an InaccessibleMessage, dated 0): the next step — the confirmation, or the refusal's reasons — comes as a new
 * message. Before, the edit of a message that is gone failed the update (an error in the log) and the staff member saw
 * nothing happen.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { data } from "#root/bot/provider/callbacks.ts";
import { getApplication } from "#root/db/queries/applications.ts";
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

describe("an action on a card that is gone", () => {
  it.each([
    { action: "register" as const, next: /«Зарегистрировать»\. Подтверждаете\?/, bin: "990140000321", telegramId: 932001 },
    { action: "refuse" as const, next: /выберите причину отказа/, bin: "990140000322", telegramId: 932002 },
  ])("$action: the next step is sent anew, nothing is decided, no error", async ({ action, next, bin, telegramId }) => {
    const db = system.database.db;
    const school = await seedSchool(db, bin);
    await seedStaff(db, { schoolId: school.id, telegramId, role: "specialist", fullName: "Сауле Нурланова", lang: "ru" });
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: telegramId + 500 });
    const staff = tgUser(system.playground!, { id: telegramId, firstName: "Сауле", lang: "ru" }).chatWith(
      PLAYGROUND_BOT_USERNAMES.provider,
    );
    await staff.send(app.number);
    const card = await staff.nextMessage(new RegExp(`Заявление № ${app.number}`));

    const query = tapInaccessible(system.playground!, staff, card.message_id, data.ask(action, app.id, app.version), { deleted: true });
    await staff.callbackAnswer(query);
    const step = await staff.nextMessage(next);
    expect(step.text).toContain(app.number);
    expect(step.reply_markup?.inline_keyboard.flat().length).toBeGreaterThan(1);
    expect((await getApplication(db, app.id))?.status).toBe("submitted");
    expect(logged.errors()).toEqual([]);
  });
});

/**
 * The refusal's reasons on screen are chosen with a button: a name or a number typed instead, or a sticker, is said to be
 * no answer, under it, and the reasons stay to tap. Before, the text was read as a search of the inbox (its results came
 * as if the refusal had been left), and a sticker got the bot's "did not understand".
 */
describe("the refusal's reasons on screen", () => {
  it("a text or a sticker sent instead is told to take a reason's button or Cancel; the reason tapped next goes on", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000323");
    await seedStaff(db, { schoolId: school.id, telegramId: 932003, role: "specialist", fullName: "Сауле Нурланова", lang: "ru" });
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 932503 });
    const staff = tgUser(system.playground!, { id: 932003, firstName: "Сауле", lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
    await staff.send(app.number);
    await staff.nextMessage(new RegExp(`Заявление № ${app.number}`));
    await staff.tap("Отказать в приёме");
    await staff.nextMessage(/выберите причину отказа/);

    const typed = await staff.send("Сапаров");
    const said = await staff.nextMessage();
    expect(said.text).toBe("Причину отказа выбирают кнопкой: нажмите одну из причин под сообщением выше или «Отмена».");
    expect(said.reply_to_message?.message_id).toBe(typed.message_id);
    staff.chat.sendSticker();
    await staff.nextMessage(/^Причину отказа выбирают кнопкой/);
    expect(staff.botMessages().some((m) => /найдено/.test(m.text ?? ""))).toBe(false);

    await staff.tap("Копия нечитаема");
    await staff.nextMessage(/Напишите комментарий/);
    await staff.tap("Пропустить");
    await staff.nextMessage(/Подтверждаете/);
    await staff.tap("✅ Подтвердить");
    await staff.nextMessage(/Отказано в приёме/);
    expect(await getApplication(db, app.id)).toMatchObject({ status: "refused", reason: "unreadable-copy" });
  });

  it("/cancel typed while they are shown cancels the refusal and says so; what is typed after it searches again", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000324");
    await seedStaff(db, { schoolId: school.id, telegramId: 932004, role: "specialist", fullName: "Сауле Нурланова", lang: "ru" });
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 932504 });
    const staff = tgUser(system.playground!, { id: 932004, firstName: "Сауле", lang: "ru" }).chatWith(PLAYGROUND_BOT_USERNAMES.provider);
    await staff.send(app.number);
    await staff.nextMessage(new RegExp(`Заявление № ${app.number}`));
    await staff.tap("Отказать в приёме");
    await staff.nextMessage(/выберите причину отказа/);
    await staff.send("/cancel");
    await staff.nextMessage(/^Действие отменено\.$/);
    expect(staff.lastKeyboard()).toEqual(["Вернуться к заявлению"]);
    await staff.send("Сапаров");
    await staff.nextMessage(/найдено 1 заявление/);
    expect((await getApplication(db, app.id))!.status).toBe("submitted");
  });
});
