/**
 * What of a text the documents can print. Parents type names and answers in Telegram, where an
 * emoji, a right-to-left mark, a zero-width space or a control character is one tap away. The
 * font has no glyph for most of these: printed as they are, each is an empty box in the middle
 * of an official document. Here every text a document prints is made printable: composed
 * (a "й" typed as "и" + breve is one letter, which the font has), odd spaces and line breaks made
 * plain ones, and what the font cannot draw — emoji, invisible format and control characters,
 * letters of scripts it lacks — left out, with the spaces around them closed up.
 */
import { fontCoverage } from "./fonts.ts";

/** Line and paragraph separators and carriage returns: a plain line break. */
const LINE_BREAKS = /\r\n?|[\u2028\u2029]/g;
/** Invisible format (bidi marks, zero-width, soft hyphen) and control characters, except the line break. */
const INVISIBLE = /^[\p{Cf}\p{Cc}]$/u;
const SPACE = /^\p{Zs}$/u;

/** Stands for a left-out character while the spaces around it are closed up; never printable itself. */
const GONE = "\uFFFF";
/** A run of left-out characters and the spaces around them. */
const GONE_RUN = /[ \uFFFF]*\uFFFF[ \uFFFF]*/g;

/** `text` with only what the documents' font draws (see the module comment). Printable text comes back as it is. */
export function printable(text: string): string {
  const font = fontCoverage();
  let out = "";
  let dropped = false;
  for (const char of text.normalize("NFC").replace(LINE_BREAKS, "\n")) {
    if (char === "\n" || (font.has(char.codePointAt(0)!) && !INVISIBLE.test(char))) out += char;
    else if (char === "\t" || SPACE.test(char)) out += " ";
    else {
      out += GONE;
      dropped = true;
    }
  }
  if (!dropped) return out;
  // "Әлі 😀 Қоңыр" → "Әлі Қоңыр", "Zero\u200Bwidth" → "Zerowidth", "😀 Әлі" → "Әлі".
  return out.replace(GONE_RUN, (run, at: number, whole: string) => {
    const edge = at === 0 || whole[at - 1] === "\n" || at + run.length === whole.length || whole[at + run.length] === "\n";
    return run.includes(" ") && !edge ? " " : "";
  });
}

/** Keys whose strings are not text to print: drawings and references, left as they are. */
const NOT_TEXT = new Set(["svg", "image", "canvas", "qr", "link", "style", "font"]);

/**
 * A copy of a pdfmake content tree with every text in it made {@link printable}: text nodes,
 * plain strings in stacks, columns, lists and table cells. Drawings (SVG, canvas) and style
 * names are left alone; functions (table layouts) are kept.
 */
export function printableContent<T>(node: T): T {
  if (typeof node === "string") return printable(node) as T;
  if (Array.isArray(node)) return node.map((item) => printableContent(item)) as T;
  if (node === null || typeof node !== "object") return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) copy[key] = NOT_TEXT.has(key) ? value : printableContent(value);
  return copy as T;
}
