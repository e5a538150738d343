/**
 * Reading a rendered PDF as poppler does: its text (pdftotext), where each word is drawn
 * (pdftotext -bbox), its page count, its fonts (pdffonts), and the glyphs it draws that the font
 * does not have (.notdef: an empty box on paper, whatever the text layer says).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { inflateSync } from "node:zlib";

export interface PdfWord {
  text: string;
  page: number;
  xMin: number;
  yMin: number;
  xMax: number;
  yMax: number;
}

export interface PdfReading {
  /** The text, as pdftotext gives it. */
  text: string;
  pages: number;
  /** The page size in points, of the first page. */
  width: number;
  height: number;
  words: PdfWord[];
  /** pdffonts' rows (after its two header lines). */
  fonts: string[];
  /** How many glyphs the pages draw as glyph 0 (.notdef). */
  notdef: number;
}

const decode = (s: string) =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");

/** Glyph ids are written as 4-hex-digit groups in the TJ arrays of the page streams (Identity-H). */
function notdefGlyphs(bytes: Uint8Array): number {
  const pdf = Buffer.from(bytes).toString("latin1");
  let count = 0;
  for (const m of pdf.matchAll(/stream\r?\n/g)) {
    const start = m.index + m[0].length;
    let body: string;
    try {
      body = inflateSync(Buffer.from(pdf.slice(start, pdf.indexOf("endstream", start)), "latin1")).toString("latin1");
    } catch {
      continue; // not a Flate stream (or not one at all)
    }
    for (const run of body.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      for (const hex of run[1]!.matchAll(/<([0-9a-fA-F]*)>/g)) {
        for (let i = 0; i < hex[1]!.length; i += 4) if (hex[1]!.slice(i, i + 4) === "0000") count++;
      }
    }
  }
  return count;
}

export function readPdf(bytes: Uint8Array): PdfReading {
  const dir = mkdtempSync(join(tmpdir(), "pdf-read-"));
  try {
    const file = join(dir, "doc.pdf");
    writeFileSync(file, bytes);
    const run = (cmd: string, args: string[]) => execFileSync(cmd, [...args], { encoding: "utf8" });
    const text = run("pdftotext", ["-enc", "UTF-8", file, "-"]);
    const bbox = run("pdftotext", ["-enc", "UTF-8", "-bbox", file, "-"]);
    const info = run("pdfinfo", [file]);
    const size = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info)!;
    const words: PdfWord[] = [];
    for (const [i, page] of bbox.split("<page ").slice(1).entries()) {
      for (const m of page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">(.*?)<\/word>/g)) {
        words.push({ text: decode(m[5]!), page: i + 1, xMin: +m[1]!, yMin: +m[2]!, xMax: +m[3]!, yMax: +m[4]! });
      }
    }
    return {
      text,
      pages: Number(/Pages:\s+(\d+)/.exec(info)![1]),
      width: Number(size[1]),
      height: Number(size[2]),
      words,
      fonts: run("pdffonts", [file]).trim().split("\n").slice(2),
      notdef: notdefGlyphs(bytes),
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Whitespace and hyphens dropped: line wrapping (and a word broken to fit) must not fail a lookup. */
export const squash = (s: string) => s.replace(/[\s-]+/g, "");
