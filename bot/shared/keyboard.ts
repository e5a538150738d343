/**
 * Buttons and where a reply goes. A tapped message loses its inline buttons so a second tap finds
 * none (a message too old to edit keeps them: every handler checks again anyway); a reply
 * keyboard is removed with the message that follows it; a keyboard without a button is not sent
 * (`compactKeyboards`).
 */
import { GrammyError, type Context, type Transformer } from "grammy";
import type { InlineKeyboardMarkup, LinkPreviewOptions } from "grammy/types";

/** The inline buttons of the message tapped go; a failed edit changes nothing. */
export const removeButtons = (ctx: Context): Promise<unknown> => ctx.editMessageReplyMarkup({ reply_markup: undefined }).catch(() => {});

/**
 * The tapped message rewritten into `text` — or `text` sent anew below, when the tap is on a message Telegram no longer
 * shows the bot (deleted, or days old: an InaccessibleMessage, dated 0, with neither text nor buttons) or the edit is
 * refused. An edit that changes nothing ("message is not modified") is no failure: the message says it already.
 */
export async function editOrReply(
  ctx: Context,
  text: string,
  other: { reply_markup?: InlineKeyboardMarkup; link_preview_options?: LinkPreviewOptions } = {},
): Promise<void> {
  const tapped = ctx.callbackQuery?.message;
  if (tapped && tapped.date !== 0) {
    try {
      await ctx.editMessageText(text, other);
      return;
    } catch (err) {
      if (err instanceof GrammyError && /message is not modified/i.test(err.description)) return;
    }
  }
  await ctx.reply(text, other);
}

/** The options of a message that also takes the reply keyboard (the "share my phone" button) away. */
export const REMOVE_KEYBOARD = { reply_markup: { remove_keyboard: true } } as const;

/** Options that answer under a message the user edited (still sent if it was deleted since). */
export const underMessage = (messageId: number) => ({ reply_parameters: { message_id: messageId, allow_sending_without_reply: true } });

type Rows = { inline_keyboard?: unknown[][]; keyboard?: unknown[][] };
const hasEmptyRow = (rows?: unknown[][]) => Array.isArray(rows) && rows.some((row) => Array.isArray(row) && row.length === 0);
const isEmpty = (rows?: unknown[][]) => Array.isArray(rows) && rows.length === 0;

/**
 * Every outgoing keyboard without its empty rows: grammY's InlineKeyboard starts with one, and
 * `.row()` after the last button leaves one, which Telegram ignores but a stricter Bot API may
 * refuse (the message would not go out). An inline keyboard without a button is not sent at all.
 */
export const compactKeyboards: Transformer = (prev, method, payload, signal) => {
  const markup = (payload as { reply_markup?: Rows } | undefined)?.reply_markup;
  const compact = markup && (hasEmptyRow(markup.inline_keyboard) || isEmpty(markup.inline_keyboard) || hasEmptyRow(markup.keyboard));
  if (!compact) return prev(method, payload, signal);
  const inline = markup.inline_keyboard?.filter((row) => row.length > 0);
  if (inline?.length === 0) {
    const { reply_markup: _none, ...rest } = payload as Record<string, unknown>;
    return prev(method, rest as typeof payload, signal);
  }
  const reply_markup = {
    ...markup,
    ...(inline ? { inline_keyboard: inline } : {}),
    ...(markup.keyboard ? { keyboard: markup.keyboard.filter((row) => row.length > 0) } : {}),
  };
  return prev(method, { ...payload, reply_markup } as typeof payload, signal);
};
