/**
 * A school enrols its first graders in one action: the director sets the places for the year,
 * opens the queue (the school's area and the social categories first, then the rest, each in
 * registration order, with each family's priority), picks "all in order", types the order's
 * number and date and confirms once — and each of the twenty parents gets the order notice in
 * their chat, while the one applicant beyond the places (the last without priority) waits — and
 * then gets a reasoned refusal, a document the check page confirms.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { getApplication } from "#root/db/queries/applications.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { setYearPlaces } from "#root/flows/places.ts";
import { checkDocument } from "#root/flows/check/index.ts";
import { decide } from "#root/flows/decisions.ts";
import { getService } from "#root/flows/services/index.ts";
import { formatDate } from "#root/flows/form.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { lastCampaignYear } from "#root/test/helpers/campaign.ts";
import {
  joinAsStaff,
  seedSchool,
  seedStaff,
  startProviderHarness,
  submittedApplication,
  type ProviderHarness,
} from "#root/test/helpers/fixtures.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

/**
 * The admission campaign played: a campaign is a calendar year's (the queue and the places /orders
 * shows are the year's of the day), applications from April, the order by 31 August. The test
 * plays the last one whose August is over, so that its days are past on the real clock too (the
 * database's): applications sent in May, one a minute, each with its receipt at once; the school
 * works on 20 August (only this process's clock is set back).
 */
const YEAR = lastCampaignYear();
const SENT = (i: number) => new Date(Date.UTC(YEAR, 4, 15, 5, i));
const AUGUST = new Date(`${YEAR}-08-20T06:00:00Z`);

let h: ProviderHarness;
beforeEach(async () => {
  vi.useFakeTimers({ toFake: ["Date"], now: AUGUST, shouldAdvanceTime: true });
  h = await startProviderHarness();
});
afterEach(async () => {
  await h.close();
  vi.useRealTimers();
});

