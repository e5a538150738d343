/**
 * Every question of the application form, as data: what a newcomer reads to know what the form
 * asks. The common questions (the parent, the child, the school) come first, then the
 * service's own fields and its documents, from the service file. Each question says how it is
 * asked (`prompt`), how its answer is named on the statement, the staff card and the review
 * (`label`), how the answer is checked, when it applies, and where the draft keeps it.
 */
import { checkIin } from "#root/flows/iin.ts";
import { PARENT_AGE } from "./iin.ts";
import { formatDate } from "./date.ts";
import { ageOnDay } from "#root/flows/services/calendar.ts";
import { hasTranslation, LANGS } from "#root/flows/i18n.ts";
import type { AgeRule, FieldCondition, ServiceDefinition } from "#root/flows/services/types.ts";
import type { Stage } from "#root/flows/stages.ts";
import type { AnswerValue, DraftPath, FormAnswers } from "./answers.ts";
import { checkGradeForAge } from "./number.ts";
import type { FieldDef, FieldResult, FilesDescriptor } from "./types.ts";

/**
 * The question applies only when an earlier question's answer is one of `in`, or (`ageOutside`)
 * when the child's age is outside the rule's range for the admission on its next day from today.
 */
export type When = { question: string; in: readonly string[] } | { ageOutside: AgeRule };

/** A value computed from an answer and kept with it: shown, never asked. */
export interface Derived {
  keep: DraftPath;
  /** Locale key of how the value is named (review, statement). */
  label: string;
  /** The value is a date (shown as one). */
  date?: true;
  /** `now` is the moment of answering (a value counted from today). */
  from: (answer: string, now: Date) => AnswerValue;
}

interface QuestionBase {
  /** Stable id: the bot's buttons and the guarded write name the question by it. */
  id: string;
  /** The step of the form it belongs to ("Step 2 of 5"). */
  stage: Stage;
  /** Locale key of how the answer is named: a noun phrase («ИИН ребёнка»). */
  label: string;
  /** Locale key of the question as asked. */
  prompt: string;
  hint?: string;
  when?: When;
  /** Where the draft keeps the answer; a question is answered when something is kept there. */
  keep: DraftPath;
  /** The answer is also set on the application's own column (it is a reference). */
  column?: "schoolId";
  /** The parent may decline the question: this value is kept then ("no email", "skip"). */
  skip?: AnswerValue;
  /**
   * What the parent's profile offers in one tap above the question (`offers.ts`): `child` — a
   * saved child answers the whole child stage; `email` — the profile's email; `school` — the
   * school of the parent's last application.
   */
  offer?: "child" | "email" | "school";
}

/** A typed answer, checked by the field's validator (`flows/form.ts`). */
export interface TypedQuestion extends QuestionBase {
  kind: Exclude<FieldDef["kind"], "files">;
  field: FieldDef;
  /** A rule of this question on top of the field's validator (called with a valid value and the answers so far). */
  check?: (value: string, now: Date, draft: FormAnswers) => FieldResult;
  /** Kept as a number (the grade). */
  numeric?: boolean;
  /** Answered only by the parent's own shared contact (a number Telegram verified), never typed. */
  byContact?: boolean;
  derive?: readonly Derived[];
}

/** A school picked from the lists (the answer is its id, from a button). */
export interface SchoolQuestion extends QuestionBase {
  kind: "school";
}

/** A document's pages, uploaded one by one, then "Done". */
export interface FilesQuestion extends QuestionBase {
  kind: "files";
  files: FilesDescriptor;
  required: boolean;
}

export type Question = TypedQuestion | SchoolQuestion | FilesQuestion;
export type QuestionKind = Question["kind"];

/** A question asked with a field's validator; the question's kind is the field's. */
function typed(field: FieldDef & { kind: TypedQuestion["kind"] }, q: Omit<TypedQuestion, "kind" | "field" | "prompt">): TypedQuestion {
  return { ...q, kind: field.kind, field, prompt: field.label };
}

/** The child's birth date is the one the IIN encodes. */
const birthDateOf = (iin: string): string => {
  const born = checkIin(iin);
  if (!born.ok) throw new Error("birthDateOf: the IIN was validated before");
  return born.birthDate;
};

