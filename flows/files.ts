/**
 * What the system accepts as a document: the real type is read from the first bytes, never
 * from the file name or the MIME type the sender claimed. A parent's upload reaches school
 * staff, so it is made harmless first (see {@link acceptUpload}).
 */
import { createHash } from "node:crypto";
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, PDFRef, type PDFObject } from "pdf-lib";
import sharp from "sharp";

/** What a parent may upload: photos and PDFs. */
export const ACCEPTED_MIME_TYPES = ["image/jpeg", "image/png", "application/pdf"] as const;
export type AcceptedMime = (typeof ACCEPTED_MIME_TYPES)[number];

/** Telegram's Bot API lets a bot download at most 20 MB. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** The real type of `bytes` by magic number, or null when it is none of JPEG, PNG or PDF. */
export function detectFileType(bytes: Uint8Array): AcceptedMime | null {
  const b = bytes;
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return "image/jpeg";
  if (b.length >= 8 && [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a].every((x, i) => b[i] === x)) return "image/png";
  // Readers tolerate junk before "%PDF-", and that is how a file is both an .exe or a web page
  // and a "PDF": only a header at byte 0 counts.
  if (startsWith(b, PDF_HEADER)) return "application/pdf";
  return null;
}

export type FileCheck =
  | { ok: true; mime: AcceptedMime; sha256: string; size: number }
  | { ok: false; reason: "empty" | "too_large" | "unsupported_type" };

/** Check an uploaded file: not empty, not over the limit, and really a JPEG, PNG or PDF. */
export function checkFile(bytes: Uint8Array): FileCheck {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: "too_large" };
  const mime = detectFileType(bytes);
  if (!mime) return { ok: false, reason: "unsupported_type" };
  return { ok: true, mime, sha256: sha256Hex(bytes), size: bytes.length };
}

/** A CMS signature made by NCALayer: stored by the signing flow only, never accepted from a parent. */
export const SIGNATURE_MIME = "application/pkcs7-signature";
/** Every type a stored file may have: what parents may upload, plus signatures the system stores itself. */
export type StoredMime = AcceptedMime | typeof SIGNATURE_MIME;

/** The DER of the OID 1.2.840.113549.1.7.2 (PKCS #7 / CMS signedData), tag and length included. */
const SIGNED_DATA_OID = [0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x07, 0x02];

/**
 * True when `bytes` are exactly one DER `ContentInfo` of type signedData: a SEQUENCE whose
 * length covers the whole input, starting with the signedData OID. The shape only — whether
 * the signature inside is any good is for `verifyCms` to say.
 */
export function isCmsSignedData(bytes: Uint8Array): boolean {
  if (bytes.length < 2 + SIGNED_DATA_OID.length || bytes[0] !== 0x30) return false;
  const first = bytes[1]!;
  let length: number;
  let header: number;
  if (first < 0x80) {
    length = first;
    header = 2;
  } else {
    const n = first & 0x7f;
    // DER: long form only with 1-4 length bytes, no leading zero byte
    if (n < 1 || n > 4 || bytes.length < 2 + n || bytes[2] === 0) return false;
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + bytes[2 + i]!;
    header = 2 + n;
  }
  if (header + length !== bytes.length) return false;
  return SIGNED_DATA_OID.every((x, i) => bytes[header + i] === x);
}

export type SignatureFileCheck =
  | { ok: true; mime: typeof SIGNATURE_MIME; sha256: string; size: number }
  | { ok: false; reason: "empty" | "too_large" | "unsupported_type" };

/**
 * Check a CMS signature before the signing flow stores it. Separate from {@link checkFile} on
 * purpose: a parent's upload is never accepted as a signature file, nor a signature as an upload.
 */
export function checkSignatureFile(bytes: Uint8Array): SignatureFileCheck {
  if (bytes.length === 0) return { ok: false, reason: "empty" };
  if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: "too_large" };
  if (!isCmsSignedData(bytes)) return { ok: false, reason: "unsupported_type" };
  return { ok: true, mime: SIGNATURE_MIME, sha256: sha256Hex(bytes), size: bytes.length };
}

