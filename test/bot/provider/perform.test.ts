/**
 * A staff member's decision put into words (bot/provider/perform.ts): an enrolment order from the
 * card before the year's places are set, once they are taken, of a child another school has
 * enrolled, or past applicants ahead in the queue not confirmed on the card, is refused, and the
 * director is told why in their own language — no order is issued. A refusal of a receipt the school
 * revoked is outdated from a card drawn before the revocation, and refused from one drawn after.
 */
import { describe, expect, it } from "vitest";
import { getApplication } from "#root/db/queries/applications.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { performAction } from "#root/bot/provider/perform.ts";
import { loadConfig } from "#root/config.ts";
import { setYearPlaces } from "#root/flows/places.ts";
import { getService } from "#root/flows/services/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { revokedReceipt, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const MAY = new Date("2026-05-15T06:00:00Z");
const AUGUST = new Date("2026-08-20T06:00:00Z");

describe.each(backends)("a decision in words on $name", (backend) => {
  it("a Confirm tapped twice: the second tap reads «you have already handled it», not the member's own name as another's", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const deps = { db, now: () => new Date(), config: loadConfig({}) };
      const school = await seedSchool(db, "123456789016", "Школа №16");
      const ru = await seedStaff(db, { schoolId: school.id, telegramId: 761, role: "specialist", fullName: "Сауле Бекова", lang: "ru" });
      const kk = await seedStaff(db, { schoolId: school.id, telegramId: 762, role: "specialist", fullName: "Дана Омарова", lang: "kk" });
      const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 961 });
      const register = (telegramId: number) =>
        performAction(deps, telegramId, { applicationId: app.id, action: "register", version: app.version });

      expect(await register(ru.telegramId)).toMatchObject({ ok: true });
      expect(await register(ru.telegramId)).toEqual({ ok: false, html: "Вы уже обработали это заявление (статус: Зарегистрировано)." });
      // A colleague with the same card is told who did it.
      expect(await register(kk.telegramId)).toEqual({ ok: false, html: "Бұл өтінішті Сауле Бекова өңдеп қойған (мәртебесі: Тіркелді)." });
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("an order from the card with no place left: the director reads why, in Kazakh or Russian, and nothing is issued", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const deps = { db, now: () => AUGUST, config: loadConfig({}) };
      const school = await seedSchool(db, "123456789015", "Школа №15");
      const ru = await seedStaff(db, { schoolId: school.id, telegramId: 751, role: "director", fullName: "Гульнара Ахметова", lang: "ru" });
      const kk = await seedStaff(db, { schoolId: school.id, telegramId: 752, role: "director", fullName: "Дана Омарова", lang: "kk" });
      const apply = (tg: number) =>
        submittedApplication(db, {
          serviceId: "first-grade",
          schoolId: school.id,
          parentTelegramId: tg,
          now: MAY,
          child: { birthDate: "2020-02-02", grade: 1 },
        });
      const [a, b] = [await apply(951), await apply(952)];
      expect(await setYearPlaces(db, { staff: ru, service: getService("first-grade"), places: 1, now: AUGUST })).toBe(true);
      const order = (telegramId: number, app: typeof a) =>
        performAction(deps, telegramId, {
          applicationId: app.id,
          action: "order",
          version: app.version,
          order: { number: "7-Б", date: "2026-08-20" },
        });

      expect(await order(ru.telegramId, a)).toMatchObject({ ok: true });
      const noPlaces =
        "❌ Приказ не выдан: свободных мест на 2026 год нет — по приказам уже зачислено столько детей, сколько указано мест (/orders).";
      expect(await order(ru.telegramId, b)).toEqual({ ok: false, html: noPlaces });
      expect(await order(kk.telegramId, b)).toEqual({
        ok: false,
        html: "❌ Бұйрық берілмеді: 2026 жылға бос орын жоқ — бұйрықтар бойынша көрсетілген орын санынша бала қабылданып қойды (/orders).",
      });
      expect((await getApplication(db, b.id))!.status).toBe("completed");
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("an order from the card before the places are set: the director reads to set them on /orders first; nothing is issued", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const deps = { db, now: () => AUGUST, config: loadConfig({}) };
      const school = await seedSchool(db, "123456789018", "Школа №18");
      const ru = await seedStaff(db, { schoolId: school.id, telegramId: 771, role: "director", fullName: "Гульнара Ахметова", lang: "ru" });
      const kk = await seedStaff(db, { schoolId: school.id, telegramId: 772, role: "director", fullName: "Дана Омарова", lang: "kk" });
      const app = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 971,
        now: MAY,
        child: { birthDate: "2020-02-02", grade: 1 },
      });
      const order = (telegramId: number) =>
        performAction(deps, telegramId, {
          applicationId: app.id,
          action: "order",
          version: app.version,
          order: { number: "7-Б", date: "2026-08-20" },
        });

      expect(await order(ru.telegramId)).toEqual({
        ok: false,
        html:
          "❌ Приказ не выдан: количество мест на 2026 год не указано. Сначала укажите его: /orders → «🔢 Количество мест» — " +
          "приказ о зачислении выдаётся только в пределах мест.",
      });
      expect(await order(kk.telegramId)).toEqual({
        ok: false,
        html:
          "❌ Бұйрық берілмеді: 2026 жылға орын саны көрсетілмеген. Алдымен оны көрсетіңіз: /orders → «🔢 Орын саны» — " +
          "оқуға қабылдау туралы бұйрық тек орын саны шегінде беріледі.",
      });
      expect((await getApplication(db, app.id))!.status).toBe("completed");
      expect((await listIssued(db, app.id)).map((d) => d.kind)).toEqual(["receipt"]);

      // The places set, the same order from the card is made.
      expect(await setYearPlaces(db, { staff: ru, service: getService("first-grade"), places: 25, now: AUGUST })).toBe(true);
      expect(await order(ru.telegramId)).toMatchObject({ ok: true });
      expect((await getApplication(db, app.id))!.status).toBe("order_signed");
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("an order from the card past those ahead in the queue, not confirmed: the director reads how many and who is first", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const deps = { db, now: () => AUGUST, config: loadConfig({}) };
      const school = await seedSchool(db, "123456789021", "Школа №21");
      const ru = await seedStaff(db, { schoolId: school.id, telegramId: 791, role: "director", fullName: "Гульнара Ахметова", lang: "ru" });
      const kk = await seedStaff(db, { schoolId: school.id, telegramId: 792, role: "director", fullName: "Дана Омарова", lang: "kk" });
      const apply = (tg: number, childName: string, priority: string) =>
        submittedApplication(db, {
          serviceId: "first-grade",
          schoolId: school.id,
          parentTelegramId: tg,
          now: MAY,
          childName,
          child: { birthDate: "2020-02-02", grade: 1 },
          fields: { priority, "born-abroad": "no" },
        });
      const first = await apply(991, "Айжан Омарова", "social");
      const app = await apply(992, "Берик Сапаров", "none");
      expect(await setYearPlaces(db, { staff: ru, service: getService("first-grade"), places: 25, now: AUGUST })).toBe(true);
      const order = (telegramId: number, passOver?: number) =>
        performAction(deps, telegramId, {
          applicationId: app.id,
          action: "order",
          version: app.version,
          order: { number: "7-Б", date: "2026-08-20" },
          ...(passOver !== undefined ? { passOver } : {}),
        });
      expect(await order(ru.telegramId)).toEqual({
        ok: false,
        html:
          `❌ Приказ не выдан: перед этим заявлением в очереди заявлений: 1; первое — Айжан Омарова (№ ${first.number}, 15.05.2026 · ` +
          "Социальная категория). Зачислите по порядку (/orders) или откройте заявление снова, чтобы зачислить его вне очереди.",
      });
      expect((await order(kk.telegramId)).html).toContain(`біріншісі — Айжан Омарова (№ ${first.number}, 15.05.2026 · `);
      expect((await getApplication(db, app.id))!.status).toBe("completed");
      expect(await order(ru.telegramId, 1)).toMatchObject({ ok: true });
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("an order from the card of a child another school enrolled: the director reads which school and application only", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const deps = { db, now: () => AUGUST, config: loadConfig({}) };
      const school = await seedSchool(db, "123456789016", "Школа №16");
      const other = await seedSchool(db, "123456789017", "Школа-лицей №17");
      const ru = await seedStaff(db, { schoolId: school.id, telegramId: 761, role: "director", fullName: "Гульнара Ахметова", lang: "ru" });
      const kk = await seedStaff(db, { schoolId: school.id, telegramId: 762, role: "director", fullName: "Дана Омарова", lang: "kk" });
      const theirs = await seedStaff(db, { schoolId: other.id, telegramId: 763, role: "director", fullName: "Ерлан Жумабеков" });
      const child = { birthDate: "2020-02-02", grade: 1 };
      const there = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: other.id,
        parentTelegramId: 961,
        now: MAY,
        child,
      });
      const iin = (there.form.child as { iin: string }).iin;
      const here = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 962,
        now: MAY,
        child: { ...child, iin },
      });
      const order = (telegramId: number, app: typeof here) =>
        performAction(deps, telegramId, {
          applicationId: app.id,
          action: "order",
          version: app.version,
          order: { number: "7-Б", date: "2026-08-20" },
        });
      expect(await setYearPlaces(db, { staff: theirs, service: getService("first-grade"), places: 5, now: AUGUST })).toBe(true);
      expect(await order(theirs.telegramId, there)).toMatchObject({ ok: true });
      expect(await order(ru.telegramId, here)).toEqual({
        ok: false,
        html: `❌ Приказ не выдан: ребёнок уже зачислен приказом в другую школу — Школа-лицей №17 (заявление № ${there.number}).`,
      });
      expect(await order(kk.telegramId, here)).toEqual({
        ok: false,
        html: `❌ Бұйрық берілмеді: бала басқа мектепке бұйрықпен қабылданып қойған — №017 мектеп-гимназия (№ ${there.number} өтініш).`,
      });
      expect((await getApplication(db, here.id))!.status).toBe("completed");
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("refusing a receipt the school revoked: from a card drawn before, outdated (who revoked it, and that); after, refused", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const deps = { db, now: () => AUGUST, config: loadConfig({}) };
      const school = await seedSchool(db, "123456789022", "Школа №22");
      const ru = await seedStaff(db, { schoolId: school.id, telegramId: 781, role: "director", fullName: "Гульнара Ахметова", lang: "ru" });
      const kk = await seedStaff(db, { schoolId: school.id, telegramId: 782, role: "director", fullName: "Дана Омарова", lang: "kk" });
      const { app, receipt } = await revokedReceipt(db, {
        schoolId: school.id,
        parentTelegramId: 981,
        staff: ru,
        sent: MAY,
        revoked: AUGUST,
      });
      const refuse = (telegramId: number, version: number) =>
        performAction(deps, telegramId, { applicationId: app.id, action: "refuse", reason: "age", version });

      // The card drawn before the revocation: its button is outdated, and says who revoked what.
      expect(await refuse(kk.telegramId, app.version)).toEqual({
        ok: false,
        html:
          `Бұл өтінішті Гульнара Ахметова өңдеп қойған (мәртебесі: ❌ «Қолхат» № ${receipt.number} құжатын мектеп ` +
          "20.08.2026 кері қайтарып алды).",
      });
      // Drawn after it (no such button now), or forged: nothing is decided on the revoked receipt.
      const version = (await getApplication(db, app.id))!.version;
      expect(await refuse(ru.telegramId, version)).toEqual({
        ok: false,
        html:
          `❌ Ничего не сделано: документ «Расписка» № ${receipt.number} по этому заявлению отозван школой, а по заявлению с ` +
          "отозванным документом решения не принимаются. Заявитель может подать заявление заново.",
      });
      expect((await refuse(kk.telegramId, version)).html).toContain(`«Қолхат» № ${receipt.number} құжатын мектеп кері қайтарып алған`);
      expect((await getApplication(db, app.id))!.status).toBe("completed");
      expect((await listIssued(db, app.id)).map((d) => d.kind)).toEqual(["receipt"]);
    } finally {
      await database.dispose();
    }
  }, 120_000);
});
