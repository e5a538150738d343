/**
 * The inbox at a school's scale: views with their counts (new, in progress, overdue, decided this
 * month) and search by number, IIN or surname — always the staff member's own school only.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeStatus } from "#root/flows/applications.ts";
import { formOf } from "#root/flows/statement.ts";
import {
  decidedApplication,
  seedSchool,
  seedStaff,
  startProviderHarness,
  submittedApplication,
  type ProviderHarness,
} from "#root/test/helpers/fixtures.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h.close());

describe("the inbox", () => {
  it("of a school with no applications yet says so once, with nothing else to page through", async () => {
    const school = await seedSchool(h.db, "990140000304", "Школа №304");
    await seedStaff(h.db, { schoolId: school.id, telegramId: 9309, role: "specialist", fullName: "Айжан Нурланова", lang: "ru" });
    const chat = tgUser(h.emulator, { id: 9309, firstName: "Айжан", lang: "ru" }).chatWith("provider_bot");
    await chat.send("/inbox");
    const inbox = await chat.nextMessage(/Заявления — Школа №304/);
    expect(inbox.text).toContain("Заявлений пока нет.");
    expect(inbox.text).not.toMatch(/Нет заявлений, ожидающих|страница/);
  });

  it("answers a message of only spaces with what it reads, not a search for «»", async () => {
    const school = await seedSchool(h.db, "990140000405", "Школа №405");
    await seedStaff(h.db, { schoolId: school.id, telegramId: 9311, role: "specialist", fullName: "Айжан Нурланова" });
    const chat = tgUser(h.emulator, { id: 9311, firstName: "Айжан", lang: "ru" }).chatWith("provider_bot");
    await chat.send("   ");
    const reply = await chat.nextMessage();
    expect(reply.text).toMatch(/^Список заявлений: \/inbox\. Найти заявление или выданный документ: отправьте его номер/);
    expect(reply.text).not.toContain("«»");
  });

  it("counts a receipt that awaits the director's order as its line reads, apart from the results issued", async () => {
    const school = await seedSchool(h.db, "990140000406", "Школа №406");
    const staff = await seedStaff(h.db, { schoolId: school.id, telegramId: 9312, role: "director", fullName: "Айжан Нурланова" });
    const receipt = await submittedApplication(h.db, { serviceId: "home-schooling", schoolId: school.id, parentTelegramId: 8312 });
    const certificate = await submittedApplication(h.db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 8313 });
    for (const app of [receipt, certificate]) await decidedApplication(h.db, app, staff);
    const chat = tgUser(h.emulator, { id: 9312, firstName: "Айжан", lang: "ru" }).chatWith("provider_bot");
    await chat.send("/inbox");
    const inbox = await chat.nextMessage(/Заявления — Школа №406/);
    expect(inbox.text).toContain("Результат выдан: 1\nДокументы приняты, ожидается приказ директора: 1");
    expect(inbox.text).toContain(
      `№ ${receipt.number} — Индивидуальное бесплатное обучение на дому, Нурлан Сапаров — Документы приняты, ожидается приказ директора`,
    );
  });

  it("refreshed on a page that no longer exists (applications decided meanwhile) shows the last page, not an empty one", async () => {
    const school = await seedSchool(h.db, "990140000403", "Школа №403");
    const staff = await seedStaff(h.db, { schoolId: school.id, telegramId: 9310, role: "specialist", fullName: "Айжан Нурланова" });
    const apps = [];
    for (let i = 0; i < 11; i++)
      apps.push(await submittedApplication(h.db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 8310 + i }));
    const chat = tgUser(h.emulator, { id: 9310, firstName: "Айжан", lang: "ru" }).chatWith("provider_bot");
    await chat.send("/inbox");
    await chat.nextMessage(/страница 1\/3/);
    await chat.tap("▶");
    await chat.nextMessage(/страница 2\/3/);
    await chat.tap("▶");
    await chat.nextMessage(/страница 3\/3/);
    // A colleague refuses two of them: nine are left, two pages.
    const principal = { kind: "staff" as const, staffId: staff.id, role: "specialist" as const, schoolId: school.id };
    for (const app of apps.slice(0, 2)) {
      const refused = await changeStatus(h.db, {
        applicationId: app.id,
        action: "refuse",
        reason: "unreadable-copy",
        principal,
        now: new Date(),
      });
      expect(refused.ok).toBe(true);
    }
    await chat.tap("🔄");
    const last = await chat.nextMessage(/страница 2\/2/);
    expect(last.text).toContain(apps[10]!.number);
    expect(last.text!.split("\n").filter((l) => l.startsWith("• №"))).toHaveLength(4);
    expect(chat.lastKeyboard()).toEqual(expect.arrayContaining(["◀", "🔄"]));
    await chat.tap("◀");
    expect((await chat.nextMessage(/страница 1\/2/)).text).toContain(apps[2]!.number);
  });

  it("counts and lists each view, and finds the school's applications by number, IIN or surname, never another school's", async () => {
    const a = await seedSchool(h.db, "990140000106", "Школа №106");
    const b = await seedSchool(h.db, "990140000205", "Школа №205");
    const staffA = await seedStaff(h.db, { schoolId: a.id, telegramId: 9301, role: "specialist", fullName: "Сауле Нурланова", lang: "ru" });
    const principal = { kind: "staff" as const, staffId: staffA.id, role: "specialist" as const, schoolId: a.id };
    const fresh = await submittedApplication(h.db, {
      serviceId: "meals",
      schoolId: a.id,
      parentTelegramId: 8301,
      childName: "Нурлан Абенов",
    });
    const late = await submittedApplication(h.db, {
      serviceId: "meals",
      schoolId: a.id,
      parentTelegramId: 8302,
      childName: "Алия Оспанова",
    });
    const done = await submittedApplication(h.db, {
      serviceId: "meals",
      schoolId: a.id,
      parentTelegramId: 8303,
      childName: "Данияр Сериков",
    });
    const elsewhere = await submittedApplication(h.db, {
      serviceId: "meals",
      schoolId: b.id,
      parentTelegramId: 8304,
      childName: "Нурлан Оспанов",
    });
    const monthAgo = new Date(Date.now() - 30 * 24 * 3600 * 1000);
    expect((await changeStatus(h.db, { applicationId: late.id, action: "register", principal, now: monthAgo })).ok).toBe(true);
    for (const action of ["register", "issue"] as const)
      expect((await changeStatus(h.db, { applicationId: done.id, action, principal, now: new Date() })).ok).toBe(true);

    const chat = tgUser(h.emulator, { id: 9301, firstName: "Сауле", lang: "ru" }).chatWith("provider_bot");
    await chat.send("/inbox");
    const inbox = await chat.nextMessage(/Заявления — Школа №106/);
    const buttons = inbox.reply_markup!.inline_keyboard.flat().map((x) => x.text);
    expect(buttons).toEqual(expect.arrayContaining(["🆕 Новые: 1", "⏳ В работе: 1", "⚠️ Просроченные: 1", "✅ Решено в этом месяце: 1"]));

    await chat.tap("⚠️ Просроченные: 1");
    const overdue = await chat.nextMessage(/⚠️ Просроченные \(страница 1\/1\)/);
    expect(overdue.text).toContain(late.number);
    expect(overdue.text).not.toContain(fresh.number);
    await chat.tap("✅ Решено в этом месяце: 1");
    const decided = await chat.nextMessage(/✅ Решено в этом месяце \(страница 1\/1\)/);
    expect(decided.text).toContain(done.number);
    expect(decided.text).toContain("Результат выдан");

    // Search: a surname shared with another school's child finds only this school's.
    await chat.send("Оспан");
    const bySurname = await chat.nextMessage(/«Оспан»: найдено 1 заявление/);
    expect(bySurname.text).toContain(late.number);
    expect(bySurname.text).not.toContain(elsewhere.number);
    await chat.send(formOf(fresh).child!.iin!);
    expect((await chat.nextMessage(/найдено 1 заявление/)).text).toContain(fresh.number);
    // A whole number opens the card at once; another school's is not found.
    await chat.send(fresh.number);
    await chat.nextMessage(new RegExp(`Заявление № ${fresh.number}`));
    await chat.send(fresh.number.slice(-6));
    await chat.nextMessage(new RegExp(`найдено 1 заявление[\\s\\S]*${fresh.number}`));
    await chat.tap(`№ ${fresh.number} · Нурлан Абенов`);
    await chat.nextMessage(new RegExp(`Заявление № ${fresh.number}`));
    await chat.send(elsewhere.number);
    await chat.nextMessage(/не найдено или не относится к вашей школе/);
    await chat.send("%");
    await chat.nextMessage(/в вашей школе таких заявлений нет/);
  });
});
