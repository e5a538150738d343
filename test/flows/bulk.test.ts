/**
 * Deciding many applications at once (flows/bulk.ts): only the director signs the order and sets
 * the places (never below what the orders took), never more than the free places, "no places"
 * only when none is free, an application changed since the list was shown is left out (the
 * rest are decided), another school's application is never touched, a child another school
 * enrolled is not enrolled again, the order never passes over one who came ahead since the list
 * was shown, and a late send of a service taken part of the year is refused with the next dates.
 * The campaign's queue and places themselves: test/flows/places.test.ts.
 */
import { and, eq, like } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { applications, issuedDocuments, storedFiles } from "#root/db/schema.ts";
import { getApplication, listEvents } from "#root/db/queries/applications.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { checkDocument } from "#root/flows/check/index.ts";
import { decideInBulk } from "#root/flows/bulk.ts";
import { decide as decideOne } from "#root/flows/decisions.ts";
import { changeYearPlaces, orderQueue, setYearPlaces } from "#root/flows/places.ts";
import { getService } from "#root/flows/services/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

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
          await submittedApplication(db, {
            serviceId: "first-grade",
            schoolId,
            parentTelegramId: 7800 + i,
            now: new Date(MAY.getTime() + i * 60_000),
            child: { birthDate: "2020-02-02", grade: 1 },
          }),
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
      const decide = (
        staff: typeof director,
        list: typeof mine,
        decision: Parameters<typeof decideInBulk>[1]["decision"] = { action: "order", order },
      ) => decideInBulk(db, { staff, service, shown: shown(list), decision, now: AUGUST, publicUrl: "https://desk.example.kz" });

      expect(await decide(director, mine)).toEqual({ ok: false, reason: "places_not_set" });
      // The places bound the director's order: the director sets them, a specialist cannot.
      expect(await changeYearPlaces(db, { staff: specialist, service, places: 3, now: AUGUST })).toEqual({
        ok: false,
        reason: "forbidden",
      });
      expect(await orderQueue(db, school.id, service, AUGUST)).toMatchObject({ places: null });
      expect(await setYearPlaces(db, { staff: director, service, places: 3, now: AUGUST })).toBe(true);
      expect(await decide(specialist, mine.slice(0, 2))).toEqual({ ok: false, reason: "forbidden" });
      expect(await decide(director, mine)).toEqual({ ok: false, reason: "too_many", free: 3 });

      // A colleague refuses the second after the list was shown; the other school's is slipped in.
      const refused = await changeStatus(db, {
        applicationId: mine[1]!.id,
        action: "refuse",
        reason: "age",
        principal: { kind: "staff", staffId: specialist.id, role: "specialist", schoolId: school.id },
        now: AUGUST,
      });
      expect(refused.ok).toBe(true);
      const result = await decide(director, [mine[0]!, mine[1]!, theirs]);
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.decided.map((a) => a.id)).toEqual([mine[0]!.id]);
      expect(result.skipped.map((a) => a.id)).toEqual([mine[1]!.id, theirs.id]);
      expect((await getApplication(db, theirs.id))!.status).toBe("completed");
      expect(await orderQueue(db, school.id, service, AUGUST)).toMatchObject({ taken: 1, free: 2 });

      // "No places" while two are free is refused, whoever asks; the queue is left as it was.
      const noPlaces = { action: "refuse" as const, reason: "no-places" };
      expect(await decide(specialist, [mine[2]!, mine[3]!], noPlaces)).toEqual({ ok: false, reason: "places_free", free: 2 });
      expect(await decide(director, [mine[2]!, mine[3]!], noPlaces)).toEqual({ ok: false, reason: "places_free", free: 2 });
      expect((await getApplication(db, mine[2]!.id))!.status).toBe("completed");
      // Nor one at a time, from the application's card.
      const one = (staff: typeof director, app: (typeof mine)[number]) =>
        decideOne(db, {
          staff,
          decision: { applicationId: app.id, action: "refuse", version: app.version, reason: "no-places" },
          now: AUGUST,
          publicUrl: "https://desk.example.kz",
        });
      expect(await one(specialist, mine[3]!)).toEqual({ ok: false, reason: "places_free", free: 2 });
      expect(await listIssued(db, mine[3]!.id)).toHaveLength(1); // the receipt only: no refusal document left behind
      // The places cannot be set below what this year's orders took.
      expect(await changeYearPlaces(db, { staff: director, service, places: 0, now: AUGUST })).toEqual({
        ok: false,
        reason: "below_taken",
        taken: 1,
      });
      expect(await changeYearPlaces(db, { staff: director, service, places: 1, now: AUGUST })).toEqual({ ok: true });

      // With none free, the rest on the "no places" ground: a specialist may refuse.
      const rest = await decide(specialist, [mine[2]!], noPlaces);
      expect(rest).toMatchObject({ ok: true, decided: [{ id: mine[2]!.id, status: "refused", reason: "no-places" }] });
      expect(await decide(specialist, [mine[3]!], { action: "refuse", reason: "not-a-reason" })).toEqual({
        ok: false,
        reason: "not_offered",
      });
      expect(await one(specialist, mine[3]!)).toMatchObject({ ok: true, application: { status: "refused", reason: "no-places" } });
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("two directors confirming orders at the same moment never enrol more than the places", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260820000004");
      const first = await seedStaff(db, { schoolId: school.id, telegramId: 7711, role: "director", fullName: "Ахметова Гүлнар" });
      const second = await seedStaff(db, { schoolId: school.id, telegramId: 7712, role: "director", fullName: "Омарова Дана" });
      const apps: Awaited<ReturnType<typeof submittedApplication>>[] = [];
      for (let i = 1; i <= 6; i++) {
        apps.push(
          await submittedApplication(db, {
            serviceId: "first-grade",
            schoolId: school.id,
            parentTelegramId: 7820 + i,
            now: new Date(MAY.getTime() + i * 60_000),
            child: { birthDate: "2020-02-02", grade: 1 },
          }),
        );
      }
      expect(await setYearPlaces(db, { staff: first, service, places: 3, now: AUGUST })).toBe(true);
      // Both saw three free places and confirmed three each, at once.
      const shown = (list: typeof apps) => list.map((a) => ({ id: a.id, version: a.version }));
      const [a, b] = await Promise.all([
        decideInBulk(db, {
          staff: first,
          service,
          shown: shown(apps.slice(0, 3)),
          decision: { action: "order", order },
          now: AUGUST,
          publicUrl: "https://desk.example.kz",
        }),
        decideInBulk(db, {
          staff: second,
          service,
          shown: shown(apps.slice(3)),
          decision: { action: "order", order: { number: "8-Б", date: "2026-08-20" } },
          now: AUGUST,
          publicUrl: "https://desk.example.kz",
        }),
      ]);
      // Each is decided against the places (the second waits on the places row and skips what no
      // longer fits), or — when the other's orders were in before it counted the free places —
      // refused at once with how many are free: never more than the places either way.
      for (const r of [a, b]) expect(r.ok || r.reason === "too_many").toBe(true);
      const decided = [a, b].flatMap((r) => (r.ok ? r.decided : []));
      expect(decided).toHaveLength(3);
      const rows = await db.select().from(applications).where(eq(applications.schoolId, school.id));
      expect(rows.filter((r) => r.status === "order_signed")).toHaveLength(3);
      expect(rows.filter((r) => r.status === "completed")).toHaveLength(3);
      expect(await orderQueue(db, school.id, service, AUGUST)).toMatchObject({ taken: 3, free: 0 });
      // The skipped got no order notice: no document was kept for them.
      const orders = await db
        .select()
        .from(issuedDocuments)
        .where(and(eq(issuedDocuments.schoolId, school.id), eq(issuedDocuments.kind, "order")));
      expect(orders).toHaveLength(3);
      const stored = await db.select({ name: storedFiles.name }).from(storedFiles).where(like(storedFiles.name, "order-%"));
      expect(stored).toHaveLength(3);
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("one child, one school: another school's order leaves the child out of the bulk order, and the card's is refused", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260820000006", "Школа №6");
      const other = await seedSchool(db, "260820000007", "Школа №7");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 7721, role: "director", fullName: "Ахметова Гүлнар" });
      const otherDirector = await seedStaff(db, { schoolId: other.id, telegramId: 7722, role: "director", fullName: "Серікова Дана" });
      const child = { birthDate: "2020-02-02", grade: 1 };
      const apply = (schoolId: number, tg: number, iin?: string) =>
        submittedApplication(db, {
          serviceId: "first-grade",
          schoolId,
          parentTelegramId: tg,
          now: new Date(MAY.getTime() + tg * 1000),
          child: { ...child, ...(iin ? { iin } : {}) },
        });
      // The family sent the child to both schools (a move is allowed); the other school enrols first.
      const there = await apply(other.id, 7831);
      const iin = (there.form.child as { iin: string }).iin;
      const here = await apply(school.id, 7832, iin);
      const classmate = await apply(school.id, 7833);
      for (const staff of [director, otherDirector]) expect(await setYearPlaces(db, { staff, service, places: 5, now: AUGUST })).toBe(true);
      const shown = (list: (typeof here)[]) => list.map((a) => ({ id: a.id, version: a.version }));
      const bulk = (staff: typeof director, list: (typeof here)[]) =>
        decideInBulk(db, {
          staff,
          service,
          shown: shown(list),
          decision: { action: "order", order },
          now: AUGUST,
          publicUrl: "https://desk.example.kz",
        });
      expect(await bulk(otherDirector, [there])).toMatchObject({ ok: true, decided: [{ id: there.id, status: "order_signed" }] });

      // This school's order in bulk enrols the classmate and names the child enrolled elsewhere.
      const result = await bulk(director, [here, classmate]);
      expect(result).toMatchObject({ ok: true, decided: [{ id: classmate.id }], skipped: [], enrolledElsewhere: [{ id: here.id }] });
      // From the card too: refused, with the other school's application (as the card shows it).
      const fromCard = await decideOne(db, {
        staff: director,
        decision: { applicationId: here.id, action: "order", version: here.version, order },
        now: AUGUST,
        publicUrl: "https://desk.example.kz",
      });
      expect(fromCard).toMatchObject({ ok: false, reason: "enrolled_elsewhere", other: { id: there.id, schoolId: other.id } });
      expect((await getApplication(db, here.id))!.status).toBe("completed");
      expect((await listIssued(db, here.id)).map((d) => d.kind)).toEqual(["receipt"]);
      expect(await orderQueue(db, school.id, service, AUGUST)).toMatchObject({ taken: 1, free: 4 });

      // Two schools ordering one child at the same moment: one enrols, the other is told.
      const twin = await apply(other.id, 7834);
      const twinIin = (twin.form.child as { iin: string }).iin;
      const twinHere = await apply(school.id, 7835, twinIin);
      const both = await Promise.all([bulk(otherDirector, [twin]), bulk(director, [twinHere])]);
      expect(both.flatMap((r) => (r.ok ? r.decided : []))).toHaveLength(1);
      expect(both.flatMap((r) => (r.ok ? r.enrolledElsewhere : []))).toHaveLength(1);
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("a priority applicant sent after the list was shown is not passed over: those behind them wait for the next order", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260820000010", "Школа №10");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 7751, role: "director", fullName: "Ахметова Гүлнар" });
      const apply = (i: number, priority: string) =>
        submittedApplication(db, {
          serviceId: "first-grade",
          schoolId: school.id,
          parentTelegramId: 7860 + i,
          now: new Date(MAY.getTime() + i * 60_000),
          child: { birthDate: "2020-02-02", grade: 1 },
          fields: { priority, "born-abroad": "no" },
        });
      const area = await apply(1, "area");
      const none = await apply(2, "none");
      expect(await setYearPlaces(db, { staff: director, service, places: 5, now: AUGUST })).toBe(true);
      const queue = async () => (await orderQueue(db, school.id, service, AUGUST)).awaiting;
      // The director is shown the queue and picks both, in order.
      const shown = (await queue()).map((a) => ({ id: a.id, version: a.version }));
      expect(shown.map((a) => a.id)).toEqual([area.id, none.id]);
      // Before the confirmation a family of a social category applies: it comes before the one without priority.
      const social = await apply(3, "social");
      expect((await queue()).map((a) => a.id)).toEqual([area.id, social.id, none.id]);

      const order = (list: typeof shown, number: string) =>
        decideInBulk(db, {
          staff: director,
          service,
          shown: list,
          decision: { action: "order", order: { number, date: "2026-08-20" } },
          now: AUGUST,
          publicUrl: "https://desk.example.kz",
        });
      const first = await order(shown, "9-Б");
      expect(first).toMatchObject({
        ok: true,
        decided: [{ id: area.id }],
        skipped: [],
        enrolledElsewhere: [],
        outOfTurn: [{ id: none.id }],
      });
      expect((await getApplication(db, none.id))!.status).toBe("completed");
      expect((await listIssued(db, none.id)).map((d) => d.kind)).toEqual(["receipt"]);
      // The list shown again is the queue as it is: the next order enrols both, in it.
      const again = (await queue()).map((a) => ({ id: a.id, version: a.version }));
      expect(await order(again, "10-Б")).toMatchObject({ ok: true, decided: [{ id: social.id }, { id: none.id }], outOfTurn: [] });
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("sending gives the receipt at once; two sends of one child at once leave one application, one receipt and one file", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260820000005");
      const signed = async (tg: number) =>
        submittedApplication(db, {
          serviceId: "first-grade",
          schoolId: school.id,
          parentTelegramId: tg,
          now: MAY,
          child: { birthDate: "2020-03-03", grade: 1 },
          signedOnly: true,
        });
      const one = await signed(7951);
      const two = await signed(7952);
      // The second parent applies for the same child (the other parent of the family).
      await db.update(applications).set({ form: one.form }).where(eq(applications.id, two.id));
      const send = (id: string) => changeStatus(db, { applicationId: id, action: "send", principal: { kind: "system" }, now: MAY });
      const results = await Promise.all([send(one.id), send(two.id)]);
      const won = results.filter((r) => r.ok);
      expect(won).toHaveLength(1);
      expect(results.filter((r) => !r.ok)).toMatchObject([{ ok: false, reason: "duplicate" }]);
      const winner = won[0]!.ok ? won[0]!.application : undefined;
      expect(winner).toMatchObject({ status: "completed" });
      const receipts = await db.select().from(issuedDocuments).where(eq(issuedDocuments.schoolId, school.id));
      expect(receipts).toMatchObject([{ kind: "receipt", applicationId: winner!.id, fileId: winner!.resultFileId, issuedByStaffId: null }]);
      expect(await db.select({ id: storedFiles.id }).from(storedFiles).where(like(storedFiles.name, "receipt-%"))).toEqual([
        { id: winner!.resultFileId },
      ]);
      // Checkable on the public page like any document the school issues.
      expect(await checkDocument(db, receipts[0]!.checkCode, MAY)).toMatchObject({ kind: "receipt", validity: { state: "valid" } });
      // The history says what happened: sent by the parent's side, then issued by the system.
      const events = await listEvents(db, winner!.id);
      expect(events.slice(-2).map((e) => [e.action, e.toStatus, e.actorKind])).toEqual([
        ["send", "submitted", "system"],
        ["issue", "completed", "system"],
      ]);
      // The loser stays signed: it can be withdrawn, and nothing was issued for it.
      const loser = results.find((r) => !r.ok);
      const lostId = winner!.id === one.id ? two.id : one.id;
      expect(loser).toBeDefined();
      expect((await getApplication(db, lostId))!.status).toBe("signed");

      // The receipt is not the school's decision: the parent may withdraw until the order, and
      // then the other application of the child can be sent (and gets its own receipt).
      const withdrawn = await changeStatus(db, {
        applicationId: winner!.id,
        action: "cancel",
        principal: { kind: "parent", userId: winner!.parentId },
        now: MAY,
      });
      expect(withdrawn).toMatchObject({ ok: true, application: { status: "cancelled" } });
      expect(await send(lostId)).toMatchObject({ ok: true, application: { status: "completed" } });
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("a draft begun in August cannot be sent in September: the next period's dates come back", async () => {
    const SEPTEMBER = new Date("2026-09-01T06:00:00Z");
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260820000003");
      await expect(
        submittedApplication(db, {
          serviceId: "first-grade",
          schoolId: school.id,
          parentTelegramId: 7901,
          now: SEPTEMBER,
          child: { birthDate: "2020-02-02", grade: 1 },
        }),
      ).rejects.toThrow(/send failed \(closed_period\)/);
      const [late] = await db.select().from(applications).where(eq(applications.schoolId, school.id));
      expect(late!.status).toBe("signed");
      const again = await changeStatus(db, { applicationId: late!.id, action: "send", principal: { kind: "system" }, now: SEPTEMBER });
      expect(again).toEqual({ ok: false, reason: "closed_period", status: "signed", period: { from: "2027-04-01", to: "2027-08-31" } });
      const sent = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 7902,
        now: new Date("2026-08-31T18:00:00Z"),
        child: { birthDate: "2020-02-03", grade: 1 },
      });
      // Its receipt was issued by the send itself.
      expect(sent.status).toBe("completed");
    } finally {
      await database.dispose();
    }
  }, 60_000);
});
