/** Telegram HTML helpers: every piece of user text goes through `esc` before it is sent. */
export { escapeHtml as esc } from "../../flows/text.ts";
