/**
 * The director's order number and date, asked in a conversation: the one place both the card's
 * order and the order in bulk ask them. A number of letters and digits (with at least a digit),
 * a date not after today, nor before the day the application it decides was sent (the latest of
 * them, for an order in bulk); the cancel button stops.
 */
import type { InlineKeyboard } from "grammy";
import { formatDate, parseDate } from "#root/flows/form.ts";

const ORDER_NUMBER = /^[\p{L}\p{N}][\p{L}\p{N}\s/№.-]{0,29}$/u;

export interface OrderDialog {
  tr: (key: string, vars?: Record<string, string | number>) => string;
  reply: (text: string, extra?: { reply_markup?: InlineKeyboard }) => Promise<unknown>;
  /** The next answer: a typed text or a button's data. */
  next: () => Promise<{ text?: string; button?: string }>;
  /** Today in Almaty (YYYY-MM-DD), read outside the conversation's replay. */
  today: () => Promise<string>;
  /**
   * The earliest date the order may bear (YYYY-MM-DD): the day the application was sent, or the
   * latest such day of those an order in bulk covers; `key` says so, given the date as `date`.
   */
  notBefore: { date: string; key: string };
  cancelKeyboard: InlineKeyboard;
  cancel: string;
}

/** The order's number and date, or undefined when the staff member cancelled. */
export async function askOrderDetails(d: OrderDialog): Promise<{ number: string; date: string } | undefined> {
  await d.reply(d.tr("provider-ask-order-number"), { reply_markup: d.cancelKeyboard });
  let number = "";
  for (;;) {
    const r = await d.next();
    if (r.button === d.cancel) return undefined;
    if (r.text && ORDER_NUMBER.test(r.text) && /\d/.test(r.text)) {
      number = r.text;
      break;
    }
    await d.reply(d.tr("provider-order-number-invalid"), { reply_markup: d.cancelKeyboard });
  }
  await d.reply(d.tr("provider-ask-order-date"), { reply_markup: d.cancelKeyboard });
  const today = await d.today();
  for (;;) {
    const r = await d.next();
    if (r.button === d.cancel) return undefined;
    const date = r.text ? parseDate(r.text.replace(/\s+/g, "")) : null;
    const valid = date && date !== "invalid" && date <= today ? date : undefined;
    if (valid && valid >= d.notBefore.date) return { number, date: valid };
    const said = valid ? d.tr(d.notBefore.key, { date: formatDate(d.notBefore.date) }) : d.tr("provider-order-date-invalid");
    await d.reply(said, { reply_markup: d.cancelKeyboard });
  }
}
