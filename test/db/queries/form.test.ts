/**
 * One answer, one write: an answer is kept by a single statement guarded by the question it
 * answers, on PGlite and PostgreSQL. A repeated or late answer keeps nothing, so it cannot
 * overwrite a later one; the row the write returns is the draft the next question is asked from.
 */
import { fillStage } from "#root/test/helpers/answers.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import * as apps from "#root/db/queries/applications.ts";
import { clearAnswers, keepAnswer, movePage, type KeptAnswer } from "#root/db/queries/form.ts";
import { storeFile } from "#root/db/queries/files.ts";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { listChildren, registerParent } from "#root/db/queries/users.ts";
import type { FormAnswers } from "#root/flows/form/answers.ts";
import { applyAnswer, nextQuestion, type Patch } from "#root/flows/form/engine.ts";
import { makeIin } from "#root/flows/iin.ts";
import { getService } from "#root/flows/services/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { PDF } from "#root/test/helpers/system.ts";

const meals = getService("meals");
const now = new Date("2026-09-01T04:00:00Z");
const at = { lang: "ru" as const, now };
const CSV = `region,district,name_kk,name_ru,bin
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№1 мектеп,Школа №1,990140000106
`;

/** The write a patch of the engine makes, for `app`. */
const write = (app: apps.Application, patch: Patch): KeptAnswer => ({
  applicationId: app.id,
  parentId: app.parentId,
  guard: patch.path,
  writes: [{ path: patch.path, value: patch.value }, ...patch.derived],
  ...(patch.column ? { columns: { [patch.column]: patch.value as number } } : {}),
  now,
});

/** What the engine makes of `answer` to the question `app` is at. */
function answer(app: apps.Application, text: string): Patch {
  const q = nextQuestion(meals, app.form as FormAnswers);
  if (q.kind === "review") throw new Error("at the review");
  const result = applyAnswer(meals, app.form as FormAnswers, q.id, { text }, at);
  if (!result.ok) throw new Error(result.error);
  return result.patch;
}

