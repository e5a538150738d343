/** Whole numbers and school grades. */
import { almatyDate } from "#root/flows/calendar/almaty.ts";
import { fullYears } from "#root/flows/services/calendar.ts";
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

/**
 * Children are six on 1 September of the school year they start the first grade in (as the
 * admission to the first grade counts it: its `ageOn`, six on 09-01), five in the pre-school class (grade 0).
 */
const FIRST_GRADE_AGE = 6;
/** Years a child may be ahead of or behind the usual age for a grade (early start, a repeated year, illness). */
export const GRADE_AGE_TOLERANCE = 2;

/**
 * 1 September that begins the school year of `now`: this year's from June on (applications for
 * the coming year), last year's before (the year under way).
 */
export function schoolYearStart(now: Date): string {
  const today = almatyDate(now);
  const year = Number(today.slice(0, 4));
  return `${Number(today.slice(5, 7)) >= 6 ? year : year - 1}-09-01`;
}

/** The school year of `now` by the year it begins in (2025 for 2025–2026): as {@link schoolYearStart} counts it. */
export function schoolYearOf(now: Date): number {
  return Number(schoolYearStart(now).slice(0, 4));
}

/**
 * The grade a child is in during `now`'s school year, given the grade they were in during
 * `gradeYear`'s (see {@link schoolYearOf}): one higher for each school year since. Undefined
 * when it cannot be told, and the grade is asked: the year is not known, is later than now's,
 * or the grade would be past the last (the child has left school, or repeated a year).
 */
export function gradeNow(saved: { grade: number; gradeYear: number | null }, now: Date): number | undefined {
  if (saved.gradeYear === null) return undefined;
  const years = schoolYearOf(now) - saved.gradeYear;
  if (years < 0) return undefined;
  const grade = saved.grade + years;
  return grade <= MAX_GRADE ? grade : undefined;
}

/**
 * Is `grade` plausible for a child born on `birthDate`? The child's age on 1 September of the
 * school year must be the grade's usual age give or take {@link GRADE_AGE_TOLERANCE} years: a
 * seven-year-old is not in the eleventh grade. A typing slip, caught before it reaches a document.
 */
export function checkGradeForAge(grade: number, birthDate: string, now: Date): FieldResult {
  const usual = FIRST_GRADE_AGE + grade - 1;
  const age = fullYears(birthDate, schoolYearStart(now));
  if (Math.abs(age - usual) <= GRADE_AGE_TOLERANCE) return { ok: true, value: String(grade) };
  const [y, m, d] = birthDate.split("-");
  return { ok: false, error: "form-error-grade-age", args: { grade, birthDate: `${d}.${m}.${y}` } };
}
