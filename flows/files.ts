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

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash("sha256").update(bytes).digest("hex");
}
