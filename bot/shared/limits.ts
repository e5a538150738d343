/**
 * Telegram's length limits, counted as Telegram counts them: the text a client shows once the
 * HTML is parsed (tags gone, entities one character each). A text over its limit is refused with
 * 400 — nothing reaches the chat — so what staff or parents typed is shortened, or split into
 * pages, before it is sent.
 */

/** A message's text, at most (characters after HTML parsing). */
export const TEXT_LIMIT = 4096;
/** A file's caption, at most. */
export const CAPTION_LIMIT = 1024;

export { shorten } from "#root/flows/text.ts";

const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{1,10});/g;

/** The length of `html` as Telegram counts it: tags left out, each entity (`&amp;`) one character. */
export function shownLength(html: string): number {
  return html.replace(/<[^>]*>/g, "").replace(ENTITY, "&").length;
}

/**
 * How many of `lines` (HTML, joined by newlines) fit into `room` characters as shown; at least
 * one, so a list always moves on.
 */
export function linesThatFit(lines: readonly string[], room: number): number {
  let used = 0;
  for (const [i, line] of lines.entries()) {
    used += shownLength(line) + (i > 0 ? 1 : 0);
    if (used > room) return Math.max(1, i);
  }
  return lines.length;
}
