/**
 * A parent's buttons left in the chat, tapped after the parent went on elsewhere: a "✍️ Add a
 * comment" left for a form keeps no hold on what is typed into the form, "Decline" under an
 * older consent message does not tell a parent who agreed since that they have not, and "Discard
 * the draft" under an older /cancel ends the form of that draft the parent went back to. "Add a
 * comment" on a rating that takes none (commented already, another parent's) waits for nothing,
 * and "Keep the draft" under an older /cancel says a draft discarded since is gone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listParentApplications } from "#root/db/queries/applications.ts";
import { getRating, recordRating } from "#root/db/queries/ratings.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { registerInKazakh, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

/** A Russian-speaking parent whose meals application a specialist of a new school decided: the request to rate it came. */
async function decidedForParent(bin: string, staffTelegramId: number, iinSerial: number) {
  const db = system.database.db;
  const school = await seedSchool(db, bin, `Школа №${bin.slice(-3)}`);
  const staff = await seedStaff(db, {
    schoolId: school.id,
    telegramId: staffTelegramId,
    role: "specialist",
    fullName: "Сауле Нурланова",
    lang: "ru",
  });
  const parent = system.parent({ lang: "ru" });
  await registerInRussian(parent, "Сәрсенова Айгүл Маратқызы", makeIin("1985-04-12", "female", iinSerial));
  const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: parent.chat.user.id });
  await decidedApplication(db, app, staff);
  const ask = await parent.nextMessage(/Оцените от 1/, { timeoutMs: 10_000 });
  return { db, parent, app, ask };
}

describe("'✍️ Add a comment' to a rating, then a service's 'Apply' instead", () => {
  it("what the parent types next answers the form: it is not sent to the school as the rating's comment", async () => {
    const { db, parent, app } = await decidedForParent("990140000812", 9811, 71);
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

describe("'Decline' under an older consent message, tapped after the parent agreed and registered", () => {
  it("says the consent stands and how to withdraw it (Russian), and the consent is kept", async () => {
    const parent = system.parent({ lang: "ru" });
    await parent.send("/start");
    const old = await parent.nextMessage(/Согласие/);
    await registerInRussian(parent, "Сәрсенова Айгүл Маратқызы", makeIin("1985-04-12", "female", 72));
    const decline = old.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Не согласен(на)") as { callback_data: string };
    await parent.chat.tapButton(old.message_id, decline.callback_data);
    const reply = await parent.nextMessage(/уже дали согласие|Без согласия/);
    expect(reply.text).toMatch(/Вы уже дали согласие.*\/privacy/s);
    expect(reply.text).not.toMatch(/Без согласия/);
    expect((await findUserByTelegramId(system.database.db, parent.chat.user.id))?.consentAt).toBeTruthy();
  });

  it("in Kazakh too", async () => {
    const parent = system.parent({ lang: "kk" });
    await parent.send("/start");
    const old = await parent.nextMessage(/Дербес деректерді жинауға/);
    await registerInKazakh(parent, "Сәрсенова Айгүл Маратқызы", makeIin("1985-04-12", "female", 73));
    const decline = old.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Келіспеймін") as { callback_data: string };
    await parent.chat.tapButton(old.message_id, decline.callback_data);
    const reply = await parent.nextMessage(/бергенсіз|келісім болмаса/);
    expect(reply.text).toMatch(/келісім бергенсіз.*\/privacy/s);
  });
});

describe("'Discard the draft' under an older /cancel, tapped after the parent went back to filling that draft", () => {
  it("the draft goes and its form with it: what the parent types next is not answered as an application no longer a draft", async () => {
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Сәрсенова Айгүл Маратқызы", makeIin("1985-04-12", "female", 74));
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);
    await parent.send("/cancel");
    const ask = await parent.nextMessage(/Сохранить черновик/);
    await parent.tap("Сохранить черновик");
    await parent.nextMessage(/Черновик сохранён/);
    await parent.send("/apply");
    await parent.nextMessage(/Продолжить его/);
    await parent.tap("▶ Продолжить");
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);

    const discard = ask.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Удалить черновик") as { callback_data: string };
    await parent.chat.tapButton(ask.message_id, discard.callback_data);
    await parent.nextMessage(/Черновик удалён/);
    expect(
      await listParentApplications(system.database.db, (await findUserByTelegramId(system.database.db, parent.chat.user.id))!.id),
    ).toEqual([]);
    await parent.send("Сәрсенов Арман Ерланұлы");
    const reply = await parent.nextMessage(/.+/);
    expect(reply.text).not.toMatch(/уже не черновик/);
    expect(reply.text).toMatch(/\/apply/);
  });
});

describe("'✍️ Add a comment' to a rating that takes no comment", () => {
  it("tapped again after the comment went: says so (Russian), and what the parent types next is not answered 'you rated it'", async () => {
    const { db, parent, app, ask } = await decidedForParent("990140000813", 9812, 75);
    await parent.tap("5 ⭐");
    await parent.nextMessage(/Спасибо! Ваша оценка/);
    await parent.tap("✍️ Добавить комментарий");
    await parent.nextMessage(/Напишите комментарий/);
    await parent.send("Всё рассмотрели вовремя.");
    await parent.nextMessage(/комментарий передан школе/);

    // The same button once more (a second tap that left before the button went).
    const tap = await parent.chat.tapButton(ask.message_id, `ratec:${app.id}`);
    expect((await parent.callbackAnswer(tap)).text).toBe("Вы уже оставили комментарий к этой оценке. Спасибо!");
    await parent.send("И ещё одно: спасибо учителю.");
    // Outside any form: the bot's usual answer, not the rating's.
    const reply = await parent.nextMessage(/уже оценили|Я не понял сообщение/);
    expect(reply.text).toMatch(/Я не понял сообщение/);
    expect(parent.botMessages().filter((m) => /Напишите комментарий/.test(m.text ?? ""))).toHaveLength(1);
    expect((await getRating(db, app.id))?.comment).toBe("Всё рассмотрели вовремя.");
  });

  it("with another parent's application in it: the button is out of date (Kazakh), and nothing waits for a comment", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000814", "№814 мектеп");
    const staff = await seedStaff(db, { schoolId: school.id, telegramId: 9813, role: "specialist", fullName: "Дана Ержанова", lang: "kk" });
    const other = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 9814 });
    await decidedApplication(db, other, staff);
    await recordRating(db, { applicationId: other.id, schoolId: school.id, serviceId: "meals", score: 2, now: new Date() });
    const parent = system.parent({ lang: "kk" });
    await registerInKazakh(parent, "Сәрсенова Айгүл Маратқызы", makeIin("1985-04-12", "female", 76));
    const last = parent.botMessages().at(-1)!;

    const tap = await parent.chat.tapButton(last.message_id, `ratec:${other.id}`);
    expect((await parent.callbackAnswer(tap)).text).toBe("Бұл батырманың мерзімі өтті — соңғы хабарламаны пайдаланыңыз.");
    await parent.send("Мектепке рахмет");
    const reply = await parent.nextMessage(/бағалап қойдыңыз|Хабарламаны түсінбедім/);
    expect(reply.text).toMatch(/Хабарламаны түсінбедім/);
    expect(parent.botMessages().some((m) => /Пікіріңізді бір хабарламамен жазыңыз/.test(m.text ?? ""))).toBe(false);
    expect((await getRating(db, other.id))?.comment ?? null).toBeNull();
  });
});

