/**
 * First step of every validator: make typed text comparable. Invisible characters are how
 * look-alike input sneaks past a check ("Иван\u200B" is not "Иван"), so they are removed
 * before anything else; what remains must then be valid on its own.
 */

/**
 * Zero-width and bidirectional controls, soft hyphen, BOM, and C0/C1 control characters
 * other than tab and line feed.
 */
const INVISIBLE = /[\u00AD\u061C\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/** Longer raw input is refused before any other work, whatever the field. */
export const MAX_RAW_LENGTH = 4096;

/** Remove invisible characters and compose letters (NFC: "й" typed as и + ◌̆ becomes "й"). */
export function stripInvisible(raw: string): string {
  return raw.normalize("NFC").replace(INVISIBLE, "");
}

/**
 * Strip invisible characters, collapse runs of whitespace (including no-break spaces) to one
 * space and trim. With `multiline`, line breaks survive (at most one empty line in a row).
 */
export function cleanText(raw: string, options: { multiline?: boolean } = {}): string {
  // Carriage returns are control characters: stripInvisible has already removed them.
  const text = stripInvisible(raw);
  if (!options.multiline) return text.replace(/\s+/g, " ").trim();
  return text
    .split("\n")
    .map((line) => line.replace(/\s+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