const PDF_HEADER = [0x25, 0x50, 0x44, 0x46, 0x2d]; // "%PDF-"
const startsWith = (b: Uint8Array, head: number[], at = 0) => b.length >= at + head.length && head.every((x, i) => b[at + i] === x);
const isWebp = (b: Uint8Array) => startsWith(b, [0x52, 0x49, 0x46, 0x46]) && startsWith(b, [0x57, 0x45, 0x42, 0x50], 8); // RIFF....WEBP

/** Why an upload was refused; each has its own answer to the parent (what to send instead). */
export type UploadRefusal = "empty" | "too_large" | "unsupported_type" | "unreadable" | "active_content";

/** What staff receive: a photo is always a fresh JPEG, a PDF is passed on as sent. */
export type UploadMime = "image/jpeg" | "application/pdf";

/** An upload that passed {@link acceptUpload}: the bytes to store (a photo re-encoded), their type, hash and size. */
export type AcceptedUpload = { ok: true; mime: UploadMime; bytes: Uint8Array; sha256: string; size: number };
export type UploadCheck = AcceptedUpload | { ok: false; reason: UploadRefusal };

/** The longer side of a re-encoded photo: a phone photo of an A4 page stays readable at 4096 px. */
export const MAX_PHOTO_SIDE = 4096;

/**
 * Make a parent's upload safe to pass to school staff, or refuse it.
 * - JPEG, PNG and WebP are decoded and re-encoded as JPEG: whatever else the file carried
 *   (EXIF with the home's GPS position, a second file appended after the image) is not copied.
 *   The orientation is applied to the pixels, so the page stays upright without EXIF.
 * - A PDF must be one from its first byte to its `%%EOF`, load in pdf-lib, have pages, and
 *   contain nothing that runs or opens something: JavaScript, launch or form-submit actions,
 *   automatic actions, embedded files, rich media, XFA forms. Password-protected PDFs cannot
 *   be checked and are refused.
 * - Anything else is refused.
 * The hash and size are of the bytes that will be stored.
 */
export async function acceptUpload(input: Uint8Array): Promise<UploadCheck> {
  if (input.length === 0) return { ok: false, reason: "empty" };
  if (input.length > MAX_FILE_BYTES) return { ok: false, reason: "too_large" };
  const type = detectFileType(input);
  if (type === "image/jpeg" || type === "image/png" || isWebp(input)) {
    const bytes = await reencodePhoto(input);
    if (!bytes) return { ok: false, reason: "unreadable" };
    if (bytes.length > MAX_FILE_BYTES) return { ok: false, reason: "too_large" };
    return { ok: true, mime: "image/jpeg", bytes, sha256: sha256Hex(bytes), size: bytes.length };
  }
  if (type === "application/pdf") {
    const verdict = await inspectPdf(input);
    if (verdict !== "ok") return { ok: false, reason: verdict };
    return { ok: true, mime: "application/pdf", bytes: input, sha256: sha256Hex(input), size: input.length };
  }
  return { ok: false, reason: "unsupported_type" };
}

async function reencodePhoto(input: Uint8Array): Promise<Uint8Array | null> {
  const formats = new Set(["jpeg", "png", "webp"]);
  try {
    // failOn "error": a truncated or corrupt image is refused rather than half-decoded; the pixel
    // limit keeps a tiny file that claims gigapixels from taking the process's memory.
    const image = sharp(input, { failOn: "error", limitInputPixels: 100_000_000 });
    const meta = await image.metadata();
    if (!formats.has(meta.format)) return null;
    const out = await image
      .rotate()
      .resize({ width: MAX_PHOTO_SIDE, height: MAX_PHOTO_SIDE, fit: "inside", withoutEnlargement: true })
      // Transparent areas of a PNG would turn black in a JPEG.
      .flatten({ background: "#ffffff" })
      // Huffman tables are not optimised (a second pass over the image): a third less CPU per
      // photo (bench/README.md, run 15) for files about a tenth larger.
      .jpeg({ quality: 85, optimiseCoding: false })
      .toBuffer();
    return new Uint8Array(out.buffer, out.byteOffset, out.length);
  } catch {
    return null;
  }
}

