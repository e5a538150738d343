/**
 * Every document kind, in Kazakh and in Russian, with the data a real school sends at its
 * worst: every Kazakh letter in the names, a 150-character school name pasted from the registry
 * (with the invisible left-to-right mark such a copy brings), a 100-character child's name with
 * a hyphenated surname, a file name (one unbreakable word) in a typed value, 500 characters of a
 * refusal comment, thirty documents. Read back with poppler: every word is there, no letter is an
 * empty box, nothing is drawn past the page's margins — a long value takes more lines and pages.
 */
import { describe, expect, it } from "vitest";
import {
  demo,
  renderCertificate,
  renderOrderNotice,
  renderReceipt,
  renderRefusal,
  renderStatement,
  type ApplicationRef,
} from "#root/flows/documents/index.ts";
import { LANGS, t, type Lang } from "#root/flows/i18n.ts";
import { readPdf, squash, type PdfReading } from "#root/test/helpers/pdf-text.ts";

const KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";
/** 150 characters, as the registry names a school; copied from a web page, with a left-to-right mark. */
const SCHOOL =
  "Алматы облысы Қарасай ауданы әкімдігінің «№ 1 ҮШҚОҢЫР мектеп-гимназиясы» Ілияс атындағы шаруашылық жүргізу " +
  "құқығындағы Өркениет шаһары коммуналдық кәсіпорны\u200E";
const CHILD = "Қоңырбаев-Өтебаева-Ғалымжанова-Һамитова Әлихан-Ұлжан Ғалымұлы Іңкәр-Төлеген Нұрсұлтанқызы-Ақжарқынай";
const PARENT = "Қоңырбаева-Өтебаева Гауһар Ғалымқызы";
const STAFF = { fullName: "Жұмабаева-Ұлықбекова Әйгерім Серікқызы", position: "Директордың оқу ісі жөніндегі орынбасары" };
/** A file name pasted into a typed value: one "word", with no place to break it, wider than the value's column. */
const FILE = "Отбасы_құрамы_туралы_анықтама_Қоңырбаева_Өтебаева_Ғалымжанова_2026_08_28.pdf";
/** 500 characters of a staff member's comment to a refusal, with the file name in it. */
const MISSING = "денсаулық паспорты, егу картасы және тұрғылықты жері туралы анықтама қайта ұсынылуы қажет; ";
const COMMENT = `Ұсынылған құжаттар толық емес, ${FILE} файлы ашылмайды; тізбеге сәйкес ${MISSING.repeat(5)}`.slice(0, 500);
const ORDER_NUMBER = "147-Ж/2026";
const NUMBER = "MEAL-2026-000123";

const school = () => ({ nameKk: SCHOOL, nameRu: SCHOOL, bin: "010540001234", directorName: "Сейтқалиева Айгүл Бақытқызы" });
const child = (c: ApplicationRef["child"]) => ({ ...c, fullName: CHILD });
const documents = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ label: `${i + 1}-құжат: ${KAZAKH} анықтамасының көшірмесі`, pages: i + 1 }));

type Case = { kind: string; render: () => Promise<Uint8Array>; values: string[]; minPages: number };

function cases(lang: Lang): Case[] {
  const statement = { ...demo.statement(lang), number: NUMBER, school: school(), child: child(demo.statement(lang).child) };
  statement.parent.fullName = PARENT;
  statement.answers.push({ label: KAZAKH, value: FILE });
  statement.attachments = documents(30);
  const issued = <T extends ReturnType<(typeof demo)["certificate" | "receipt" | "order" | "refusal"]>>(d: T): T => ({
    ...d,
    number: NUMBER,
    school: school(),
    child: child(d.child),
    staff: STAFF,
  });
  const receipt = { ...issued(demo.receipt(lang)), parent: { fullName: PARENT, iin: "881103400427" }, documents: documents(30) };
  const refusal = { ...issued(demo.refusal(lang)), parent: { fullName: PARENT, iin: "881103400427" }, comment: COMMENT };
  const homeOrder = { ...issued(demo.order(lang)), order: { number: ORDER_NUMBER, date: "2026-08-28" } };
  const firstGrade = {
    ...homeOrder,
    child: { ...homeOrder.child, grade: 1 },
    period: undefined,
    schoolYear: 2026,
    texts: { subtitle: "services-first-grade-order-subtitle", body: "services-first-grade-order-body" },
  };
  const common = [SCHOOL, CHILD, NUMBER, STAFF.fullName, STAFF.position];
  return [
    {
      kind: "statement",
      render: () => renderStatement(statement),
      values: [SCHOOL, CHILD, NUMBER, PARENT, FILE, ...statement.attachments.map((a) => a.label)],
      minPages: 2,
    },
    { kind: "certificate", render: () => renderCertificate(issued(demo.certificate(lang))), values: common, minPages: 1 },
    {
      kind: "receipt",
      render: () => renderReceipt(receipt),
      values: [...common, PARENT, ...receipt.documents.map((d) => d.label)],
      minPages: 2,
    },
    { kind: "order (home schooling)", render: () => renderOrderNotice(homeOrder), values: [...common, ORDER_NUMBER], minPages: 1 },
    { kind: "order (first grade)", render: () => renderOrderNotice(firstGrade), values: [...common, ORDER_NUMBER], minPages: 1 },
    { kind: "refusal", render: () => renderRefusal(refusal), values: [...common, PARENT, refusal.reason, COMMENT], minPages: 1 },
  ];
}

/** The page's text area: A4 less the margins set in engine.ts (70 left, 50 right, 50 top and bottom; the footer below). */
function outsideMargins(pdf: PdfReading): string[] {
  return pdf.words
    .filter((w) => w.xMin < 70 - 0.5 || w.xMax > pdf.width - 50 + 0.5 || w.yMin < 0 || w.yMax > pdf.height - 10)
    .map((w) => `page ${w.page}: "${w.text}" at x ${w.xMin.toFixed(0)}–${w.xMax.toFixed(0)}`);
}

describe.each(LANGS)("documents in %s with long values and every Kazakh letter", (lang) => {
  it.each(cases(lang).map((c) => [c.kind, c] as const))("the %s shows every word, every letter, within the page", async (_, c) => {
    const pdf = readPdf(await c.render());
    const text = squash(pdf.text);
    for (const value of c.values) expect(text, value).toContain(squash(value.replace("\u200E", "")));
    for (const letter of KAZAKH) expect(pdf.text, `letter ${letter}`).toContain(letter);
    expect(pdf.notdef, "glyphs drawn as an empty box").toBe(0);
    expect(outsideMargins(pdf)).toEqual([]);
    expect(pdf.pages).toBeGreaterThanOrEqual(c.minPages);
    // The footer says how many pages there are, and it is right.
    expect(text).toContain(squash(t(lang, "doc-page", { page: pdf.pages, pages: pdf.pages })));
    expect(pdf.fonts.length).toBeGreaterThan(0);
    for (const row of pdf.fonts) expect(row).toMatch(/^[A-Z]{6}\+Roboto-\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });
});
