/**
 * "Fix and resubmit" as one flow call (`startResubmission`), on PGlite and PostgreSQL: the fix of
 * a refused application is made once — two taps at once, or a tap days later, open the same
 * draft while it is not sent — and a new one only when that one is gone.
 */
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#root/db/client.ts";
import { listDocuments } from "#root/db/queries/applications.ts";
import { findUserByTelegramId, giveConsent } from "#root/db/queries/users.ts";
import { applications } from "#root/db/schema.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { decide, revoke } from "#root/flows/decisions.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { refillFix, startResubmission } from "#root/flows/resubmit.ts";
import type { Application, ApplicationDocument } from "#root/db/queries/applications.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { applyAnswer, applyPatch, nextQuestion } from "#root/flows/form/engine.ts";
import { reviewOf } from "#root/flows/form/draft.ts";
import type { FormAnswers } from "#root/flows/form/answers.ts";
import { getService } from "#root/flows/services/index.ts";
import { t } from "#root/flows/i18n.ts";
import { statementData } from "#root/flows/statement.ts";
import { applicantVars } from "#root/bot/provider/applicant.ts";
import { revokedReceipt, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";
import { bornForGrade } from "#root/test/helpers/parent-flow.ts";

const now = new Date("2026-12-05T06:00:00Z");
const DAY = 86_400_000;

describe.each(backends)("fix and resubmit on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
  });
  afterAll(() => database?.dispose());

  it("two taps at once and a tap days later open one draft with one copy of the documents; once it is cancelled, a new one", async () => {
    const school = await seedSchool(db, "990140000222");
    const member = await seedStaff(db, { schoolId: school.id, telegramId: 66_001, role: "specialist", fullName: "Сауле Ахметова" });
    const staff = { kind: "staff" as const, staffId: member.id, role: "specialist" as const, schoolId: school.id };
    await giveConsent(db, 6601, "ru", now);
    const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 6601, now });
    expect((await changeStatus(db, { applicationId: app.id, action: "refuse", principal: staff, reason: "unreadable-copy", now })).ok).toBe(
      true,
    );
    const parent = (await findUserByTelegramId(db, 6601))!;
    const drafts = async () =>
      (await db.select().from(applications).where(eq(applications.parentId, parent.id))).filter((a) => a.id !== app.id);
    const tap = (at: Date) => startResubmission(db, { parentId: parent.id, applicationId: app.id, now: at });

    // Taps at once (a double tap, the same button on two devices).
    const taps = await Promise.all(Array.from({ length: 6 }, () => tap(now)));
    const one = taps.find((t) => t.ok && !t.existing);
    if (!one?.ok) throw new Error("no fix was made");
    expect(taps.map((t) => t.ok && t.draft.id)).toEqual(taps.map(() => one.draft.id));
    expect((await drafts()).map((d) => d.id)).toEqual([one.draft.id]);
    expect(await listDocuments(db, one.draft.id)).toHaveLength((await listDocuments(db, app.id)).length);

    const later = await tap(new Date(now.getTime() + 3 * DAY));
    expect(later).toMatchObject({ ok: true, existing: true, draft: { id: one.draft.id } });
    expect(await drafts()).toHaveLength(1);

    // The parent cancels that draft: the next tap makes a fresh one.
    const cancelled = await changeStatus(db, {
      applicationId: one.draft.id,
      action: "cancel",
      principal: { kind: "parent", userId: parent.id },
      now,
    });
    expect(cancelled.ok).toBe(true);
    const fresh = await tap(new Date(now.getTime() + 4 * DAY));
    expect(fresh).toMatchObject({ ok: true, existing: false, draft: { status: "draft" } });
    expect(fresh.ok && fresh.draft.id).not.toBe(one.draft.id);
  });

  it("fixed a school year later, the child is a grade higher; an eleventh-grader's grade is asked again", async () => {
    const lastYear = new Date("2025-11-10T06:00:00Z");
    const school = await seedSchool(db, "990140000333");
    const member = await seedStaff(db, { schoolId: school.id, telegramId: 66_002, role: "specialist", fullName: "Сауле Ахметова" });
    const staff = { kind: "staff" as const, staffId: member.id, role: "specialist" as const, schoolId: school.id };
    const fixOf = async (telegramId: number, grade: number) => {
      await giveConsent(db, telegramId, "ru", lastYear);
      const app = await submittedApplication(db, {
        serviceId: "meals",
        schoolId: school.id,
        parentTelegramId: telegramId,
        now: lastYear,
        child: { birthDate: bornForGrade(grade, lastYear), grade },
      });
      const refused = await changeStatus(db, {
        applicationId: app.id,
        action: "refuse",
        principal: staff,
        reason: "unreadable-copy",
        now: lastYear,
      });
      expect(refused.ok).toBe(true);
      const parent = (await findUserByTelegramId(db, telegramId))!;
      const fix = await startResubmission(db, { parentId: parent.id, applicationId: app.id, now });
      if (!fix.ok) throw new Error(`no fix: ${fix.reason}`);
      return fix.draft.form as { child: { grade?: number; fullName: string } };
    };
    expect((await fixOf(6602, 4)).child.grade).toBe(5);
    const leaver = await fixOf(6603, 11);
    expect(leaver.child.grade).toBeUndefined();
    expect(leaver.child.fullName).toBeTruthy();
    // Within the school year the grade is as given.
    await giveConsent(db, 6604, "ru", now);
    const sameYear = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 6604, now });
    await changeStatus(db, { applicationId: sameYear.id, action: "refuse", principal: staff, reason: "unreadable-copy", now });
    const parent = (await findUserByTelegramId(db, 6604))!;
    const fix = await startResubmission(db, { parentId: parent.id, applicationId: sameYear.id, now: new Date(now.getTime() + DAY) });
    expect(fix.ok && (fix.draft.form as { child: { grade: number } }).child.grade).toBe(4);
  });

  describe("applied for again a year later, for the first grade (ages 5–9 on the day, the admission's rule on 1 September)", () => {
    const sent = new Date("2026-04-15T06:00:00Z");
    const nextYear = new Date("2027-04-20T06:00:00Z");
    const firstGrade = getService("first-grade");
    /** The parent's first-grade application for a child born on `birthDate`, its receipt revoked the next day. */
    const revokedFor = async (telegramId: number, birthDate: string, fields: Record<string, string>) => {
      const school = await seedSchool(db, `9901400${telegramId}`);
      const staff = await seedStaff(db, {
        schoolId: school.id,
        telegramId: telegramId * 10,
        role: "specialist",
        fullName: "Сауле Ахметова",
      });
      await giveConsent(db, telegramId, "ru", sent);
      const { app } = await revokedReceipt(db, {
        schoolId: school.id,
        parentTelegramId: telegramId,
        staff,
        sent,
        revoked: new Date(sent.getTime() + DAY),
        birthDate,
        fields,
        email: "aigerim@example.kz",
      });
      const parent = (await findUserByTelegramId(db, telegramId))!;
      const again = () => startResubmission(db, { parentId: parent.id, applicationId: app.id, now: nextYear });
      return { app, again, parent };
    };

    it("a child now past the service's ages is not carried onto a new application: refused, with the birth date and the ages", async () => {
      // Nine when applying (late, with the commission's conclusion); ten a year later: the IIN question would refuse them.
      const { app, again, parent } = await revokedFor(66_101, "2017-03-10", {
        "age-reason": "late",
        priority: "none",
        "born-abroad": "no",
      });
      expect(await again()).toEqual({ ok: false, reason: "child_age", child: "Нурлан Сапаров", born: "10.03.2017", min: 5, max: 9 });
      const mine = await db.select().from(applications).where(eq(applications.parentId, parent.id));
      expect(mine.map((a) => a.id)).toEqual([app.id]);
    });

    it("an age reason the child no longer needs is not carried, nor its conclusion's pages; one now needed is asked", async () => {
      // Five, and not six by 31 December 2026: early, with the conclusion. Six by 31 December 2027: of the usual age then.
      const early = await revokedFor(66_102, "2021-03-10", { "age-reason": "early", priority: "area", "born-abroad": "no" });
      expect(await listDocuments(db, early.app.id)).toEqual(
        expect.arrayContaining([expect.objectContaining({ requirementId: "age-conclusion" })]),
      );
      const copy = await early.again();
      if (!copy.ok) throw new Error(`not copied: ${copy.reason}`);
      const form = copy.draft.form as FormAnswers;
      expect(form.fields).toEqual({ priority: "area", "born-abroad": "no" });
      expect(Object.keys(form.documents ?? {}).sort()).toEqual(["health-passport", "photo", "residence", "vaccination-card"]);
      const pages = (await listDocuments(db, copy.draft.id)).map((d) => d.requirementId);
      expect(pages).toContain("residence");
      expect(pages).not.toContain("age-conclusion");
      // Nothing to ask: the review. Neither it, the statement nor the staff's queue line shows a reason.
      expect(nextQuestion(firstGrade, form, nextYear)).toEqual({ kind: "review" });
      const review = (await reviewOf(db, copy.draft, "ru")).flatMap((s) => s.answers.map((a) => a.question));
      expect(review).not.toContain("age-reason");
      expect(review).not.toContain("age-conclusion");
      const statement = await statementData(db, copy.draft);
      expect(statement.answers.map((a) => a.label)).not.toContain(t("ru", "services-first-grade-label-age-reason"));
      expect(statement.attachments.map((a) => a.label)).not.toContain(t("ru", "services-first-grade-doc-age-conclusion"));
      expect(statement.attachments.map((a) => a.label)).toContain(t("ru", "services-first-grade-doc-residence"));
      expect(applicantVars(firstGrade, copy.draft, "ru").extra).not.toContain(t("ru", "services-first-grade-age-reason-early"));

      // Seven on 1 September 2026, of the usual age then; eight on 1 September 2027: the reason is asked, then its conclusion.
      const usual = await revokedFor(66_103, "2019-03-10", { priority: "none", "born-abroad": "no" });
      const later = await usual.again();
      if (!later.ok) throw new Error(`not copied: ${later.reason}`);
      const asked = later.draft.form as FormAnswers;
      expect(nextQuestion(firstGrade, asked, nextYear)).toMatchObject({ id: "age-reason" });
      const answered = applyAnswer(firstGrade, asked, "age-reason", { button: "late" }, { lang: "ru", now: nextYear });
      if (!answered.ok) throw new Error(answered.error);
      expect(nextQuestion(firstGrade, applyPatch(asked, answered.patch), nextYear)).toMatchObject({ id: "age-conclusion" });
    });

    it("a fix begun last year, its refusal revoked now: an age reason no longer needed is not filled back, nor its pages", async () => {
      // Five in April 2026, not six by 31 December 2026: early, with the conclusion. Of the usual age for the 2027 admission.
      const school = await seedSchool(db, "990140066104");
      const director = await seedStaff(db, { schoolId: school.id, telegramId: 661_040, role: "director", fullName: "Сауле Ахметова" });
      await giveConsent(db, 66_104, "ru", sent);
      const app = await submittedApplication(db, {
        serviceId: "first-grade",
        schoolId: school.id,
        parentTelegramId: 66_104,
        now: sent,
        child: { birthDate: "2021-03-10", grade: 1 },
        fields: { "age-reason": "early", priority: "area", "born-abroad": "no" },
        email: "aigerim@example.kz",
        documentsDone: true,
      });
      const decision = { applicationId: app.id, action: "refuse" as const, version: app.version, reason: "age" };
      const refusedAt = new Date(sent.getTime() + DAY);
      expect(await decide(db, { staff: director, decision, now: refusedAt, publicUrl: "https://desk.example.kz" })).toMatchObject({
        ok: true,
      });
      const parent = (await findUserByTelegramId(db, 66_104))!;
      // The fix, begun then: the service's answers asked again, the conclusion's pages kept (the reason applied).
      const fix = await startResubmission(db, { parentId: parent.id, applicationId: app.id, now: new Date(refusedAt.getTime() + DAY) });
      if (!fix.ok) throw new Error(`no fix: ${fix.reason}`);
      expect((await listDocuments(db, fix.draft.id)).map((d) => d.requirementId)).toContain("age-conclusion");

      const refusal = (await listIssued(db, app.id)).find((d) => d.kind === "refusal")!;
      const revoked = await revoke(db, {
        staff: director,
        applicationId: app.id,
        documentId: refusal.id,
        reason: "Отказ оформлен ошибочно: возраст подходит",
        now: new Date(nextYear.getTime() - DAY),
      });
      expect(revoked).toMatchObject({ ok: true });
      const again = await startResubmission(db, { parentId: parent.id, applicationId: app.id, now: nextYear });
      if (!again.ok) throw new Error(`not continued: ${again.reason}`);
      expect(again).toMatchObject({ existing: true, refilled: true });
      expect(again.draft.id).toBe(fix.draft.id);
      const form = again.draft.form as FormAnswers;
      // The rest comes back as it was; the reason and the conclusion do not: the review, the statement, the school's files.
      expect(form.fields).toEqual({ priority: "area", "born-abroad": "no" });
      expect(Object.keys(form.documents ?? {}).sort()).toEqual(["health-passport", "photo", "residence", "vaccination-card"]);
      const pages = (await listDocuments(db, fix.draft.id)).map((d) => d.requirementId);
      expect(pages).toContain("residence");
      expect(pages).not.toContain("age-conclusion");
      expect(nextQuestion(firstGrade, form, nextYear)).toEqual({ kind: "review" });
    });
  });
});

