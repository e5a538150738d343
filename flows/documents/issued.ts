/**
 * The frame shared by the documents a school issues (certificate, receipt, order notice):
 * letterhead, title with the document reference, body, facts table, the issuing staff member's
 * signature line and the issue date.
 */
import type { Content } from "pdfmake/interfaces.js";
import { t } from "../i18n.ts";
import { renderPdf } from "./engine.ts";
import { fieldTable, formatDate, heading, letterhead, pageFooter, schoolName, signatureBlock, styles } from "./layout.ts";
import type { IssuedDocument } from "./types.ts";

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

/** Content tree of an issued document (exported for layout tests). */
export function issuedContent(data: IssuedDocument, layout: IssuedLayout): Content {
  const { lang } = data;
  const issued = formatDate(data.issuedAt);
  return [
    letterhead(data.school, lang),
    heading(layout.title, layout.subtitle, t(lang, "doc-number-date", { number: data.number, date: issued })),
    ...layout.body,
    fieldTable([...standardFacts(data), ...layout.facts], lang),
    ...(layout.after ?? []),
    signatureBlock(lang, layout.signerRole, data.staff.fullName, t(lang, "doc-issue-date", { date: issued }), data.staff.position),
  ];
}

/** Render an issued document; deterministic, with the issue time as its creation date. */
export async function renderIssued(data: IssuedDocument, layout: IssuedLayout): Promise<Uint8Array> {
  const { lang } = data;
  const reference = t(lang, "doc-application-ref", { number: data.number, date: formatDate(data.date) });
  return renderPdf(
    issuedContent(data, layout),
    {
      lang,
      title: `${layout.title} ${t(lang, "doc-number-date", { number: data.number, date: formatDate(data.issuedAt) })}`,
      author: schoolName(data.school, lang),
      subject: layout.subtitle,
      createdAt: data.issuedAt,
    },
    { styles, footer: pageFooter(lang, reference) },
  );
}