/** The parent: the registered profile's details are kept in a new draft, so these are asked only when missing. */
function parentQuestions(service: ServiceDefinition): Question[] {
  const questions: Question[] = [
    typed(
      { kind: "text", format: "fullName", id: "fullName", label: "apply-parent-ask-name" },
      {
        id: "parent-full-name",
        stage: "parent",
        label: "form-label-parent-full-name",
        keep: ["parent", "fullName"],
      },
    ),
    typed(
      // The applicant's own: of age, as at registration, and not the child's of this application.
      { kind: "iin", id: "iin", label: "apply-parent-ask-iin", age: PARENT_AGE },
      {
        id: "parent-iin",
        stage: "parent",
        label: "form-label-parent-iin",
        keep: ["parent", "iin"],
        check: (value, _now, draft) => (value === draft.child?.iin ? { ok: false, error: "form-error-iin-is-child" } : { ok: true, value }),
      },
    ),
    typed(
      { kind: "phone", id: "phone", label: "registration-ask-phone" },
      {
        id: "parent-phone",
        stage: "parent",
        label: "form-label-parent-phone",
        keep: ["parent", "phone"],
        byContact: true,
      },
    ),
  ];
  if (service.sendsEmail) {
    questions.push(
      typed(
        { kind: "email", id: "email", label: "apply-parent-ask-email" },
        {
          id: "parent-email",
          stage: "parent",
          label: "form-label-parent-email",
          keep: ["parent", "email"],
          skip: "",
          offer: "email",
        },
      ),
    );
  }
  return questions;
}

/**
 * The child: the IIN must describe a child of the service's age (its birth date is derived, not
 * asked). A service that admits to one grade does not ask it: the grade comes with the IIN.
 */
function childQuestions(service: ServiceDefinition): Question[] {
  const { min, max, error } = service.childAge;
  const derive: Derived[] = [{ keep: ["child", "birthDate"], label: "form-label-child-birth-date", date: true, from: birthDateOf }];
  const grade = service.grade;
  if (grade !== undefined) derive.push({ keep: ["child", "grade"], label: "form-label-child-grade", from: () => grade });
  return [
    typed(
      { kind: "text", format: "fullName", id: "fullName", label: "apply-child-ask-name" },
      {
        id: "child-full-name",
        stage: "child",
        label: "form-label-child-full-name",
        keep: ["child", "fullName"],
        offer: "child",
      },
    ),
    typed(
      { kind: "iin", id: "iin", label: "apply-child-ask-iin", age: { min, max, error: error ?? "apply-child-iin-not-a-pupil" } },
      {
        id: "child-iin",
        stage: "child",
        label: "form-label-child-iin",
        keep: ["child", "iin"],
        derive,
      },
    ),
    ...(grade !== undefined
      ? []
      : [
          typed(
            { kind: "grade", id: "grade", label: "apply-child-ask-grade" },
            {
              id: "child-grade",
              stage: "child",
              label: "form-label-child-grade",
              keep: ["child", "grade"],
              numeric: true,
              // The grade against the child's age (from the IIN, asked before it).
              check: (value, now, draft) =>
                draft.child?.birthDate ? checkGradeForAge(Number(value), draft.child.birthDate, now) : { ok: true, value },
            },
          ),
        ]),
  ];
}

/** A service field's condition as the form's. */
function whenOf(service: ServiceDefinition, when: FieldCondition | undefined): When | undefined {
  if (!when) return undefined;
  if ("ageOutside" in when) return service.ageOn ? { ageOutside: service.ageOn } : undefined;
  return { question: when.field, in: when.in };
}

const SCHOOL: Question = {
  kind: "school",
  id: "school",
  stage: "school",
  label: "form-label-school",
  prompt: "apply-school-ask-regions",
  hint: "apply-school-search-hint",
  keep: ["school", "schoolId"],
  column: "schoolId",
  offer: "school",
};

/** The service's own questions, in its order. A files field has no place here (uploads are documents). */
function fieldQuestions(service: ServiceDefinition): Question[] {
  return service.fields.flatMap((field): Question[] => {
    if (field.kind === "files") return [];
    const when = whenOf(service, field.when);
    const { when: _condition, ...def } = field;
    return [
      typed(def, {
        id: field.id,
        stage: "fields",
        label: field.answerLabel ?? field.label,
        hint: field.hint,
        keep: ["fields", field.id],
        ...(when ? { when } : {}),
        ...(when && "ageOutside" in when ? { check: ageSide(when.ageOutside) } : {}),
      }),
    ];
  });
}

