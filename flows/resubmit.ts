/**
 * Fixing a refused application: a new draft with every answer and document of the refused
 * one, opened where the refusal's reason points (the school, the service's answers, the
 * documents, or the review). What the reason puts in doubt is asked again; the rest is kept.
 * The parent signs and sends the new draft as any other. A second tap (at once, or days later)
 * opens the same draft while it is not sent.
 *
 * A refusal the school revoked no longer stands, and neither does its reason: nothing is put in
 * doubt. The application itself stays refused (a revocation changes no status, and nothing is decided
 * on a revoked document: flows/revocation.ts), so the way on is to apply again — with everything
 * copied as it was, to the same school, opened at the review. So with any other result the school
 * revoked (a certificate, a receipt, an order): it no longer stands for the child (flows/duplicates.ts),
 * and applying again copies everything the same way — while the service takes applications, and no
 * other application of the child for it stands at that school (one per child and service).
 *
 * A fix begun before the refusal was revoked lacks what the reason put in doubt. Tapped again once
 * it is revoked, that draft is continued, with what the fix dropped filled back from the refused
 * application where the parent has not answered it again in the draft ({@link refillFix}).
 */
import type { Db } from "#root/db/client.ts";
import { createResubmission, getParentApplication, type Application, type ApplicationDocument } from "#root/db/queries/applications.ts";
import { revokedResultOf, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { getUser } from "#root/db/queries/users.ts";
import { childsOtherApplications } from "./duplicates.ts";
import type { FormAnswers } from "./form/answers.ts";
import { childOutOfAge } from "./form/child-age.ts";
import { applicableQuestions, questionsFor, type Question } from "./form/engine.ts";
import { gradeNow, schoolYearOf } from "./form/number.ts";
import { getService, periodState } from "./services/index.ts";
import type { ServiceDefinition } from "./services/types.ts";
import { stagesFor, type Stage } from "./stages.ts";

/** `no_consent`: the parent has withdrawn their consent (/privacy); the answers are not copied. */
/**
 * `existing`: the parent's fix of this application not sent yet (a draft, or signed), opened again rather than made twice.
 * `revoked`: the application's result (a refusal, a certificate, a receipt, an order), which the school revoked — the draft
 * applies again with nothing dropped. `refilled`: the existing draft, a fix begun before the refusal was revoked, had what
 * the fix dropped filled back.
 * `closed_period`, `standing`: a revoked result, and no new application may be sent now — the service takes none until
 * `period.from`, or the child's application for it at that school stands (`standing`).
 * `child_age`: the child is no longer of the service's ages today (`childAge`, as the child's IIN question counts them):
 * nothing is copied — the child's IIN would be refused in a new form too. `born`: the birth date as shown.
 */
export type ResubmitResult =
  | { ok: true; draft: Application; existing: boolean; revoked?: IssuedDocumentRow; refilled?: true }
  | { ok: false; reason: "not_found" | "not_refused" }
  | { ok: false; reason: "no_consent"; revoked?: IssuedDocumentRow }
  | { ok: false; reason: "closed_period"; period: { from: string; to: string } }
  | { ok: false; reason: "standing"; standing: Application }
  | { ok: false; reason: "child_age"; child: string; born: string; min: number; max: number };

/** What the refusal's reason puts in doubt: the stage asked again ("review": nothing is). */
const fixOf = (service: ServiceDefinition, app: Application): Stage | "review" => {
  const fix = service.refusalReasons.find((r) => r.id === app.reason)?.fix ?? "review";
  return fix !== "review" && stagesFor(service).includes(fix) ? fix : "review";
};

export async function startResubmission(db: Db, input: { parentId: number; applicationId: string; now: Date }): Promise<ResubmitResult> {
  const app = await getParentApplication(db, input.parentId, input.applicationId);
  if (!app) return { ok: false, reason: "not_found" };
  const revoked = await revokedResultOf(db, app);
  // A refusal is fixed; a result the school revoked, whatever it was, is applied for again.
  if (app.status !== "refused" && !revoked) return { ok: false, reason: "not_refused" };
  if (!(await getUser(db, input.parentId))?.consentAt) return { ok: false, reason: "no_consent", ...(revoked ? { revoked } : {}) };
  const service = getService(app.serviceId);
  // Said before the period: the child would not be taken when it opens either.
  const aged = childOutOfAge(service, app.form as FormAnswers, input.now);
  if (aged) return { ok: false, reason: "child_age", ...aged };
  if (revoked) {
    // A new application, as from the catalog: not outside the service's period, nor a second one at the school.
    const period = periodState(service, input.now);
    if (!period.open) return { ok: false, reason: "closed_period", period: { from: period.from, to: period.to } };
    const standing = (await childsOtherApplications(db, app, input.now)).sameSchool;
    if (standing) return { ok: false, reason: "standing", standing };
  }
  const fix = revoked ? "review" : fixOf(service, app);
  const form = structuredClone(app.form);
  let schoolId = app.schoolId;
  // Before the fix drops a stage: a document whose answer is asked again keeps its pages for it.
  const dropDocuments = notApplying(service, form as FormAnswers, input.now);
  // What the reason puts in doubt is dropped, so the form asks it again; "review": nothing is.
  if (fix !== "review") {
    delete form[fix];
    if (fix === "school") schoolId = null;
    // The documents are confirmed again (their pages already sent are kept).
    if (fix !== "school") delete form.documents;
  }
  olderGrade(service, form as FormAnswers, app.createdAt, input.now);
  // A fix begun before the refusal was revoked (not one made since: the parent's own changes there stay).
  const refusalFix = app.status === "refused" && revoked?.revokedAt ? fixOf(service, app) : "review";
  const refill =
    refusalFix !== "review"
      ? (draft: Application, pages: { draft: ApplicationDocument[]; source: ApplicationDocument[] }) =>
          draft.createdAt < revoked!.revokedAt! ? refillFix(app, draft, refusalFix, pages, input.now) : undefined
      : undefined;
  const made = await createResubmission(db, { source: app, form, schoolId, now: input.now, dropDocuments, ...(refill ? { refill } : {}) });
  return { ok: true, ...made, ...(revoked ? { revoked } : {}) };
}

/**
 * The child's grade in a copy made in a later school year than `source`'s: the grade they are in
 * now (last year's fourth-grader is a fifth-grader, as a saved child is offered), or none when
 * that cannot be told — the form asks it. A service that admits to one grade keeps its own.
 */
function olderGrade(service: ServiceDefinition, form: FormAnswers, source: Date, now: Date): void {
  const child = form.child;
  if (service.grade !== undefined || child?.grade === undefined) return;
  const grade = gradeNow({ grade: child.grade, gradeYear: schoolYearOf(source) }, now);
  if (grade === undefined) delete child.grade;
  else child.grade = grade;
}

/**
 * A copy's service answers and documents its form no longer takes on `now`'s day, dropped from `form`: an answer
 * its question's rule refuses now (an age reason for the side the child is no longer on), an answer to a question
 * whose condition no longer holds (the age reason of a child now of the usual age, counted for the admission that
 * follows `now`), and the documents hanging on them — but not on an answer the form has not had yet (a fix being
 * filled): it may still ask them. What applies now and has no answer is asked by the form. The documents dropped: their
 * pages are not copied.
 */
function notApplying(service: ServiceDefinition, form: FormAnswers, now: Date): string[] {
  const fields = form.fields ?? {};
  const questions = questionsFor(service);
  // Not answered yet (a fix the parent is filling): a document hanging on it may still be asked.
  const open = new Set(questions.filter((q) => q.keep[0] === "fields" && fields[q.keep[1]] === undefined).map((q) => q.id));
  for (const q of questions) {
    if (q.kind === "school" || q.kind === "files" || q.keep[0] !== "fields" || !q.check) continue;
    const value = fields[q.keep[1]];
    if (value !== undefined && !q.check(String(value), now, form).ok) delete fields[q.keep[1]];
  }
  const asked = new Set(applicableQuestions(service, form, now).map((q) => q.id));
  for (const q of questions) if (q.keep[0] === "fields" && !asked.has(q.id)) delete fields[q.keep[1]];
  const mayBeAsked = (q: Question | undefined): boolean => {
    if (!q) return false;
    if (asked.has(q.id)) return true;
    const on = q.when && "question" in q.when ? q.when.question : undefined;
    return on !== undefined && open.has(on) && mayBeAsked(questions.find((o) => o.id === on));
  };
  const dropped = questions.filter((q) => q.kind === "files" && !mayBeAsked(q)).map((q) => q.id);
  for (const id of dropped) delete form.documents?.[id];
  return dropped;
}

/**
 * A fix `draft` of the refused `source` completed from it with what the fix dropped (`fix`'s stage,
 * and the documents' confirmations) and the parent has not answered again in the draft: the stage
 * when the draft has no answer in it (one answered again, even in part, is the parent's — the form
 * asks the rest); a document when the draft holds its pages as the source does (pages the parent
 * replaced are theirs to confirm). Undefined when nothing is to be filled back.
 * What the form no longer takes on `now`'s day goes, as from a copy ({@link notApplying}: an age reason the child
 * no longer needs, the conclusion it asked for); `dropDocuments`: the documents whose pages the draft loses.
 */
export function refillFix(
  source: Application,
  draft: Application,
  fix: Stage,
  pages: { draft: ApplicationDocument[]; source: ApplicationDocument[] },
  now: Date,
): { form: Application["form"]; schoolId: number | null; dropDocuments: string[] } | undefined {
  const from = source.form as FormAnswers;
  const form = structuredClone(draft.form) as FormAnswers;
  let schoolId = draft.schoolId;
  let filled = false;
  const answered = (stage: Stage) =>
    stage === "school" ? form.school?.schoolId !== undefined : Object.keys((form[stage] as object | undefined) ?? {}).length > 0;
  // The documents are filled back one by one, below: each with its own pages.
  if (fix !== "documents" && !answered(fix) && from[fix] !== undefined) {
    Object.assign(form, { [fix]: structuredClone(from[fix]) });
    if (fix === "school") schoolId = source.schoolId;
    filled = true;
  }
  if (fix !== "school") {
    const files = (docs: ApplicationDocument[], id: string) =>
      docs
        .filter((d) => d.requirementId === id)
        .map((d) => d.fileId ?? `pending:${d.telegramFileId}`)
        .join();
    for (const [id, done] of Object.entries(from.documents ?? {})) {
      if (form.documents?.[id] !== undefined || files(pages.draft, id) !== files(pages.source, id)) continue;
      form.documents = { ...form.documents, [id]: done };
      filled = true;
    }
  }
  if (!filled) return undefined;
  // The pages the draft holds of a document no longer asked: they would reach the school.
  const dropped = new Set(notApplying(getService(source.serviceId), form, now));
  const dropDocuments = [...new Set(pages.draft.map((d) => d.requirementId))].filter((id) => dropped.has(id));
  return { form: form as Application["form"], schoolId, dropDocuments };
}
