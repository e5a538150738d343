/** The IIN (ЖСН / ИИН) as a form field. */
import { almatyDate } from "#root/flows/calendar/almaty.ts";
import { checkIin } from "#root/flows/iin.ts";
import { cleanText } from "./clean.ts";
import { formatDate } from "./date.ts";
import type { AgeBounds, FieldResult, IinField } from "./types.ts";

const ERROR_BY_REASON = {
  format: "form-error-iin-format",
  checksum: "form-error-iin-checksum",
  date: "form-error-iin-date",
} as const;

/** Spaces and hyphens people put between digit groups ("150309 600128"). */
const SEPARATORS = /[\s-]/g;

/**
 * Who may apply: a parent or guardian of an age to be one. The bounds are wide on purpose (a
 * young mother, a grandparent as guardian); outside them the IIN is a typing mistake or not
 * the applicant's own.
 */
export const PARENT_AGE: AgeBounds = { min: 16, max: 100, error: "form-error-iin-parent-age" };

/** Full years between two `YYYY-MM-DD` dates (a birthday on 29 February counts from 1 March). */
export function ageOn(birthDate: string, today: string): number {
  const [by, bm, bd] = birthDate.split("-").map(Number) as [number, number, number];
  const [ty, tm, td] = today.split("-").map(Number) as [number, number, number];
  return ty - by - (tm < bm || (tm === bm && td < bd) ? 1 : 0);
}

/**
 * Validate an IIN: 12 digits, a correct check digit and a real birth date; with `field.age`,
 * the person it describes must be of that age today (Almaty), and never born after today.
 */
export function validateIin(raw: string, field?: Pick<IinField, "age">, now: Date = new Date()): FieldResult {
  const text = cleanText(raw);
  if (text === "") return { ok: false, error: "form-error-empty" };
  const iin = text.replace(SEPARATORS, "");
  const check = checkIin(iin);
  if (!check.ok) return { ok: false, error: ERROR_BY_REASON[check.reason] };
  const bounds = field?.age;
  if (!bounds) return { ok: true, value: iin };
  const today = almatyDate(now);
  const date = formatDate(check.birthDate);
  if (check.birthDate > today) return { ok: false, error: "form-error-iin-future", args: { date } };
  const age = ageOn(check.birthDate, today);
  if (age < bounds.min || age > bounds.max) return { ok: false, error: bounds.error, args: { date, min: bounds.min, max: bounds.max } };
  return { ok: true, value: iin };
}