/**
 * The reason asked for an age outside the usual one names its side: "early" only below it,
 * "late" only above it (a five-year-old is not admitted "later, for health"). A wrong side is
 * refused with the age that decides it: on the day the youngest must reach their age for
 * "late", on the day the oldest may not exceed theirs for "early".
 */
const ageSide =
  (rule: AgeRule) =>
  (value: string, now: Date, draft: FormAnswers): FieldResult => {
    const born = draft.child?.birthDate;
    const at = born ? ageOnDay({ ageOn: rule }, born, now) : undefined;
    if (!at) return { ok: true, value };
    const wrong = value === "early" && at.side !== "below" ? at.max : value === "late" && at.side !== "above" ? at.min : undefined;
    if (!wrong) return { ok: true, value };
    return { ok: false, error: "form-error-age-side", args: { age: wrong.age, day: formatDate(wrong.day) } };
  };

/** Each document the service may require; a document tied to an answer applies only for that answer. */
function documentQuestions(service: ServiceDefinition): Question[] {
  return service.documents.map((d) => ({
    kind: "files",
    id: d.id,
    stage: "documents",
    label: d.label,
    prompt: "apply-docs-ask",
    hint: d.hint,
    keep: ["documents", d.id],
    files: d.files,
    required: d.required,
    ...(d.when ? { when: { question: d.when.field, in: d.when.in } } : {}),
    ...(d.required ? {} : { skip: "skipped" }),
  }));
}

/** The form of `service` in the order it is asked, unchecked (see {@link questionProblems}). */
export function buildQuestions(service: ServiceDefinition): Question[] {
  return [...parentQuestions(service), ...childQuestions(service), SCHOOL, ...fieldQuestions(service), ...documentQuestions(service)];
}

/** Every locale key a question refers to. */
function keysOf(q: Question): string[] {
  const keys = [q.label, q.prompt, ...(q.hint ? [q.hint] : [])];
  if (q.kind === "choice" && q.field.kind === "choice") keys.push(...q.field.options.map((o) => o.label));
  if (q.kind !== "school" && q.kind !== "files") keys.push(...(q.derive ?? []).map((d) => d.label));
  return keys;
}

/** What is wrong with the form of `service`, as sentences; empty when it can be asked. */
export function questionProblems(service: ServiceDefinition): string[] {
  const where = `flows/form/questions: service "${service.id}"`;
  const questions = buildQuestions(service);
  const problems: string[] = [];
  for (const f of service.fields) {
    if (f.kind === "files") problems.push(`${where}: field "${f.id}" is a files field: list uploads under documents`);
  }
  const seen = new Map<string, Question>();
  const kept = new Set<string>();
  for (const q of questions) {
    if (seen.has(q.id)) problems.push(`${where}: question id "${q.id}" is used twice`);
    const paths = [q.keep, ...(q.kind !== "school" && q.kind !== "files" ? (q.derive ?? []).map((d) => d.keep) : [])];
    for (const path of paths.map((p) => p.join("."))) {
      if (kept.has(path)) problems.push(`${where}: question "${q.id}" keeps its answer at ${path}, where another is kept`);
      kept.add(path);
    }
    for (const key of keysOf(q)) {
      for (const lang of LANGS)
        if (!hasTranslation(lang, key)) problems.push(`${where}: question "${q.id}": "${key}" is missing in locales/${lang}`);
    }
    if (q.when && "question" in q.when) {
      const earlier = seen.get(q.when.question);
      if (!earlier) {
        problems.push(`${where}: question "${q.id}" depends on "${q.when.question}", which is not asked before it`);
      } else if (earlier.kind === "choice" && earlier.field.kind === "choice") {
        const options = earlier.field.options.map((o) => o.value);
        for (const v of q.when.in.filter((v) => !options.includes(v))) {
          problems.push(`${where}: question "${q.id}" depends on "${q.when.question}" = "${v}", which is not one of its options`);
        }
      }
    }
    seen.set(q.id, q);
  }
  return problems;
}

const forms = new WeakMap<ServiceDefinition, readonly Question[]>();

/**
 * The questions of `service`'s form, in order: checked the first time (an inconsistent form
 * throws, naming every problem), then kept.
 */
export function questionsFor(service: ServiceDefinition): readonly Question[] {
  let questions = forms.get(service);
  if (questions) return questions;
  const problems = questionProblems(service);
  if (problems.length > 0) throw new Error(problems.join("\n"));
  questions = Object.freeze(buildQuestions(service));
  forms.set(service, questions);
  return questions;
}
