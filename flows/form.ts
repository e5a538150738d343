/**
 * The application form's field kinds and their validators. A validator takes the raw text a
 * parent typed and answers the normalized value, or the Fluent key (`locales/<lang>/form.ftl`)
 * of an instruction saying what to type. Input is hostile until cleaned: invisible characters
 * are stripped first, and oversized text is refused before any other work.
 */
import { checkIin } from "./iin.ts";
import type { Lang } from "./i18n.ts";
import { MAX_RAW_LENGTH } from "./form/clean.ts";
import { validateChoice } from "./form/choice.ts";
import { formatDate, validateDate } from "./form/date.ts";
import { validateEmail } from "./form/email.ts";
import { validateIin } from "./form/iin.ts";
import { validateGrade, validateNumber } from "./form/number.ts";
import { validatePhone } from "./form/phone.ts";
import { TEXT_MAX, validateText } from "./form/text.ts";
import type { FieldDef, FieldResult } from "./form/types.ts";

export * from "./form/types.ts";
export { ageOn, PARENT_AGE } from "./form/iin.ts";
export { cleanText, stripInvisible, MAX_RAW_LENGTH } from "./form/clean.ts";
export { checkFile, checkFileCount, filesDescriptor } from "./form/files.ts";
export { formatDate, parseDate } from "./form/date.ts";
export { validateChoice, validateDate, validateEmail, validateGrade, validateIin, validateNumber, validatePhone, validateText };

/** The length to name in the "too long" message (text fields have their own limits). */
function lengthLimit(field: FieldDef): number {
  if (field.kind === "text") return field.max ?? TEXT_MAX[field.format];
  return field.kind === "email" ? 254 : 100;
}

/**
 * Validate what a parent typed for `field`. `lang` is the parent's language (typed choices
 * are matched against labels in it); `now` decides "today" for date bounds.
 * A message without text (a sticker, a photo without caption) is passed as "" and refused
 * with `form-error-empty`. A `files` field never accepts text: the answer is a photo or a PDF.
 */
export function validateField(field: FieldDef, raw: string, lang: Lang, now: Date = new Date()): FieldResult {
  if (raw.length > MAX_RAW_LENGTH) {
    return { ok: false, error: "form-error-too-long", args: { max: lengthLimit(field) } };
  }
  switch (field.kind) {
    case "text":
      return validateText(field, raw);
    case "iin":
      return validateIin(raw, field, now);
    case "phone":
      return validatePhone(raw);
    case "email":
      return validateEmail(raw);
    case "date":
      return validateDate(field, raw, now);
    case "number":
      return validateNumber(field, raw);
    case "grade":
      return validateGrade(raw);
    case "choice":
      return validateChoice(field, raw, lang);
    case "files":
      return { ok: false, error: "form-error-files-expected" };
  }
}

/**
 * Cross-field check: the child's birth date must be the one encoded in the IIN (its first six
 * digits). Both values as validated (`YYYY-MM-DD`, 12 digits). On disagreement the error
 * carries the IIN's date (`iinDate`, DD.MM.YYYY) so the message can show it.
 */
export function birthDateMatchesIin(iin: string, birthDate: string): FieldResult {
  const check = checkIin(iin.replace(/[\s-]/g, ""));
  if (!check.ok) return { ok: false, error: `form-error-iin-${check.reason}` };
  if (check.birthDate !== birthDate) {
    return { ok: false, error: "form-error-birth-date-iin", args: { iinDate: formatDate(check.birthDate) } };
  }
  return { ok: true, value: birthDate };
}