describe("enrolment in bulk", () => {
  it("enrols twenty in order, priority first, with one confirmation, each parent notified; no more than the places", async () => {
    const school = await seedSchool(h.db, "260515000001", "Школа-лицей №15");
    const director = tgUser(h.emulator, { id: 88_001, firstName: "Гульнара", lang: "ru" }).chatWith("provider_bot");
    await joinAsStaff(director, await h.invite(school.id, "director"), "Гульнара Ахметова", "Директор");

    const parents: TgChat[] = [];
    const apps = [];
    for (let i = 0; i < 21; i++) {
      const parent = tgUser(h.emulator, { id: 89_000 + i, firstName: `Ата-ана ${i}`, lang: "kk" }).chatWith("parent_bot");
      await parent.send("/start");
      parents.push(parent);
      const app = await submittedApplication(h.db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 89_000 + i,
        lang: "kk",
        now: SENT(i),
        childName: `Бала${String.fromCharCode(1040 + i)} Тестов`,
        child: { birthDate: `${YEAR - 6}-03-10`, grade: 1 },
        fields: { priority: i % 2 === 0 ? "area" : "none", "born-abroad": "no" },
      });
      // Nobody at the school registered it: the send gave the receipt.
      expect(app.status).toBe("completed");
      apps.push(app);
    }
    await h.deliver();
    // The school hears of each one as already answered with its receipt, awaiting the order.
    const heard = await director.nextMessage(/Новое заявление/);
    expect(heard.text).toContain("Расписка о приёме документов выдана заявителю автоматически");

    // The places for the year: four classes of five.
    await director.send("/orders");
    await director.nextMessage(/Выберите услугу/);
    await director.tap("Приём в первый класс: 21");
    await director.nextMessage(/не указано/);
    await director.tap("🔢 Количество мест");
    await director.nextMessage(/сколько детей школа принимает/);
    await director.send("4 × 5");
    await director.nextMessage(/Мест на \d{4} год: 20/);
    await director.tap("📋 К списку");
    const queue = await director.nextMessage(/ожидают приказа: 21/);
    const lines = queue.text!.split("\n").filter((l) => /^\d+\. /.test(l));
    expect(lines).toHaveLength(21);
    // The school's area first (as the form promised the parents), then the rest; each in registration order.
    expect(queue.text).toContain("сначала заявления с приоритетом (Живём рядом со школой, Социальная категория)");
    expect(lines[0]).toMatch(new RegExp(`^1\\. БалаА Тестов — №.+, 15\\.05\\.${YEAR} · Живём рядом со школой$`));
    expect(lines[1]).toMatch(/^2\. БалаВ Тестов .+Живём рядом со школой$/);
    expect(lines[10]).toMatch(/^11\. БалаФ Тестов .+Живём рядом со школой$/);
    expect(lines[11]).toMatch(/^12\. БалаБ Тестов .+Нет приоритета$/);
    expect(lines[20]).toMatch(/^21\. БалаУ Тестов .+Нет приоритета$/);
    expect(queue.text).toContain("свободно: 20");
    expect(queue.text).toMatch(/Приказ — не позднее 31\.08\.\d{4}\./);

    await director.tap("✅ Зачислить по порядку");
    await director.nextMessage(/от 1 до 20/);
    await director.tap("Всех по порядку: 20");
    await director.nextMessage(/номер приказа/);
    const number = await director.send("112-Б");
    await director.nextMessage(/дату приказа/);
    // An edit of the order number is not read: the dialog goes on with the number as sent.
    director.chat.edit(number.message_id, "113-Б");
    await director.nextMessage(/не видит исправлений/);
    const today = formatDate(almatyDate(new Date()));
    await director.send(today);
    const confirm = await director.nextMessage(/Приказ № 112-Б/);
    expect(confirm.text).toContain("(20)");
    expect(confirm.text).toContain("БалаА Тестов");
    // The last sent, from the school's area, is enrolled; the one sent before it, without priority, is not.
    expect(confirm.text).toContain("БалаФ Тестов");
    expect(confirm.text).not.toContain("БалаУ Тестов");
    await director.tap("✅ Подтвердить");
    await director.nextMessage(/Зачислено по приказу № 112-Б: 20/, { timeoutMs: 60_000 });

    for (const [i, app] of apps.entries()) {
      const now = (await getApplication(h.db, app.id))!;
      expect(now.status).toBe(i !== 19 ? "order_signed" : "completed");
      const kinds = (await listIssued(h.db, app.id)).map((d) => d.kind).sort();
      expect(kinds).toEqual(i !== 19 ? ["order", "receipt"] : ["receipt"]);
    }

    await h.deliver();
    for (const parent of parents.filter((_, i) => i !== 19)) await parent.nextMessage(/Директор бұйрыққа қол қойды/);

    // The places are taken: nobody more can be enrolled this year.
    await director.send("/orders");
    await director.nextMessage(/Выберите услугу/);
    await director.tap("Приём в первый класс: 1");
    await director.nextMessage(/свободно: 0/);
    await director.tap("✅ Зачислить по порядку");
    await director.nextMessage(/Зачислять некого/);
    // Fewer places than the order took are not accepted: asked again.
    await director.tap("📋 К списку");
    await director.nextMessage(/ожидают приказа: 1/);
    await director.tap("🔢 Количество мест");
    await director.nextMessage(/сколько детей школа принимает/);
    await director.send("10");
    await director.nextMessage(/уже зачислено: 20\. Мест не может быть меньше/);
    await director.send("20");
    await director.nextMessage(/Мест на \d{4} год: 20/);

    // The one the places did not reach gets a reasoned refusal, a document anyone can check.
    await director.tap("📋 К списку");
    await director.nextMessage(/ожидают приказа: 1/);
    await director.tap("❌ Отказать остальным: Нет свободных мест");
    const refusal = await director.nextMessage(/Отказать всем, кто ожидает \(1\)/);
    expect(refusal.text).toContain("БалаУ Тестов");
    await director.tap("✅ Подтвердить");
    await director.nextMessage(/Отказано: 1/, { timeoutMs: 30_000 });
    const last = (await getApplication(h.db, apps[19]!.id))!;
    expect(last).toMatchObject({ status: "refused", reason: "no-places" });
    const documents = await listIssued(h.db, last.id);
    expect(documents.map((d) => d.kind).sort()).toEqual(["receipt", "refusal"]);
    const checked = await checkDocument(h.db, documents.find((d) => d.kind === "refusal")!.checkCode, new Date());
    expect(checked).toMatchObject({ kind: "refusal", validity: { state: "valid" } });
    await h.deliver();
    const told = await parents[19]!.nextMessage(/бас тартты/);
    expect(told.caption).toContain("бос орын жоқ");
    expect(told.document?.file_name).toMatch(/^refusal-/);
  }, 120_000);

  it("a long queue is shown a page at a time, as much as a message holds, and every applicant can be enrolled in order", async () => {
    const school = await seedSchool(h.db, "260515000003", "Школа №17");
    const director = tgUser(h.emulator, { id: 88_201, firstName: "Сауле", lang: "ru" }).chatWith("provider_bot");
    await joinAsStaff(director, await h.invite(school.id, "director"), "Сауле Ержанова", "Директор");
    const apps = [];
    for (let i = 0; i < 45; i++) {
      apps.push(
        await submittedApplication(h.db, {
          serviceId: "first-grade",
          schoolId: school.id,
          parentTelegramId: 89_100 + i,
          now: SENT(i),
          // Long double names and both queue answers: 45 lines of them pass Telegram's 4096 characters.
          // Eight on 1 September: a child late for health, whose reason applies (the queue shows no other).
          childName: `Ребёнок${i + 1} Жанкожа-Сейтбаттал Абулхаир-Нурсултанович Байжуманов`,
          child: { birthDate: `${YEAR - 8}-03-10`, grade: 1 },
          fields: { priority: "social", "age-reason": "late", "born-abroad": "no" },
        }),
      );
    }
    const numbered = (text: string | undefined) => (text ?? "").split("\n").filter((l) => /^\d+\. /.test(l));

    await director.send("/orders");
    await director.nextMessage(/Выберите услугу/);
    await director.tap("Приём в первый класс: 45");
    const first = await director.nextMessage(/ожидают приказа: 45/);
    const onFirst = numbered(first.text).length;
    expect(onFirst).toBeGreaterThan(20);
    expect(onFirst).toBeLessThan(45);
    expect(numbered(first.text)[0]).toMatch(/^1\. Ребёнок1 Жанкожа/);
    expect(numbered(first.text)[0]).toContain("Социальная категория, Позже: по состоянию здоровья");
    expect(first.text).toContain(`Страница 1 из 2 (заявления 1–${onFirst})`);
    expect(JSON.stringify(first.reply_markup)).not.toContain("Предыдущие");

    await director.tap("Следующие ▶️");
    const second = await director.nextMessage(/Страница 2 из 2/);
    // The same message turned: the rest of the queue, numbered by its place in it.
    expect(second.message_id).toBe(first.message_id);
    expect(numbered(second.text)[0]).toMatch(new RegExp(`^${onFirst + 1}\\. Ребёнок${onFirst + 1} Жанкожа`));
    expect(numbered(second.text).at(-1)).toMatch(/^45\. Ребёнок45 Жанкожа/);
    expect(numbered(second.text)).toHaveLength(45 - onFirst);
    expect(JSON.stringify(second.reply_markup)).not.toContain("Следующие");
    await director.tap("◀️ Предыдущие");
    await director.nextMessage(/Страница 1 из 2/);

    // Places for all: the forty-fifth is enrolled by the same one order.
    await director.tap("🔢 Количество мест");
    await director.nextMessage(/сколько детей школа принимает/);
    await director.send("50");
    await director.nextMessage(/Мест на \d{4} год: 50/);
    await director.tap("📋 К списку");
    await director.nextMessage(/ожидают приказа: 45/);
    await director.tap("✅ Зачислить по порядку");
    await director.nextMessage(/от 1 до 45/);
    await director.tap("Всех по порядку: 45");
    await director.nextMessage(/номер приказа/);
    await director.send("113-Б");
    await director.nextMessage(/дату приказа/);
    // Not before the last of these applications was sent (15 May).
    await director.send(`14.05.${YEAR}`);
    await director.nextMessage(new RegExp(`раньше, чем подано последнее из заявлений.*не ранее 15\\.05\\.${YEAR}`));
    await director.send(formatDate(almatyDate(new Date())));
    // The confirmation names as many applicants as one message holds, and counts the rest.
    const confirm = await director.nextMessage(/Приказ № 113-Б/);
    const listed = numbered(confirm.text).length;
    expect(listed).toBeGreaterThan(20);
    expect(confirm.text).toContain(`… и ещё заявлений: ${45 - listed}`);
    await director.tap("✅ Подтвердить");
    await director.nextMessage(/Зачислено по приказу № 113-Б: 45/, { timeoutMs: 90_000 });
    expect((await getApplication(h.db, apps[44]!.id))!.status).toBe("order_signed");
  }, 180_000);

  it("a child another school has enrolled by its order is left out of the order, and the summary says so", async () => {
    const school = await seedSchool(h.db, "260515000004", "Школа №18");
    const other = await seedSchool(h.db, "260515000005", "Школа №19");
    const director = tgUser(h.emulator, { id: 88_301, firstName: "Айгүл", lang: "ru" }).chatWith("provider_bot");
    await joinAsStaff(director, await h.invite(school.id, "director"), "Айгүл Серікова", "Директор");
    const theirs = await seedStaff(h.db, { schoolId: other.id, telegramId: 88_302, role: "director", fullName: "Дана Омарова" });
    const child = { birthDate: `${YEAR - 6}-03-10`, grade: 1 };
    const apply = (schoolId: number, i: number, iin?: string) =>
      submittedApplication(h.db, {
        serviceId: "first-grade",
        schoolId,
        parentTelegramId: 89_300 + i,
        now: SENT(i),
        child: { ...child, ...(iin ? { iin } : {}) },
      });
    // The family sent the child to both schools; the other school enrolled the child first.
    const there = await apply(other.id, 0);
    const here = await apply(school.id, 1, (there.form.child as { iin: string }).iin);
    const classmate = await apply(school.id, 2);
    const today = formatDate(almatyDate(new Date()));
    const order = { number: "4-Б", date: almatyDate(new Date()) };
    // The other school set its places first: an order is made only within them.
    expect(await setYearPlaces(h.db, { staff: theirs, service: getService("first-grade"), places: 10, now: new Date() })).toBe(true);
    const enrolled = await decide(h.db, {
      staff: theirs,
      decision: { applicationId: there.id, action: "order", version: there.version, order },
      now: new Date(),
      publicUrl: "https://desk.example.kz",
    });
    expect(enrolled.ok).toBe(true);
    const staff = (await findActiveStaff(h.db, 88_301))!;
    expect(await setYearPlaces(h.db, { staff, service: getService("first-grade"), places: 10, now: new Date() })).toBe(true);

    await director.send("/orders");
    await director.nextMessage(/Выберите услугу/);
    await director.tap("Приём в первый класс: 2");
    await director.nextMessage(/ожидают приказа: 2/);
    await director.tap("✅ Зачислить по порядку");
    await director.nextMessage(/от 1 до 2/);
    await director.tap("Всех по порядку: 2");
    await director.nextMessage(/номер приказа/);
    await director.send("5-Б");
    await director.nextMessage(/дату приказа/);
    await director.send(today);
    await director.nextMessage(/Приказ № 5-Б/);
    await director.tap("✅ Подтвердить");
    const done = await director.nextMessage(/Зачислено по приказу № 5-Б: 1/, { timeoutMs: 30_000 });
    expect(done.text).toContain(`Не включены — ребёнок уже зачислен приказом в другую школу: ${here.number}`);
    expect((await getApplication(h.db, classmate.id))!.status).toBe("order_signed");
    expect((await getApplication(h.db, here.id))!.status).toBe("completed");
  }, 120_000);

  it("a specialist sees the queue but cannot sign the order", async () => {
    const school = await seedSchool(h.db, "260515000002", "Школа №16");
    const specialist = tgUser(h.emulator, { id: 88_101, firstName: "Алия", lang: "ru" }).chatWith("provider_bot");
    await joinAsStaff(specialist, await h.invite(school.id, "specialist"), "Алия Нурланова", "Заместитель директора");
    await specialist.send("/orders");
    await specialist.nextMessage(/Выберите услугу/);
    await specialist.tap("Приём в первый класс: 0");
    const queue = await specialist.nextMessage(/ожидают приказа: 0/);
    expect(JSON.stringify(queue.reply_markup)).not.toContain("Зачислить");
    // The places bound the order the director signs: the director sets them.
    expect(JSON.stringify(queue.reply_markup)).not.toContain("Количество мест");
  });
});
