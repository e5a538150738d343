/**
 * One application per child and service: a second send for the same child to the same school is
 * refused while the first is on its way or its result is valid — also when the two sends race —
 * and another school (a move) is allowed. A result the school revoked stands for nothing, for
 * every service: the child may be sent again, and nobody else is told of it.
 */
import { fillStage } from "#root/test/helpers/answers.ts";
import { describe, expect, it } from "vitest";
import * as apps from "#root/db/queries/applications.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { revoke } from "#root/flows/decisions.ts";
import { childsOtherApplications, standingFor, stands } from "#root/flows/duplicates.ts";
import { chooseSchool } from "#root/flows/form/schools.ts";
import { listServices } from "#root/flows/services/index.ts";
import { formOf } from "#root/flows/statement.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

describe.each(backends)("one application per child and service on $name", (backend) => {
  it(
    "refuses a second send to the same school while one stands, lets " + "one of two racing sends through, and allows another school",
    async () => {
      const database = await backend.open();
      try {
        const db = database.db;
        const now = new Date();
        const school = await seedSchool(db, "990140000106");
        const other = await seedSchool(db, "990140000205");
        const first = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 6101 });
        /** A signed copy of `first` (same child) for `schoolId`, ready to send. */
        const signedCopy = async (schoolId: number) => {
          const draft = await apps.createDraft(db, { serviceId: "meals", parentId: first.parentId, lang: "ru", now });
          const form = formOf(first);
          for (const stage of ["parent", "child", "fields"] as const)
            await fillStage(db, { applicationId: draft.id, stage, answers: form[stage] as Record<string, unknown>, now });
          await fillStage(db, { applicationId: draft.id, stage: "school", answers: { schoolId }, patch: { schoolId }, now });
          const signed = await changeStatus(db, { applicationId: draft.id, action: "sign", principal: { kind: "system" }, now });
          expect(signed.ok).toBe(true);
          return draft.id;
        };
        const send = (id: string) => changeStatus(db, { applicationId: id, action: "send", principal: { kind: "system" }, now });

        // While the first is on its way: refused, with the one that stands.
        const second = await signedCopy(school.id);
        expect(await send(second)).toMatchObject({ ok: false, reason: "duplicate", existing: { id: first.id } });
        expect((await apps.getApplication(db, second))!.status).toBe("signed");

        // Another school: a move, allowed; each sees the other.
        const moved = await signedCopy(other.id);
        expect((await send(moved)).ok).toBe(true);
        const seen = await childsOtherApplications(db, first, now);
        expect(seen.sameSchool).toBeUndefined();
        expect(seen.elsewhere.map((a) => a.id)).toEqual([moved]);

        // A new draft for the same child is told of both, each with its school; neither school can be chosen, a third can.
        const draft = await apps.createDraft(db, { serviceId: "meals", parentId: first.parentId, lang: "kk", now });
        const child = formOf(first).child as Record<string, unknown>;
        const withChild = (await fillStage(db, { applicationId: draft.id, stage: "child", answers: child, now }))!;
        const told = (await standingFor(db, withChild, now, "kk")).map((a) => [a.id, a.schoolName]);
        expect(told).toHaveLength(2);
        expect(told).toEqual(
          expect.arrayContaining([
            [first.id, school.nameKk],
            [moved, other.nameKk],
          ]),
        );
        expect(await chooseSchool(db, withChild, school.id, "kk", now)).toMatchObject({ standing: { id: first.id } });
        const free = await seedSchool(db, "990140000304");
        expect(await chooseSchool(db, withChild, free.id, "ru", now)).toEqual({
          answer: { button: String(free.id) },
          said: { key: "apply-school-chosen", args: { name: free.nameRu } },
        });
        expect(await chooseSchool(db, withChild, 999_999, "ru", now)).toBeUndefined();

        // The first is refused: the school can be asked again. Two sends racing leave one.
        const staff = await seedStaff(db, { schoolId: school.id, telegramId: 6199, role: "specialist", fullName: "Сауле Нурланова" });
        const principal = { kind: "staff" as const, staffId: staff.id, role: "specialist" as const, schoolId: school.id };
        expect((await changeStatus(db, { applicationId: first.id, action: "refuse", principal, reason: "missing-document", now })).ok).toBe(
          true,
        );
        const third = await signedCopy(school.id);
        const results = await Promise.all([send(second), send(third)]);
        expect(results.filter((r) => r.ok)).toHaveLength(1);
        expect(results.find((r) => !r.ok)).toMatchObject({ ok: false, reason: "duplicate" });

        // A certificate issued and valid this school year stands too.
        const winner = results[0]!.ok ? second : third;
        for (const action of ["register", "issue"] as const)
          expect((await changeStatus(db, { applicationId: winner, action, principal, now })).ok).toBe(true);
        const fourth = await signedCopy(school.id);
        expect(await send(fourth)).toMatchObject({ ok: false, reason: "duplicate", existing: { id: winner, status: "completed" } });
      } finally {
        await database.dispose();
      }
    },
  );
});

