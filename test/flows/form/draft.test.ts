/**
 * What a parent's answer writes to their draft, without Telegram: the engine checks it, one
 * guarded write keeps it, and a late second answer keeps nothing; a completed child is saved to
 * the profile and offered next time; a typed email too; pages of a document the answers no longer
 * ask for are dropped; a button of a document the draft does not ask is refused.
 */
import { describe, expect, it } from "vitest";
import { createDraft, getApplication, listDocuments } from "#root/db/queries/applications.ts";
import { storePage } from "#root/db/queries/files.ts";
import { getUser, listChildren, registerParent } from "#root/db/queries/users.ts";
import { askedDocument } from "#root/flows/form/documents.ts";
import { documentAction, documentPages, editStage, keepAnswerTo, reviewOf } from "#root/flows/form/draft.ts";
import { questionAt } from "#root/flows/form/engine.ts";
import { makeIin } from "#root/flows/iin.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { parentWithDraft } from "#root/test/helpers/drafts.ts";
import { fillStage } from "#root/test/helpers/answers.ts";
import { seedSchool, tinyPng } from "#root/test/helpers/fixtures.ts";

const now = new Date("2026-03-20T06:00:00Z");
const at = { lang: "ru" as const, now };

describe.each(backends)("a draft's answers kept on $name", (backend) => {
  it("keeps one answer per question, saves the child and the typed email to the profile, and offers the child next time", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const iin = makeIin("1988-05-14", "female");
      const parent = await registerParent(db, { telegramId: 9301, phone: "+77011234567", fullName: "Серікова Айгүл", iin, lang: "ru" });
      const draft = await createDraft(db, { serviceId: "home-schooling", parentId: parent.id, lang: "ru", now });
      const parentStage = { fullName: parent.fullName, iin, phone: parent.phone };
      let app = (await fillStage(db, { applicationId: draft.id, stage: "parent", answers: parentStage, now }))!;
      expect(questionAt(app)?.id).toBe("parent-email");

      const stale = app;
      const email = await keepAnswerTo(db, app, questionAt(app)!, { text: "aigul@example.kz" }, at);
      expect(email.ok && email.row?.form).toMatchObject({ parent: { email: "aigul@example.kz" } });
      expect((await getUser(db, parent.id))?.email).toBe("aigul@example.kz");
      // A second answer to the same question, read before the first was kept: nothing is kept.
      const late = await keepAnswerTo(db, stale, questionAt(stale)!, { text: "other@example.kz" }, at);
      expect(late).toEqual({ ok: true });
      expect((await getApplication(db, draft.id))?.form).toMatchObject({ parent: { email: "aigul@example.kz" } });
      expect((await getUser(db, parent.id))?.email).toBe("aigul@example.kz");

      app = (await getApplication(db, draft.id))!;
      for (const text of ["Серікова Дана Маратқызы", "12345"]) {
        const kept = await keepAnswerTo(db, app, questionAt(app)!, { text }, at);
        if (text === "12345") {
          // A wrong IIN is refused with why, and the question stays.
          expect(kept).toMatchObject({ ok: false });
          expect(questionAt((await getApplication(db, draft.id))!)?.id).toBe("child-iin");
        } else if (kept.ok) app = kept.row!;
      }
      const childIin = await keepAnswerTo(db, app, questionAt(app)!, { text: makeIin("2015-03-09", "female") }, at);
      if (childIin.ok && childIin.row) app = childIin.row;
      const grade = await keepAnswerTo(db, app, questionAt(app)!, { text: "5" }, at);
      expect(grade.ok && grade.child).toMatchObject({ fullName: "Серікова Дана Маратқызы", birthDate: "2015-03-09", grade: 5 });
      // The parent is told the child is saved, with the birth date the IIN gives.
      expect(grade.ok && grade.said).toEqual({
        key: "apply-child-saved-note",
        args: { name: "Серікова Дана Маратқызы", date: "09.03.2015" },
      });
      const [saved] = await listChildren(db, parent.id);
      expect(saved).toMatchObject({ fullName: "Серікова Дана Маратқызы", grade: 5 });

      // The next application: one tap on the saved child answers the whole child stage.
      const second = await createDraft(db, { serviceId: "meals", parentId: parent.id, lang: "ru", now });
      const next = (await fillStage(db, { applicationId: second.id, stage: "parent", answers: parentStage, now }))!;
      expect(questionAt(next)?.id).toBe("child-full-name");
      const tapped = await keepAnswerTo(db, next, questionAt(next)!, { offer: `c${saved!.id}` }, at);
      expect(tapped.ok && tapped.known).toBe(true);
      expect(tapped.ok && tapped.row?.form).toMatchObject({
        child: { fullName: "Серікова Дана Маратқызы", birthDate: "2015-03-09", grade: 5 },
      });
      expect(questionAt((tapped.ok && tapped.row) || next)?.id).toBe("school");
      // «A new child»: the name is asked as it is, without the offers.
      expect(await keepAnswerTo(db, next, questionAt(next)!, { offer: "new" }, at)).toEqual({ ok: true, plain: {} });
      // A child that is not the parent's is not offered: the button is outdated.
      expect(await keepAnswerTo(db, next, questionAt(next)!, { offer: "c999999" }, at)).toEqual({ ok: false, error: "button-outdated" });
    } finally {
      await database.dispose();
    }
  });

  it("drops the pages of a document no longer asked for, refuses «add a page» under one, replaces only the pages asked to", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      await seedSchool(db, "990140000106");
      const { app } = await parentWithDraft(db, makeIin("1988-05-14", "female"), now);
      for (const requirementId of ["birth-certificate", "asp-certificate"]) {
        await storePage(db, { applicationId: app.id, requirementId, bytes: tinyPng(), max: 5 });
      }
      // The category changes: the ASP certificate is no longer asked, and its page goes.
      const changed = (await fillStage(db, { applicationId: app.id, stage: "fields", answers: { category: "large-family" }, now }))!;
      expect(await documentPages(db, changed, askedDocument(changed, "birth-certificate")!)).toBe(1);
      expect((await listDocuments(db, app.id)).map((d) => d.requirementId)).toEqual(["birth-certificate"]);
      // The review names each stage's answers in order, the school by its name; a document not yet answered is not shown.
      const review = await reviewOf(db, changed, "ru");
      expect(review.map((s) => s.stage)).toEqual(["parent", "child", "school", "fields"]);
      expect(review[2]!.answers).toMatchObject([{ label: "Организация образования", value: "Школа 106" }]);
      expect(await documentAction(db, changed, "asp-certificate", "more", now)).toBeUndefined();
      expect(await documentAction(db, changed, "asp-certificate", "redo", now)).toBeUndefined();

      // «Replace the pages» of the document the draft is at: its pages go, the others' stay.
      await storePage(db, { applicationId: app.id, requirementId: "large-family-certificate", bytes: tinyPng(), max: 5 });
      expect(await documentAction(db, changed, "large-family-certificate", "redo", now)).toBeUndefined();
      const redo = await documentAction(db, changed, "birth-certificate", "redo", now);
      // The parent is told which document's pages went.
      expect(redo?.said).toEqual({ key: "apply-docs-redone", args: { name: { key: askedDocument(changed, "birth-certificate")!.label } } });
      const redone = redo?.row;
      expect(questionAt(redone!)?.id).toBe("birth-certificate");
      // A second tap: no pages left to replace.
      expect(await documentAction(db, redone!, "birth-certificate", "redo", now)).toBeUndefined();
      expect((await listDocuments(db, app.id)).map((d) => d.requirementId)).toEqual(["large-family-certificate"]);
      // Another parent's draft of the same id is not theirs to change.
      await storePage(db, { applicationId: app.id, requirementId: "birth-certificate", bytes: tinyPng(), max: 2 });
      expect(await documentAction(db, { ...redone!, parentId: redone!.parentId + 1 }, "birth-certificate", "redo", now)).toBeUndefined();
      expect(await listDocuments(db, app.id)).toHaveLength(2);
    } finally {
      await database.dispose();
    }
  });

  it("✏️ at the review asks a stage again: its answers go, the verified phone stays; a stage the form lacks is refused", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      await seedSchool(db, "990140000106");
      const { app } = await parentWithDraft(db, makeIin("1990-01-02", "male"), now);
      expect(questionAt(app)?.id).toBe("birth-certificate");
      const parent = await editStage(db, app, "parent", now);
      const { phone } = (app.form as { parent: { phone: string } }).parent;
      expect(parent?.form).toEqual(expect.objectContaining({ parent: { phone } }));
      expect(questionAt(parent!)?.id).toBe("parent-full-name");
      const fields = await editStage(db, parent!, "fields", now);
      expect(fields?.form).not.toHaveProperty("fields");
      expect(await editStage(db, fields!, "signature", now)).toBeUndefined();
    } finally {
      await database.dispose();
    }
  });
});
