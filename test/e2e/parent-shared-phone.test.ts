/**
 * Mobile numbers are recycled: a new owner of a number registers through the parent bot and
 * gets nothing of the previous owner's (drafts, children, documents), whose record stays as it was.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as apps from "#root/db/queries/applications.ts";
import { addChild, findUserByTelegramId, listChildren } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe("two Telegram accounts with one phone number", () => {
  it("the second registers as a parent of their own and sees none of the first's drafts or children", async () => {
    const db = system.database.db;
    const phone = "+77015550011";
    const first = system.parent({ phone });
    const firstIin = makeIin("1985-04-12", "female", 51);
    await registerInRussian(first, "Сәрсенова Айгүл Маратқызы", firstIin);
    const before = (await findUserByTelegramId(db, first.chat.user.id))!;
    const born = bornForGrade(5);
    const child = await addChild(db, {
      parentId: before.id,
      fullName: "Сәрсенов Арман Ерланұлы",
      iin: makeIin(born, "male", 52),
      birthDate: born,
      grade: 5,
    });
    const draft = await apps.createDraft(db, { serviceId: "meals", parentId: before.id, lang: "ru", now: new Date() });

    const second = system.parent({ phone });
    const secondIin = makeIin("1990-06-30", "male", 53);
    await registerInRussian(second, "Петров Иван Сергеевич", secondIin);
    await second.send("/apply");
    const reply = await second.nextMessage();
    expect(reply.text).not.toMatch(/незаконченное заявление/);
    expect(reply.text).toMatch(/Государственные услуги школы/);
    await second.tap("Бесплатное и льготное питание в школе");
    await second.nextMessage(/по кнопке «Подробнее»/);
    await second.tap("📝 Подать заявление");
    // The form states the newcomer's own details (kept from their profile, not asked).
    const step2 = await second.nextMessage(/Шаг 1 из 4/);
    const newDraft = (await apps.findDraft(db, (await findUserByTelegramId(db, second.chat.user.id))!.id))!;
    expect(newDraft.form.parent).toEqual({ fullName: "Петров Иван Сергеевич", iin: secondIin, phone });
    expect(step2.text).not.toContain("Арман");
    expect(second.lastKeyboard().join(" ")).not.toContain("Арман");

    const after = (await findUserByTelegramId(db, first.chat.user.id))!;
    expect(after).toMatchObject({
      id: before.id,
      fullName: "Сәрсенова Айгүл Маратқызы",
      iin: firstIin,
      phone,
      telegramId: first.chat.user.id,
    });
    expect(await listChildren(db, before.id)).toEqual([child]);
    expect((await apps.findDraft(db, before.id))?.id).toBe(draft.id);
    const newcomer = (await findUserByTelegramId(db, second.chat.user.id))!;
    expect(newcomer.id).not.toBe(before.id);
    expect(newcomer).toMatchObject({ fullName: "Петров Иван Сергеевич", iin: secondIin, phone });
  });
});
