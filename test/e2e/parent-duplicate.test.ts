/**
 * Sending a second application for the same child and service to the same school shows the one
 * that stands instead; another school (a move) receives it, and its card says so.
 */
import { fillStage } from "#root/test/helpers/answers.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apps from "#root/db/queries/applications.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { formOf } from "#root/flows/statement.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { findDraft } from "#root/db/queries/applications.ts";
import { makeIin } from "#root/flows/iin.ts";
import { giveConsent } from "#root/db/queries/users.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

describe("a second application for the same child", () => {
  it("is not sent to the same school: the parent sees the one that stands; another school gets it with a note on its card", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000701", "Школа №701");
    const other = await seedSchool(db, "990140000800", "Школа №800");
    const parent = system.parent({ lang: "ru" });
    await parent.send("/start");
    const hello = await parent.nextMessage();
    // The parent agrees (a parent without consent sends nothing to a school).
    await giveConsent(db, parent.chat.user.id, "ru", new Date());
    const first = await submittedApplication(db, {
      serviceId: "meals",
      schoolId: school.id,
      parentTelegramId: parent.chat.user.id,
      childName: "Нурлан Сапаров",
    });
    const now = new Date();
    const signedCopy = async (schoolId: number) => {
      const draft = await apps.createDraft(db, { serviceId: "meals", parentId: first.parentId, lang: "ru", now });
      const form = formOf(first);
      for (const stage of ["parent", "child", "fields"] as const)
        await fillStage(db, { applicationId: draft.id, stage, answers: form[stage] as Record<string, unknown>, now });
      await fillStage(db, { applicationId: draft.id, stage: "school", answers: { schoolId }, patch: { schoolId }, now });
      expect((await changeStatus(db, { applicationId: draft.id, action: "sign", principal: { kind: "system" }, now })).ok).toBe(true);
      return draft;
    };

    const again = await signedCopy(school.id);
    await parent.chat.tapButton(hello.message_id, `apply:send:${again.id}`);
    const shown = await parent.nextMessage(
      new RegExp(`уже есть заявление № ${first.number} на эту услугу в эту школу \\(статус: Отправлено в школу\\)`),
    );
    expect(shown.reply_markup!.inline_keyboard.flat()[0]).toMatchObject({ callback_data: `my:open:${first.id}` });
    expect((await apps.getApplication(db, again.id))!.status).toBe("signed");

    const moved = await signedCopy(other.id);
    await parent.chat.tapButton(hello.message_id, `apply:send:${moved.id}`);
    await parent.nextMessage(new RegExp(`№\\s?${moved.number}`));
    expect((await apps.getApplication(db, moved.id))!.status).toBe("submitted");
    await seedStaff(db, { schoolId: other.id, telegramId: 9701, role: "specialist", fullName: "Сауле Нурланова", lang: "ru" });
    const staff = tgUser(system.playground!, { id: 9701, firstName: "Сауле", lang: "ru" }).chatWith("school_desk_staff_bot");
    await staff.send("/inbox");
    await staff.nextMessage(/Школа №800/);
    await staff.tap(`№ ${moved.number} · Нурлан Сапаров`);
    const card = await staff.nextMessage(new RegExp(`Заявление № ${moved.number}`), { timeoutMs: 10_000 });
    expect(card.text).toContain(
      `У ребёнка есть заявление № ${first.number} на эту же услугу в другую школу: Школа №701 (статус: Отправлено в школу)`,
    );
  });
});

describe("in the form", () => {
  it("names the child's standing application once the child is chosen, and does not take the same school again", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Сапарова Айгерим Маратовна", makeIin("1988-02-11", "female", 41));
    const demo = (await getSchoolByBin(db, "990140000106"))!;
    const first = await submittedApplication(db, {
      serviceId: "meals",
      schoolId: demo.id,
      parentTelegramId: parent.chat.user.id,
      parentName: "Сапарова Айгерим Маратовна",
      childName: "Нурлан Сапаров",
    });

    await parent.send("/apply");
    await parent.nextMessage();
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage();
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Шаг 1 из 4/);
    await parent.tap("Нурлан Сапаров, 4 класс");
    const note = await parent.nextMessage(
      new RegExp(`У ребёнка уже есть заявление № ${first.number} на эту услугу: Общеобразовательная школа №1 \\(ДЕМО\\)`),
    );
    expect(note.reply_markup!.inline_keyboard.flat()[0]).toMatchObject({ callback_data: `my:open:${first.id}` });
    // The last school is not offered in one tap: the child's application stands there.
    const lists = await parent.nextMessage(/Шаг 2 из 4/);
    expect(lists.reply_markup!.inline_keyboard.flat().map((b) => b.text)).not.toContainEqual(expect.stringContaining("⭐"));
    expect(lists.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toContain("город Алматы");
    await parent.tap("город Алматы");
    await parent.nextMessage(/Выберите район/);
    await parent.tap("Алмалинский район");
    await parent.nextMessage(/Выберите школу/);
    await parent.tap("Общеобразовательная школа №1 (ДЕМО)");
    await parent.nextMessage(new RegExp(`В эту школу у ребёнка уже есть заявление № ${first.number}`));
    const draft = (await findDraft(db, first.parentId))!;
    expect(draft.schoolId).toBeNull();
  });
});
