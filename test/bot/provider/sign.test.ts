/**
 * "Sign and issue" from the provider bot (bot/provider/sign.ts): an enrolment order that could
 * not be issued is not prepared for signing. Before the year's places are set the director is
 * told, in their language, to set them on /orders first — no document is rendered, numbered or
 * waiting for a signature; once they are set, the signing link is made.
 */
import { eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { performSignStart } from "#root/bot/provider/sign.ts";
import { loadConfig } from "#root/config.ts";
import { resultSigningSessions, storedFiles } from "#root/db/schema.ts";
import { setYearPlaces } from "#root/flows/places.ts";
import { getService } from "#root/flows/services/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const MAY = new Date("2026-05-15T06:00:00Z");
const AUGUST = new Date("2026-08-20T06:00:00Z");

describe.each(backends)("an order signed with EDS from the card on $name", (backend) => {
  it("before the year's places are set: no signing link, and the director reads to set the places on /orders", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const deps = { db, now: () => AUGUST, config: loadConfig({}) };
      const school = await seedSchool(db, "123456789019", "Школа №19");
      const ru = await seedStaff(db, { schoolId: school.id, telegramId: 781, role: "director", fullName: "Гульнара Ахметова", lang: "ru" });
      const kk = await seedStaff(db, { schoolId: school.id, telegramId: 782, role: "director", fullName: "Дана Омарова", lang: "kk" });
      const app = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 981,
        now: MAY,
        child: { birthDate: "2020-02-02", grade: 1 },
      });
      const sign = (telegramId: number) =>
        performSignStart(deps, telegramId, {
          applicationId: app.id,
          action: "order",
          version: app.version,
          order: { number: "7-Б", date: "2026-08-20" },
        });
      const links = async () => db.select().from(resultSigningSessions).where(eq(resultSigningSessions.applicationId, app.id));
      const orders = async () => db.select().from(storedFiles).where(like(storedFiles.name, "order-%"));

      const ruReply = await sign(ru.telegramId);
      expect(ruReply.ok).toBe(false);
      expect(ruReply.html).toBe(
        "❌ Приказ не выдан: количество мест на 2026 год не указано. Сначала укажите его: /orders → «🔢 Количество мест» — " +
          "приказ о зачислении выдаётся только в пределах мест.",
      );
      expect((await sign(kk.telegramId)).html).toContain("/orders → «🔢 Орын саны»");
      expect(await links()).toEqual([]);
      expect(await orders()).toEqual([]);

      expect(await setYearPlaces(db, { staff: ru, service: getService("first-grade"), places: 25, now: AUGUST })).toBe(true);
      expect(await sign(ru.telegramId)).toMatchObject({ ok: true });
      expect(await links()).toHaveLength(1);
    } finally {
      await database.dispose();
    }
  }, 120_000);
});
