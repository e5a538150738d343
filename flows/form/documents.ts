/**
 * The document questions as the form asks them — pure: which documents a draft's answers
 * require, when a document goes on by itself, and which buttons its question and its
 * confirmation carry. The bot stores the pages and shows what this decides.
 *
 * A document goes on by itself once the pages it needs are in (one, or its `minCount`), with
 * "add a page" while it takes more. "Done" is offered only where it can answer: a document that
 * needs more than one page, or one reopened with pages in — which also offers to replace its
 * pages (a copy the school could not read is sent again, not added to). "Skip" where it may be
 * left out.
 */
import { getService } from "#root/flows/services/index.ts";
import type { FormAnswers } from "./answers.ts";
import { applicableQuestions, type RawAnswer } from "./engine.ts";
import type { Question } from "./questions.ts";

export type FilesQuestion = Extract<Question, { kind: "files" }>;
type Draft = { serviceId: string; form: unknown };

/** The documents the draft's answers require, in order. */
export const documentsOf = (app: Draft): FilesQuestion[] =>
  applicableQuestions(getService(app.serviceId), app.form as FormAnswers).filter((q): q is FilesQuestion => q.kind === "files");

/** Document `id`, when the draft's answers require it. */
export const askedDocument = (app: Draft, id: string): FilesQuestion | undefined => documentsOf(app).find((d) => d.id === id);

/** The document asked before document `id`, if any. */
export function documentBefore(app: Draft, id: string): FilesQuestion | undefined {
  const docs = documentsOf(app);
  const at = docs.findIndex((d) => d.id === id);
  return at > 0 ? docs[at - 1] : undefined;
}

/** The pages a document needs before it goes on by itself. */
export const pagesNeeded = (q: FilesQuestion): number => Math.max(1, q.files.minCount);

/** The buttons under document `q`'s question, with `pages` of it already in. */
export function askButtons(q: FilesQuestion, pages: number): Array<"done" | "redo" | "skip"> {
  return [
    ...(pages > 0 || pagesNeeded(q) > 1 ? ["done" as const] : []),
    ...(pages > 0 ? ["redo" as const] : []),
    ...(q.required ? [] : ["skip" as const]),
  ];
}

/**
 * What follows page `pages` of `q`, kept from a message of its own (`alone`) or of an album:
 * "received" while the document needs more; else it goes on, its confirmation offering "add a
 * page" while it takes more and — a lone first page, which may belong to the document asked
 * before (sent after that one went on) — "↩️ a page of" that document.
 */
export function afterPage(
  app: Draft,
  q: FilesQuestion,
  pages: number,
  alone: boolean,
): { received: true } | { kept: true; more: boolean; before?: FilesQuestion } {
  if (pages < pagesNeeded(q)) return { received: true };
  const before = alone && pages === 1 ? documentBefore(app, q.id) : undefined;
  return { kept: true, more: pages < q.files.maxCount, ...(before ? { before } : {}) };
}

/** "Done" on `q` with `pages` stored: its answer, or undefined while a required document needs pages. */
export const doneAnswer = (q: FilesQuestion, pages: number): RawAnswer | undefined =>
  pages >= pagesNeeded(q) || !q.required ? { pages } : undefined;
