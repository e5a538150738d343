/**
 * The form engine: which question a draft is at, and what an answer to it writes. Pure — the
 * draft's answers in, a decision out — so the bot asks the question the draft is at and keeps
 * an answer with one write guarded by the question it answers; nothing else holds the form.
 */
import { validateField } from "#root/flows/form.ts";
import type { Lang } from "#root/flows/i18n.ts";
import { getService, listServices } from "#root/flows/services/index.ts";
import { ageOnDay } from "#root/flows/services/calendar.ts";
import type { ServiceDefinition } from "#root/flows/services/types.ts";
import type { Stage } from "#root/flows/stages.ts";
import { readPath, writePath, type AnswerValue, type DraftPath, type FormAnswers } from "./answers.ts";
import { checkFileCount } from "./files.ts";
import { questionsFor, type Question } from "./questions.ts";
import type { ErrorArgs } from "./types.ts";

export type { Question, QuestionKind } from "./questions.ts";
export { questionsFor, questionProblems } from "./questions.ts";

// Every registered service's form is checked when the engine loads: a mistake fails at start-up.
for (const service of listServices()) questionsFor(service);

/** What a parent sent in answer to a question. */
export type RawAnswer =
  /** A typed message (a choice also accepts its option's label). */
  | { text: string }
  /** A button's value: a choice's option, a school's id. */
  | { button: string }
  /** "Done" on a document, with the number of its pages already stored. */
  | { pages: number }
  /** The question declined ("no email", "skip"), where it may be. */
  | { skip: true }
  /** The phone number of a contact the parent shared, once the bot has checked it is their own. */
  | { contact: string };

/** The one write an answer makes: the question it answers (the write's guard) and what it keeps. */
export interface Patch {
  question: string;
  path: DraftPath;
  value: AnswerValue;
  /** Values computed from the answer, kept in the same write (the child's birth date). */
  derived: ReadonlyArray<{ path: DraftPath; value: AnswerValue }>;
  /** The application's column that also takes the value. */
  column?: "schoolId";
}

export type AnswerResult = { ok: true; patch: Patch } | { ok: false; error: string; args?: ErrorArgs };

const answered = (draft: FormAnswers, q: Question): boolean => readPath(draft, q.keep) !== undefined;

/**
 * Whether `q` is asked given the answers so far (its condition's question must apply too). An
 * age condition counts the child's age for the admission its rule names from `now`; without a
 * birth date yet, it waits.
 */
function applies(questions: readonly Question[], draft: FormAnswers, q: Question, now: Date): boolean {
  const when = q.when;
  if (!when) return true;
  if ("ageOutside" in when) {
    const born = draft.child?.birthDate;
    return born !== undefined && ageOnDay({ ageOn: when.ageOutside }, born, now)!.side !== "within";
  }
  const on = questions.find((o) => o.id === when.question);
  if (!on || !applies(questions, draft, on, now)) return false;
  const answer = readPath(draft, on.keep);
  return answer !== undefined && when.in.includes(String(answer));
}

/** The questions `draft` is asked on `now`'s day, in order (answered or not). */
export function applicableQuestions(service: ServiceDefinition, draft: FormAnswers, now: Date = new Date()): Question[] {
  const questions = questionsFor(service);
  return questions.filter((q) => applies(questions, draft, q, now));
}

/**
 * The service's answers that still apply to `draft` on `at`'s day: an answer to a field whose
 * condition no longer holds (the child changed since, and needs no reason now) is left out, and
 * so are the documents hanging on it.
 */
export function applicableFields(service: ServiceDefinition, draft: FormAnswers, at: Date): Record<string, string> {
  const asked = new Set(
    applicableQuestions(service, draft, at)
      .filter((q) => q.stage === "fields")
      .map((q) => q.id),
  );
  return Object.fromEntries(Object.entries(draft.fields ?? {}).filter(([id]) => asked.has(id)));
}

/** The first question that applies and has no answer, or the review when every one has. */
export function nextQuestion(service: ServiceDefinition, draft: FormAnswers, now: Date = new Date()): Question | { kind: "review" } {
  return applicableQuestions(service, draft, now).find((q) => !answered(draft, q)) ?? { kind: "review" };
}

