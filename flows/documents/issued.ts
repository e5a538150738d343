/**
 * The frame shared by the documents a school issues (certificate, receipt, order notice):
 * letterhead, title with the document's own number, body, facts table, the issuing staff
 * member's signature line and the issue date, then the QR code with the check address and code
 * printed under it, so that anyone the paper is shown to can check it.
 */
import type { Content } from "pdfmake/interfaces.js";
import QRCode from "qrcode";
import { t, type Lang } from "#root/flows/i18n.ts";
import { renderPdf } from "./engine.ts";
import { fieldTable, formatDate, heading, letterhead, pageFooter, schoolName, signatureBlock, styles } from "./layout.ts";
import type { DocumentCheck, IssuedDocument } from "./types.ts";

export interface IssuedLayout {
  title: string;
  subtitle: string;
  /** Paragraph(s) before the facts table. */
  body: Content[];
  /** Extra rows after the standard school / child rows. */
  facts: Array<[string, string]>;
  /** Content after the facts table (e.g. a list of documents). */
  after?: Content[];
  /** "Issued by" wording for the signature line. */
  signerRole: string;
}

/** The standard facts every issued document states: school, child, IIN, grade, basis. */
function standardFacts(data: IssuedDocument): Array<[string, string]> {
  const { lang, child } = data;
  return [
    [t(lang, "doc-field-school"), schoolName(data.school, lang)],
    [t(lang, "doc-field-child"), child.fullName],
    [t(lang, "doc-field-iin"), child.iin],
    [t(lang, "doc-field-grade"), t(lang, "doc-grade-value", { grade: child.grade })],
    [t(lang, "doc-field-basis"), t(lang, "doc-application-ref", { number: data.number, date: formatDate(data.date) })],
  ];
}

/** The QR code of the check address as SVG: a plain vector drawing, the same bytes every time. */
export function checkQrSvg(check: DocumentCheck): Promise<string> {
  // Level M survives a crease or a stain on a printed page; no quiet zone, the layout leaves room.
  return QRCode.toString(check.url, { type: "svg", errorCorrectionLevel: "M", margin: 0 });
}

/** The QR code, and under it the check address and the code, then what they are for. */
function checkBlock(lang: Lang, check: DocumentCheck, qrSvg: string): Content {
  return {
    unbreakable: true,
    margin: [0, 18, 0, 0],
    columns: [
      {
        width: 250,
        stack: [
          { svg: qrSvg, width: 84, height: 84 },
          { text: check.url, style: "small", margin: [0, 4, 0, 0] },
          { text: t(lang, "doc-check-code", { code: check.code }), style: "small", bold: true },
        ],
      },
      { width: "*", text: t(lang, "doc-check-hint"), style: "small", margin: [8, 0, 0, 0] },
    ],
  };
}

/** Content tree of an issued document (exported for layout tests). */
export function issuedContent(data: IssuedDocument, layout: IssuedLayout, qrSvg: string): Content {
  const { lang } = data;
  const issued = formatDate(data.issuedAt);
  return [
    letterhead(data.school, lang),
    heading(layout.title, layout.subtitle, t(lang, "doc-number-date", { number: data.check.number, date: issued })),
    ...layout.body,
    fieldTable([...standardFacts(data), ...layout.facts], lang),
    ...(layout.after ?? []),
    signatureBlock(lang, layout.signerRole, data.staff.fullName, t(lang, "doc-issue-date", { date: issued }), data.staff.position),
    checkBlock(lang, data.check, qrSvg),
  ];
}

/** Render an issued document; deterministic, with the issue time as its creation date. */
export async function renderIssued(data: IssuedDocument, layout: IssuedLayout): Promise<Uint8Array> {
  const { lang } = data;
  // The footer names the document itself, then the statement it answers.
  const own = `${layout.title} ${t(lang, "doc-number-date", { number: data.check.number, date: formatDate(data.issuedAt) })}`;
  const reference = `${own} · ${t(lang, "doc-application-ref", { number: data.number, date: formatDate(data.date) })}`;
  return renderPdf(
    issuedContent(data, layout, await checkQrSvg(data.check)),
    {
      lang,
      title: own,
      author: schoolName(data.school, lang),
      subject: layout.subtitle,
      createdAt: data.issuedAt,
    },
    { styles, footer: pageFooter(lang, reference) },
  );
}
