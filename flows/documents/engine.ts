/**
 * The PDF engine: one pdfmake instance per process, configured once, that turns a document
 * definition into bytes. Every document kind goes through {@link renderPdf}.
 *
 * Safety: documents carry text typed by parents. pdfmake in Node can download URLs and read
 * local files (images, attachments, fonts given as paths), so both of its access policies are
 * set to refuse everything. Our fonts never touch either path: they sit in pdfmake's in-memory
 * virtual file system (see fonts.ts).
 */
import pdfmakeSingleton from "pdfmake";
import type { Content, DynamicContent, TDocumentDefinitions, TFontDictionary } from "pdfmake/interfaces.js";
import type { Lang } from "#root/flows/i18n.ts";
import { FONT_FAMILY, FONT_FILES, fontFileContents, type FontStyle } from "./fonts.ts";
import { printableContent } from "./printable.ts";

type Pdfmake = typeof pdfmakeSingleton;

/** pdfmake's in-memory file system (present in Node, absent from the typings). */
interface VirtualFs {
  writeFileSync(name: string, content: Buffer): void;
}

/** Names under which our fonts live in the virtual file system; namespaced to avoid clashes. */
const VFS_DIR = "school-docs-fonts";

/** Why a resource was refused; kept so tests and logs can show what a document asked for. */
export interface DeniedAccess {
  kind: "url" | "local";
  target: string;
}

const deniedListeners = new Set<(denied: DeniedAccess) => void>();

/** Listen to refused URL/file accesses (for tests and logging). Returns the unsubscribe function. */
export function onDeniedAccess(listener: (denied: DeniedAccess) => void): () => void {
  deniedListeners.add(listener);
  return () => deniedListeners.delete(listener);
}

function deny(kind: DeniedAccess["kind"], target: string): false {
  for (const listener of deniedListeners) listener({ kind, target });
  return false;
}

let engine: Pdfmake | undefined;

/**
 * The configured pdfmake instance (exported for the access-policy tests). A private instance (same class as the module's singleton)
 * so that nothing else in the process can change our fonts or loosen our access policies.
 */
export function pdfEngine(): Pdfmake {
  if (engine) return engine;
  const instance = new (pdfmakeSingleton.constructor as new () => Pdfmake)();
  const vfs = (instance as unknown as { virtualfs?: VirtualFs }).virtualfs;
  if (!vfs) throw new Error("pdfmake has no virtual file system: is pdfmake 0.3 (server build) installed?");

  const contents = fontFileContents();
  const family: Partial<Record<FontStyle, string>> = {};
  for (const style of Object.keys(FONT_FILES) as FontStyle[]) {
    const name = `${VFS_DIR}/${FONT_FILES[style]}`;
    vfs.writeFileSync(name, contents[style]);
    family[style] = name;
  }
  instance.setFonts({ [FONT_FAMILY]: family } as TFontDictionary);
  instance.setUrlAccessPolicy((url) => deny("url", url));
  instance.setLocalAccessPolicy((path) => deny("local", path));
  engine = instance;
  return instance;
}

/** The footer, with its text made printable on every page. */
function printableFooter(footer: DynamicContent): DynamicContent {
  return (page, pages, size) => printableContent(footer(page, pages, size));
}

/** Fixed document information; with a fixed creation date it makes the bytes reproducible. */
export interface PdfMeta {
  lang: Lang;
  title: string;
  author: string;
  subject: string;
  /** ISO date-time; becomes CreationDate and, through it, the PDF file ID. */
  createdAt: string;
}

/** Producer and creator written into every document; constant so the bytes do not drift. */
export const PDF_PRODUCER = "school-services-desk documents";

/**
 * Render `content` to PDF bytes. Deterministic: pdfkit derives the file ID from the document
 * information (an MD5 of it, no randomness), and we fix every field of it, including the
 * creation date. Same content and meta → same bytes.
 */
export async function renderPdf(
  content: Content,
  meta: PdfMeta,
  extra: Partial<Pick<TDocumentDefinitions, "footer" | "styles">> = {},
): Promise<Uint8Array> {
  const createdAt = new Date(meta.createdAt);
  if (Number.isNaN(createdAt.getTime())) {
    throw new Error(`Document date "${meta.createdAt}" is not an ISO date-time; pass e.g. 2025-03-12T09:30:00+05:00`);
  }
  const definition: TDocumentDefinitions = {
    pageSize: "A4",
    pageMargins: [70, 50, 50, 50],
    language: meta.lang === "kk" ? "kk-KZ" : "ru-RU",
    info: {
      title: meta.title,
      author: meta.author,
      subject: meta.subject,
      creator: PDF_PRODUCER,
      producer: PDF_PRODUCER,
      creationDate: createdAt,
    },
    defaultStyle: { font: FONT_FAMILY, fontSize: 11, lineHeight: 1.2 },
    // Parents' text may hold what the font cannot draw (emoji, bidi marks): left out, never a box.
    content: printableContent(content),
    ...extra,
    ...(extra.footer
      ? { footer: typeof extra.footer === "function" ? printableFooter(extra.footer) : printableContent(extra.footer) }
      : {}),
  };
  const buffer = await pdfEngine().createPdf(definition).getBuffer();
  return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
}
