/**
 * The answers of a draft (`applications.form`, by stage) and typed paths into them: a question
 * names where its answer is kept as a path, so the type checker refuses a path the draft does
 * not have, and the same path serves reading (is it answered?) and writing (one jsonb_set).
 */

/** The answers of a draft as stored in `applications.form`, by stage. */
export interface FormAnswers {
  parent?: { fullName?: string; iin?: string; phone?: string; email?: string };
  child?: { childId?: number; fullName?: string; iin?: string; birthDate?: string; grade?: number };
  /** The chosen school; `nav` is where the parent was in the lists while choosing. */
  school?: { schoolId?: number; nav?: unknown };
  fields?: Record<string, string>;
  /** Per document requirement: the parent finished ("done") or skipped it. */
  documents?: Record<string, "done" | "skipped">;
}

type Section = keyof FormAnswers;

/** A place in the draft: a stage's section and a key in it, e.g. `["child", "iin"]`. */
export type DraftPath = {
  [S in Section]-?: readonly [S, Exclude<keyof NonNullable<FormAnswers[S]>, "nav" | "childId"> & string];
}[Section];

/** What a question's answer is kept as. */
export type AnswerValue = string | number;

/** The value at `path`, or undefined when nothing is kept there. */
export function readPath(draft: FormAnswers, [section, key]: DraftPath): unknown {
  const part = draft[section] as Record<string, unknown> | undefined;
  return part?.[key];
}

/** A copy of `draft` with `value` kept at `path` (the draft itself is not changed). */
export function writePath(draft: FormAnswers, [section, key]: DraftPath, value: AnswerValue): FormAnswers {
  const part = { ...(draft[section] as Record<string, unknown> | undefined), [key]: value };
  return { ...draft, [section]: part };
}

/** `["child", "iin"]` → `"child.iin"`, for messages and test output. */
export const pathText = (path: DraftPath): string => path.join(".");
