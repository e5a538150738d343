/**
 * What the system accepts as a document: the real type is read from the first bytes, never
 * from the file name or the MIME type the sender claimed.
 */
import { createHash } from "node:crypto";

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
  // "%PDF-" may be preceded by a little garbage (PDF readers allow 1024 bytes); be strict-ish.
  const head = Buffer.from(b.subarray(0, 1024)).toString("latin1");
  if (head.indexOf("%PDF-") >= 0 && head.indexOf("%PDF-") < 1024) return "application/pdf";
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

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
