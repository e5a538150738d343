/**
 * The morning digest with fixed clocks: what is due today, what is overdue, the one-time
 * escalation to the director, the parent's one notice that the deadline passed, and no digest on
 * weekends and public holidays.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#root/db/client.ts";
import { openMemoryDatabase } from "#root/db/open-embedded.ts";
import { deactivateStaff, type Staff } from "#root/db/queries/staff.ts";
import { outbox, users } from "#root/db/schema.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { isDigestTime, overdueNoticeKey, queueDigests, startDigestScheduler } from "#root/flows/digest.ts";
import type { DigestPayload } from "#root/flows/notify.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { createLogger } from "#root/log.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

/** An instant given in Almaty time (UTC+5). */
const almaty = (iso: string) => new Date(`${iso}+05:00`);

let database: Database;
let specialist: Staff;
let director: Staff;
let other: Staff;
let dueFriday: { id: string; number: string };
let dueMonday: { id: string; number: string };

/** The digest rows (not the new-application notices) in the outbox for a recipient, oldest first. */
async function rowsFor(staff: Staff) {
  const rows = await database.db
    .select()
    .from(outbox)
    .where(eq(outbox.recipient, String(staff.telegramId)))
    .orderBy(outbox.id);
  return rows.filter((r) => r.payload.template === "digest").map((r) => ({ key: r.dedupeKey, payload: r.payload as DigestPayload }));
}

async function registered(serviceId: string, schoolId: number, at: Date, parent: number) {
  const app = await submittedApplication(database.db, { serviceId, schoolId, parentTelegramId: parent, now: at });
  const r = await changeStatus(database.db, {
    applicationId: app.id,
    action: "register",
    principal: { kind: "staff", staffId: specialist.id, role: "specialist", schoolId },
    now: at,
  });
  if (!r.ok) throw new Error(`register failed: ${r.reason}`);
  return r.application;
}

beforeAll(async () => {
  database = await openMemoryDatabase();
  const school = await seedSchool(database.db, "333333333333");
  const otherSchool = await seedSchool(database.db, "444444444444");
  specialist = await seedStaff(database.db, { schoolId: school.id, telegramId: 801, role: "specialist", fullName: "Сауле" });
  director = await seedStaff(database.db, { schoolId: school.id, telegramId: 802, role: "director", fullName: "Гульнара", lang: "kk" });
  other = await seedStaff(database.db, { schoolId: otherSchool.id, telegramId: 803, role: "director", fullName: "Другая школа" });
  const gone = await seedStaff(database.db, { schoolId: school.id, telegramId: 804, role: "specialist", fullName: "Уволен" });
  await deactivateStaff(database.db, gone.id, new Date());
  // Home schooling: 1 working day. Registered Thursday 12 March 2026 → due Friday 13 March.
  dueFriday = await registered("home-schooling", school.id, almaty("2026-03-12T10:00:00"), 901);
  // Registered Friday 13 March → the weekend does not count → due Monday 16 March.
  dueMonday = await registered("home-schooling", school.id, almaty("2026-03-13T15:00:00"), 902);
});
afterAll(async () => {
  await database.close();
});

