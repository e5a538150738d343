/** Uploaded documents: the descriptor and the checks the bot applies to each upload. */
import { ACCEPTED_MIME_TYPES, MAX_FILE_BYTES, type FieldResult, type FilesDescriptor } from "./types.ts";

/** A files descriptor with the service-wide types and size limit. */
export function filesDescriptor(minCount: number, maxCount: number): FilesDescriptor {
  if (!(Number.isInteger(minCount) && Number.isInteger(maxCount) && 0 <= minCount && minCount <= maxCount && maxCount >= 1)) {
    throw new Error(`filesDescriptor: need whole numbers 0 ≤ min ≤ max, max ≥ 1; got ${minCount}..${maxCount}`);
  }
  return { accept: ACCEPTED_MIME_TYPES, maxBytes: MAX_FILE_BYTES, minCount, maxCount };
}

/**
 * Check one upload against the descriptor, by the MIME type Telegram reports (the stored
 * bytes are checked again by magic number). The value is the MIME type.
 */
export function checkFile(desc: FilesDescriptor, file: { mimeType?: string; size?: number }): FieldResult {
  const mime = (file.mimeType ?? "").toLowerCase();
  if (!(desc.accept as readonly string[]).includes(mime)) return { ok: false, error: "form-error-file-type" };
  if (file.size !== undefined && file.size > desc.maxBytes) {
    return { ok: false, error: "form-error-file-too-large", args: { maxMb: Math.floor(desc.maxBytes / 1024 / 1024) } };
  }
  return { ok: true, value: mime };
}

/** Check how many files were uploaded for one document. */
export function checkFileCount(desc: FilesDescriptor, count: number): FieldResult {
  if (count < desc.minCount) return { ok: false, error: "form-error-files-too-few", args: { min: desc.minCount } };
  if (count > desc.maxCount) return { ok: false, error: "form-error-files-too-many", args: { max: desc.maxCount } };
  return { ok: true, value: String(count) };
}