/** The first question an application's draft has not answered, or undefined at the review. */
export function questionAt(app: { serviceId: string; form: unknown }): Question | undefined {
  const q = nextQuestion(getService(app.serviceId), app.form as FormAnswers);
  return q.kind === "review" ? undefined : q;
}

const refused = (error: string, args?: ErrorArgs): AnswerResult => (args ? { ok: false, error, args } : { ok: false, error });
const SCHOOL_ID = /^[1-9]\d{0,8}$/;

/** The value `raw` gives `q`, or why it does not answer it. */
function answerValue(
  q: Question,
  raw: RawAnswer,
  lang: Lang,
  now: Date,
  draft: FormAnswers,
): { ok: true; value: AnswerValue } | { ok: false; error: string; args?: ErrorArgs } {
  if ("skip" in raw) return q.skip !== undefined ? { ok: true, value: q.skip } : { ok: false, error: "button-outdated" };
  switch (q.kind) {
    case "school":
      if ("button" in raw)
        return SCHOOL_ID.test(raw.button) ? { ok: true, value: Number(raw.button) } : { ok: false, error: "button-outdated" };
      return { ok: false, error: "ask-use-buttons" };
    case "files": {
      if ("text" in raw) return { ok: false, error: "form-error-files-expected" };
      if (!("pages" in raw)) return { ok: false, error: "button" in raw ? "button-outdated" : "form-error-files-expected" };
      if (!q.required && raw.pages === 0) return { ok: true, value: "skipped" };
      const count = checkFileCount({ ...q.files, minCount: Math.max(1, q.files.minCount) }, raw.pages);
      return count.ok ? { ok: true, value: "done" } : count;
    }
    default: {
      if (q.byContact)
        return "contact" in raw ? validateField(q.field, raw.contact, lang, now) : { ok: false, error: "registration-use-button" };
      const text = "text" in raw ? raw.text : "button" in raw && q.kind === "choice" ? raw.button : undefined;
      if (text === undefined) return { ok: false, error: "button" in raw ? "button-outdated" : "ask-expected-text" };
      if ("button" in raw && q.field.kind === "choice" && !q.field.options.some((o) => o.value === text)) {
        return { ok: false, error: "button-outdated" };
      }
      const valid = validateField(q.field, text, lang, now);
      const checked = valid.ok && q.check ? q.check(valid.value, now, draft) : valid;
      if (!checked.ok) return checked;
      return { ok: true, value: q.numeric ? Number(checked.value) : checked.value };
    }
  }
}

/**
 * Check an answer to `questionId` against the question `draft` is at. An answer to any other
 * question (a late tap, a repeated message) is refused as outdated: it cannot overwrite a later
 * answer. On success, the single write that keeps it. `lang` reads typed choices; `now` is
 * "today" for dates.
 */
export function applyAnswer(
  service: ServiceDefinition,
  draft: FormAnswers,
  questionId: string,
  raw: RawAnswer,
  at: { lang: Lang; now: Date },
): AnswerResult {
  const q = nextQuestion(service, draft, at.now);
  if (q.kind === "review" || q.id !== questionId) return refused("button-outdated");
  return answerTo(q, raw, at, draft);
}

/** Check an answer to `q`, the question `draft` is at, and the write that keeps it. */
function answerTo(q: Question, raw: RawAnswer, at: { lang: Lang; now: Date }, draft: FormAnswers): AnswerResult {
  const result = answerValue(q, raw, at.lang, at.now, draft);
  if (!result.ok) return refused(result.error, result.args);
  const derive = q.kind !== "school" && q.kind !== "files" && typeof result.value === "string" ? (q.derive ?? []) : [];
  const patch: Patch = {
    question: q.id,
    path: q.keep,
    value: result.value,
    derived: derive.map((d) => ({ path: d.keep, value: d.from(result.value as string, at.now) })),
    ...(q.column ? { column: q.column } : {}),
  };
  return { ok: true, patch };
}

/** `draft` with the patch's values kept: what the guarded write returns. */
export function applyPatch(draft: FormAnswers, patch: Patch): FormAnswers {
  return [{ path: patch.path, value: patch.value }, ...patch.derived].reduce((d, w) => writePath(d, w.path, w.value), draft);
}

/**
 * The child `patch` completes: once it is kept, every question of the child stage that applies
 * has its answer — the child is then saved to the parent's profile with it (offered next time),
 * and their applications that stand are named. Undefined for any other answer.
 */
