/**
 * In-memory file storage with Telegram-like identifiers. Telegram's file_ids
 * belong to one bot, so every file remembers which bots have seen it; a bot
 * sending a file_id it never received gets Telegram's 400, which is what keeps
 * the provider bot from resending the parent bot's files.
 */
import { randomBytes } from "node:crypto";

/** What kind of media a file was stored as; a file_id cannot change kind when resent. */
export type FileKind = "photo" | "document" | "sticker" | "voice";

/** A stored file and what Telegram would know about it. */
export interface StoredFile {
  fileId: string;
  uniqueId: string;
  path: string;
  bytes: Uint8Array;
  kind: FileKind;
  fileName?: string;
  mimeType?: string;
  width?: number;
  height?: number;
  /** Bot ids allowed to use this file_id. */
  knownBy: Set<number>;
}

const FOLDERS: Record<FileKind, string> = { photo: "photos", document: "documents", sticker: "stickers", voice: "voice" };

/** Holds the bytes of every file sent through the emulator. */
export class FileStore {
  private byId = new Map<string, StoredFile>();
  private byPath = new Map<string, StoredFile>();
  /** How many files were ever stored (kept across restarts, so the number never repeats). */
  counter = 0;
  /** Called with every new file (the journal stores it). */
  onAdd: ((file: StoredFile) => void) | undefined;

  /** Stores bytes and mints a file_id known to `bots`. */
  add(
    bytes: Uint8Array,
    meta: { kind: FileKind; fileName?: string; mimeType?: string; width?: number; height?: number },
    bots: Iterable<number>,
  ): StoredFile {
    const n = ++this.counter;
    const ext = extension(meta.fileName, meta.mimeType, meta.kind);
    const file: StoredFile = {
      ...meta,
      fileId: `${meta.kind.slice(0, 2).toUpperCase()}AC${n}_${randomBytes(12).toString("base64url")}`,
      uniqueId: `AQAD${n}${randomBytes(4).toString("hex")}`,
      // Not a counter: the path is all a download needs besides a bot's token.
      path: `${FOLDERS[meta.kind]}/file_${randomBytes(16).toString("base64url")}${ext}`,
      bytes,
      knownBy: new Set(bots),
    };
    this.restore(file);
    this.onAdd?.(file);
    return file;
  }

  /** Puts back a file stored before a restart. */
  restore(file: StoredFile): void {
    this.byId.set(file.fileId, file);
    this.byPath.set(file.path, file);
  }

  /** Every stored file. */
  all(): IterableIterator<StoredFile> {
    return this.byId.values();
  }

  /** The file with this file_id, if any. */
  get(fileId: string): StoredFile | undefined {
    return this.byId.get(fileId);
  }

  /** The file served at `/file/bot<token>/<path>`. */
  atPath(path: string): StoredFile | undefined {
    return this.byPath.get(path);
  }
}

/** Guesses a MIME type from a file name, as Telegram does for documents. */
export function mimeFromName(name: string | undefined): string | undefined {
  const ext = /\.([a-z0-9]+)$/i.exec(name ?? "")?.[1]?.toLowerCase();
  const known: Record<string, string> = {
    pdf: "application/pdf",
    jpg: "image/jpeg",
    jpeg: "image/jpeg",
    png: "image/png",
    gif: "image/gif",
    webp: "image/webp",
    txt: "text/plain",
    csv: "text/csv",
    json: "application/json",
    zip: "application/zip",
    doc: "application/msword",
    docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ogg: "audio/ogg",
    p7s: "application/pkcs7-signature",
    cms: "application/pkcs7-signature",
  };
  return ext ? known[ext] : undefined;
}

/** Reads the type and pixel size of a JPEG, PNG, GIF or WebP image; undefined for anything else. */
export function sniffImage(b: Uint8Array): { mimeType: string; width: number; height: number } | undefined {
  const u16 = (i: number) => ((b[i] ?? 0) << 8) | (b[i + 1] ?? 0);
  const u32 = (i: number) => u16(i) * 65536 + u16(i + 2);
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) {
    return { mimeType: "image/png", width: u32(16), height: u32(20) };
  }
  if (b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) {
    return { mimeType: "image/gif", width: (b[6] ?? 0) | ((b[7] ?? 0) << 8), height: (b[8] ?? 0) | ((b[9] ?? 0) << 8) };
  }
  if (b[0] === 0x52 && b[1] === 0x49 && b[8] === 0x57 && b[9] === 0x45) return { mimeType: "image/webp", width: 512, height: 512 };
  if (b[0] !== 0xff || b[1] !== 0xd8) return undefined;
  // JPEG: walk the segments to the first start-of-frame marker, which holds the size.
  let i = 2;
  while (i + 9 < b.length) {
    if (b[i] !== 0xff) return { mimeType: "image/jpeg", width: 0, height: 0 };
    const marker = b[i + 1] ?? 0;
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { mimeType: "image/jpeg", width: u16(i + 7), height: u16(i + 5) };
    }
    i += 2 + u16(i + 2);
  }
  return { mimeType: "image/jpeg", width: 0, height: 0 };
}

function extension(name: string | undefined, mime: string | undefined, kind: FileKind): string {
  const fromName = /\.([a-z0-9]{1,8})$/i.exec(name ?? "")?.[1];
  if (fromName) return `.${fromName.toLowerCase()}`;
  if (kind === "photo" || mime === "image/jpeg") return ".jpg";
  if (mime === "application/pdf") return ".pdf";
  if (kind === "voice") return ".oga";
  if (kind === "sticker") return ".webp";
  return "";
}
