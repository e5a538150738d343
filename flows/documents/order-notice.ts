/** The notice of the director's order, in the words of the service it decides (`data.texts`). */
import { t } from "#root/flows/i18n.ts";
import { renderIssued, type IssuedLayout } from "./issued.ts";
import { formatDate } from "./layout.ts";
import type { OrderNoticeData } from "./types.ts";

/** Layout of the order notice (exported for layout tests). */
export function orderNoticeLayout(data: OrderNoticeData): IssuedLayout {
  const { lang, order, period, texts } = data;
  const orderDate = formatDate(order.date);
  const facts: Array<[string, string]> = [
    [t(lang, "order-field-order"), t(lang, "doc-number-date", { number: order.number, date: orderDate })],
  ];
  if (period && texts.period) {
    facts.push([t(lang, texts.period), t(lang, "doc-period", { from: formatDate(period.from), to: formatDate(period.to) })]);
  }
  // The school year the order is for, as the issuer worked it out (`orderSchoolYear`), not its date's.
  const start = data.schoolYear;
  const args = { orderNumber: order.number, orderDate, grade: String(data.child.grade), schoolYear: `${start}–${start + 1}` };
  return {
    title: t(lang, "order-title"),
    subtitle: t(lang, texts.subtitle),
    body: [{ text: t(lang, texts.body, args), style: "body" }],
    facts,
    signerRole: t(lang, "order-prepared-by"),
  };
}

/** Render the notice of the director's order in `data.lang`. Same data → same bytes. */
export async function renderOrderNotice(data: OrderNoticeData): Promise<Uint8Array> {
  return renderIssued(data, orderNoticeLayout(data));
}
