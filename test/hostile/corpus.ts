/**
 * The hostile-input corpus: what a careless, confused or malicious parent may send at each
 * question of the parent bot. Every entry here must be refused (re-prompted) at its question
 * — except the school search, where any text of 2–100 characters is a search and only the
 * reply's shape is checked — and must never change the draft.
 *
 * Text entries are built from a common block every text question meets (empty, whitespace,
 * 10,000 characters, emoji, RTL, zero-width, markup, SQL, format strings, controls, commands)
 * plus the field's own traps (look-alike digits, impossible dates, wrong check digits…).
 * Media entries (stickers, voice, locations, contacts, forwards, photos, documents) come from
 * `corpus-media.ts`.
 */
import type { Contact } from "grammy/types";
import { formatDate } from "#root/flows/form.ts";
import { bornForGrade } from "#root/test/helpers/parent-flow.ts";
import { mediaEntries } from "./corpus-media.ts";
import {
  CATEGORY_TRAPS,
  common,
  conclusionDateTraps,
  EMAIL_TRAPS,
  GRADE_TRAPS,
  iinTraps,
  NAME_TRAPS,
  NUMBER_TRAPS,
  SEARCH_TRAPS,
} from "./corpus-text.ts";

/** The questions a parent meets, in the order the test reaches them. */
export const FIELDS = [
  "phone",
  "email",
  "parent-name",
  "parent-iin",
  "child-name",
  "child-iin",
  "grade",
  "school-search",
  "category",
  "conclusion-number",
  "conclusion-date",
  "document",
] as const;
export type Field = (typeof FIELDS)[number];

interface Base {
  field: Field;
  /** Why this input is here: what it tries to break. */
  note: string;
  /** What the reply must say (both languages), when the exact refusal matters. */
  says?: RegExp;
  /**
   * Refused after the answer: a photo is answered at once and its bytes checked after (Telegram
   * makes every photo a JPEG), so one that is not an image is refused under it a moment later, its
   * document asked again, and the draft's answers and pages end as they were.
   */
  later?: true;
}

/** A file, built lazily: the 20+ MB ones are not kept in memory between uses. */
export interface FilePayload {
  bytes: () => Uint8Array;
  fileName: string;
  mimeType?: string;
}

export type HostileInput = Base &
  (
    | { kind: "text"; text: string }
    | { kind: "sticker"; emoji: string }
    | { kind: "voice"; bytes: Uint8Array; seconds: number }
    | { kind: "location"; latitude: number; longitude: number }
    | { kind: "contact"; contact: Partial<Contact> }
    | { kind: "forward"; text: string }
    | { kind: "photo"; bytes: Uint8Array; caption?: string }
    | { kind: "document"; file: FilePayload }
    /** A forged or stale callback (a modified client can send any data). */
    | { kind: "callback"; data: string }
    /** The parent's last text message, edited after it was sent (Telegram delivers edited_message). */
    | { kind: "edit"; text: string }
  );
export type Kind = HostileInput["kind"];

/**
 * The birth dates behind the valid IINs the test answers with (the birth date must match): a
 * fifth-grader this school year, as the test answers the grade.
 */
export const CHILD_BIRTH = bornForGrade(5);
export const CHILD_BIRTH_TYPED = formatDate(CHILD_BIRTH);

export interface ValidAnswers {
  parentIin: string;
  childIin: string;
  /** A date a month ago, DD.MM.YYYY (the conclusion date). */
  lastMonth: string;
}

/** The whole corpus, with the valid answers some traps are built from. */
export function buildCorpus(valid: ValidAnswers): HostileInput[] {
  const texts: Array<[Field, Array<[string, string]>]> = [
    ["phone", [...common("phone"), ["+7 701 555 00 01", "the number typed instead of shared"]]],
    ["email", [...common("email"), ...EMAIL_TRAPS]],
    ["parent-name", [...common("parent-name"), ...NAME_TRAPS]],
    ["parent-iin", [...common("parent-iin"), ...iinTraps(valid.parentIin)]],
    ["child-name", [...common("child-name"), ...NAME_TRAPS]],
    ["child-iin", [...common("child-iin"), ...iinTraps(valid.childIin)]],
    ["grade", [...common("grade"), ...GRADE_TRAPS]],
    ["school-search", [...common("school-search"), ...SEARCH_TRAPS]],
    ["category", [...common("category"), ...CATEGORY_TRAPS]],
    ["conclusion-number", [...common("conclusion-number"), ...NUMBER_TRAPS]],
    ["conclusion-date", [...common("conclusion-date"), ...conclusionDateTraps(valid.lastMonth)]],
    [
      "document",
      [
        ["вот документ", "text instead of a file"],
        ["<b>скан</b>", "HTML instead of a file"],
      ],
    ],
  ];
  const out: HostileInput[] = [];
  for (const [field, list] of texts) for (const [text, note] of list) out.push({ field, kind: "text", text, note });
  out.push(...mediaEntries(valid));
  return out;
}
