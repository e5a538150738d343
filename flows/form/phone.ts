/** Kazakhstan mobile phone numbers. */
import { cleanText } from "./clean.ts";
import type { FieldResult } from "./types.ts";

/** Digits with the usual decorations: "+7 (701) 234-56-78", "8 701 234 56 78". */
const PHONE_CHARS = /^\+?[\d\s\-().]+$/;

/**
 * Validate a Kazakhstan number (+7 7XX …): accepts +7 / 8 / 7 prefixes or none, with spaces,
 * dashes, dots and parentheses. Normalized to `+77XXXXXXXXX`. Russian numbers (+7 9XX …)
 * are refused: the school calls a Kazakhstan number.
 */
export function validatePhone(raw: string): FieldResult {
  const text = cleanText(raw);
  if (text === "") return { ok: false, error: "form-error-empty" };
  if (!PHONE_CHARS.test(text)) return { ok: false, error: "form-error-phone" };
  const digits = text.replace(/\D/g, "");
  let national: string | undefined;
  if (text.startsWith("+")) {
    if (digits.length === 11 && digits.startsWith("7")) national = digits.slice(1);
  } else if (digits.length === 11 && (digits.startsWith("8") || digits.startsWith("7"))) {
    national = digits.slice(1);
  } else if (digits.length === 10) {
    national = digits;
  }
  if (!national?.startsWith("7")) return { ok: false, error: "form-error-phone" };
  return { ok: true, value: `+7${national}` };
}
