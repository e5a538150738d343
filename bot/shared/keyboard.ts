/**
 * Taking buttons away. A tapped message loses its inline buttons so a second tap finds none (a
 * message too old to edit keeps them: every handler checks again anyway); a reply keyboard is
 * removed with the message that follows it.
 */
import type { Context } from "grammy";

/** The inline buttons of the message tapped go; a failed edit changes nothing. */
export const removeButtons = (ctx: Context): Promise<unknown> => ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});

/** The options of a message that also takes the reply keyboard (the "share my phone" button) away. */
export const REMOVE_KEYBOARD = { reply_markup: { remove_keyboard: true } } as const;
