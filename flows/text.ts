/** Text helpers shared by the bots (HTML parse mode) and the documents. */

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * Escape text for Telegram's HTML parse mode (and any HTML page): `&`, `<`, `>`, and quotes
 * so it is safe inside attributes too. Everything a parent typed passes through this before
 * it is put into a message with `parse_mode: "HTML"`.
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);
}

/**
 * Plain `text` cut to at most `max` characters, "…" included, at a word's end when one is near;
 * unchanged when it fits. Escape it after cutting (an escape is never cut in half).
 */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= 1) return "…".slice(0, Math.max(0, max));
  let cut = text.slice(0, max - 1);
  // Not half of a surrogate pair (an emoji).
  if (/[\uD800-\uDBFF]$/.test(cut)) cut = cut.slice(0, -1);
  const space = cut.search(/\s\S*$/);
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  return `${cut.trimEnd()}…`;
}
