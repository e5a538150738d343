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