describe("'Keep the draft' under an older /cancel, tapped after that draft was discarded from a later /cancel", () => {
  it.each([
    {
      lang: "ru" as const,
      register: registerInRussian,
      service: "Бесплатное и льготное питание в школе",
      hint: /по кнопке «Подробнее»/,
      apply: "📝 Подать заявление",
      question: /Введите фамилию, имя и отчество ребёнка/,
      ask: /Сохранить черновик/,
      found: /Продолжить его/,
      go: "▶ Продолжить",
      keep: "Сохранить черновик",
      discard: "Удалить черновик",
      discarded: /Черновик удалён/,
      gone: "Этот черновик уже удалён — сохранять нечего. Подать заявление заново: /apply",
      kept: /Черновик сохранён/,
      reply: /уже удалён|Черновик сохранён/,
    },
    {
      lang: "kk" as const,
      register: registerInKazakh,
      service: "Мектепте тегін және жеңілдетілген тамақ",
      hint: /«Толығырақ» батырмасында/,
      apply: "📝 Өтініш беру",
      question: /Баланың тегін, атын және әкесінің атын жазыңыз/,
      ask: /жобасын сақтайсыз ба/,
      found: /Жалғастырасыз ба/,
      go: "▶ Жалғастыру",
      keep: "Жобаны сақтау",
      discard: "Жобаны жою",
      discarded: /Жоба жойылды/,
      gone: "Бұл жоба жойылған — сақтайтын ештеңе жоқ. Өтінішті қайта беру: /apply",
      kept: /Жоба сақталды/,
      reply: /жойылған|Жоба сақталды/,
    },
  ])("in $lang: says the draft is gone, not that it was saved", async (c) => {
    const parent = system.parent({ lang: c.lang });
    await c.register(parent, "Сәрсенова Айгүл Маратқызы", makeIin("1985-04-12", "female", c.lang === "ru" ? 77 : 78));
    await parent.tap(c.service);
    await parent.nextMessage(c.hint);
    await parent.tap(c.apply);
    await parent.nextMessage(c.question);
    await parent.send("/cancel");
    const older = await parent.nextMessage(c.ask);
    // Not answered: the parent goes back to the draft, stops again, and discards it from the newer message.
    await parent.send("/apply");
    await parent.nextMessage(c.found);
    await parent.tap(c.go);
    await parent.nextMessage(c.question);
    await parent.send("/cancel");
    await parent.nextMessage(c.ask);
    await parent.tap(c.discard);
    await parent.nextMessage(c.discarded);

    const keep = older.reply_markup!.inline_keyboard.flat().find((b) => b.text === c.keep) as { callback_data: string };
    await parent.chat.tapButton(older.message_id, keep.callback_data);
    expect((await parent.nextMessage(c.reply)).text).toBe(c.gone);
    expect(parent.botMessages().filter((m) => c.kept.test(m.text ?? ""))).toEqual([]);
    expect(parent.messages().find((m) => m.message_id === older.message_id)?.reply_markup).toBeUndefined();
  });
});
