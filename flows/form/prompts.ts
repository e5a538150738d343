/**
 * What the parent is shown at each question of the form — pure, as locale keys and buttons: the
 * step, what the profile offers first, the question, its hint, its buttons (a choice's options
 * and the profile's offers; a document's "Done", "Replace", "Skip"; a school list's rows), and
 * what follows a document's page. The bot only translates a prompt and turns its buttons into
 * Telegram's (`bot/parent/apply/question.ts`).
 */
import type { Lang } from "#root/flows/i18n.ts";
import { getService } from "#root/flows/services/index.ts";
import { stepOf, type Stage } from "#root/flows/stages.ts";
import type { FormAnswers } from "./answers.ts";
import { afterPage, askButtons, documentsOf, type FilesQuestion } from "./documents.ts";
import type { Question } from "./engine.ts";
import { offerOf, type OfferButton, type Profile } from "./offers.ts";
import type { SchoolList, SchoolMove } from "./schools.ts";
import { shorten } from "#root/flows/text.ts";

/** A text: a locale key with its arguments (a string is the parent's own data, `{ key }` another text), or as it is (a name). */
export type Text = KeyText | { raw: string };
export type KeyText = { key: string; args?: Record<string, string | number | { key: string }> };

/** What a button does: answers `question` with a choice's option or a profile's offer, acts on a document, or moves in the school lists. */
export type PromptAction =
  | { question: string; choice: string }
  | { question: string; document: "done" | "skip" | "more" | "back" | "redo" }
  | { school: SchoolMove };

export interface Button {
  label: Text;
  action: PromptAction;
}

export interface Prompt {
  /** "Step N of M · Stage" first. */
  step?: { step: number; total: number; stage: Stage };
  /** Said before the question (the parent's details the statement will give), then a blank line. */
  lead: Text[];
  ask: Text;
  /** Locale key of the hint, in italics under the question. */
  hint?: string;
  /** A line under it all ("pages so far"). */
  note?: Text;
  rows: Button[][];
  /** Answered by Telegram's "share my phone" button instead. */
  contact?: true;
}

type Draft = { serviceId: string; form: unknown };

const stepAt = (serviceId: string, stage: Stage) => ({ ...stepOf(getService(serviceId), stage), stage });
const school = (id: number): PromptAction => ({ school: { kind: "school", id } });
const hinted = (q: Question) => (q.hint ? { hint: q.hint } : {});

/**
 * How `q` (not the school question: {@link schoolPrompt}) is asked of `app`, with what `profile`
 * offers (an empty profile: asked as it is) and — a document — `pages` of it already in.
 */
export function questionPrompt(app: Draft, q: Question, profile: Profile, lang: Lang, pages = 0): Prompt {
  const step = stepAt(app.serviceId, q.stage);
  if (q.kind === "files") {
    const docs = documentsOf(app);
    const args = { n: docs.indexOf(q) + 1, total: docs.length, name: { key: q.label }, max: q.files.maxCount };
    return {
      step,
      lead: [],
      ask: { key: "apply-docs-ask", args },
      ...hinted(q),
      ...(pages > 0 ? { note: { key: "apply-docs-so-far", args: { count: pages } } } : {}),
      rows: askButtons(q, pages).map((b) => [{ label: { key: `apply-docs-${b}` }, action: { question: q.id, document: b } }]),
    };
  }
  const offer = offerOf(q, app.form as FormAnswers, profile, lang);
  const options = q.kind === "choice" && q.field.kind === "choice" ? q.field.options : [];
  const rows = [...offer.buttons, ...options].map((o) => [
    { label: { key: o.label, ...("args" in o && o.args ? { args: o.args } : {}) }, action: { question: q.id, choice: o.value } },
  ]);
  return {
    step,
    lead: offer.lead,
    ask: { key: offer.prompt ?? q.prompt },
    ...hinted(q),
    rows,
    // A phone is the parent's own contact (a draft made before the profile's details were kept in it).
    ...(q.kind !== "school" && q.byContact ? { contact: true as const } : {}),
  };
}

/**
 * What follows page `pages` of document `q` (`afterPage`): "page N received" with "Done" while
 * it needs more, else its confirmation with "add a page" and "↩️ a page of" the document before;
 * `kept`: the document is answered.
 */
export function pagePrompt(app: Draft, q: FilesQuestion, pages: number, alone: boolean): Prompt & { kept: boolean } {
  const next = afterPage(app, q, pages, alone);
  const row = (document: "done" | "more" | "back", label: Text) => [{ label, action: { question: q.id, document } }];
  const rows =
    "received" in next
      ? [row("done", { key: "apply-docs-done" })]
      : [
          ...(next.more ? [row("more", { key: "apply-docs-add-page" })] : []),
          ...(next.before ? [row("back", { key: "apply-docs-page-of", args: { name: { key: next.before.label } } })] : []),
        ];
  const ask = { key: "received" in next ? "apply-docs-received" : "apply-docs-kept", args: { count: pages, name: { key: q.label } } };
  return { lead: [], ask, rows, kept: "kept" in next };
}

/** A school's button: its name, and where it is when the list says — the name shortened first, so the place shows. */
export function schoolButtonText(i: { name: string; place?: string }): string {
  if (!i.place) return i.name;
  const room = Math.max(20, 60 - i.place.length - 3);
  return `${shorten(i.name, room)} · ${i.place}`;
}

/**
 * A school list of `serviceId`'s form (`schools.ts`) as shown: its title (`query`: what was typed),
 * one school or place per row — after the school the profile offers (`offered`) — then ◀ ▶ and "back".
 * Schools found by the query on the other keyboard layout are titled by it, said in a line above.
 */
export function schoolPrompt(serviceId: string, list: SchoolList, query: string, offered: OfferButton[] = []): Prompt {
  const first = offered.map((o) => ({ label: { key: o.label, ...(o.args ? { args: o.args } : {}) }, action: school(Number(o.value)) }));
  const view = (v: NonNullable<SchoolList["back"]>): PromptAction => ({ school: { kind: "view", view: v } });
  const items = list.items.map((i) => ({ label: { raw: shorten(schoolButtonText(i), 60) }, action: { school: i.move } }));
  const pages = [
    ...(list.prev ? [{ label: { raw: "◀" }, action: view(list.prev) }] : []),
    ...(list.next ? [{ label: { raw: "▶" }, action: view(list.next) }] : []),
  ];
  const back = list.back ? [[{ label: { key: "apply-school-back" }, action: view(list.back) }]] : [];
  const instead = list.searched ? [{ key: "apply-school-search-instead", args: { typed: query, query: list.searched } }] : [];
  return {
    step: stepAt(serviceId, "school"),
    lead: instead,
    ask: { key: list.title, args: { query: list.searched ?? query, count: list.total, shown: list.items.length } },
    // With no school to find (none imported yet), no hint to search for one.
    ...(list.title === "apply-school-none" ? {} : { hint: "apply-school-search-hint" }),
    rows: [...[...first, ...items].map((b) => [b]), ...(pages.length ? [pages] : []), ...back],
  };
}