export function childCompletedBy(
  service: ServiceDefinition,
  draft: FormAnswers,
  patch: Patch,
): (SavedChild & { grade: number }) | undefined {
  if (questionsFor(service).find((q) => q.id === patch.question)?.stage !== "child") return undefined;
  const after = applyPatch(draft, patch);
  if (applicableQuestions(service, after).some((q) => q.stage === "child" && readPath(after, q.keep) === undefined)) return undefined;
  const c = after.child;
  if (!c?.fullName || !c.iin || !c.birthDate || c.grade === undefined) return undefined;
  return { fullName: c.fullName, iin: c.iin, birthDate: c.birthDate, grade: Number(c.grade) };
}

/**
 * What editing `stage` from the review asks again: the draft's section of the stage, and — when
 * some of its answers stay — the keys that go. Every answer goes but the one Telegram verified
 * (the phone, answered only by the parent's own contact); a document's pages go with it. With
 * `before`, only the answers of the questions asked before that one (the email question's
 * "correct my details": the name and the IIN, not the email being asked).
 */
export function answersToEdit(
  service: ServiceDefinition,
  stage: Stage,
  before?: string,
): { section: Stage; keys?: string[]; pages?: true } {
  const all = questionsFor(service).filter((q) => q.stage === stage);
  const end = before === undefined ? -1 : all.findIndex((q) => q.id === before);
  const asked = end < 0 ? all : all.slice(0, end);
  const edited = asked.filter((q) => !("byContact" in q && q.byContact));
  // A document's answer is its pages: they go with it, and are uploaded again.
  if (edited.length === all.length) return all.some((q) => q.kind === "files") ? { section: stage, pages: true } : { section: stage };
  const keys = edited.flatMap((q) => [q.keep, ...("derive" in q ? (q.derive ?? []).map((d) => d.keep) : [])]);
  return { section: stage, keys: keys.filter((k) => k[0] === stage).map((k) => k[1]!) };
}

/** The stages of the form, in order: those with at least one question. */
export function formStages(service: ServiceDefinition): Stage[] {
  return [...new Set(questionsFor(service).map((q) => q.stage))];
}

/**
 * A child saved in the parent's profile, offered instead of typing the child stage again: in the
 * grade they are in now (`gradeNow`), or without one when it is not known — then it is asked.
 */
export interface SavedChild {
  fullName: string;
  iin: string;
  birthDate: string;
  grade?: number;
}

/**
 * What choosing a saved child writes for `service`: the child stage's answers, checked as if
 * typed — the IIN against the service's ages (a saved fourth-grader is not offered a first
 * grade), the grade the service admits to instead of the saved one, and every derived value. A
 * child without a grade leaves the grade question to be asked.
 * Or why the child does not fit, with the message's arguments.
 */
export function savedChildAnswers(
  service: ServiceDefinition,
  child: SavedChild,
  now: Date,
): { ok: true; writes: Array<{ path: DraftPath; value: AnswerValue }> } | { ok: false; error: string; args?: ErrorArgs } {
  const writes: Array<{ path: DraftPath; value: AnswerValue }> = [];
  // The answers so far, as a later question's rule sees them (the grade checks the birth date).
  const sofar = (): FormAnswers => writes.reduce((d, w) => writePath(d, w.path, w.value), {} as FormAnswers);
  for (const q of questionsFor(service).filter((o) => o.stage === "child")) {
    if (q.kind === "school" || q.kind === "files") continue;
    const raw =
      q.keep[1] === "fullName"
        ? child.fullName
        : q.keep[1] === "iin"
          ? child.iin
          : q.keep[1] === "grade" && child.grade !== undefined
            ? String(child.grade)
            : undefined;
    if (raw === undefined) continue;
    const valid = validateField(q.field, raw, "kk", now);
    const checked = valid.ok && q.check ? q.check(valid.value, now, sofar()) : valid;
    if (!checked.ok) return checked.args ? { ok: false, error: checked.error, args: checked.args } : { ok: false, error: checked.error };
    writes.push({ path: q.keep, value: q.numeric ? Number(checked.value) : checked.value });
    for (const d of q.derive ?? []) writes.push({ path: d.keep, value: d.from(checked.value, now) });
  }
  return { ok: true, writes };
}
