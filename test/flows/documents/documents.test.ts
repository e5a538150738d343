/**
 * Every document kind in both languages carries what a parent or school reads on it: the school,
 * the child, the application number, every answer and attachment, the issuing staff member —
 * and every Kazakh letter survives into the PDF's text. Page 1 of each goes to
 * test-artifacts/documents/ as a PNG to look at.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  demo,
  renderCertificate,
  renderOrderNotice,
  renderReceipt,
  renderStatement,
  type ApplicationRef,
} from "#root/flows/documents/index.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { scanQr } from "#root/test/helpers/qr.ts";

const ARTIFACTS = join(process.cwd(), "test-artifacts", "documents");
mkdirSync(ARTIFACTS, { recursive: true });

const KAZAKH_LETTERS = [..."әғқңөұүһіӘҒҚҢӨҰҮҺІ"];

/** Write the PDF and its page-1 PNG as artifacts; return the extracted text with all whitespace removed. */
function extract(bytes: Uint8Array, name: string): string {
  const pdf = join(ARTIFACTS, `${name}.pdf`);
  writeFileSync(pdf, bytes);
  execFileSync("pdftoppm", ["-png", "-r", "60", "-f", "1", "-l", "1", pdf, join(ARTIFACTS, name)]);
  return squash(execFileSync("pdftotext", ["-enc", "UTF-8", pdf, "-"], { encoding: "utf8" }));
}

/**
 * Whitespace and ASCII hyphens are dropped on both sides: line wrapping in the PDF (and
 * pdftotext joining "мектеп-" + "гимназиясы" at a line end) must not fail a lookup.
 */
const squash = (s: string) => s.replace(/[\s-]+/g, "");

/** The child's name carries every Kazakh letter, so every kk document must show them all. */
function withAllKazakhLetters<T extends ApplicationRef>(data: T): T {
  if (data.lang === "kk") data.child.fullName = `Әлімов Ұлан Нұрланұлы (${KAZAKH_LETTERS.join("")})`;
  return data;
}

function expectCommon(text: string, data: ApplicationRef): void {
  expect(text).toContain(squash(data.lang === "kk" ? data.school.nameKk : data.school.nameRu));
  expect(text).toContain(squash(data.child.fullName));
  expect(text).toContain(squash(data.child.iin));
  expect(text).toContain(squash(data.number));
  if (data.lang === "kk") for (const letter of KAZAKH_LETTERS) expect(text, `letter ${letter}`).toContain(letter);
}

describe.each<Lang>(["kk", "ru"])("documents in %s", (lang) => {
  it("the statement lists the addressee, the parent, every answer and attachment, date and signature line", async () => {
    const data = withAllKazakhLetters(demo.statement(lang));
    const text = extract(await renderStatement(data), `statement-${lang}`);
    expectCommon(text, data);
    expect(text).toContain(squash(t(lang, "statement-to-director", { school: lang === "kk" ? data.school.nameKk : data.school.nameRu })));
    expect(text).toContain(squash(t(lang, "statement-title")));
    for (const value of [data.parent.fullName, data.parent.iin, data.parent.phone, data.service.title, "20.08.2025"]) {
      expect(text).toContain(squash(value));
    }
    for (const answer of data.answers) {
      expect(text).toContain(squash(answer.label));
      expect(text).toContain(squash(answer.value));
    }
    for (const attachment of data.attachments) {
      expect(text).toContain(squash(`${attachment.label} — ${t(lang, "statement-attachment-pages", { pages: attachment.pages })}`));
    }
    expect(text).toContain(squash(t(lang, "doc-signature-hint")));
  });

  it("the meals certificate states the category, the period, the issuer and the issue date", async () => {
    const data = withAllKazakhLetters(demo.certificate(lang));
    const text = extract(await renderCertificate(data), `certificate-${lang}`);
    expectCommon(text, data);
    expect(text).toContain(squash(t(lang, "certificate-title")));
    expect(text).toContain(squash(data.category));
    expect(text).toContain(squash(t(lang, "doc-period", { from: "01.09.2025", to: "25.05.2026" })));
    expect(text).toContain(squash(data.staff.fullName));
    expect(text).toContain(squash(t(lang, "doc-issue-date", { date: "26.08.2025" })));
  });

  it("the receipt lists every document received with its pages, the staff member and the date", async () => {
    const data = withAllKazakhLetters(demo.receipt(lang));
    const text = extract(await renderReceipt(data), `receipt-${lang}`);
    expectCommon(text, data);
    expect(text).toContain(squash(t(lang, "receipt-title")));
    expect(text).toContain(squash(data.parent.fullName));
    for (const doc of data.documents) expect(text).toContain(squash(doc.label));
    expect(text).toContain(squash(t(lang, "receipt-total", { count: data.documents.length })));
    expect(text).toContain(squash(data.staff.fullName));
    expect(text).toContain(squash(t(lang, "doc-issue-date", { date: "02.09.2025" })));
  });

  it("the order notice gives the order number and date, the period, the issuer and the date", async () => {
    const data = withAllKazakhLetters(demo.order(lang));
    const text = extract(await renderOrderNotice(data), `order-${lang}`);
    expectCommon(text, data);
    expect(text).toContain(squash(t(lang, "order-body", { orderNumber: data.order.number, orderDate: "03.09.2025" })));
    expect(text).toContain(squash(t(lang, "doc-period", { from: "04.09.2025", to: "26.12.2025" })));
    expect(text).toContain(squash(data.staff.fullName));
    expect(text).toContain(squash(t(lang, "doc-issue-date", { date: "04.09.2025" })));
  });
});

describe.each<Lang>(["kk", "ru"])("the school's documents can be checked by anyone (%s)", (lang) => {
  const kinds = [
    ["certificate", () => renderCertificate(demo.certificate(lang)), demo.certificate(lang).check],
    ["receipt", () => renderReceipt(demo.receipt(lang)), demo.receipt(lang).check],
    ["order", () => renderOrderNotice(demo.order(lang)), demo.order(lang).check],
  ] as const;

  it.each(kinds)(
    "the %s carries its own number, a QR code of the check address, and the address and code printed under it",
    async (kind, render, check) => {
      const bytes = await render();
      const text = extract(bytes, `${kind}-check-${lang}`);
      expect(text).toContain(squash(t(lang, "doc-number-date", { number: check.number, date: "" })));
      expect(text).toContain(squash(check.url));
      expect(text).toContain(squash(t(lang, "doc-check-code", { code: check.code })));
      expect(await scanQr(bytes)).toBe(check.url);
    },
  );
});

describe("document content edge cases", () => {
  it("a statement without attachments says so instead of an empty list", async () => {
    const data = { ...demo.statement("ru"), attachments: [] };
    const text = extract(await renderStatement(data), "statement-no-attachments-ru");
    expect(text).toContain(squash(t("ru", "statement-no-attachments")));
  });

  it("dates are printed in Kazakhstan time (UTC+5), not the host's", async () => {
    // 20:30 UTC on 31 Aug is already 1 September in Kazakhstan.
    const data = { ...demo.statement("ru"), date: "2025-08-31T20:30:00Z" };
    const text = extract(await renderStatement(data), "statement-utc-ru");
    expect(text).toContain(squash(t("ru", "doc-date", { date: "01.09.2025" })));
  });

  it("a malformed date is refused with a message that says what to pass", async () => {
    await expect(renderStatement({ ...demo.statement("kk"), date: "yesterday" })).rejects.toThrow(/ISO date/);
  });
});
