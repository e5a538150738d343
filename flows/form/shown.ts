/**
 * The draft's answers as they are shown — on the review, the staff card and the statement — each
 * named by its question's `label` from the question list (`questions.ts`), in the form's order.
 * A question added to the list is shown everywhere without another line of code.
 */
import { t, type Lang } from "#root/flows/i18n.ts";
import type { ServiceDefinition } from "#root/flows/services/types.ts";
import type { Stage } from "#root/flows/stages.ts";
import { readPath, type FormAnswers } from "./answers.ts";
import { formatDate } from "./date.ts";
import { applicableQuestions } from "./engine.ts";
import type { Question } from "./questions.ts";

/** One answer, named: `label` and `value` are text in the language asked for (not HTML-escaped). */
export interface ShownAnswer {
  question: string;
  stage: Stage;
  label: string;
  value: string;
}

/**
 * The day an application's answers are counted on (an age reason's admission, {@link ShownOptions.at}): a sent one's
 * sending, or — not sent yet — `now`, as the form's questions count it: a draft begun in another school year is read
 * as the parent is asked it today.
 */
export const answersDay = (app: { submittedAt?: Date | null }, now: Date = new Date()): Date => app.submittedAt ?? now;

export interface ShownOptions {
  /** The day the questions' conditions are counted on ({@link answersDay}). */
  at: Date;
  /** A choice prints its option's official name where it has one (documents), not its button text. */
  official?: boolean;
  /** The chosen school's name (the answer keeps its id); without it the school is not shown. */
  school?: string;
  /** How many pages of a document the draft holds; without it documents are not shown. */
  pages?: (document: string) => number;
}

/** The text of `q`'s kept answer, or undefined when it is not shown (declined, or named by the caller and not given). */
function textOf(q: Question, raw: unknown, lang: Lang, opts: ShownOptions): string | undefined {
  switch (q.kind) {
    case "school":
      return opts.school;
    case "files":
      return opts.pages ? t(lang, "form-pages", { count: opts.pages(q.id) }) : undefined;
    case "choice": {
      const option = q.field.kind === "choice" ? q.field.options.find((o) => o.value === raw) : undefined;
      return option ? t(lang, (opts.official && option.official) || option.label) : String(raw);
    }
    case "date":
      return formatDate(String(raw));
    default:
      // A declined question keeps an empty answer ("no email"): nothing to show.
      return raw === "" ? undefined : String(raw);
  }
}

/**
 * The answers `draft` holds for the questions of `service` that apply on `opts.at`'s day, in the
 * form's order; a value derived from an answer (the child's birth date) follows it. An answer
 * left from before the child changed, to a question that no longer applies, is not shown.
 */
export function shownAnswers(service: ServiceDefinition, draft: FormAnswers, lang: Lang, opts: ShownOptions): ShownAnswer[] {
  const shown: ShownAnswer[] = [];
  for (const q of applicableQuestions(service, draft, opts.at)) {
    const raw = readPath(draft, q.keep);
    const value = raw === undefined ? undefined : textOf(q, raw, lang, opts);
    if (value !== undefined) shown.push({ question: q.id, stage: q.stage, label: t(lang, q.label), value });
    if (q.kind === "school" || q.kind === "files") continue;
    for (const d of q.derive ?? []) {
      const derived = readPath(draft, d.keep);
      if (derived === undefined) continue;
      shown.push({
        question: q.id,
        stage: q.stage,
        label: t(lang, d.label),
        value: d.date ? formatDate(String(derived)) : String(derived),
      });
    }
  }
  return shown;
}