/** Dictionary keys that make a PDF do something by itself or carry other files. */
const ACTIVE_KEYS = new Set(["JS", "JavaScript", "AA", "EmbeddedFiles", "EF", "RichMedia", "RichMediaContent", "XFA"]);
/** Action and object types that run code, open other files or send data somewhere. */
const ACTIVE_TYPES = new Set([
  "JavaScript",
  "Launch",
  "SubmitForm",
  "ImportData",
  "GoToR",
  "GoToE",
  "Rendition",
  "RichMediaExecute",
  "EmbeddedFile",
  "RichMedia",
]);

async function inspectPdf(bytes: Uint8Array): Promise<"ok" | "unreadable" | "active_content"> {
  // A reader finds the cross-reference from the end: a file without "%%EOF" near its end is
  // damaged or has something else glued after the PDF.
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 1024))).toString("latin1");
  if (!tail.includes("%%EOF")) return "unreadable";
  // Checked before parsing as well: a name the parser does not reach (an object outside the
  // cross-reference, a broken object) is still in the bytes a reader may recover.
  if (rawActiveContent(bytes)) return "active_content";
  let doc: PDFDocument;
  try {
    doc = await PDFDocument.load(bytes, { ignoreEncryption: false, throwOnInvalidObject: true, updateMetadata: false });
    if (doc.getPageCount() < 1) return "unreadable";
  } catch {
    return "unreadable";
  }
  // Every object the parser found, compressed object streams included (pdf-lib unpacks them).
  for (const [, object] of doc.context.enumerateIndirectObjects()) {
    if (hasActiveContent(object, 0)) return "active_content";
  }
  return "ok";
}

function hasActiveContent(object: PDFObject, depth: number): boolean {
  if (depth > 64) return true; // nesting no real document has: refuse rather than recurse without end
  if (object instanceof PDFRawStream) return hasActiveContent(object.dict, depth + 1);
  if (object instanceof PDFName) return ACTIVE_TYPES.has(object.decodeText());
  if (object instanceof PDFArray) return object.asArray().some((o) => hasActiveContent(o, depth + 1));
  if (object instanceof PDFDict) {
    for (const [key, value] of object.entries()) {
      if (ACTIVE_KEYS.has(key.decodeText())) return true;
      if (!(value instanceof PDFRef) && hasActiveContent(value, depth + 1)) return true;
    }
  }
  return false;
}

/** The names of {@link ACTIVE_KEYS} and {@link ACTIVE_TYPES} anywhere outside stream data. */
function rawActiveContent(bytes: Uint8Array): boolean {
  const text = Buffer.from(bytes).toString("latin1");
  // Stream data is compressed or binary and may hold these letters by chance; the objects
  // between streams are text, and a name may hide its letters as #xx escapes.
  const outside = text.replace(/\bstream\r?\n[\s\S]*?\bendstream\b/g, " ");
  for (const match of outside.matchAll(/\/((?:[^\s/<>[\]()%{}]|#[0-9a-fA-F]{2})+)/g)) {
    const name = match[1]!.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
    if (ACTIVE_KEYS.has(name) || ACTIVE_TYPES.has(name)) return true;
  }
  return false;
}

const EXTENSIONS: Record<StoredMime, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "application/pdf": "pdf",
  [SIGNATURE_MIME]: "p7s",
};

/**
 * The name a file reaches staff under, made by the system: `2026-000001-birth-certificate-1.pdf`.
 * The name a parent gave is never used — it can say "spravka.pdf" while being "spravka\u202Efdp.exe",
 * and the extension comes from the real type, not from what the sender wrote.
 */
export function systemFileName(input: { number: string; part: string; index?: number; mime: string }): string {
  const clean = (s: string) =>
    s
      .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  const ext = EXTENSIONS[input.mime as StoredMime] ?? "bin";
  return [clean(input.number), clean(input.part), input.index].filter((x) => x !== undefined && x !== "").join("-") + `.${ext}`;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
