/**
 * The fonts embedded in every document, loaded and parsed once per process.
 *
 * Roboto as shipped with pdfmake (node_modules/pdfmake/fonts/Roboto, Apache-2.0) carries every
 * Kazakh Cyrillic letter (ә ғ қ ң ө ұ ү һ і and their capitals), so a fresh clone needs nothing
 * beyond `npm ci`. test/flows/documents/fonts.test.ts guards that coverage.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The font family name used in document definitions. */
export const FONT_FAMILY = "Roboto";

/** Absolute directory of the Roboto files that pdfmake ships. */
export const FONT_DIR = join(dirname(require.resolve("pdfmake/package.json")), "fonts", "Roboto");

/** Style → file name inside {@link FONT_DIR}. Medium reads as bold on paper and is what pdfmake pairs. */
export const FONT_FILES = {
  normal: "Roboto-Regular.ttf",
  bold: "Roboto-Medium.ttf",
  italics: "Roboto-Italic.ttf",
  bolditalics: "Roboto-MediumItalic.ttf",
} as const;

export type FontStyle = keyof typeof FONT_FILES;

/** The subset of fontkit's API this module touches (fontkit ships no types). */
interface Fontkit {
  create(buffer: Uint8Array, postscriptName?: string): unknown;
  registerFormat(format: unknown): void;
}

/** fontkit resolved exactly as pdfkit resolves it, so we register into the instance pdfkit uses. */
function pdfkitFontkit(): Fontkit {
  const pdfkitPath = require.resolve("pdfkit", { paths: [dirname(require.resolve("pdfmake/package.json"))] });
  return createRequire(pdfkitPath)("fontkit") as Fontkit;
}

let coverage: ReadonlySet<number> | undefined;

/**
 * The code points every face of the font draws (its cmap): anything else would come out as
 * an empty box, the font's .notdef glyph. Parsed once per process (~20 ms).
 */
export function fontCoverage(): ReadonlySet<number> {
  if (coverage) return coverage;
  const fontkit = pdfkitFontkit();
  const faces = Object.values(FONT_FILES).map(
    (file) => new Set((fontkit.create(readFileSync(join(FONT_DIR, file))) as { characterSet: number[] }).characterSet),
  );
  coverage = new Set([...faces[0]!].filter((codePoint) => faces.every((face) => face.has(codePoint))));
  return coverage;
}

/**
 * Prefix of the placeholder "font files" handed to pdfmake. fontkit's own formats do not
 * recognise it (it is not an sfnt/WOFF/TTC/DFont header), so only {@link CachedFontFormat} does.
 */
const TOKEN_PREFIX = "kz-school-docs-parsed-font:";

/**
 * Why this exists: pdfkit opens a fresh fontkit font for every PDF, and the first text layout
 * on a fresh Roboto decodes its GPOS kerning tables, about 18 ms per face per document.
 * Sharing one parsed font per face across documents brings a document down to a few ms.
 * pdfkit offers no hook for a pre-parsed font, but fontkit has a public `registerFormat`: we
 * register a "format" that recognises our placeholder buffers and whose constructor returns
 * the cached font. Each PDF still builds its own glyph subset (`font.createSubset()`), so
 * documents do not share anything that ends up in their bytes.
 */
class CachedFontFormat {
  static readonly parsed = new Map<string, unknown>();
  static fontkit: Fontkit;

  static probe(buffer: Uint8Array): boolean {
    return tokenName(buffer) !== undefined;
  }

  constructor(stream: { buffer: Uint8Array }) {
    const name = tokenName(stream.buffer);
    if (name === undefined) throw new Error("CachedFontFormat: probe and constructor disagree");
    let font = CachedFontFormat.parsed.get(name);
    if (!font) {
      font = shareAcrossDocuments(CachedFontFormat.fontkit.create(readFileSync(join(FONT_DIR, name))) as SharedFont);
      CachedFontFormat.parsed.set(name, font);
    }
    // A constructor may return another object: fontkit's `create` then hands out the cached font.
    // biome-ignore lint/correctness/noConstructorReturn: returning the cached font is the point of this format
    return font as CachedFontFormat;
  }
}

