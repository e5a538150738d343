/**
 * Check codes: what is printed under a document's QR code and typed on the check page.
 * 80 random bits in Crockford's base32 (no I, L, O or U, so nothing reads as another
 * character), shown in four groups of four. Typing is forgiving the way Crockford intends:
 * lower case, spaces and dashes are fine, O reads as 0 and I or L as 1. A code is read off paper
 * by people whose keyboard is often on Cyrillic: a Cyrillic letter that looks like a code's
 * character is read as that character (С as C, Н as H, О as 0, Kazakh І as 1, З as 3).
 */
import { randomBytes } from "node:crypto";
import { base32crockford } from "@scure/base";

/** Characters of a code; 16 × 5 bits = 80 bits, far beyond guessing at any request rate. */
export const CODE_LENGTH = 16;
const ALPHABET = /^[0-9A-HJKMNP-TV-Z]{16}$/;

/** A new random code, as stored (16 characters, no dashes). */
export function newCheckCode(): string {
  return base32crockford.encode(randomBytes(10));
}

/** "7K2M9QXD4A1B3C5E" → "7K2M-9QXD-4A1B-3C5E", as printed and shown. */
export function formatCheckCode(code: string): string {
  return code.match(/.{1,4}/g)!.join("-");
}

/** Cyrillic capitals (Russian and Kazakh) that look like a code's characters, and the character each is read as. */
const LOOK_ALIKES: Record<string, string> = {
  А: "A",
  В: "B",
  Е: "E",
  К: "K",
  М: "M",
  Н: "H",
  О: "0",
  Р: "P",
  С: "C",
  Т: "T",
  Х: "X",
  У: "Y",
  Ү: "Y",
  З: "3",
  І: "1",
};

/** What a person typed → the stored form, or null when it cannot be a code. */
export function normalizeCheckCode(typed: string): string | null {
  const code = typed
    .toUpperCase()
    // Dashes as phones and word processors type them too (‐ ‑ ‒ – — ―, −).
    .replace(/[\s\-\u2010-\u2015\u2212]+/g, "")
    .replace(/[АВЕКМНОРСТХУҮЗІ]/g, (c) => LOOK_ALIKES[c]!)
    .replace(/O/g, "0")
    .replace(/[IL]/g, "1");
  return ALPHABET.test(code) ? code : null;
}

/** The address printed under the QR code. */
export function checkUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, "")}/check/${formatCheckCode(code)}`;
}

/** "Сапаров Нурлан Ерланович" → "С. Н. Е.": all the check page says about the child. */
export function initialsOf(fullName: string): string {
  return fullName
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map((w) => `${[...w][0]!.toUpperCase()}.`)
    .join(" ");
}