describe("the staff digest", () => {
  it("is due from 08:00 Almaty on working days only", () => {
    expect(isDigestTime(almaty("2026-03-13T07:59:00"))).toBe(false);
    expect(isDigestTime(almaty("2026-03-13T08:00:00"))).toBe(true);
    expect(isDigestTime(almaty("2026-03-14T09:00:00"))).toBe(false); // Saturday
    expect(isDigestTime(almaty("2026-03-23T09:00:00"))).toBe(false); // Nauryz
    expect(isDigestTime(almaty("2026-03-24T09:00:00"))).toBe(false); // Nauryz carried over from the Saturday
  });

  it("on Friday lists what is due today for every active staff member of the school, and escalates nothing", async () => {
    await queueDigests(database.db, almaty("2026-03-13T08:00:00"));
    for (const member of [specialist, director]) {
      const rows = await rowsFor(member);
      expect(rows).toHaveLength(1);
      expect(rows[0]!.key).toBe(`digest:2026-03-13:${member.telegramId}`);
      expect(rows[0]!.payload).toMatchObject({ kind: "daily", date: "2026-03-13", overdue: [], lang: member.lang });
      expect(rows[0]!.payload.dueToday.map((i) => i.number)).toEqual([dueFriday.number]);
    }
    expect(await rowsFor(other)).toEqual([]);
    expect(await rowsFor({ telegramId: 804 } as Staff)).toEqual([]);
  });

  it("writes nothing on the weekend or a holiday", async () => {
    const before = (await database.db.select().from(outbox)).length;
    expect(await queueDigests(database.db, almaty("2026-03-14T08:00:00"))).toEqual([]);
    expect(await queueDigests(database.db, almaty("2026-03-15T08:00:00"))).toEqual([]);
    expect((await database.db.select().from(outbox)).length).toBe(before);
  });

  it("on Monday shows Friday's application as overdue and escalates it to the director once", async () => {
    await queueDigests(database.db, almaty("2026-03-16T08:00:00"));
    const [, monday] = await rowsFor(specialist);
    expect(monday!.payload.overdue.map((i) => i.number)).toEqual([dueFriday.number]);
    expect(monday!.payload.dueToday.map((i) => i.number)).toEqual([dueMonday.number]);
    const escalations = (await rowsFor(director)).filter((r) => r.payload.kind === "escalation");
    expect(escalations.map((r) => r.payload.overdue[0]!.number)).toEqual([dueFriday.number]);
    expect((await rowsFor(specialist)).some((r) => r.payload.kind === "escalation")).toBe(false);

    // A second run the same morning (a restart) and the next working day: no second escalation.
    await queueDigests(database.db, almaty("2026-03-16T09:30:00"));
    await queueDigests(database.db, almaty("2026-03-17T08:00:00"));
    const all = await rowsFor(director);
    expect(all.filter((r) => r.payload.kind === "daily").map((r) => r.payload.date)).toEqual(["2026-03-13", "2026-03-16", "2026-03-17"]);
    expect(
      all
        .filter((r) => r.payload.kind === "escalation")
        .map((r) => r.payload.overdue[0]!.number)
        .sort(),
    ).toEqual([dueFriday.number, dueMonday.number].sort());
  });

  it("the scheduler queues today's digest once it is 08:00 on a working day", async () => {
    let clock = almaty("2026-03-18T07:59:00");
    const scheduler = startDigestScheduler({ db: database.db, log: createLogger("silent"), now: () => clock, intervalMs: 5 });
    await new Promise((r) => setTimeout(r, 50));
    expect((await rowsFor(specialist)).some((r) => r.payload.date === "2026-03-18")).toBe(false);
    clock = almaty("2026-03-18T08:00:00");
    await expect.poll(async () => (await rowsFor(specialist)).filter((r) => r.payload.date === "2026-03-18").length).toBe(1);
    scheduler.stop();
  });

  it("in a year with no calendar file the scheduler keeps the process up and says once a day which file to add", async () => {
    const lines: string[] = [];
    const log = createLogger("info", { write: (chunk: string) => void lines.push(chunk) });
    const clock = almaty("2028-01-04T09:00:00");
    const scheduler = startDigestScheduler({ db: database.db, log, now: () => clock, intervalMs: 5 });
    try {
      await expect.poll(() => lines.length).toBeGreaterThan(0);
      await new Promise((r) => setTimeout(r, 50)); // ten more checks the same day
    } finally {
      scheduler.stop();
    }
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ level: 50, msg: expect.stringContaining("kz-2028.json") });
  });
});