describe.each(backends)("a result the school revoked on $name", (backend) => {
  it("no longer stands, for every service: the same school takes the child again; no other applicant or school learns of it", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      // A spring day every service takes applications on (the first grade: April to August).
      const now = new Date("2026-05-15T06:00:00Z");
      const school = await seedSchool(db, "990140000411", "Гимназия №411");
      const other = await seedSchool(db, "990140000412", "Школа №412");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 6201, role: "director", fullName: "Сауле Нурланова" });
      let tg = 6210;
      /** A signed copy of `app` (the same child and answers) by its parent or `parentId`, for `schoolId`, ready to send. */
      const signedCopy = async (app: apps.Application, schoolId: number, parentId = app.parentId) => {
        const draft = await apps.createDraft(db, { serviceId: app.serviceId, parentId, lang: "ru", now });
        const form = formOf(app);
        for (const stage of ["parent", "child", "fields"] as const)
          await fillStage(db, { applicationId: draft.id, stage, answers: form[stage] as Record<string, unknown>, now });
        await fillStage(db, { applicationId: draft.id, stage: "school", answers: { schoolId }, patch: { schoolId }, now });
        expect((await changeStatus(db, { applicationId: draft.id, action: "sign", principal: { kind: "system" }, now })).ok).toBe(true);
        return draft.id;
      };
      const send = (id: string) => changeStatus(db, { applicationId: id, action: "send", principal: { kind: "system" }, now });
      const sixYearOld = { "first-grade": { birthDate: "2020-02-02", grade: 1 } } as Record<string, { birthDate: string; grade: number }>;

      for (const service of listServices()) {
        const sent = await submittedApplication(db, {
          serviceId: service.id,
          schoolId: school.id,
          parentTelegramId: tg++,
          now,
          ...(sixYearOld[service.id] ? { child: sixYearOld[service.id] } : {}),
        });
        // Its result: the certificate, or the receipt an order is to follow.
        const first = await decidedApplication(db, sent, director, now);
        expect({ service: service.id, status: first.status }).toEqual({ service: service.id, status: "completed" });
        const again = await signedCopy(first, school.id);
        expect(await send(again)).toMatchObject({ ok: false, reason: "duplicate", existing: { id: first.id } });

        // The school revokes the result it issued.
        const result = (await listIssued(db, first.id)).find((d) => d.fileId === first.resultFileId)!;
        const reason = "Выдан ошибочно: документы другого ребёнка";
        expect(await revoke(db, { staff: director, applicationId: first.id, documentId: result.id, reason, now })).toMatchObject({
          ok: true,
        });

        // Another applicant typing the child's IIN is told of no application, nor of the school.
        const stranger = await submittedApplication(db, { serviceId: "meals", schoolId: other.id, parentTelegramId: tg++, now });
        const draft = await apps.createDraft(db, { serviceId: service.id, parentId: stranger.parentId, lang: "ru", now });
        const child = formOf(first).child as Record<string, unknown>;
        const withChild = (await fillStage(db, { applicationId: draft.id, stage: "child", answers: child, now }))!;
        expect({ service: service.id, told: await standingFor(db, withChild, now, "ru") }).toEqual({ service: service.id, told: [] });
        // Another school the child moves to sees nothing of it on its card.
        const moved = await signedCopy(first, other.id);
        const movedSent = await send(moved);
        expect(movedSent.ok).toBe(true);
        const seen = await childsOtherApplications(db, movedSent.ok ? movedSent.application : first, now);
        expect({ service: service.id, seen }).toEqual({ service: service.id, seen: { sameSchool: undefined, elsewhere: [] } });
        // And the same school takes the child's application again.
        expect({ service: service.id, sent: (await send(again)).ok }).toEqual({ service: service.id, sent: true });
      }
    } finally {
      await database.dispose();
    }
  }, 120_000);
});

describe("an enrolment order signed in May", () => {
  it("still stands in June: the child it enrolled for September cannot be sent to the same school again", () => {
    const sent = new Date("2026-04-10T05:00:00Z");
    const order = {
      serviceId: "first-grade",
      status: "order_signed",
      submittedAt: sent,
      createdAt: sent,
      decidedAt: new Date("2026-05-20T05:00:00Z"),
    } as apps.Application;
    expect(stands(order, new Date("2026-06-15T05:00:00Z"))).toBe(true);
    expect(stands(order, new Date("2027-05-31T05:00:00Z"))).toBe(true);
    expect(stands(order, new Date("2027-06-01T05:00:00Z"))).toBe(false);
  });
});
