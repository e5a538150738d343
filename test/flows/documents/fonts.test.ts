/**
 * No Kazakh letter may fall back to an empty box: the embedded font has a glyph for each,
 * in every style the documents use, and the PDFs embed that font and no other.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FONT_DIR, FONT_FILES } from "#root/flows/documents/fonts.ts";
import { renderDemo } from "#root/flows/documents/index.ts";
import { LOCALES_DIR } from "#root/flows/i18n.ts";

const require = createRequire(import.meta.url);
const fontkit = createRequire(require.resolve("pdfkit", { paths: [require.resolve("pdfmake")] }))("fontkit") as {
  create(buffer: Uint8Array): { hasGlyphForCodePoint(cp: number): boolean };
};

const KAZAKH = "әғқңөұүһіӘҒҚҢӨҰҮҺІ";

describe("fonts", () => {
  it.each(Object.values(FONT_FILES))("%s has a glyph for every Kazakh letter", (file) => {
    const font = fontkit.create(readFileSync(join(FONT_DIR, file)));
    const missing = [...KAZAKH].filter((c) => !font.hasGlyphForCodePoint(c.codePointAt(0)!));
    expect(missing).toEqual([]);
  });

  it("a rendered document embeds subsets of Roboto only, with Unicode maps", async () => {
    const pdf = join(mkdtempSync(join(tmpdir(), "fonts-")), "s.pdf");
    writeFileSync(pdf, await renderDemo("statement", "kk"));
    const rows = execFileSync("pdffonts", [pdf], { encoding: "utf8" }).trim().split("\n").slice(2);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) expect(row).toMatch(/^[A-Z]{6}\+Roboto-\S+\s+CID TrueType\s+Identity-H\s+yes\s+yes\s+yes/);
  });
});

describe("locales/*/documents.ftl", () => {
  const keys = (lang: string) =>
    readFileSync(join(LOCALES_DIR, lang, "documents.ftl"), "utf8")
      .split("\n")
      .map((line) => /^([a-z][a-z0-9-]*)\s*=/.exec(line)?.[1])
      .filter((k): k is string => k !== undefined);

  it("Kazakh and Russian have exactly the same keys", () => {
    expect(keys("kk").length).toBeGreaterThan(30);
    expect(keys("kk").sort()).toEqual(keys("ru").sort());
  });
});
