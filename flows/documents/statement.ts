/**
 * The application statement: the formal letter to the school's director that the parent signs.
 * Its bytes are what the parent's EDS signature covers, so rendering is deterministic.
 */
import type { Content } from "pdfmake/interfaces.js";
import { t } from "#root/flows/i18n.ts";
import { renderPdf } from "./engine.ts";
import { fieldTable, formatDate, heading, literal, pageFooter, schoolName, signatureBlock, styles } from "./layout.ts";
import type { StatementData } from "./types.ts";

/** Header block at the top right: addressee, then who writes. */
function addressBlock(data: StatementData): Content {
  const { lang, school, parent } = data;
  const lines: Content[] = [literal(t(lang, "statement-to-director", { school: schoolName(school, lang) }), lang)];
  if (school.directorName) lines.push(literal(school.directorName, lang));
  lines.push({ text: " " });
  lines.push({ text: [`${t(lang, "doc-field-parent")}: `, { text: parent.fullName, bold: true }] });
  lines.push({ text: `${t(lang, "doc-field-iin")}: ${parent.iin}` });
  lines.push({ text: `${t(lang, "doc-field-phone")}: ${parent.phone}` });
  if (parent.email) lines.push({ text: `${t(lang, "doc-field-email")}: ${parent.email}` });
  return {
    columns: [
      { width: "*", text: "" },
      { width: 250, stack: lines },
    ],
  };
}

function attachmentList(data: StatementData): Content {
  const { lang, attachments } = data;
  if (attachments.length === 0) return { text: t(lang, "statement-no-attachments"), margin: [0, 0, 0, 6] };
  return {
    ol: attachments.map((a) => ({
      text: [{ text: a.label }, { text: ` — ${t(lang, "statement-attachment-pages", { pages: a.pages })}`, style: "label" }],
    })),
    margin: [0, 0, 0, 6],
  };
}

/** The statement as a pdfmake content tree (exported for layout tests). */
export function statementContent(data: StatementData): Content {
  const { lang, child } = data;
  const date = formatDate(data.date);
  return [
    addressBlock(data),
    heading(t(lang, "statement-title"), undefined, t(lang, "doc-number-date", { number: data.number, date })),
    { text: t(lang, "statement-request", { service: data.service.title }), style: "body" },
    { text: t(lang, "statement-child-heading"), style: "heading" },
    fieldTable(
      [
        [t(lang, "doc-field-full-name"), child.fullName],
        [t(lang, "doc-field-iin"), child.iin],
        [t(lang, "doc-field-birth-date"), formatDate(child.birthDate)],
        [t(lang, "doc-field-grade"), t(lang, "doc-grade-value", { grade: child.grade })],
      ],
      lang,
    ),
    { text: t(lang, "statement-answers-heading"), style: "heading" },
    fieldTable(
      data.answers.map((a) => [a.label, a.value]),
      lang,
    ),
    { text: t(lang, "statement-attachments-heading"), style: "heading" },
    attachmentList(data),
    { text: t(lang, "statement-consent"), style: "body", margin: [0, 8, 0, 0] },
    signatureBlock(lang, t(lang, "statement-signer"), data.parent.fullName, t(lang, "doc-date", { date })),
  ];
}

/**
 * Render the statement in `data.lang`. Deterministic: the same data gives the same bytes
 * (creation date = the application date), so a signature over them can be verified later.
 */
export async function renderStatement(data: StatementData): Promise<Uint8Array> {
  const title =
    `${t(data.lang, "statement-title")} ` + `${t(data.lang, "doc-number-date", { number: data.number, date: formatDate(data.date) })}`;
  return renderPdf(
    statementContent(data),
    { lang: data.lang, title, author: data.parent.fullName, subject: data.service.title, createdAt: data.date },
    { styles, footer: pageFooter(data.lang, t(data.lang, "doc-application-ref", { number: data.number, date: formatDate(data.date) })) },
  );
}
