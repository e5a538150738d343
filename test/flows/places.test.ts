/**
 * A school's queue and places in an admission campaign (flows/places.ts), as the decisions read
 * them: the queue and the places are the admission campaign's (the year the applications were
 * sent in), and the queue puts the service's priority first.
 */
import { describe, expect, it } from "vitest";
import { getApplication } from "#root/db/queries/applications.ts";
import { decideInBulk } from "#root/flows/bulk.ts";
import { decide as decideOne } from "#root/flows/decisions.ts";
import { orderQueue, setYearPlaces } from "#root/flows/places.ts";
import { getService } from "#root/flows/services/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const service = getService("first-grade");
const MAY = new Date("2026-05-15T06:00:00Z");
const AUGUST = new Date("2026-08-20T06:00:00Z");
const order = { number: "7-Б", date: "2026-08-20" };

describe.each(backends)("decisions in bulk on $name", (backend) => {
  it("last year's receipt never ordered is left out of this year's queue and places; its card orders it against last year's", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260820000008", "Школа №8");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 7731, role: "director", fullName: "Ахметова Гүлнар" });
      const JULY_2026 = new Date("2026-07-30T06:00:00Z");
      const APRIL_2027 = new Date("2027-04-05T06:00:00Z");
      // Sent at the end of the 2026 campaign, with no priority; nobody ordered or refused it.
      const leftover = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 7841,
        now: JULY_2026,
        child: { birthDate: "2020-02-02", grade: 1 },
        fields: { priority: "none", "born-abroad": "no" },
      });
      expect(await setYearPlaces(db, { staff: director, service, places: 3, now: AUGUST })).toBe(true);
      const fresh = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 7842,
        now: APRIL_2027,
        child: { birthDate: "2021-02-02", grade: 1 },
        fields: { priority: "none", "born-abroad": "no" },
      });
      expect(await setYearPlaces(db, { staff: director, service, places: 1, now: APRIL_2027 })).toBe(true);

      // April 2027: the queue and the places are the 2027 campaign's; the leftover waits in 2026's.
      const queue = await orderQueue(db, school.id, service, APRIL_2027);
      expect(queue).toMatchObject({ year: 2027, places: 1, taken: 0, free: 1 });
      expect(queue.awaiting.map((a) => a.id)).toEqual([fresh.id]);
      expect((await orderQueue(db, school.id, service, AUGUST)).awaiting.map((a) => a.id)).toEqual([leftover.id]);
      const enrolInOrder = await decideInBulk(db, {
        staff: director,
        service,
        shown: [leftover, fresh].map((a) => ({ id: a.id, version: a.version })),
        decision: { action: "order", order: { number: "1-Б", date: "2027-04-05" } },
        now: APRIL_2027,
        publicUrl: "https://desk.example.kz",
      });
      // Even slipped into the list, last year's receipt does not take this year's place.
      expect(enrolInOrder).toEqual({ ok: false, reason: "too_many", free: 1 });
      expect(
        await decideInBulk(db, {
          staff: director,
          service,
          shown: [{ id: leftover.id, version: leftover.version }],
          decision: { action: "order", order: { number: "1-Б", date: "2027-04-05" } },
          now: APRIL_2027,
          publicUrl: "https://desk.example.kz",
        }),
      ).toMatchObject({ ok: true, decided: [], skipped: [{ id: leftover.id }] });

      // Its card still orders it: one of 2026's places, none of 2027's.
      const fromCard = await decideOne(db, {
        staff: director,
        decision: { applicationId: leftover.id, action: "order", version: leftover.version, order: { number: "2-Б", date: "2027-04-05" } },
        now: APRIL_2027,
        publicUrl: "https://desk.example.kz",
      });
      expect(fromCard).toMatchObject({ ok: true, application: { status: "order_signed" } });
      expect(await orderQueue(db, school.id, service, APRIL_2027)).toMatchObject({ taken: 0, free: 1 });
      expect(await orderQueue(db, school.id, service, AUGUST)).toMatchObject({ year: 2026, taken: 1, free: 2 });
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("the school's area and social categories first, alike, then the rest: the last place goes to the later from the area", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260820000009", "Школа №9");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 7741, role: "director", fullName: "Ахметова Гүлнар" });
      const apply = (i: number, priority: string) =>
        submittedApplication(db, {
          serviceId: "first-grade",
          schoolId: school.id,
          parentTelegramId: 7850 + i,
          now: new Date(MAY.getTime() + i * 60_000),
          child: { birthDate: "2020-02-02", grade: 1 },
          fields: { priority, "born-abroad": "no" },
        });
      const early = await apply(1, "none");
      const social = await apply(2, "social");
      const late = await apply(3, "none");
      const area = await apply(4, "area");
      expect(await setYearPlaces(db, { staff: director, service, places: 2, now: AUGUST })).toBe(true);
      const queue = async () => orderQueue(db, school.id, service, AUGUST);
      expect((await queue()).awaiting.map((a) => a.id)).toEqual([social.id, area.id, early.id, late.id]);

      // "Enrol in order", as the director's screen does: the first of the queue, as many as are free.
      const enrolInOrder = async (count: number, decision: Parameters<typeof decideInBulk>[1]["decision"]) => {
        const shown = (await queue()).awaiting.slice(0, count).map((a) => ({ id: a.id, version: a.version }));
        return decideInBulk(db, { staff: director, service, shown, decision, now: AUGUST, publicUrl: "https://desk.example.kz" });
      };
      expect(await enrolInOrder(1, { action: "order", order })).toMatchObject({ ok: true, decided: [{ id: social.id }] });
      // One place left: the child from the school's area sent later goes before the one without priority sent first.
      expect((await queue()).free).toBe(1);
      expect(await enrolInOrder(1, { action: "order", order })).toMatchObject({ ok: true, decided: [{ id: area.id }] });
      expect((await getApplication(db, early.id))!.status).toBe("completed");
      // The places taken, those without priority get the "no places" refusal.
      const refused = await enrolInOrder(2, { action: "refuse", reason: "no-places" });
      expect(refused).toMatchObject({ ok: true, decided: [{ id: early.id }, { id: late.id }] });
    } finally {
      await database.dispose();
    }
  }, 120_000);
});