describe.each(backends)("keeping answers on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  let parentId: number;
  const parent = { fullName: "Серікова Айгүл", iin: makeIin("1988-05-14", "female"), phone: "+77011234567" };
  /** A meals draft at the child's IIN (the name answered). */
  async function draftAtChildIin(): Promise<apps.Application> {
    const draft = await apps.createDraft(db, { serviceId: "meals", parentId, lang: "ru", now });
    await fillStage(db, { applicationId: draft.id, stage: "parent", answers: parent, now });
    const row = await keepAnswer(db, {
      applicationId: draft.id,
      parentId,
      guard: ["child", "fullName"],
      writes: [{ path: ["child", "fullName"], value: "Серікова Дана" }],
      now,
    });
    return row!;
  }
  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    parentId = (await registerParent(db, { telegramId: 501, phone: parent.phone, fullName: parent.fullName, iin: parent.iin, lang: "ru" }))
      .id;
  });
  afterAll(() => database?.dispose());

  it(
    "keeps an answer with what is derived from it, beside the stage's " + "other answers, and returns the draft at the next question",
    async () => {
      const app = await draftAtChildIin();
      const iin = makeIin("2015-03-09", "female");
      const row = await keepAnswer(db, write(app, answer(app, iin)));
      expect(row?.form).toEqual({ parent, child: { fullName: "Серікова Дана", iin, birthDate: "2015-03-09" } });
      expect(row?.statementFileId).toBeNull();
      expect(nextQuestion(meals, row!.form as FormAnswers)).toMatchObject({ id: "child-grade" });
    },
  );

  it("saves the child the last answer completes to the parent's profile, with the grade's school year, and refers to them", async () => {
    const app = await draftAtChildIin();
    const iin = makeIin("2015-03-09", "female");
    const atGrade = (await keepAnswer(db, write(app, answer(app, iin))))!;
    const child = { fullName: "Серікова Дана", iin, birthDate: "2015-03-09", grade: 5, gradeYear: 2025 };
    const row = await keepAnswer(db, { ...write(atGrade, answer(atGrade, "5")), saveChild: child });
    const saved = await listChildren(db, parentId);
    const dana = saved.find((c) => c.iin === iin)!;
    expect(dana).toMatchObject(child);
    expect(row?.childId).toBe(dana.id);
    expect(row?.form.child).toMatchObject({ grade: 5, childId: dana.id });
    // The same child in another draft, a year later: the profile's child is updated (the grade and its year), not doubled.
    const again = await draftAtChildIin();
    const next = (await keepAnswer(db, write(again, answer(again, iin))))!;
    const other = await keepAnswer(db, { ...write(next, answer(next, "6")), saveChild: { ...child, grade: 6, gradeYear: 2026 } });
    expect(other?.childId).toBe(dana.id);
    expect((await listChildren(db, parentId)).filter((c) => c.iin === iin)).toEqual([{ ...dana, grade: 6, gradeYear: 2026 }]);
  });

  it("keeps nothing for a second answer to a question already answered: the first answer stays", async () => {
    const app = await draftAtChildIin();
    const first = answer(app, makeIin("2015-03-09", "female"));
    const late = answer(app, makeIin("2014-01-02", "male"));
    expect(await keepAnswer(db, write(app, first))).toBeDefined();
    expect(await keepAnswer(db, write(app, late))).toBeUndefined();
    expect((await apps.getApplication(db, app.id))?.form.child).toMatchObject({ iin: first.value, birthDate: "2015-03-09" });
  });

  it("keeps an answer guarded by the draft's version only while the draft is as it was when the question was asked", async () => {
    const app = await draftAtChildIin();
    const asked = app.version;
    // The draft changed since (an edit from the review dropped the child's answers): refused.
    const edited = await clearAnswers(db, { applicationId: app.id, parentId, section: "child", now });
    expect(edited!.version).toBeGreaterThan(asked);
    const patch = answer(app, makeIin("2015-03-09", "female"));
    expect(await keepAnswer(db, { ...write(app, patch), version: asked })).toBeUndefined();
    expect((await apps.getApplication(db, app.id))?.form.child).toBeUndefined();
    // At the version it was asked at: kept, and the version moves on.
    const name = await keepAnswer(db, {
      applicationId: app.id,
      parentId,
      guard: ["child", "fullName"],
      writes: [{ path: ["child", "fullName"], value: "Серікова Дана" }],
      version: edited!.version,
      now,
    });
    expect(name?.version).toBe(edited!.version + 1);
    expect(name?.form.child).toEqual({ fullName: "Серікова Дана" });
  });

  it("editing the documents drops their pages with their answers, in one write, and only on the parent's own draft", async () => {
    const app = await draftAtChildIin();
    const file = await storeFile(db, { bytes: PDF, name: "asp.pdf" });
    await apps.addDocument(db, { applicationId: app.id, requirementId: "birth-certificate", fileId: file.id });
    await apps.addDocument(db, { applicationId: app.id, requirementId: "birth-certificate", fileId: file.id });
    const documents = { applicationId: app.id, section: "documents", pages: true, now } as const;
    // Another parent's edit changes nothing.
    expect(await clearAnswers(db, { ...documents, parentId: parentId + 1000 })).toBeUndefined();
    expect(await apps.listDocuments(db, app.id)).toHaveLength(2);
    const edited = await clearAnswers(db, { ...documents, parentId });
    expect(edited?.version).toBeGreaterThan(app.version);
    expect(await apps.listDocuments(db, app.id)).toEqual([]);
    // Without `pages` (a single document reopened to add a page) the pages stay.
    await apps.addDocument(db, { applicationId: app.id, requirementId: "birth-certificate", fileId: file.id });
    await clearAnswers(db, { applicationId: app.id, parentId, section: "documents", keys: ["birth-certificate"], now });
    expect(await apps.listDocuments(db, app.id)).toHaveLength(1);
  });

  it("moves a document's one page to the document before it and asks that document again, in one write", async () => {
    const app = await draftAtChildIin();
    const file = await storeFile(db, { bytes: PDF, name: "page.pdf" });
    await apps.addDocument(db, { applicationId: app.id, requirementId: "birth-certificate", fileId: file.id });
    await apps.addDocument(db, { applicationId: app.id, requirementId: "asp-certificate", fileId: file.id });
    const answered = await fillStage(db, {
      applicationId: app.id,
      stage: "documents",
      answers: { "birth-certificate": "done", "asp-certificate": "done" },
      now,
    });
    const move = { applicationId: app.id, parentId, from: "asp-certificate", to: "birth-certificate", max: 2, now };
    // Another parent's tap, or a document that would pass its limit, moves nothing.
    expect(await movePage(db, { ...move, parentId: parentId + 1000 })).toBeUndefined();
    expect(await movePage(db, { ...move, max: 1 })).toBeUndefined();
    const moved = await movePage(db, move);
    expect(moved?.version).toBeGreaterThan(answered!.version);
    expect(moved?.form.documents).toEqual({ "birth-certificate": "done" });
    const pages = await apps.listDocuments(db, app.id);
    expect(pages.map((d) => [d.requirementId, d.position])).toEqual([
      ["birth-certificate", 1],
      ["birth-certificate", 2],
    ]);
    // A second tap: the document it came from holds no page now, and nothing moves.
    expect(await movePage(db, move)).toBeUndefined();
  });

  it("keeps exactly one of two answers to the same question sent at once", async () => {
    const app = await draftAtChildIin();
    const answers = [makeIin("2015-03-09", "female"), makeIin("2014-01-02", "male")].map((iin) => answer(app, iin));
    const rows = await Promise.all(answers.map((p) => keepAnswer(db, write(app, p))));
    expect(rows.filter((r) => r !== undefined)).toHaveLength(1);
    const kept = rows.find((r) => r !== undefined)!;
    expect((await apps.getApplication(db, app.id))?.form).toEqual(kept.form);
  });

  it("writes neither another parent's draft nor an application that is no longer a draft", async () => {
    const app = await draftAtChildIin();
    const patch = answer(app, makeIin("2015-03-09", "female"));
    expect(await keepAnswer(db, { ...write(app, patch), parentId: parentId + 1000 })).toBeUndefined();
    await apps.applyTransition(db, {
      applicationId: app.id,
      action: "sign",
      from: "draft",
      to: "signed",
      actor: { kind: "parent", id: parentId },
      notifications: [],
      now,
    });
    expect(await keepAnswer(db, write(app, patch))).toBeUndefined();
    expect((await apps.getApplication(db, app.id))?.form.child).toEqual({ fullName: "Серікова Дана" });
  });

  it("sets the chosen school on the row in the same write", async () => {
    await importSchools(db, CSV);
    const school = (await getSchoolByBin(db, "990140000106"))!;
    const app = await draftAtChildIin();
    const row = await keepAnswer(db, {
      applicationId: app.id,
      parentId,
      guard: ["school", "schoolId"],
      writes: [{ path: ["school", "schoolId"], value: school.id }],
      columns: { schoolId: school.id },
      now,
    });
    expect(row).toMatchObject({ schoolId: school.id });
    expect(row?.form.school).toEqual({ schoolId: school.id });
    expect(row?.form.child).toEqual({ fullName: "Серікова Дана" });
  });
});
