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
 * How long a download may take, whole: Telegram's file server answers a bot in well under a second,
 * so a download that stalls (a dead connection, a body that trickles) is given up — the parent is
 * told to send the file again — instead of holding their chat until the socket's own timeouts.
 */
export const DOWNLOAD_TIMEOUT_MS = 60_000;

/**
 * Fetch a file's bytes: `getFile`, then `<apiRoot>/file/bot<token>/<file_path>`. Refuses
 * files over the Bot API's 20 MB before downloading anything, and stops reading one whose bytes
 * run past it (a local Bot API server serves larger files than it says).
 */
export async function downloadFile(
  telegram: TelegramAccess,
  fileId: string,
  knownSize?: number,
  timeoutMs = DOWNLOAD_TIMEOUT_MS,
): Promise<Uint8Array> {
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
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(`${opts.apiRoot}/file/bot${opts.token}/${file.file_path}`, { signal });
    if (!res.ok || !res.body) throw new DownloadError("failed");
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let size = 0;
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      size += read.value.length;
      if (size > MAX_FILE_BYTES) {
        await reader.cancel().catch(() => {});
        throw new DownloadError("too_large");
      }
      chunks.push(read.value);
    }
    const bytes = new Uint8Array(size);
    let at = 0;
    for (const chunk of chunks) {
      bytes.set(chunk, at);
      at += chunk.length;
    }
    return bytes;
  } catch (err) {
    if (err instanceof DownloadError) throw err;
    // Given up (the timeout) or cut off: the same answer as a refused download, "send it again".
    if (signal.aborted || err instanceof TypeError) throw new DownloadError("failed");
    throw err;
  }
}
