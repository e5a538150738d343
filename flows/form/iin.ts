/** The IIN (ЖСН / ИИН) as a form field. */
import { checkIin } from "../iin.ts";
import { cleanText } from "./clean.ts";
import type { FieldResult } from "./types.ts";

const ERROR_BY_REASON = {
  format: "form-error-iin-format",
  checksum: "form-error-iin-checksum",
  date: "form-error-iin-date",
} as const;

/** Spaces and hyphens people put between digit groups ("150309 600128"). */
const SEPARATORS = /[\s-]/g;

/** Validate an IIN: 12 digits, a correct check digit and a real birth date. */
export function validateIin(raw: string): FieldResult {
  const text = cleanText(raw);
  if (text === "") return { ok: false, error: "form-error-empty" };
  const iin = text.replace(SEPARATORS, "");
  const check = checkIin(iin);
  if (!check.ok) return { ok: false, error: ERROR_BY_REASON[check.reason] };
  return { ok: true, value: iin };
}
