/** Home schooling: the notice of the director's order on individual home schooling. */
import { t } from "../i18n.ts";
import { renderIssued, type IssuedLayout } from "./issued.ts";
import { formatDate } from "./layout.ts";
import type { OrderNoticeData } from "./types.ts";

/** Layout of the order notice (exported for layout tests). */
export function orderNoticeLayout(data: OrderNoticeData): IssuedLayout {
  const { lang, order, period } = data;
  const orderDate = formatDate(order.date);
  const facts: Array<[string, string]> = [
    [t(lang, "order-field-order"), t(lang, "doc-number-date", { number: order.number, date: orderDate })],
  ];
  if (period) {
    facts.push([t(lang, "order-field-period"), t(lang, "doc-period", { from: formatDate(period.from), to: formatDate(period.to) })]);
  }
  return {
    title: t(lang, "order-title"),
    subtitle: t(lang, "order-subtitle"),
    body: [{ text: t(lang, "order-body", { orderNumber: order.number, orderDate }), style: "body" }],
    facts,
    signerRole: t(lang, "order-prepared-by"),
  };
}

/** Render the notice of the director's order in `data.lang`. Same data → same bytes. */
export async function renderOrderNotice(data: OrderNoticeData): Promise<Uint8Array> {
  return renderIssued(data, orderNoticeLayout(data));
}