/** The parts of a fontkit font that {@link shareAcrossDocuments} wraps. */
interface SharedFont {
  characterSet: number[];
  glyphForCodePoint(codePoint: number): { id: number };
  getGlyph(id: number, codePoints?: number[]): unknown;
  layout(text: string, ...rest: unknown[]): GlyphRun;
  _glyphs: Record<number, unknown>;
}

interface GlyphRun {
  glyphs: unknown[];
  positions: object[];
}

/** Shaped words kept across documents; cleared when full so parents' text cannot grow it forever. */
const LAYOUT_CACHE_LIMIT = 20_000;

/**
 * Make one parsed font safe and fast to share between documents:
 * - Shaping cache: pdfkit caches shaped words per document only, and shaping (GSUB/GPOS) is
 *   most of a document's render time. pdfkit scales the positions of a run in place, so every
 *   caller gets a fresh copy of the cached positions; glyph objects are read-only there.
 * - Ligatures are off, so text copied out of a PDF is the text that went in.
 * - Glyphs reachable from several code points (in Roboto: Δ/∆, Ω/Ω) are not kept in fontkit's
 *   glyph cache: the cached glyph remembers the code point of its first use, which would make
 *   the text layer of a PDF depend on what the process rendered before it.
 */
function shareAcrossDocuments(font: SharedFont): SharedFont {
  const codePointsPerGlyph = new Map<number, number>();
  for (const codePoint of font.characterSet) {
    const id = font.glyphForCodePoint(codePoint).id;
    codePointsPerGlyph.set(id, (codePointsPerGlyph.get(id) ?? 0) + 1);
  }
  const ambiguous = new Set([...codePointsPerGlyph].filter(([, n]) => n > 1).map(([id]) => id));
  const getGlyph = font.getGlyph.bind(font);
  font.getGlyph = (id, codePoints) => {
    const glyph = getGlyph(id, codePoints);
    if (ambiguous.has(id)) delete font._glyphs[id];
    return glyph;
  };

  const layout = font.layout.bind(font);
  const shaped = new Map<string, GlyphRun>();
  font.layout = (text, ...rest) => {
    // pdfmake only passes extra arguments for explicit font features; those are not cached.
    if (rest.some((arg) => arg !== undefined)) return layout(text, ...rest);
    let run = shaped.get(text);
    if (!run) {
      if (shaped.size >= LAYOUT_CACHE_LIMIT) shaped.clear();
      // No ligatures: Roboto's "fi"/"fl" glyphs would copy out of the PDF as U+FB01/U+FB02,
      // garbling e-mail addresses and Latin names. A fresh object: fontkit writes into it.
      run = layout(text, { liga: false });
      shaped.set(text, run);
    }
    return cloneRun(run);
  };
  return font;
}

function cloneRun(run: GlyphRun): GlyphRun {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRun, run);
  copy.glyphs = run.glyphs.slice();
  copy.positions = run.positions.map((p) => Object.assign(Object.create(Object.getPrototypeOf(p) as object) as object, p));
  return copy;
}

function tokenName(buffer: Uint8Array): string | undefined {
  if (buffer.length > 200) return undefined;
  const text = Buffer.from(buffer.buffer, buffer.byteOffset, buffer.byteLength).toString("latin1");
  return text.startsWith(TOKEN_PREFIX) ? text.slice(TOKEN_PREFIX.length) : undefined;
}

let fontBytes: Record<FontStyle, Buffer> | undefined;

/**
 * The bytes pdfmake should treat as each font file. Normally tiny placeholders resolved to the
 * shared parsed fonts; if fontkit ever drops `registerFormat`, the real TTF bytes (slower, same
 * output). Computed once per process.
 */
export function fontFileContents(): Record<FontStyle, Buffer> {
  if (fontBytes) return fontBytes;
  const fontkit = pdfkitFontkit();
  const cached = typeof fontkit.registerFormat === "function";
  if (cached) {
    CachedFontFormat.fontkit = fontkit;
    fontkit.registerFormat(CachedFontFormat);
  }
  const entries = Object.entries(FONT_FILES).map(([style, file]) => {
    const bytes = cached ? Buffer.from(TOKEN_PREFIX + file, "latin1") : readFileSync(join(FONT_DIR, file));
    return [style, bytes] as const;
  });
  fontBytes = Object.fromEntries(entries) as Record<FontStyle, Buffer>;
  return fontBytes;
}
