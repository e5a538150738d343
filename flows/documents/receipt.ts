/** Home schooling: the receipt of the documents the school accepted from the parent. */
import type { Content, CustomTableLayout, TableCell } from "pdfmake/interfaces.js";
import { t, type Lang } from "#root/flows/i18n.ts";
import { renderIssued, type IssuedLayout } from "./issued.ts";
import { fixedWidths, literal } from "./layout.ts";
import type { AttachedDocument, ReceiptData } from "./types.ts";

function documentsTable(lang: Lang, documents: AttachedDocument[]): Content {
  const header: TableCell[] = [
    { text: t(lang, "receipt-col-number"), bold: true },
    { text: t(lang, "receipt-col-document"), bold: true },
    { text: t(lang, "receipt-col-pages"), bold: true, alignment: "center" },
  ];
  const rows: TableCell[][] = documents.map((d, i) => [
    { text: String(i + 1) },
    literal(d.label, lang) as TableCell,
    { text: String(d.pages), alignment: "center" },
  ]);
  const body = [header, ...rows];
  const layout: CustomTableLayout = {
    hLineWidth: () => 0.5,
    vLineWidth: () => 0.5,
    hLineColor: () => "#777777",
    vLineColor: () => "#777777",
  };
  return {
    table: { headerRows: 1, widths: fixedWidths([24, "*", 90], layout, body), body, dontBreakRows: true },
    layout,
    margin: [0, 4, 0, 6],
  };
}

/** Layout of the receipt (exported for layout tests). */
export function receiptLayout(data: ReceiptData): IssuedLayout {
  const { lang } = data;
  return {
    title: t(lang, "receipt-title"),
    subtitle: t(lang, "receipt-subtitle"),
    body: [{ text: t(lang, "receipt-body", { service: data.service.title }), style: "body" }],
    facts: [[t(lang, "doc-field-parent"), `${data.parent.fullName}, ${t(lang, "doc-field-iin")} ${data.parent.iin}`]],
    after: [documentsTable(lang, data.documents), { text: t(lang, "receipt-total", { count: data.documents.length }) }],
    signerRole: t(lang, "receipt-accepted-by"),
  };
}

/** Render the receipt of documents in `data.lang`. Same data → same bytes. */
export async function renderReceipt(data: ReceiptData): Promise<Uint8Array> {
  return renderIssued(data, receiptLayout(data));
}
