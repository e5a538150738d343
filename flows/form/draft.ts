/**
 * What a parent's answer, tap or correction writes to their draft (and what the draft's review
 * and its questions' offers read): the engine decides, and one
 * write guarded by the question it answers keeps it (`db/queries/form.ts`). Each returns the
 * draft as written — or nothing kept, when the draft changed since it was read (another update
 * answered first): the caller then goes on from the draft as it is. The bot only says what
 * happened and asks what the draft is at.
 */
import type { Db } from "#root/db/client.ts";
import { lastSchoolId, listDocuments, clearDocuments, type Application } from "#root/db/queries/applications.ts";
import { holdPage as holdPhoto, storePage, type HeldPage, type PagePlaced } from "#root/db/queries/files.ts";
import { clearAnswers, keepAnswer, movePage } from "#root/db/queries/form.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { getUser, listChildren, setUserEmail } from "#root/db/queries/users.ts";
import { standingAt } from "#root/flows/duplicates.ts";
import { nameIn, type Lang } from "#root/flows/i18n.ts";
import { getService } from "#root/flows/services/index.ts";
import { isStage, stagesFor, type Stage } from "#root/flows/stages.ts";
import type { FormAnswers } from "./answers.ts";
import { childOutOfAge, type ChildOutOfAge } from "./child-age.ts";
import { formatDate } from "./date.ts";
import { askedDocument, documentBefore, documentsOf, type FilesQuestion } from "./documents.ts";
import { answersToEdit, applyAnswer, childCompletedBy, questionAt, type Question, type RawAnswer, type SavedChild } from "./engine.ts";
import { offeredChild, takeOffer, type OfferTaken, type Profile } from "./offers.ts";
import { schoolYearOf } from "./number.ts";
import type { Text } from "./prompts.ts";
import { answersDay, shownAnswers, type ShownAnswer } from "./shown.ts";
import type { ErrorArgs } from "./types.ts";

const formOf = (app: Application): FormAnswers => app.form as FormAnswers;

/**
 * What the review of `app` shows, stage by stage: every answer named as on the statement
 * (`shown.ts`), the school by its name in `lang`, each document with the pages the draft holds.
 */
export async function reviewOf(
  db: Db,
  app: Application,
  lang: Lang,
  now: Date = new Date(),
): Promise<Array<{ stage: Stage; answers: ShownAnswer[] }>> {
  const service = getService(app.serviceId);
  const form = formOf(app);
  const school = form.school?.schoolId ? await getSchool(db, form.school.schoolId) : undefined;
  const docs = await listDocuments(db, app.id);
  const answers = shownAnswers(service, form, lang, {
    at: answersDay(app, now),
    school: school ? nameIn(lang, school) : "—",
    pages: (id) => docs.filter((d) => d.requirementId === id).length,
  });
  return stagesFor(service)
    .map((stage) => ({ stage, answers: answers.filter((a) => a.stage === stage) }))
    .filter((s) => s.answers.length > 0);
}
const own = (app: Application, now: Date) => ({ applicationId: app.id, parentId: app.parentId, now });

/** What the parent's profile holds for `q`'s offer: read only for a question that offers, and only what it offers. */
export async function profileFor(db: Db, app: Application, q: Question, now = new Date()): Promise<Profile> {
  switch (q.offer) {
    case "child":
      // Each in the grade they are in now, not the one they were saved with.
      if (formOf(app).child !== undefined) return {};
      return { children: (await listChildren(db, app.parentId)).map((c) => offeredChild(c, now)) };
    case "email":
      return { email: (await getUser(db, app.parentId))?.email };
    case "school": {
      const last = await lastSchoolId(db, app.parentId, app.id);
      // Not a school where the child's application for this service stands: it could not be chosen.
      return last && !(await standingAt(db, app, last, now)) ? { school: await getSchool(db, last) } : {};
    }
    default:
      return {};
  }
}

export type Kept =
  | { ok: false; error: string; args?: ErrorArgs }
  /**
   * `row`: the draft as written (none: nothing kept); `child`: the child a typed answer completed,
   * saved to the profile; `known`: a saved child was picked — the child is known now; `plain`: an
   * offer that leaves the question to be asked as it is, without offers ("a new child"), after
   * why not (`refused`: the saved child picked does not fit the service).
   */
  | {
      ok: true;
      row?: Application;
      child?: SavedChild;
      known?: true;
      plain?: { refused?: { error: string; args?: ErrorArgs; child: string } };
      /** What to tell the parent of the answer kept, before the next question (the child saved, with the birth date the IIN gives). */
      said?: Text;
    };

