/** Calendar dates typed by a parent. */
import { almatyDate, isIsoDate } from "#root/flows/calendar/almaty.ts";
import { cleanText } from "./clean.ts";
import type { DateField, FieldResult } from "./types.ts";

/** D.M.YYYY with the same separator twice: "15.03.2020", "5/3/2020", "05-03-2020". */
const DAY_FIRST = /^(\d{1,2})([./-])(\d{1,2})\2(\d{4})$/;
const ISO = /^(\d{4})-(\d{1,2})-(\d{1,2})$/;
/** Years outside this range are typing mistakes, not dates of this service. */
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const pad = (n: string | undefined, width: number): string => (n ?? "").padStart(width, "0");

/** `YYYY-MM-DD` → `DD.MM.YYYY`, as dates are written in Kazakhstan. */
export function formatDate(isoDate: string): string {
  const [y, m, d] = isoDate.split("-");
  return `${d}.${m}.${y}`;
}

/** Read a typed date into ISO form: `null` = not a date format, `"invalid"` = no such day. */
export function parseDate(text: string): string | null | "invalid" {
  let y: string | undefined, m: string | undefined, d: string | undefined;
  const dayFirst = DAY_FIRST.exec(text);
  const iso = ISO.exec(text);
  if (dayFirst) [d, m, y] = [dayFirst[1], dayFirst[3], dayFirst[4]];
  else if (iso) [y, m, d] = [iso[1], iso[2], iso[3]];
  else return null;
  const isoDate = `${y}-${pad(m, 2)}-${pad(d, 2)}`;
  const year = Number(y);
  if (year < MIN_YEAR || year > MAX_YEAR || !isIsoDate(isoDate)) return "invalid";
  return isoDate;
}

/** `isoDate` minus whole years; 29 February becomes 28 February in a common year. */
function yearsBefore(isoDate: string, years: number): string {
  const [y, m, d] = isoDate.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y - years, m - 1, d));
  if (date.getUTCMonth() !== m - 1) date.setUTCDate(0);
  return date.toISOString().slice(0, 10);
}

/**
 * Validate a date (`DD.MM.YYYY`, `D.M.YYYY`, `DD/MM/YYYY`, `DD-MM-YYYY` or `YYYY-MM-DD`), a
 * real calendar day within the field's bounds; `now` decides what "today" is (Almaty).
 * Normalized to `YYYY-MM-DD`.
 */
export function validateDate(field: DateField, raw: string, now: Date): FieldResult {
  const text = cleanText(raw);
  if (text === "") return { ok: false, error: "form-error-empty" };
  const parsed = parseDate(text.replace(/\s*([./-])\s*/g, "$1"));
  if (parsed === null) return { ok: false, error: "form-error-date-format" };
  if (parsed === "invalid") return { ok: false, error: "form-error-date-invalid" };

  const today = almatyDate(now);
  if (field.notFuture && parsed > today) return { ok: false, error: "form-error-date-future" };
  if (field.maxAgeYears !== undefined && parsed < yearsBefore(today, field.maxAgeYears)) {
    return { ok: false, error: "form-error-date-too-old", args: { years: field.maxAgeYears } };
  }
  if (field.min && parsed < field.min) {
    return { ok: false, error: "form-error-date-too-early", args: { min: formatDate(field.min) } };
  }
  if (field.max && parsed > field.max) {
    return { ok: false, error: "form-error-date-too-late", args: { max: formatDate(field.max) } };
  }
  return { ok: true, value: parsed };
}
