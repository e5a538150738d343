/** One of a list of options. */
import { t, type Lang } from "#root/flows/i18n.ts";
import { cleanText } from "./clean.ts";
import type { ChoiceField, FieldResult } from "./types.ts";

const comparable = (text: string, lang: Lang): string =>
  cleanText(text)
    .toLocaleLowerCase(lang)
    .replace(/[.!]+$/, "");

/**
 * Validate a choice: the option's value (what a button sends) or, typed by hand, the option's
 * label in the parent's language (case and final dot ignored). Normalized to the value.
 */
export function validateChoice(field: ChoiceField, raw: string, lang: Lang): FieldResult {
  const text = cleanText(raw);
  if (text === "") return { ok: false, error: "form-error-empty" };
  const byValue = field.options.find((o) => o.value === text);
  if (byValue) return { ok: true, value: byValue.value };
  const typed = comparable(text, lang);
  const byLabel = field.options.find((o) => comparable(t(lang, o.label), lang) === typed);
  if (byLabel) return { ok: true, value: byLabel.value };
  return { ok: false, error: "form-error-choice" };
}
