/**
 * A parent's buttons left in the chat, tapped after the parent went on elsewhere: a "✍️ Add a
 * comment" left for a form keeps no hold on what is typed into the form.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getRating } from "#root/db/queries/ratings.ts";
import { makeIin } from "#root/flows/iin.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

describe("'✍️ Add a comment' to a rating, then a service's 'Apply' instead", () => {
  it("what the parent types next answers the form: it is not sent to the school as the rating's comment", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000812", "Школа №812");
    const staff = await seedStaff(db, {
      schoolId: school.id,
      telegramId: 9811,
      role: "specialist",
      fullName: "Сауле Нурланова",
      lang: "ru",
    });
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Сәрсенова Айгүл Маратқызы", makeIin("1985-04-12", "female", 71));
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });
    await decidedApplication(db, app, staff);
    await parent.nextMessage(/Оцените от 1/, { timeoutMs: 10_000 });
    await parent.tap("4 ⭐");
    await parent.nextMessage(/Спасибо! Ваша оценка/);
    await parent.tap("✍️ Добавить комментарий");
    await parent.nextMessage(/Напишите комментарий/);

    // The parent changes their mind: a new application, whose first question is answered by typing.
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Для какого ребёнка заявление/);
    await parent.tap("➕ Добавить ребёнка");
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);
    await parent.send("Сәрсенов Арман Ерланұлы");
    await parent.nextMessage(/ИИН ребёнка/);
    expect(parent.botMessages().some((m) => /комментарий передан/.test(m.text ?? ""))).toBe(false);
    expect((await getRating(db, app.id))?.comment ?? null).toBeNull();
  });
});
