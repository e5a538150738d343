/** Whole numbers and school grades. */
import { cleanText } from "./clean.ts";
import type { FieldResult, NumberField } from "./types.ts";

const INTEGER = /^-?\d{1,9}$/;
/** "5", "5 класс", "5-кл.", "5 сынып", "5-сыныпта", "5 сыныбы". */
const GRADE = /^(\d{1,2})\s*-?\s*(?:класс[а-яё]*|кл\.?|сынып[а-яәғқңөұүһі]*|сыныб[а-яәғқңөұүһі]*)?$/iu;
const MAX_GRADE = 11;

/** Validate a whole number within `[field.min, field.max]`. */
export function validateNumber(field: NumberField, raw: string): FieldResult {
  const text = cleanText(raw);
  if (text === "") return { ok: false, error: "form-error-empty" };
  const args = { min: field.min, max: field.max };
  if (!INTEGER.test(text)) return { ok: false, error: "form-error-number", args };
  const n = Number(text);
  if (n < field.min || n > field.max) return { ok: false, error: "form-error-number", args };
  return { ok: true, value: String(n) };
}

/** Validate a school grade, 0 (pre-school class) to 11; normalized to the number. */
export function validateGrade(raw: string): FieldResult {
  const text = cleanText(raw);
  if (text === "") return { ok: false, error: "form-error-empty" };
  const m = GRADE.exec(text);
  const n = m ? Number(m[1]) : NaN;
  if (!(n >= 0 && n <= MAX_GRADE)) return { ok: false, error: "form-error-grade", args: { max: MAX_GRADE } };
  return { ok: true, value: String(n) };
}
