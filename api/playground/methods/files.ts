/** Files: sendPhoto, sendDocument (upload or file_id; no URLs offline) and getFile with the 20 MB limit. */
import type { Document, PhotoSize } from "grammy/types";
import { ApiError, badRequest, texts } from "#root/api/playground/errors.ts";
import { formattedText, readMarkup, replyFields, storeBotMessage, targetChat, threadFields } from "#root/api/playground/compose.ts";
import { mimeFromName, sniffImage, type FileKind, type StoredFile } from "#root/api/playground/file-store.ts";
import type { EmulatedBot, EmulatorState } from "#root/api/playground/state.ts";
import type { MethodContext, MethodHandler } from "./context.ts";

const MB = 1024 * 1024;
/** Bot API limits: bots upload photos up to 10 MB and other files up to 50 MB, and download up to 20 MB. */
export const LIMITS = { botPhotoUpload: 10 * MB, botFileUpload: 50 * MB, botDownload: 20 * MB, userUpload: 50 * MB } as const;

/** The PhotoSize array Telegram returns for a stored photo: a thumbnail when large, then the original. */
export function photoSizes(state: EmulatorState, original: StoredFile): PhotoSize[] {
  const size = (f: StoredFile, w: number, h: number): PhotoSize => ({
    file_id: f.fileId,
    file_unique_id: f.uniqueId,
    file_size: f.bytes.byteLength,
    width: w,
    height: h,
  });
  const w = original.width ?? 0;
  const h = original.height ?? 0;
  const full = size(original, w, h);
  if (Math.max(w, h) <= 320) return [full];
  // The emulator does not resize: the thumbnail has its own file_id but the original bytes.
  const scale = 320 / Math.max(w, h);
  const thumb = state.files.add(
    original.bytes,
    { kind: "photo", mimeType: original.mimeType ?? "image/jpeg", width: Math.round(w * scale), height: Math.round(h * scale) },
    original.knownBy,
  );
  return [size(thumb, thumb.width!, thumb.height!), full];
}

/** Stores a photo upload after checking it is an image. */
export function storePhoto(state: EmulatorState, bytes: Uint8Array, botIds: number[]): PhotoSize[] {
  const image = sniffImage(bytes);
  if (!image) throw badRequest("IMAGE_PROCESS_FAILED");
  const file = state.files.add(
    bytes,
    { kind: "photo", mimeType: image.mimeType, width: image.width || 1280, height: image.height || 960 },
    botIds,
  );
  return photoSizes(state, file);
}

/** The Document object for a stored file. */
export function documentOf(file: StoredFile): Document {
  return {
    file_id: file.fileId,
    file_unique_id: file.uniqueId,
    file_size: file.bytes.byteLength,
    ...(file.fileName ? { file_name: file.fileName } : {}),
    ...(file.mimeType ? { mime_type: file.mimeType } : {}),
  };
}

/** A file_id the bot may use for `kind`, with Telegram's refusals. */
function knownFile(state: EmulatorState, bot: EmulatedBot, fileId: string, kind: FileKind): StoredFile {
  const file = state.files.get(fileId);
  if (!file || !file.knownBy.has(bot.id)) throw badRequest("wrong file identifier/HTTP URL specified");
  if ((file.kind === "photo") !== (kind === "photo")) throw badRequest("type of file mismatch");
  return file;
}

function commonFields(ctx: MethodContext) {
  const { state, faults, bot, params: p } = ctx;
  const chat = targetChat(state, faults, bot, p);
  const caption = formattedText(p, "caption");
  const captionFields = caption ? { caption: caption.text, ...(caption.entities ? { caption_entities: caption.entities } : {}) } : {};
  return { chat, content: { ...threadFields(p, chat, bot), ...replyFields(state, p, chat), ...captionFields }, markup: readMarkup(p) };
}

export const fileMethods: Record<string, MethodHandler> = {
  sendPhoto: (ctx) => {
    const { state, bot, params: p } = ctx;
    const input = p.inputFile("photo");
    if (!input) throw badRequest("there is no photo in the request");
    if (input.kind === "url") throw badRequest(texts.noInternet);
    const { chat, content, markup } = commonFields(ctx);
    let photo: PhotoSize[];
    if (input.kind === "upload") {
      if (input.file.bytes.byteLength > LIMITS.botPhotoUpload) throw new ApiError(400, "Bad Request: PHOTO_INVALID_DIMENSIONS");
      photo = storePhoto(state, input.file.bytes, [bot.id]);
    } else {
      photo = photoSizes(state, knownFile(state, bot, input.fileId, "photo"));
    }
    return storeBotMessage(state, chat, bot, { ...content, photo }, markup).message;
  },

  sendDocument: (ctx) => {
    const { state, bot, params: p } = ctx;
    const input = p.inputFile("document");
    if (!input) throw badRequest("there is no document in the request");
    if (input.kind === "url") throw badRequest(texts.noInternet);
    const { chat, content, markup } = commonFields(ctx);
    let file: StoredFile;
    if (input.kind === "upload") {
      if (input.file.bytes.byteLength > LIMITS.botFileUpload) throw new ApiError(413, "Request Entity Too Large");
      if (input.file.bytes.byteLength === 0) throw badRequest("file must be non-empty");
      const mimeType = mimeFromName(input.file.filename) ?? input.file.mimeType ?? "application/octet-stream";
      file = state.files.add(input.file.bytes, { kind: "document", fileName: input.file.filename, mimeType }, [bot.id]);
    } else {
      file = knownFile(state, bot, input.fileId, "document");
    }
    return storeBotMessage(state, chat, bot, { ...content, document: documentOf(file) }, markup).message;
  },

  getFile: ({ state, bot, params: p }) => {
    const file = state.files.get(p.str("file_id", texts.invalidFileId));
    if (!file || !file.knownBy.has(bot.id)) throw badRequest(texts.invalidFileId);
    if (file.bytes.byteLength > LIMITS.botDownload) throw badRequest(texts.fileTooBig);
    return { file_id: file.fileId, file_unique_id: file.uniqueId, file_size: file.bytes.byteLength, file_path: file.path };
  },
};
