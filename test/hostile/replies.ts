/**
 * Which answers are right at which question: a refusal at the child's IIN question must be
 * about an IIN (or say "answer with text", "that was empty", …) — never, say, the e-mail
 * refusal of a question the parent already left. Built from the locale files, so the check
 * follows the wording.
 */
import { t, type Lang } from "#root/flows/i18n.ts";
import type { Field } from "./corpus.ts";

/** Answers any question may give: wrong kind of message, empty, too long, command, forward, old button, an edit. */
const ANY = [
  "ask-expected-text",
  "form-error-empty",
  "form-error-too-long",
  "ask-unknown-command",
  "ask-no-forwards",
  "button-outdated",
  "edited-not-read",
  "edited-not-read-form",
];
const DATE = [
  "form-error-date-format",
  "form-error-date-invalid",
  "form-error-date-future",
  "form-error-date-too-old",
  "form-error-date-too-early",
  "form-error-date-too-late",
];
const IIN = ["form-error-iin-format", "form-error-iin-checksum", "form-error-iin-date", "form-error-iin-future"];
const NAME = [
  "form-error-name-chars",
  "form-error-name-mixed-script",
  "form-error-full-name-words",
  "form-error-name-length",
  "form-error-name-initials",
];

const BY_FIELD: Record<Field, string[]> = {
  phone: ["registration-use-button", "registration-contact-not-own"],
  email: ["form-error-email"],
  "parent-name": NAME,
  "parent-iin": [...IIN, "form-error-iin-parent-age"],
  "child-name": NAME,
  "child-iin": [...IIN, "apply-child-iin-not-a-pupil"],
  grade: ["form-error-grade"],
  "school-search": [
    "apply-school-search-too-short",
    "apply-school-search-too-long",
    "apply-school-ask-search",
    "apply-school-ask-search-more",
    "apply-school-search-none",
  ],
  category: ["form-error-choice", "ask-use-buttons"],
  "conclusion-number": ["form-error-doc-number"],
  "conclusion-date": DATE,
  document: [
    "apply-docs-expected-file",
    "apply-docs-too-large",
    "apply-docs-rejected-empty",
    "apply-docs-rejected-too-large",
    "apply-docs-rejected-unsupported-type",
    "apply-docs-rejected-unreadable",
    "apply-docs-rejected-active-content",
    "apply-docs-rejected-failed",
    "apply-docs-need-one",
  ],
};

const GAP = "\u0001";
const ARGS = Object.fromEntries(
  ["max", "min", "years", "iinDate", "date", "maxMb", "name", "query", "count", "shown", "n", "total"].map((k) => [k, GAP]),
);
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The longest fixed piece of a message's first line (placeables and tags cut out). */
function fragment(lang: Lang, key: string): string {
  const line = t(lang, key, ARGS)
    .replace(/<[^>]+>/g, "")
    .split("\n")[0]!;
  const pieces = line.split(GAP).map((p) => p.trim());
  return pieces.reduce((a, b) => (b.length > a.length ? b : a), "").slice(0, 40);
}

/** A pattern one of the right answers at `field` matches (the first reply must match it). */
export function expectedReplies(field: Field, lang: Lang): RegExp {
  return new RegExp([...ANY, ...BY_FIELD[field]].map((k) => escapeRegExp(fragment(lang, k))).join("|"));
}
