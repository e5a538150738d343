/**
 * Deciding many applications at once (flows/bulk.ts): only the director signs the order, never
 * more than the free places, an application changed since the list was shown is left out (the
 * rest are decided), another school's application is never touched, and a late send of a
 * service taken part of the year is refused with the next dates.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications } from "../../db/schema.ts";
import { getApplication } from "../../db/queries/applications.ts";
import { changeStatus } from "../../flows/applications.ts";
import { decideInBulk, orderQueue, setYearPlaces } from "../../flows/bulk.ts";
import { getService } from "../../flows/services/index.ts";
import { backends } from "../helpers/databases.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "../helpers/fixtures.ts";

const service = getService("first-grade");
const MAY = new Date("2026-05-15T06:00:00Z");
const AUGUST = new Date("2026-08-20T06:00:00Z");
const order = { number: "7-Б", date: "2026-08-20" };

describe.each(backends)("decisions in bulk on $name", (backend) => {
  it("orders within the places, skips what changed and what is not this school's; a specialist cannot sign", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260820000001");
      const other = await seedSchool(db, "260820000002");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 7701, role: "director", fullName: "Ахметова Гүлнар" });
      const specialist = await seedStaff(db, { schoolId: school.id, telegramId: 7702, role: "specialist", fullName: "Нурланова Алия" });
      const otherDirector = await seedStaff(db, { schoolId: other.id, telegramId: 7703, role: "director", fullName: "Серікова Дана" });
      const apply = async (schoolId: number, i: number, staff = director) =>
        decidedApplication(
          db,
          await submittedApplication(db, { serviceId: "first-grade", schoolId, parentTelegramId: 7800 + i, now: new Date(MAY.getTime() + i * 60_000), child: { birthDate: "2020-02-02", grade: 1 } }),
          staff,
          MAY,
        );
      const mine = [await apply(school.id, 1), await apply(school.id, 2), await apply(school.id, 3), await apply(school.id, 4)];
      const theirs = await apply(other.id, 5, otherDirector);

      // The queue: registration order; the places not set yet.
      const queue = await orderQueue(db, school.id, service, AUGUST);
      expect(queue.awaiting.map((a) => a.id)).toEqual(mine.map((a) => a.id));
      expect(queue).toMatchObject({ limited: true, places: null, taken: 0, free: null });
      const shown = (apps: typeof mine) => apps.map((a) => ({ id: a.id, version: a.version }));
      const decide = (staff: typeof director, list: typeof mine, decision: Parameters<typeof decideInBulk>[1]["decision"] = { action: "order", order }) =>
        decideInBulk(db, { staff, service, shown: shown(list), decision, now: AUGUST, publicUrl: "https://desk.example.kz" });

      expect(await decide(director, mine)).toEqual({ ok: false, reason: "places_not_set" });
      expect(await setYearPlaces(db, { staff: specialist, service, places: 3, now: AUGUST })).toBe(true);
      expect(await decide(specialist, mine.slice(0, 2))).toEqual({ ok: false, reason: "forbidden" });
      expect(await decide(director, mine)).toEqual({ ok: false, reason: "too_many", free: 3 });

      // A colleague refuses the second after the list was shown; the other school's is slipped in.
      const refused = await changeStatus(db, {
        applicationId: mine[1]!.id, action: "refuse", reason: "age",
        principal: { kind: "staff", staffId: specialist.id, role: "specialist", schoolId: school.id }, now: AUGUST,
      });
      expect(refused.ok).toBe(true);
      const result = await decide(director, [mine[0]!, mine[1]!, theirs]);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.decided.map((a) => a.id)).toEqual([mine[0]!.id]);
      expect(result.skipped.map((a) => a.id)).toEqual([mine[1]!.id, theirs.id]);
      expect((await getApplication(db, theirs.id))!.status).toBe("completed");
      expect(await orderQueue(db, school.id, service, AUGUST)).toMatchObject({ taken: 1, free: 2 });

      // The rest on the "no places" ground: a specialist may refuse.
      const rest = await decide(specialist, [mine[2]!], { action: "refuse", reason: "no-places" });
      expect(rest).toMatchObject({ ok: true, decided: [{ id: mine[2]!.id, status: "refused", reason: "no-places" }] });
      expect(await decide(specialist, [mine[3]!], { action: "refuse", reason: "not-a-reason" })).toEqual({ ok: false, reason: "not_offered" });
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("a draft begun in July cannot be sent in August: the next period's dates come back", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260820000003");
      await expect(
        submittedApplication(db, { serviceId: "first-grade", schoolId: school.id, parentTelegramId: 7901, now: AUGUST, child: { birthDate: "2020-02-02", grade: 1 } }),
      ).rejects.toThrow(/send failed \(closed_period\)/);
      const [late] = await db.select().from(applications).where(eq(applications.schoolId, school.id));
      expect(late!.status).toBe("signed");
      const again = await changeStatus(db, { applicationId: late!.id, action: "send", principal: { kind: "system" }, now: AUGUST });
      expect(again).toEqual({ ok: false, reason: "closed_period", status: "signed", period: { from: "2027-04-01", to: "2027-08-01" } });
      const sent = await submittedApplication(db, { serviceId: "first-grade", schoolId: school.id, parentTelegramId: 7902, now: new Date("2026-08-01T18:00:00Z"), child: { birthDate: "2020-02-03", grade: 1 } });
      expect(sent.status).toBe("submitted");
    } finally {
      await database.dispose();
    }
  }, 60_000);
});
