/**
 * A staff member's decision as one flow call (`decide`): what it answers when the screen is out
 * of date or the decision is not allowed, and what stays in the database when two staff decide
 * at once — one decision, one document, one PDF. An enrolment order from the card takes one of
 * the year's places: none is given past them, one at a time or two at once; and it keeps the
 * queue: passing over applicants ahead takes the director's confirmation, which the history keeps.
 */
import { eq, inArray } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { getApplication, listEvents } from "#root/db/queries/applications.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { setUserEmail, findUserByTelegramId } from "#root/db/queries/users.ts";
import { outbox, storedFiles } from "#root/db/schema.ts";
import { orderQueue, setYearPlaces } from "#root/flows/places.ts";
import { decide } from "#root/flows/decisions.ts";
import { getService } from "#root/flows/services/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const publicUrl = "https://desk.example.kz";

describe.each(backends)("staff decisions on $name", (backend) => {
  it("a stale screen changes nothing and says who acted; a decision the role may not take stores nothing", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "123456789012", "Школа-гимназия №12");
      const a = await seedStaff(db, { schoolId: school.id, telegramId: 711, role: "specialist", fullName: "Сауле Бекова" });
      const b = await seedStaff(db, { schoolId: school.id, telegramId: 712, role: "specialist", fullName: "Асель Нурланова" });
      const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 911 });
      const now = new Date();

      const registered = await decide(db, {
        staff: a,
        decision: { applicationId: app.id, action: "register", version: app.version },
        now,
        publicUrl,
      });
      expect(registered).toMatchObject({ ok: true, application: { status: "registered" } });

      // B still sees the submitted application: issuing from that screen is a conflict naming A.
      const stale = await decide(db, {
        staff: b,
        decision: { applicationId: app.id, action: "issue", version: app.version },
        now,
        publicUrl,
      });
      expect(stale).toMatchObject({
        ok: false,
        reason: "conflict",
        application: { status: "registered" },
        by: { actorKind: "staff", actorId: a.id },
      });
      // An order is the director's, and a meals certificate has none: nothing is rendered or kept.
      const order = await decide(db, {
        staff: b,
        decision: { applicationId: app.id, action: "order", version: app.version + 1 },
        now,
        publicUrl,
      });
      expect(order.ok).toBe(false);
      expect(await listIssued(db, app.id)).toEqual([]);
      expect(
        await db
          .select({ id: storedFiles.id })
          .from(storedFiles)
          .where(inArray(storedFiles.name, [`certificate-${app.number}.pdf`, `order-${app.number}.pdf`])),
      ).toEqual([]);
      expect((await getApplication(db, app.id))!.version).toBe(app.version + 1);
    } finally {
      await database.dispose();
    }
  });

  it("the director's order goes by email only to the address given in the application: 'no email' there means no email", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "123456789013", "Школа №3");
      const specialist = await seedStaff(db, { schoolId: school.id, telegramId: 721, role: "specialist", fullName: "Сауле Бекова" });
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 722, role: "director", fullName: "Гульнара Ахметова" });
      const now = new Date();
      /** The application taken to the director's order; the email rows it left. */
      const ordered = async (parentTelegramId: number, email: string, profileEmail: string) => {
        const app = await submittedApplication(db, { serviceId: "home-schooling", schoolId: school.id, parentTelegramId, email });
        // The profile holds an address (imported, or given for another application).
        await setUserEmail(db, (await findUserByTelegramId(db, parentTelegramId))!.id, profileEmail);
        let version = app.version;
        for (const step of [
          { staff: specialist, action: "register" as const },
          { staff: specialist, action: "issue" as const },
          { staff: director, action: "order" as const, order: { number: "1-Ж", date: "2026-05-05" } },
        ]) {
          const { staff, ...decision } = step;
          const r = await decide(db, { staff, decision: { applicationId: app.id, version, ...decision }, now, publicUrl });
          if (!r.ok) throw new Error(r.reason);
          version = r.application.version;
        }
        const rows = await db.select().from(outbox).where(eq(outbox.channel, "email"));
        return rows.filter((r) => JSON.stringify(r.payload).includes(app.number)).map((r) => r.recipient);
      };
      expect(await ordered(931, "", "old-address@example.kz")).toEqual([]);
      expect(await ordered(932, "given@example.kz", "other@example.kz")).toEqual(["given@example.kz"]);
    } finally {
      await database.dispose();
    }
  });

  it("another school's staff member learns nothing: not found, nothing changed", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const ours = await seedSchool(db, "123456789012", "Школа-гимназия №12");
      const theirs = await seedSchool(db, "210987654321", "Школа-лицей №3");
      const stranger = await seedStaff(db, { schoolId: theirs.id, telegramId: 721, role: "director", fullName: "Гульнара Ахметова" });
      const app = await submittedApplication(db, { serviceId: "meals", schoolId: ours.id, parentTelegramId: 921 });
      const outcome = await decide(db, {
        staff: stranger,
        decision: { applicationId: app.id, action: "register", version: app.version },
        now: new Date(),
        publicUrl,
      });
      expect(outcome).toEqual({ ok: false, reason: "not_found" });
      expect((await getApplication(db, app.id))!.status).toBe("submitted");
    } finally {
      await database.dispose();
    }
  });

  it("two staff refusing one application at once leave one reasoned refusal and one PDF", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "123456789012", "Школа-гимназия №12");
      const a = await seedStaff(db, { schoolId: school.id, telegramId: 731, role: "specialist", fullName: "Сауле Бекова" });
      const b = await seedStaff(db, { schoolId: school.id, telegramId: 732, role: "director", fullName: "Гульнара Ахметова" });
      const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 931 });
      const refuse = { applicationId: app.id, action: "refuse" as const, version: app.version, reason: "missing-document" };
      const outcomes = await Promise.all([a, b].map((staff) => decide(db, { staff, decision: refuse, now: new Date(), publicUrl })));
      expect(outcomes.filter((o) => o.ok)).toHaveLength(1);
      const issued = await listIssued(db, app.id);
      expect(issued.map((d) => d.kind)).toEqual(["refusal"]);
      expect((await getApplication(db, app.id))!.resultFileId).toBe(issued[0]!.fileId);
      const refusals = await db
        .select({ id: storedFiles.id })
        .from(storedFiles)
        .where(eq(storedFiles.name, `refusal-${app.number}.pdf`));
      expect(refusals.map((f) => f.id)).toEqual([issued[0]!.fileId]);
    } finally {
      await database.dispose();
    }
  });

  it("an order from the card takes one of the year's places: past them it is refused, also when two are made at once", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const service = getService("first-grade");
      const MAY = new Date("2026-05-15T06:00:00Z");
      const AUGUST = new Date("2026-08-20T06:00:00Z");
      const school = await seedSchool(db, "123456789014", "Школа №14");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 741, role: "director", fullName: "Гульнара Ахметова" });
      const deputy = await seedStaff(db, { schoolId: school.id, telegramId: 742, role: "director", fullName: "Дана Омарова" });
      const apps = [];
      for (let i = 0; i < 4; i++) {
        const at = new Date(MAY.getTime() + i * 60_000);
        apps.push(
          await submittedApplication(db, {
            serviceId: "first-grade",
            schoolId: school.id,
            parentTelegramId: 941 + i,
            now: at,
            child: { birthDate: "2020-02-02", grade: 1 },
          }),
        );
      }
      const [a, b, c, d] = apps as [(typeof apps)[number], (typeof apps)[number], (typeof apps)[number], (typeof apps)[number]];
      // Each ordered from its card, past those still waiting ahead of it in the queue (confirmed on the card).
      const order = (staff: typeof director, app: typeof a, number: string) =>
        decide(db, {
          staff,
          decision: { applicationId: app.id, action: "order", version: app.version, order: { number, date: "2026-08-20" }, passOver: 3 },
          now: AUGUST,
          publicUrl,
        });
      expect(await setYearPlaces(db, { staff: director, service, places: 1, now: AUGUST })).toBe(true);

      // One place: the first order takes it, the second is refused and leaves no order behind.
      expect(await order(director, a, "7-Б")).toMatchObject({ ok: true, application: { status: "order_signed" } });
      expect(await order(director, b, "8-Б")).toEqual({ ok: false, reason: "no_places", year: 2026 });
      expect((await getApplication(db, b.id))!.status).toBe("completed");
      expect((await listIssued(db, b.id)).map((doc) => doc.kind)).toEqual(["receipt"]);
      expect(await orderQueue(db, school.id, service, AUGUST)).toMatchObject({ places: 1, taken: 1, free: 0 });

      // One more place, and two directors order the last one for two children at once: one wins.
      expect(await setYearPlaces(db, { staff: director, service, places: 2, now: AUGUST })).toBe(true);
      const both = await Promise.all([order(director, c, "9-Б"), order(deputy, d, "10-Б")]);
      expect(both.filter((r) => r.ok)).toHaveLength(1);
      expect(both.filter((r) => !r.ok)).toEqual([{ ok: false, reason: "no_places", year: 2026 }]);
      expect(await orderQueue(db, school.id, service, AUGUST)).toMatchObject({ places: 2, taken: 2, free: 0 });
      const orders = await db
        .select({ name: storedFiles.name })
        .from(storedFiles)
        .where(
          inArray(
            storedFiles.name,
            apps.map((x) => `order-${x.number}.pdf`),
          ),
        );
      expect(orders).toHaveLength(2);
    } finally {
      await database.dispose();
    }
  }, 120_000);
  it("an order from the card past those ahead in the queue is made only as confirmed; its history says who passed over whom", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const service = getService("first-grade");
      const MAY = new Date("2026-05-15T06:00:00Z");
      const AUGUST = new Date("2026-08-20T06:00:00Z");
      const school = await seedSchool(db, "123456789020", "Школа №20");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 751, role: "director", fullName: "Гульнара Ахметова" });
      const apply = (i: number, priority: string) =>
        submittedApplication(db, {
          serviceId: "first-grade",
          schoolId: school.id,
          parentTelegramId: 951 + i,
          now: new Date(MAY.getTime() + i * 60_000),
          child: { birthDate: "2020-02-02", grade: 1 },
          fields: { priority, "born-abroad": "no" },
        });
      // The queue: the social category first, then those without priority, each by the time of sending.
      const early = await apply(0, "none");
      const social = await apply(1, "social");
      const late = await apply(2, "none");
      expect(await setYearPlaces(db, { staff: director, service, places: 3, now: AUGUST })).toBe(true);
      expect((await orderQueue(db, school.id, service, AUGUST)).awaiting.map((a) => a.id)).toEqual([social.id, early.id, late.id]);
      const order = (app: typeof late, number: string, passOver?: number) =>
        decide(db, {
          staff: director,
          decision: {
            applicationId: app.id,
            action: "order",
            version: app.version,
            order: { number, date: "2026-08-20" },
            ...(passOver !== undefined ? { passOver } : {}),
          },
          now: AUGUST,
          publicUrl,
        });

      // The last of the queue, from its card: the two ahead of it are named, and nothing is issued.
      expect(await order(late, "7-Б")).toMatchObject({ ok: false, reason: "out_of_turn", ahead: [{ id: social.id }, { id: early.id }] });
      // Confirmed past one (the card showed one before another came ahead): still not made.
      expect(await order(late, "7-Б", 1)).toMatchObject({ ok: false, reason: "out_of_turn", ahead: [{ id: social.id }, { id: early.id }] });
      expect((await listIssued(db, late.id)).map((d) => d.kind)).toEqual(["receipt"]);
      // Confirmed past both: made, and the order's event keeps who did it and whom it passed over.
      expect(await order(late, "7-Б", 2)).toMatchObject({ ok: true, application: { status: "order_signed" } });
      const [passed] = (await listEvents(db, late.id)).slice(-1);
      expect(passed).toMatchObject({
        action: "order",
        toStatus: "order_signed",
        actorKind: "staff",
        actorId: director.id,
        reason: "out-of-turn",
        comment: `${social.number}, ${early.number}`,
      });

      // The head of the queue needs no confirmation, and its history says nothing of the kind.
      expect(await order(social, "8-Б")).toMatchObject({ ok: true });
      expect((await listEvents(db, social.id)).at(-1)).toMatchObject({ action: "order", reason: null, comment: null });
    } finally {
      await database.dispose();
    }
  }, 120_000);
});
