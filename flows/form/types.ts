/** Field descriptors of the application form, and what a validator answers. */

import { ACCEPTED_MIME_TYPES, MAX_FILE_BYTES, type AcceptedMime } from "#root/flows/files.ts";

/** MIME types a parent may upload (checked again by magic bytes when stored), and the size limit. */
export { ACCEPTED_MIME_TYPES, MAX_FILE_BYTES };
export type AcceptedMimeType = AcceptedMime;

/** Arguments of a Fluent message (what `t()` accepts for an error key). */
export type ErrorArgs = Record<string, string | number>;

/**
 * What a validator answers: the normalized value, or the Fluent key (in `locales/<lang>/form.ftl`)
 * of a polite instruction saying what to type, with its arguments.
 */
export type FieldResult = { ok: true; value: string } | { ok: false; error: string; args?: ErrorArgs };

interface FieldBase {
  /** Stable id: the key of the answer in the application (`answers[id]`). */
  id: string;
  /** Locale key of the question the bot asks. */
  label: string;
  /**
   * Locale key of how the answer is named where it is shown (statement, staff card, review):
   * a noun phrase ("Номер заключения ВКК"), where `label` is the question. Every field of a
   * service has one.
   */
  answerLabel?: string;
  /** Locale key of an optional hint shown under the question. */
  hint?: string;
}

/**
 * Text formats: `name` — one person's name (1–4 words of letters); `fullName` — surname, name
 * and optional patronymic (2–4 words); `docNumber` — a document number such as "№ 15/2-К";
 * `free` — any text, escaped on output.
 */
export type TextFormat = "name" | "fullName" | "docNumber" | "free";

export type TextField = FieldBase & { kind: "text"; format: TextFormat; max?: number };
/**
 * The age, in full years today, the person an IIN describes may be (inclusive), and the Fluent
 * key of the message when they are not (given `date`, `min`, `max`).
 */
export interface AgeBounds {
  min: number;
  max: number;
  error: string;
}
export type IinField = FieldBase & { kind: "iin"; age?: AgeBounds };
export type PhoneField = FieldBase & { kind: "phone" };
export type EmailField = FieldBase & { kind: "email" };
export type DateField = FieldBase & {
  kind: "date";
  /** Refuse dates after today (Almaty). */
  notFuture?: boolean;
  /** Refuse dates more than this many years before today. */
  maxAgeYears?: number;
  /** Inclusive bounds, `YYYY-MM-DD`. */
  min?: string;
  max?: string;
};
export type NumberField = FieldBase & { kind: "number"; min: number; max: number };
/** A school grade: 0 (pre-school class) to 11; "5 класс" and "5 сынып" are read as 5. */
export type GradeField = FieldBase & { kind: "grade" };
export interface ChoiceOption {
  /** Stable value stored in the answers and sent by the button. */
  value: string;
  /** Locale key of the button text. */
  label: string;
  /** Locale key of the name documents print (the official wording); the button text without it. */
  official?: string;
}
export type ChoiceField = FieldBase & { kind: "choice"; options: readonly ChoiceOption[] };

/** Uploaded files: the bot handles them; this only describes what is acceptable. */
export interface FilesDescriptor {
  accept: readonly AcceptedMimeType[];
  maxBytes: number;
  minCount: number;
  maxCount: number;
}
export type FilesField = FieldBase & { kind: "files" } & FilesDescriptor;

export type FieldDef = TextField | IinField | PhoneField | EmailField | DateField | NumberField | GradeField | ChoiceField | FilesField;

export type FieldKind = FieldDef["kind"];
