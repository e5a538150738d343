/**
 * Text a document prints may hold what Telegram makes one tap away: emoji, bidi marks, zero-width
 * spaces, control characters, a letter typed as base + combining mark. None of it may come out as
 * an empty box on an official document: markup is shown as typed, a decomposed letter as the
 * letter, and what the font cannot draw is left out with the spaces around it closed up.
 */
import { describe, expect, it } from "vitest";
import { demo, renderRefusal, renderStatement } from "#root/flows/documents/index.ts";
import { readPdf } from "#root/test/helpers/pdf-text.ts";

const oneLine = (s: string) => s.replace(/\s+/g, " ");

describe("what the font cannot draw", () => {
  it("a refusal comment with emoji, bidi marks, zero-width and control characters prints without a single empty box", async () => {
    const data = {
      ...demo.refusal("kk"),
      comment: "<b>Анықтама</b> &amp; 😀 \u200Fقسم\u200F \u202EҚұжат\u202C Zero\u200Bwidth\u0007 көшірмесі\tқайта 👍🏽",
    };
    const pdf = readPdf(await renderRefusal(data));
    expect(pdf.notdef).toBe(0);
    expect(oneLine(pdf.text)).toContain("<b>Анықтама</b> &amp; Құжат Zerowidth көшірмесі қайта");
  });

  it("a name typed with combining marks prints its letters: й and ё as one glyph each", async () => {
    const data = demo.statement("ru");
    data.answers.push({ label: "Примечание", value: "Сергеи\u0306 Алексеевич Пётр Ёлкин-Се\u0308мина" });
    const pdf = readPdf(await renderStatement(data));
    expect(pdf.notdef).toBe(0);
    expect(oneLine(pdf.text)).toContain("Сергей Алексеевич Пётр Ёлкин-Сёмина");
  });
});
