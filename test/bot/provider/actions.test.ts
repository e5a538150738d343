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