/**
 * Keep `raw` as the answer to `q`, the question `app` is at: checked by the engine, kept with one
 * write guarded by the question's empty place and the draft's version, the child it completes
 * saved to the profile in the same write. A typed email (not the profile's own, `offered`) is
 * kept on the profile too, offered the next time a form asks for one. A tap on what the profile
 * offers (`{ offer }`) is kept as {@link tapOffer} decides.
 */
export async function keepAnswerTo(
  db: Db,
  app: Application,
  q: Question,
  raw: RawAnswer | { offer: string },
  at: { lang: Lang; now: Date; offered?: boolean },
): Promise<Kept> {
  if ("offer" in raw) return keepOffer(db, app, q, raw.offer, at);
  const service = getService(app.serviceId);
  const result = applyAnswer(service, formOf(app), q.id, raw, at);
  if (!result.ok) return result;
  const { patch } = result;
  const child = childCompletedBy(service, formOf(app), patch);
  const row = await keepAnswer(db, {
    ...own(app, at.now),
    guard: patch.path,
    writes: [{ path: patch.path, value: patch.value }, ...patch.derived],
    ...(patch.column ? { columns: { [patch.column]: patch.value as number } } : {}),
    // Saved with the school year its grade is for: offered a grade higher each year after.
    ...(child ? { saveChild: { ...child, gradeYear: schoolYearOf(at.now) } } : {}),
    version: app.version,
  });
  if (row && q.kind === "email" && "text" in raw && !at.offered && patch.value) await setUserEmail(db, app.parentId, String(patch.value));
  const said = child && { key: "apply-child-saved-note", args: { name: child.fullName, date: formatDate(child.birthDate) } };
  return { ok: true, ...(row ? { row } : {}), ...(child ? { child, said } : {}) };
}

async function keepOffer(db: Db, app: Application, q: Question, value: string, at: { lang: Lang; now: Date }): Promise<Kept> {
  const tapped = await tapOffer(db, app, q, value, at.now);
  if ("outdated" in tapped) return { ok: false, error: "button-outdated" };
  if ("answer" in tapped) return keepAnswerTo(db, app, q, tapped.answer, { ...at, offered: true });
  if ("ask" in tapped) return { ok: true, plain: {} };
  if ("refused" in tapped)
    return { ok: true, plain: { refused: { error: tapped.refused, ...(tapped.args ? { args: tapped.args } : {}), child: tapped.child } } };
  return { ok: true, ...(tapped.kept ? { row: tapped.kept } : {}), ...(tapped.child ? { known: true as const } : {}) };
}

/**
 * A tap on what the profile offers above `q` (`offers.ts`): an answer to go on with, the question
 * to ask itself (after why the chosen child does not fit), an outdated button — or kept here: a
 * saved child's whole stage with one write (`child`), or the details to correct cleared.
 */
async function tapOffer(
  db: Db,
  app: Application,
  q: Question,
  value: string,
  now: Date,
): Promise<Exclude<OfferTaken, { keep: unknown } | { clear: unknown }> | { kept?: Application; child: boolean }> {
  const taken = takeOffer(getService(app.serviceId), q, value, await profileFor(db, app, q, now), now);
  if ("keep" in taken) return { child: true, ...withRow(await keepAnswer(db, { ...own(app, now), ...taken.keep })) };
  if ("clear" in taken) return { child: false, ...withRow(await clearAnswers(db, { ...own(app, now), ...taken.clear })) };
  return taken;
}

const withRow = (row: Application | undefined) => (row ? { kept: row } : {});

/**
 * ✏️ at the review: `stage`'s answers go by one write, so the engine asks its questions again
 * (`answersToEdit`: not the phone Telegram verified; a document's pages with it). The draft to go
 * on from, or undefined for a stage the service does not have.
 */
export async function editStage(db: Db, app: Application, stage: string, now: Date): Promise<Application | undefined> {
  const service = getService(app.serviceId);
  if (!isStage(stage) || !stagesFor(service).includes(stage)) return undefined;
  return (await clearAnswers(db, { ...own(app, now), ...answersToEdit(service, stage) })) ?? app;
}

/**
 * A draft whose child is no longer of the service's ages on `now`'s day (begun long ago, the child grown since, as the
 * child's IIN question counts it): the child's stage cleared, so the form asks it again — the statement formed from it
 * goes too. Who the child was and the ages, with the draft to go on from (none: it changed or went meanwhile, to be
 * read again); undefined while the child fits.
 */