describe.each(backends)("the parent of an application past its deadline, on $name", (backend) => {
  it("is told once, ever: not when it is only due, once across two instances' runs and the next day; not for one decided", async () => {
    const database = await backend.open();
    try {
      const { db } = database;
      const staffed = await seedSchool(db, "555555555555");
      const unstaffed = await seedSchool(db, "666666666666");
      const specialist = await seedStaff(db, { schoolId: staffed.id, telegramId: 811, role: "specialist", fullName: "Сауле" });
      await seedStaff(db, { schoolId: staffed.id, telegramId: 812, role: "director", fullName: "Гульнара", lang: "kk" });
      const leaver = await seedStaff(db, { schoolId: unstaffed.id, telegramId: 813, role: "specialist", fullName: "Уволен" });
      // Home schooling: 1 working day. Registered Thursday 12 March 2026 → due Friday 13 March, overdue on Monday.
      const thursday = almaty("2026-03-12T10:00:00");
      const register = async (staff: Staff, parent: number, lang: "kk" | "ru" = "ru") => {
        const app = await submittedApplication(db, {
          serviceId: "home-schooling",
          schoolId: staff.schoolId,
          parentTelegramId: parent,
          lang,
          now: thursday,
        });
        const principal = { kind: "staff" as const, staffId: staff.id, role: staff.role, schoolId: staff.schoolId };
        const r = await changeStatus(db, { applicationId: app.id, action: "register", principal, now: thursday });
        if (!r.ok) throw new Error(`register failed: ${r.reason}`);
        return r.application;
      };
      const overdue = await register(specialist, 911);
      const alone = await register(leaver, 913, "kk");
      await deactivateStaff(db, leaver.id, thursday); // the school has no active staff left to remind
      const decided = await decidedApplication(
        db,
        await submittedApplication(db, { serviceId: "home-schooling", schoolId: staffed.id, parentTelegramId: 912, now: thursday }),
        specialist,
        thursday,
      );
      // An imported parent's record never linked to a Telegram account: no chat to tell.
      const unlinked = await register(specialist, 914);
      await db.update(users).set({ telegramId: null }).where(eq(users.id, unlinked.parentId));

      const notices = async () =>
        (await db.select().from(outbox).orderBy(outbox.id))
          .filter((r) => r.payload.template === "overdue")
          .map((r) => ({ channel: r.channel, recipient: r.recipient, key: r.dedupeKey, payload: r.payload }));

      await queueDigests(db, almaty("2026-03-13T08:00:00")); // Friday: due today, not overdue yet
      expect(await notices()).toEqual([]);
      // Monday: two instances run the digest at once, then the next working day comes.
      await Promise.all([queueDigests(db, almaty("2026-03-16T08:00:00")), queueDigests(db, almaty("2026-03-16T08:00:05"))]);
      // The next day's run does not even write it again (as with the escalation, the key is looked up first).
      const tuesday = await queueDigests(db, almaty("2026-03-17T08:00:00"));
      expect(tuesday.filter((m) => m.payload.template === "overdue")).toEqual([]);

      const told = await notices();
      expect(told.map((n) => n.key).sort()).toEqual([overdueNoticeKey(overdue.id), overdueNoticeKey(alone.id)].sort());
      expect(told.find((n) => n.key === overdueNoticeKey(overdue.id))).toEqual({
        channel: "parent",
        recipient: "911",
        key: overdueNoticeKey(overdue.id),
        payload: {
          template: "overdue",
          applicationId: overdue.id,
          number: overdue.number,
          serviceId: "home-schooling",
          deadlineAt: overdue.deadlineAt!.toISOString(),
          reminded: true,
          lang: "ru",
        },
      });
      // The school without active staff: nobody was reminded, and the notice does not say so.
      expect(told.find((n) => n.key === overdueNoticeKey(alone.id))).toMatchObject({
        recipient: "913",
        payload: { applicationId: alone.id, reminded: false, lang: "kk" },
      });
      expect(told.some((n) => n.payload.applicationId === decided.id || n.payload.applicationId === unlinked.id)).toBe(false);
    } finally {
      await database.dispose();
    }
  }, 60_000);
});
