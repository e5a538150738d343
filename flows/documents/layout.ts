/**
 * Layout pieces shared by the documents: dates, headings, label/value tables, signature lines,
 * the page footer. User-provided text only ever goes into `text` nodes via {@link literal}, so
 * pdfmake treats it as characters, never as an image, link or file reference.
 */
import type { Content, CustomTableLayout, DynamicContent, StyleDictionary, TableCell } from "pdfmake/interfaces.js";
import { t, type Lang } from "#root/flows/i18n.ts";
import type { SchoolInfo } from "./types.ts";

/** Usable width of an A4 page with the margins set in engine.ts (595.28 − 70 − 50). */
export const CONTENT_WIDTH = 475;

/** The exact width pdfmake gives a table on an A4 page (595.28 pt) between the margins (70 and 50). */
const AVAILABLE_WIDTH = 595.28 - 70 - 50;

/** Kazakhstan has one time zone, UTC+5, since 1 March 2024; fixed so output never depends on the host. */
const KZ_OFFSET_MS = 5 * 60 * 60 * 1000;

/** "2025-03-12T04:30:00Z" → "12.03.2025" (the date in Kazakhstan). Throws on a malformed date. */
export function formatDate(iso: string): string {
  const time = new Date(iso).getTime();
  if (Number.isNaN(time)) throw new Error(`"${iso}" is not an ISO date; expected e.g. 2025-03-12 or 2025-03-12T09:30:00+05:00`);
  const local = new Date(time + KZ_OFFSET_MS);
  const dd = String(local.getUTCDate()).padStart(2, "0");
  const mm = String(local.getUTCMonth() + 1).padStart(2, "0");
  return `${dd}.${mm}.${local.getUTCFullYear()}`;
}

/** The school's name in the document's language. */
export function schoolName(school: SchoolInfo, lang: Lang): string {
  return lang === "kk" ? school.nameKk : school.nameRu;
}

/** A text node holding user-provided text exactly as given (empty → a dash). */
export function literal(value: string, lang: Lang, extra: Record<string, unknown> = {}): Content {
  const text = value.trim() === "" ? t(lang, "doc-empty-value") : value;
  return { text, ...extra } as Content;
}

export const styles: StyleDictionary = {
  letterhead: { fontSize: 12, bold: true, alignment: "center" },
  letterheadSub: { fontSize: 9, alignment: "center", color: "#444444" },
  title: { fontSize: 15, bold: true, alignment: "center", characterSpacing: 1, margin: [0, 18, 0, 2] },
  subtitle: { fontSize: 11, alignment: "center", margin: [0, 0, 0, 2] },
  refLine: { fontSize: 10, alignment: "center", color: "#333333", margin: [0, 0, 0, 14] },
  heading: { fontSize: 11, bold: true, margin: [0, 12, 0, 4] },
  body: { alignment: "justify", margin: [0, 0, 0, 8] },
  label: { color: "#444444" },
  small: { fontSize: 8, color: "#555555" },
};

/** A thin full-width rule. */
export function rule(margin: [number, number, number, number] = [0, 4, 0, 4]): Content {
  return { canvas: [{ type: "line", x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.7 }], margin };
}

/** School letterhead for the documents the school issues: name, BIN, a rule. */
export function letterhead(school: SchoolInfo, lang: Lang): Content {
  return [
    literal(schoolName(school, lang), lang, { style: "letterhead" }),
    { text: t(lang, "doc-school-bin", { bin: school.bin }), style: "letterheadSub" },
    rule([0, 6, 0, 0]),
  ];
}

/** Centered document title with an optional subtitle and reference line. */
export function heading(title: string, subtitle?: string, refLine?: string): Content {
  const parts: Content[] = [{ text: title, style: "title" }];
  if (subtitle) parts.push({ text: subtitle, style: "subtitle" });
  if (refLine) parts.push({ text: refLine, style: "refLine" });
  return parts;
}

/**
 * Column widths of a full-width table, its one "*" column given the width it would have, as a
 * number. pdfmake widens a "*" column to the table's longest word, so a value without spaces (an
 * e-mail, a hyphen-less surname, an order number) would push the table past the page's right
 * edge; a column of fixed width keeps the table on the page and breaks such a word to fit.
 * Paddings and vertical lines are counted as pdfmake counts them (its defaults: 4 pt, 1 pt).
 */
export function fixedWidths(widths: Array<number | "*">, layout: CustomTableLayout, body: TableCell[][]): number[] {
  const node = { table: { widths, body } } as unknown as Parameters<NonNullable<CustomTableLayout["paddingLeft"]>>[1];
  const padLeft = (i: number) => layout.paddingLeft?.(i, node) ?? 4;
  const padRight = (i: number) => layout.paddingRight?.(i, node) ?? 4;
  const vLine = (i: number) => layout.vLineWidth?.(i, node) ?? 1;
  let rest = AVAILABLE_WIDTH - vLine(widths.length);
  widths.forEach((w, i) => {
    rest -= padLeft(i) + padRight(i) + vLine(i) + (w === "*" ? 0 : w);
  });
  return widths.map((w) => (w === "*" ? rest : w));
}

/** A two-column label / value table; values are user text and rendered literally. */
export function fieldTable(rows: Array<[label: string, value: string]>, lang: Lang): Content {
  if (rows.length === 0) return { text: t(lang, "doc-empty-value"), margin: [0, 0, 0, 6] };
  const body: TableCell[][] = rows.map(([label, value]) => [{ text: label, style: "label" }, literal(value, lang) as TableCell]);
  const layout: CustomTableLayout = {
    hLineWidth: (i, node) => (i === 0 || i === node.table.body.length ? 0 : 0.3),
    vLineWidth: () => 0,
    hLineColor: () => "#999999",
    paddingLeft: () => 0,
    paddingTop: () => 3,
    paddingBottom: () => 3,
  };
  return { table: { widths: fixedWidths([150, "*"], layout, body), body, dontBreakRows: true }, layout, margin: [0, 0, 0, 6] };
}

/** "Role: position ________ name" with "(signature)" under the line, then the date line. */
export function signatureBlock(lang: Lang, role: string, name: string, date: string, position?: string): Content {
  const who = position ? `${role}: ${position}` : role;
  const body: TableCell[][] = [
    [literal(who, lang), { text: "", border: [false, false, false, true] }, literal(name, lang, { alignment: "right" })],
    ["", { text: t(lang, "doc-signature-hint"), style: "small", alignment: "center" }, ""],
  ];
  const layout: CustomTableLayout = {
    defaultBorder: false,
    hLineWidth: () => 0.7,
    paddingLeft: (i) => (i === 0 ? 0 : 6),
    paddingRight: (i, node) => (i === (node.table.widths?.length ?? 3) - 1 ? 0 : 6),
  };
  return {
    unbreakable: true,
    margin: [0, 24, 0, 0],
    stack: [
      { table: { widths: fixedWidths([150, 90, "*"], layout, body), body }, layout },
      { text: date, margin: [0, 10, 0, 0] },
    ],
  };
}

/** Footer with the document reference on the left and "page X of Y" on the right. */
export function pageFooter(lang: Lang, reference: string): DynamicContent {
  return (page, pages) => ({
    margin: [70, 10, 50, 0],
    columns: [
      { text: reference, style: "small" },
      { text: t(lang, "doc-page", { page, pages }), style: "small", alignment: "right", width: "auto" },
    ],
  });
}