/**
 * A fix begun before its refusal was revoked, continued: what the fix dropped comes back from the refused
 * application, but not over what the parent gave again in the draft — a stage answered again (even in part),
 * a document whose pages they replaced.
 */
describe("filling a fix back once its refusal is revoked", () => {
  const source = {
    serviceId: "meals",
    schoolId: 7,
    form: {
      school: { schoolId: 7 },
      fields: { category: "asp", note: "x" },
      documents: { "birth-certificate": "done", "asp-certificate": "done" },
    },
  } as unknown as Application;
  const draft = (form: Record<string, unknown>, schoolId: number | null = 7) => ({ schoolId, form }) as unknown as Application;
  const page = (requirementId: string, fileId: string) => ({ requirementId, fileId, telegramFileId: null }) as ApplicationDocument;
  const same = [page("birth-certificate", "b1"), page("asp-certificate", "a1")];

  it("an untouched fix gets the stage and every document back", () => {
    expect(refillFix(source, draft({ school: { schoolId: 7 } }), "fields", { draft: same, source: same }, now)).toEqual({
      form: { school: { schoolId: 7 }, fields: source.form.fields, documents: source.form.documents },
      schoolId: 7,
      dropDocuments: [],
    });
  });

  it("a stage answered again in part stays the parent's; a document with pages sent anew is theirs to confirm", () => {
    const replaced = [page("birth-certificate", "b2"), page("asp-certificate", "a1")];
    expect(refillFix(source, draft({ fields: { category: "asp" } }), "fields", { draft: replaced, source: same }, now)).toEqual({
      form: { fields: { category: "asp" }, documents: { "asp-certificate": "done" } },
      schoolId: 7,
      dropDocuments: [],
    });
    // Another category chosen again: the old one's certificate is not asked, so neither confirmed nor sent.
    expect(refillFix(source, draft({ fields: { category: "low-income" } }), "fields", { draft: replaced, source: same }, now)).toEqual({
      form: { fields: { category: "low-income" }, documents: {} },
      schoolId: 7,
      dropDocuments: ["asp-certificate"],
    });
  });

  it("a document hanging on an answer the parent has not given again yet is filled back, its pages kept: it may be asked", () => {
    const first = { serviceId: "first-grade", schoolId: 7, form: { fields: { priority: "area" }, documents: { residence: "done" } } };
    const residence = [page("residence", "r1")];
    const partly = draft({ fields: { "born-abroad": "no" } });
    expect(refillFix(first as unknown as Application, partly, "fields", { draft: residence, source: residence }, now)).toEqual({
      form: { fields: { "born-abroad": "no" }, documents: { residence: "done" } },
      schoolId: 7,
      dropDocuments: [],
    });
  });

  it("the school dropped by the fix comes back unless another was chosen; nothing to fill gives nothing", () => {
    expect(refillFix(source, draft({ school: { nav: { kind: "regions" } } }, null), "school", { draft: same, source: same }, now)).toEqual({
      form: { school: { schoolId: 7 } },
      schoolId: 7,
      dropDocuments: [],
    });
    expect(refillFix(source, draft({ school: { schoolId: 9 } }, 9), "school", { draft: same, source: same }, now)).toBeUndefined();
  });
});
