/**
 * What the parent's profile already holds, offered in one tap above a question, so a repeat
 * application is not typed again. The question list says where (a question's `offer`); this
 * says what each offer shows and what a tap on it keeps — pure: the bot loads the profile,
 * shows {@link offerButtons}, and keeps what {@link takeOffer} decides with one guarded write.
 *
 * - `child`: the saved children, each answering the whole child stage at once, in the grade
 *   they are in now (or the grade is asked, when that is not known); "a new child" asks the
 *   stage's questions.
 * - `email`: the profile's email, "no email", or "correct my details" (the parent's name and IIN
 *   are asked again, then the email).
 * - `school`: the school of the parent's last application, above the lists.
 */
import { nameIn, type Lang } from "#root/flows/i18n.ts";
import type { ServiceDefinition } from "#root/flows/services/types.ts";
import type { DraftPath, FormAnswers } from "./answers.ts";
import { answersToEdit, savedChildAnswers, type RawAnswer, type SavedChild } from "./engine.ts";
import { gradeNow } from "./number.ts";
import type { Question } from "./questions.ts";
import type { ErrorArgs } from "./types.ts";

export type OfferKind = NonNullable<Question["offer"]>;

/** What the parent's profile holds, as far as the question asked offers it. */
export interface Profile {
  children?: ReadonlyArray<SavedChild & { id: number }>;
  email?: string | null;
  school?: { id: number; nameKk: string; nameRu: string };
}

/** A button above the question: the value its data carries, and its text (a locale key, with arguments). */
export interface OfferButton {
  value: string;
  label: string;
  args?: ErrorArgs;
}

/** How a question is asked with its offer: the buttons, what is said first, and the question itself. */
export interface Offer {
  buttons: OfferButton[];
  /** Locale keys shown above the question (their arguments are the parent's own data). */
  lead: Array<{ key: string; args: ErrorArgs }>;
  /** Asked instead of the question's own prompt. */
  prompt?: string;
}

const NONE: Offer = { buttons: [], lead: [] };

/** A child as the profile keeps them: the grade they were in during the school year `gradeYear` (null: not known). */
export interface StoredChild {
  id: number;
  fullName: string;
  iin: string;
  birthDate: string;
  grade: number;
  gradeYear: number | null;
}

/**
 * A saved child as offered on `now`'s day: in the grade they are in now (last school year's
 * fourth-grader is a fifth-grader), or without a grade when it cannot be told (`gradeNow`).
 */
export function offeredChild(c: StoredChild, now: Date): SavedChild & { id: number } {
  const grade = gradeNow(c, now);
  return { id: c.id, fullName: c.fullName, iin: c.iin, birthDate: c.birthDate, ...(grade === undefined ? {} : { grade }) };
}

/** What `q` offers from `profile` (nothing: the question is asked as it is). */
export function offerOf(q: Question, draft: FormAnswers, profile: Profile, lang: Lang): Offer {
  switch (q.offer) {
    case "child": {
      // Only before the stage's first answer: a child begun by typing is typed to the end.
      if (draft.child !== undefined || !profile.children?.length) return NONE;
      const saved = profile.children.map(
        (c): OfferButton =>
          c.grade === undefined
            ? { value: `c${c.id}`, label: "apply-child-saved-ask-grade", args: { name: c.fullName } }
            : { value: `c${c.id}`, label: "apply-child-saved", args: { name: c.fullName, grade: c.grade } },
      );
      return { buttons: [...saved, { value: "new", label: "apply-child-add" }], lead: [], prompt: "apply-child-pick" };
    }
    case "email": {
      // The parent's details as the statement will give them, to confirm or correct with the email.
      const p = draft.parent ?? {};
      const email = profile.email ?? "";
      return {
        buttons: [
          ...(email ? [{ value: "use", label: "apply-parent-keep-email" }] : []),
          { value: "none", label: "apply-parent-no-email" },
          { value: "edit", label: "apply-parent-edit" },
        ],
        lead: [
          { key: "apply-parent-summary", args: { name: p.fullName ?? "", iin: p.iin ?? "", phone: p.phone ?? "" } },
          ...(email ? [{ key: "apply-parent-email-current", args: { email } }] : []),
        ],
      };
    }
    case "school": {
      const s = profile.school;
      const name = s ? nameIn(lang, s) : "";
      return s ? { buttons: [{ value: String(s.id), label: "apply-school-last", args: { name } }], lead: [] } : NONE;
    }
    default:
      return NONE;
  }
}

/** What a tap on an offer does. */
export type OfferTaken =
  /** Keep these answers with one write, guarded by `guard` (a saved child: the whole child stage). */
  | {
      keep: {
        guard: DraftPath;
        writes: ReadonlyArray<{ path: readonly [string, string]; value: string | number }>;
        columns: { childId: number };
      };
    }
  /** Answer the question as if the parent had sent this (the profile's email, or declined). */
  | { answer: RawAnswer }
  /** Clear these answers and ask them again (see `answersToEdit`). */
  | { clear: ReturnType<typeof answersToEdit> }
  /** Ask the question itself, without the offers ("a new child"). */
  | { ask: true }
  /** Not taken: why (the chosen child does not fit the service), then the question is asked itself. */
  | { refused: string; args?: ErrorArgs; child: string }
  /** Not an offer of `q` (a forged or outdated button). */
  | { outdated: true };

/** What tapping the offer `value` of `q` does, given the parent's profile. */
export function takeOffer(service: ServiceDefinition, q: Question, value: string, profile: Profile, now: Date): OfferTaken {
  switch (q.offer) {
    case "child": {
      if (value === "new") return { ask: true };
      const child = profile.children?.find((c) => `c${c.id}` === value);
      if (!child) return { outdated: true };
      // Checked as if typed, for this service: its ages, and the grade it admits to.
      const answers = savedChildAnswers(service, child, now);
      if (!answers.ok) return { refused: answers.error, ...(answers.args ? { args: answers.args } : {}), child: child.fullName };
      const writes = [{ path: ["child", "childId"] as const, value: child.id }, ...answers.writes];
      return { keep: { guard: ["child", "fullName"], writes, columns: { childId: child.id } } };
    }
    case "email":
      if (value === "none") return { answer: { skip: true } };
      if (value === "use" && profile.email) return { answer: { text: profile.email } };
      if (value === "edit") return { clear: answersToEdit(service, q.stage, q.id) };
      return { outdated: true };
    default:
      return { outdated: true };
  }
}
