/**
 * reply_markup validation with Telegram's error texts, so a bot that builds an
 * invalid keyboard (callback_data over 64 bytes, a button without an action,
 * a javascript: URL, more than 100 inline buttons, a button's text cut inside
 * an emoji) fails in tests exactly as it would in production.
 */
import type {
  ForceReply,
  InlineKeyboardButton,
  InlineKeyboardMarkup,
  KeyboardButton,
  ReplyKeyboardMarkup,
  ReplyKeyboardRemove,
} from "grammy/types";
import { badRequest, texts } from "./errors.ts";

/** A validated reply_markup, split by what it does. */
export interface Markup {
  inline?: InlineKeyboardMarkup;
  reply?: ReplyKeyboardMarkup;
  remove?: boolean;
}

/** Most buttons an inline keyboard may hold. */
export const MAX_INLINE_BUTTONS = 100;

/** Half of a surrogate pair without its other half: text cut inside an emoji. Telegram takes UTF-8 only. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Refuses a string Telegram could not read as UTF-8 (a lone surrogate), as Telegram does. */
export function checkUtf8(text: string): string {
  if (LONE_SURROGATE.test(text)) throw badRequest(texts.notUtf8);
  return text;
}

type AnyMarkup = Partial<InlineKeyboardMarkup & ReplyKeyboardMarkup & ReplyKeyboardRemove & ForceReply>;

/** Validates a reply_markup object. */
export function validateMarkup(raw: unknown): Markup {
  if (raw === undefined) return {};
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) throw badRequest("can't parse reply keyboard markup JSON object");
  const m = raw as AnyMarkup;
  if (m.inline_keyboard !== undefined) {
    const inline = validateRows(m.inline_keyboard, validateInlineButton, "inline keyboard");
    if (inline.flat().length > MAX_INLINE_BUTTONS) throw badRequest("reply markup is too long");
    return { inline: { inline_keyboard: inline } };
  }
  if (m.keyboard !== undefined) {
    const keyboard = validateRows(m.keyboard, validateKeyboardButton, "keyboard");
    return { reply: { ...m, keyboard } as ReplyKeyboardMarkup };
  }
  if (m.remove_keyboard === true) return { remove: true };
  if (m.force_reply === true) return {};
  throw badRequest("can't parse reply keyboard markup JSON object");
}

function validateRows<T>(rows: unknown, check: (b: unknown) => T, what: string): T[][] {
  if (!Array.isArray(rows) || !rows.every(Array.isArray)) throw badRequest(`field "${what}" must be an Array of Arrays`);
  return (rows as unknown[][]).map((row) => row.map(check));
}

function validateInlineButton(raw: unknown): InlineKeyboardButton {
  const b = raw as Partial<InlineKeyboardButton.CallbackButton & InlineKeyboardButton.UrlButton> & Record<string, unknown>;
  if (typeof b !== "object" || b === null || typeof b.text !== "string") throw badRequest('can\'t find field "text"');
  if (b.text === "") throw badRequest("text buttons are unallowed in the inline keyboard");
  checkUtf8(b.text);
  if (typeof b.callback_data === "string") {
    const size = Buffer.byteLength(b.callback_data, "utf8");
    if (size < 1 || size > 64) throw badRequest("BUTTON_DATA_INVALID");
    return b as InlineKeyboardButton;
  }
  if (typeof b.url === "string") {
    if (!/^(https?|tg):\/\/\S+$/i.test(b.url))
      throw badRequest(`inline keyboard button URL '${b.url}' is invalid: Unsupported URL protocol`);
    return b as InlineKeyboardButton;
  }
  const actions = [
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "web_app",
    "callback_game",
    "pay",
  ];
  if (!actions.some((a) => a in b)) throw badRequest("text buttons are unallowed in the inline keyboard");
  return b as InlineKeyboardButton;
}

function validateKeyboardButton(raw: unknown): KeyboardButton {
  if (typeof raw === "string") {
    if (raw === "") throw badRequest("keyboard button text is empty");
    return checkUtf8(raw);
  }
  const b = raw as Partial<KeyboardButton.RequestContactButton>;
  if (typeof b !== "object" || b === null || typeof b.text !== "string" || b.text === "") throw badRequest("keyboard button text is empty");
  checkUtf8(b.text);
  return b as KeyboardButton;
}

/** The text of a reply keyboard button (strings and objects alike). */
export function buttonText(b: KeyboardButton): string {
  return typeof b === "string" ? b : b.text;
}
