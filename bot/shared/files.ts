/**
 * Downloading a parent's upload from the Bot API. `file_id`s belong to one bot, so every
 * document is downloaded once, checked and stored; bots later send the stored bytes.
 */
import type { Api } from "grammy";
import { MAX_FILE_BYTES } from "#root/flows/files.ts";

export class DownloadError extends Error {
  override name = "DownloadError";
  constructor(readonly reason: "too_large" | "failed") {
    super(`Telegram file download ${reason}`);
  }
}

/** What a bot downloads its users' files with: its API, its token and the Bot API server. */
export interface TelegramAccess {
  api: Api;
  token: string;
  apiRoot: string;
}

/**
 * Fetch a file's bytes: `getFile`, then `<apiRoot>/file/bot<token>/<file_path>`. Refuses
 * files over the Bot API's 20 MB before downloading anything.
 */
export async function downloadFile(telegram: TelegramAccess, fileId: string, knownSize?: number): Promise<Uint8Array> {
  const { api, ...opts } = telegram;
  if (knownSize !== undefined && knownSize > MAX_FILE_BYTES) throw new DownloadError("too_large");
  let file;
  try {
    file = await api.getFile(fileId);
  } catch (err) {
    if (/too big/i.test(String((err as Error).message))) throw new DownloadError("too_large");
    throw err;
  }
  if ((file.file_size ?? 0) > MAX_FILE_BYTES) throw new DownloadError("too_large");
  if (!file.file_path) throw new DownloadError("failed");
  const res = await fetch(`${opts.apiRoot}/file/bot${opts.token}/${file.file_path}`);
  if (!res.ok) throw new DownloadError("failed");
  const bytes = new Uint8Array(await res.arrayBuffer());
  if (bytes.length > MAX_FILE_BYTES) throw new DownloadError("too_large");
  return bytes;
}
