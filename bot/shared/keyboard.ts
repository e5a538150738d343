/**
 * Buttons and where a reply goes. A tapped message loses its inline buttons so a second tap finds
 * none (a message too old to edit keeps them: every handler checks again anyway); a reply
 * keyboard is removed with the message that follows it; a keyboard without a button is not sent.
 */
import type { Context, InlineKeyboard } from "grammy";

/** The inline buttons of the message tapped go; a failed edit changes nothing. */
export const removeButtons = (ctx: Context): Promise<unknown> => ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});

/** The options of a message that also takes the reply keyboard (the "share my phone" button) away. */
export const REMOVE_KEYBOARD = { reply_markup: { remove_keyboard: true } } as const;

/**
 * A message's options with `keyboard`, or without one when it has no button (grammY's
 * InlineKeyboard starts with an empty row, which a Bot API may refuse).
 */
export const withButtons = (keyboard: InlineKeyboard): { reply_markup?: InlineKeyboard } =>
  keyboard.inline_keyboard.flat().length > 0 ? { reply_markup: keyboard } : {};

/** Options that answer under a message the user edited (still sent if it was deleted since). */
export const underMessage = (messageId: number) => ({ reply_parameters: { message_id: messageId, allow_sending_without_reply: true } });
