/**
 * Revoking an enrolment order (flows/revocation.ts): the application keeps its status and its
 * history says the order was made and then revoked, while the place it took is free again and
 * the child may be sent and enrolled anew — at the same school or at another. A receipt revoked
 * before the order takes its application out of the queue: no order rests on it, no refusal answers
 * it, a decision from a screen drawn before it is outdated, and the child's new application is the
 * one enrolled.
 */
import { describe, expect, it } from "vitest";
import { getApplication, listEvents } from "#root/db/queries/applications.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { orderQueue, setYearPlaces } from "#root/flows/places.ts";
import { decide, revoke } from "#root/flows/decisions.ts";
import { getService } from "#root/flows/services/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { revokedReceipt, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const service = getService("first-grade");
const MAY = new Date("2026-05-15T06:00:00Z");
const JUNE = new Date("2026-06-20T06:00:00Z");
const JULY = new Date("2026-07-10T06:00:00Z");
const publicUrl = "https://desk.example.kz";

describe.each(backends)("revoking an enrolment order on $name", (backend) => {
  it("frees its place and lets the child be sent and enrolled again; the order stays in the history, revoked", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260620000001", "Школа №1");
      const other = await seedSchool(db, "260620000002", "Школа №2");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 7601, role: "director", fullName: "Ахметова Гүлнар" });
      const theirs = await seedStaff(db, { schoolId: other.id, telegramId: 7602, role: "director", fullName: "Серікова Дана" });
      const child = { birthDate: "2020-02-02", grade: 1 };
      const app = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 7611,
        now: MAY,
        child,
      });
      const iin = (app.form.child as { iin: string }).iin;
      for (const staff of [director, theirs]) expect(await setYearPlaces(db, { staff, service, places: 1, now: JUNE })).toBe(true);
      const order = (staff: typeof director, a: typeof app, number: string) =>
        decide(db, {
          staff,
          decision: { applicationId: a.id, action: "order", version: a.version, order: { number, date: "2026-06-20" } },
          now: JUNE,
          publicUrl,
        });
      expect(await order(director, app, "3-Б")).toMatchObject({ ok: true });
      expect(await orderQueue(db, school.id, service, JUNE)).toMatchObject({ places: 1, taken: 1, free: 0 });

      // The order was made by mistake: the school revokes it.
      const orderDoc = (await listIssued(db, app.id)).find((d) => d.kind === "order")!;
      const reason = "Приказ отменён: ребёнок зачислен ошибочно";
      const revoked = await revoke(db, { staff: director, applicationId: app.id, documentId: orderDoc.id, reason, now: JUNE });
      expect(revoked.ok).toBe(true);

      // The place is free again; the status and the history keep what was done.
      expect(await orderQueue(db, school.id, service, JUNE)).toMatchObject({ places: 1, taken: 0, free: 1 });
      expect((await getApplication(db, app.id))!.status).toBe("order_signed");
      const history = (await listEvents(db, app.id)).map((e) => [e.action, e.toStatus]);
      expect(history.slice(-2)).toEqual([
        ["order", "order_signed"],
        ["revoke", "order_signed"],
      ]);

      // The child may be sent again, to this school or another, and another school may enrol the child.
      const again = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 7612,
        now: JULY,
        child: { ...child, iin },
      });
      expect(again.status).toBe("completed");
      const there = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: other.id,
        parentTelegramId: 7613,
        now: JULY,
        child: { ...child, iin },
      });
      expect(await order(theirs, there, "9-Ж")).toMatchObject({ ok: true, application: { status: "order_signed" } });
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("a revoked receipt leaves the queue and no order rests on it; the child sent again is enrolled on the new one", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260620000003", "Школа №3");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 7621, role: "director", fullName: "Ахметова Гүлнар" });
      const child = { birthDate: "2020-02-02", grade: 1 };
      const app = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 7631,
        now: MAY,
        child,
      });
      const iin = (app.form.child as { iin: string }).iin;
      expect(await setYearPlaces(db, { staff: director, service, places: 5, now: JUNE })).toBe(true);
      const order = (a: typeof app, number: string) =>
        decide(db, {
          staff: director,
          decision: { applicationId: a.id, action: "order", version: a.version, order: { number, date: "2026-07-10" } },
          now: JULY,
          publicUrl,
        });

      // The receipt was given by mistake: the school revokes it.
      const receipt = (await listIssued(db, app.id)).find((d) => d.kind === "receipt")!;
      const reason = "Расписка выдана ошибочно: документы не приложены";
      expect(await revoke(db, { staff: director, applicationId: app.id, documentId: receipt.id, reason, now: JUNE })).toMatchObject({
        ok: true,
      });
      expect((await orderQueue(db, school.id, service, JULY)).awaiting).toEqual([]);
      expect(await order((await getApplication(db, app.id))!, "4-Б")).toEqual({
        ok: false,
        reason: "result_revoked",
        document: { kind: "receipt", number: receipt.number },
      });
      expect((await listIssued(db, app.id)).map((d) => d.kind)).toEqual(["receipt"]);

      // The family sends the child again, to the same school: that application is the one in the queue, and enrolled.
      const again = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 7632,
        now: JULY,
        child: { ...child, iin },
      });
      expect(again.status).toBe("completed");
      expect((await orderQueue(db, school.id, service, JULY)).awaiting.map((a) => a.id)).toEqual([again.id]);
      expect(await order(again, "5-Б")).toMatchObject({ ok: true, application: { status: "order_signed" } });
      expect(await orderQueue(db, school.id, service, JULY)).toMatchObject({ taken: 1, free: 4 });
    } finally {
      await database.dispose();
    }
  }, 120_000);

  it("a revoked receipt: a decision from a screen drawn before is outdated (the revocation won); none is taken on it after", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260620000004", "Школа №4");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 7641, role: "director", fullName: "Ахметова Гүлнар" });
      const { app, receipt } = await revokedReceipt(db, {
        schoolId: school.id,
        parentTelegramId: 7651,
        staff: director,
        sent: MAY,
        revoked: JUNE,
      });
      const refuse = (version: number) =>
        decide(db, {
          staff: director,
          decision: { applicationId: app.id, action: "refuse", reason: service.refusalReasons[0]!.id, version },
          now: JULY,
          publicUrl,
        });

      // The card drawn before the revocation: its refusal is outdated, and the revocation is what won.
      const before = await refuse(app.version);
      expect(before).toMatchObject({ ok: false, reason: "conflict", by: { action: "revoke", actorId: director.id } });
      // Drawn after it: no refusal answers a revoked receipt either.
      const now = (await getApplication(db, app.id))!;
      expect(now.version).toBe(app.version + 1);
      expect(await refuse(now.version)).toEqual({
        ok: false,
        reason: "result_revoked",
        document: { kind: "receipt", number: receipt.number },
      });
      expect((await getApplication(db, app.id))!).toMatchObject({ status: "completed", version: now.version });
      expect((await listIssued(db, app.id)).map((d) => d.kind)).toEqual(["receipt"]);
    } finally {
      await database.dispose();
    }
  }, 120_000);
});