export async function childAskedAgain(
  db: Db,
  app: Application,
  now: Date,
): Promise<(ChildOutOfAge & { row: Application | undefined }) | undefined> {
  const service = getService(app.serviceId);
  const aged = app.status === "draft" ? childOutOfAge(service, formOf(app), now) : undefined;
  if (!aged) return undefined;
  return { ...aged, row: await clearAnswers(db, { ...own(app, now), ...answersToEdit(service, "child") }) };
}

/**
 * A page of document `q`, stored with the draft once its bytes are what they claim to be (else
 * `RejectedFileError`): the document's number of pages, or why not — it is full, or the draft is
 * no longer a draft.
 */
export const keepPage = (db: Db, app: Pick<Application, "id">, q: FilesQuestion, bytes: Uint8Array) =>
  storePage(db, { applicationId: app.id, requirementId: q.id, bytes, max: q.files.maxCount });

/** A photo of a page of document `q`, held before its check (`pages.ts`): as {@link keepPage}. */
export async function holdPage(
  db: Db,
  app: Pick<Application, "id">,
  q: FilesQuestion,
  photo: { telegramFileId: string; messageId: number },
): Promise<Exclude<PagePlaced, { ok: true }> | (Extract<PagePlaced, { ok: true }> & { held: HeldPage })> {
  const placed = await holdPhoto(db, { applicationId: app.id, requirementId: q.id, max: q.files.maxCount, ...photo });
  return placed.ok ? { ...placed, held: { id: placed.id, applicationId: app.id, requirementId: q.id, ...photo } } : placed;
}

/**
 * The pages of document `q` the draft holds. The pages of documents its answers no longer require
 * (an answer changed since) are dropped first.
 */
export async function documentPages(db: Db, app: Application, q: FilesQuestion): Promise<number> {
  const needed = new Set(documentsOf(app).map((d) => d.id));
  const docs = await listDocuments(db, app.id);
  await clearDocuments(
    db,
    app.id,
    [...new Set(docs.map((d) => d.requirementId))].filter((id) => !needed.has(id)),
  );
  return docs.filter((d) => d.requirementId === q.id).length;
}

/**
 * "Add a page" under document `id`, which went on by itself: it is asked again, its pages kept.
 * Undefined when the draft does not ask it (an outdated button); else the draft to go on from.
 */
async function reopenDocument(db: Db, app: Application, id: string, now: Date): Promise<Application | undefined> {
  if (!askedDocument(app, id)) return undefined;
  return (await clearAnswers(db, { ...own(app, now), section: "documents", keys: [id] })) ?? app;
}

/**
 * "🔄 Replace the pages" of document `id`, the question the draft is at: its pages go (one
 * write), and it is asked from its first page. Undefined when the draft is not at it, or it has no pages.
 */
async function redoDocument(db: Db, app: Application, id: string, now: Date): Promise<Application | undefined> {
  const q = questionAt(app);
  // A second tap (or an old button) finds no pages to replace.
  if (q?.id !== id || q.kind !== "files" || (await documentPages(db, app, q)) === 0) return undefined;
  return clearAnswers(db, { ...own(app, now), section: "documents", keys: [id], pages: [id] });
}

/**
 * "↩️ A page of the document before": the one page document `id` took goes to the document asked
 * before it, and `id` is asked again — one write. Undefined when it cannot (no document before,
 * that one full, the page moved already).
 */
async function pageBack(db: Db, app: Application, id: string, now: Date): Promise<{ row: Application; before: FilesQuestion } | undefined> {
  const before = documentBefore(app, id);
  const row = before ? await movePage(db, { ...own(app, now), from: id, to: before.id, max: before.files.maxCount }) : undefined;
  return row && before ? { row, before } : undefined;
}

/**
 * A document's action, not its answer: "add a page" (`more`: {@link reopenDocument}), "🔄 replace
 * the pages" (`redo`: {@link redoDocument}), "↩️" (`back`: {@link pageBack}). The draft to go on
 * from and what to tell the parent first, or undefined (an outdated button).
 */
export async function documentAction(
  db: Db,
  app: Application,
  id: string,
  what: "more" | "redo" | "back",
  now: Date,
): Promise<{ row: Application; said?: Text } | undefined> {
  if (what === "back") {
    const back = await pageBack(db, app, id, now);
    return back && { row: back.row, said: { key: "apply-docs-moved", args: { name: { key: back.before.label } } } };
  }
  const row = await (what === "more" ? reopenDocument : redoDocument)(db, app, id, now);
  if (!row || what === "more") return row && { row };
  return { row, said: { key: "apply-docs-redone", args: { name: { key: askedDocument(app, id)!.label } } } };
}
