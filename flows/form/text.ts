/** Text answers: people's names, document numbers, free text. */
import { cleanText } from "./clean.ts";
import type { FieldResult, TextField } from "./types.ts";

/** Letters of the Kazakh and Russian Cyrillic alphabets, Latin (with Kazakh Latin letters). */
const LETTER = "[A-Za-zА-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІіÄäÖöÜüĞğŞşÑñŪūİıÇçÉé]";
/** A word of a name: letters, joined by single hyphens or apostrophes ("Анна-Мария", "O'Neil"). */
const NAME_WORD = new RegExp(`^${LETTER}+(?:[-']${LETTER}+)*$`);
const LATIN = /[A-Za-zÄäÖöÜüĞğŞşÑñŪūİıÇçÉé]/;
const CYRILLIC = /[А-яЁёӘәҒғҚқҢңӨөҰұҮүҺһІі]/;
/** Typographic apostrophes people type, all read as "'". */
const APOSTROPHES = /[’‘ʼ`´]/g;

const DOC_NUMBER = /^[\p{L}\d№#/\\\-.,() ]+$/u;

/** Default maximum length of each text format. */
export const TEXT_MAX: Record<TextField["format"], number> = {
  name: 100,
  fullName: 100,
  docNumber: 50,
  free: 1000,
};

/** Minimum length of a name, as in the rules of the form. */
const NAME_MIN = 2;

/**
 * Validate a text answer. Names keep their case as typed; whitespace is collapsed and
 * typographic apostrophes become "'". Names with digits, markup or symbols are refused: the
 * name goes into an official statement as typed.
 */
export function validateText(field: TextField, raw: string): FieldResult {
  const max = field.max ?? TEXT_MAX[field.format];
  const text = cleanText(raw, { multiline: field.format === "free" });
  if (text === "") return { ok: false, error: "form-error-empty" };
  if (text.length > max) return { ok: false, error: "form-error-too-long", args: { max } };

  switch (field.format) {
    case "name":
    case "fullName":
      return validateName(text.replace(APOSTROPHES, "'"), field.format, max);
    case "docNumber":
      if (!DOC_NUMBER.test(text) || !/\d/.test(text)) {
        return { ok: false, error: "form-error-doc-number" };
      }
      return { ok: true, value: text };
    case "free":
      return { ok: true, value: text };
  }
}

/** Letters of a part of a word between hyphens ("Анна" and "Мария"; "O'Neil" is one part). */
const letters = (part: string): number => part.replace(/'/g, "").length;

/**
 * Initials or a string of single letters, not a name: a hyphenated part of one letter
 * ("А-Б-В-Г-Д-Е"), or more than one word of one letter ("А Б"). One short word is a name: the
 * Korean surnames Ю and О are written so.
 */
function looksLikeInitials(words: string[]): boolean {
  if (words.some((w) => w.includes("-") && w.split("-").some((part) => letters(part) < 2))) return true;
  return words.filter((w) => letters(w) < 2).length > 1;
}

function validateName(text: string, format: "name" | "fullName", max: number): FieldResult {
  const words = text.split(" ");
  if (!words.every((w) => NAME_WORD.test(w))) return { ok: false, error: "form-error-name-chars" };
  if (words.some((w) => LATIN.test(w) && CYRILLIC.test(w))) return { ok: false, error: "form-error-name-mixed-script" };
  if (text.length < NAME_MIN) {
    return { ok: false, error: "form-error-name-length", args: { min: NAME_MIN, max } };
  }
  const minWords = format === "fullName" ? 2 : 1;
  if (words.length < minWords || words.length > 4) {
    return { ok: false, error: format === "fullName" ? "form-error-full-name-words" : "form-error-name-words" };
  }
  if (looksLikeInitials(words)) return { ok: false, error: "form-error-name-initials" };
  return { ok: true, value: text };
}
