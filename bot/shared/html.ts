/** Telegram HTML helpers: every piece of user text goes through `esc` before it is sent. */
import type { Transformer } from "grammy";

export { escapeHtml as esc } from "#root/flows/text.ts";

/** The methods whose text or caption Telegram formats by `parse_mode`. */
const FORMATTED = new Set([
  "sendMessage",
  "editMessageText",
  "sendPhoto",
  "sendDocument",
  "sendVideo",
  "sendAnimation",
  "sendAudio",
  "sendVoice",
  "editMessageCaption",
]);

/**
 * Every text and caption the bot sends is HTML unless the call says otherwise: installed once per
 * bot (and inside conversations), so texts are written with `<b>` and `esc` without repeating
 * `parse_mode`. A call that must stay plain passes `parse_mode: undefined`; a message without a
 * text or caption (a file alone) is left as it is.
 */
export const htmlByDefault: Transformer = (prev, method, payload, signal) => {
  const p = payload as Record<string, unknown> | undefined;
  if (p && FORMATTED.has(method) && !("parse_mode" in p) && ("text" in p || "caption" in p)) {
    return prev(method, { ...payload, parse_mode: "HTML" } as typeof payload, signal);
  }
  return prev(method, payload, signal);
};
