/**
 * The parent signs the statement's exact bytes and the school verifies that signature later, so
 * the same data must always give the same bytes — in this process and in a fresh one — and
 * any change in the data must change them.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { demo, renderCertificate, renderOrderNotice, renderReceipt, renderStatement } from "#root/flows/documents/index.ts";

const same = (a: Uint8Array, b: Uint8Array) => Buffer.compare(Buffer.from(a), Buffer.from(b)) === 0;

describe("document bytes are deterministic", () => {
  it("the same statement renders to identical bytes twice, with other documents rendered in between", async () => {
    const first = await renderStatement(demo.statement("kk"));
    // Other documents in between exercise the fonts and shaping caches shared across documents.
    await renderCertificate(demo.certificate("ru"));
    await renderStatement({ ...demo.statement("kk"), answers: [{ label: "Ескертпе", value: "Δ ∆ Ω Ω — басқа мәтін" }] });
    const second = await renderStatement(demo.statement("kk"));
    expect(same(first, second)).toBe(true);
  });

  it("a fresh process renders the statement to the same bytes as this one", async () => {
    const dir = mkdtempSync(join(tmpdir(), "statement-"));
    const out = join(dir, "statement.pdf");
    execFileSync(process.execPath, ["--import", "tsx", "scripts/pdf-sample.ts", "--kind", "statement", "--lang", "ru", "--out", out], {
      stdio: "pipe",
    });
    const here = await renderStatement(demo.statement("ru"));
    expect(same(readFileSync(out), here)).toBe(true);
  });

  it("the school's documents are deterministic too", async () => {
    for (const render of [
      () => renderCertificate(demo.certificate("kk")),
      () => renderReceipt(demo.receipt("ru")),
      () => renderOrderNotice(demo.order("kk")),
    ]) {
      expect(same(await render(), await render())).toBe(true);
    }
  });

  it("changing an answer, the date or the language changes the bytes", async () => {
    const base = await renderStatement(demo.statement("ru"));
    const answer = demo.statement("ru");
    answer.answers[0]!.value = "Дети из многодетных семей";
    const later = { ...demo.statement("ru"), date: "2025-08-20T10:16:00+05:00" };
    for (const other of [answer, later, demo.statement("kk")]) {
      expect(same(base, await renderStatement(other))).toBe(false);
    }
  });

  it("the PDF carries fixed metadata and the application date as its creation date", async () => {
    const dir = mkdtempSync(join(tmpdir(), "statement-"));
    const pdf = join(dir, "s.pdf");
    const data = demo.statement("ru");
    writeFileSync(pdf, await renderStatement(data));
    const info = execFileSync("pdfinfo", ["-isodates", pdf], { encoding: "utf8" });
    expect(info).toMatch(/Title:\s+ЗАЯВЛЕНИЕ № MEAL-2025-000123 от 20\.08\.2025/);
    expect(info).toMatch(new RegExp(`Author:\\s+${data.parent.fullName}`));
    expect(info).toMatch(/Creator:\s+school-services-desk documents/);
    expect(info).toMatch(/Producer:\s+school-services-desk documents/);
    // 10:15 in Kazakhstan (UTC+5) is 05:15 UTC.
    expect(info).toMatch(/CreationDate:\s+2025-08-20T05:15:00/);
  });
});
