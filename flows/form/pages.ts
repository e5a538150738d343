/**
 * Photos of a document's pages, checked after the parent was answered. A photo Telegram made is a
 * JPEG Telegram itself encoded: a check refuses one only when its bytes cannot be fetched or
 * decoded. So a photo is held as a page at once — it counts, the document goes on by itself — and
 * its bytes are fetched, re-encoded (`acceptUpload`) and stored afterwards, one draft's pages one
 * after another. A file sent as a document (anything at all) is still checked before the answer.
 *
 * What needs the pages' bytes waits for their checks: the review, and the statement
 * (`prepareStatement` refuses a draft with a page held). A page refused after all goes with a
 * note to the parent, and its document is asked again when it no longer has the pages it needs.
 */
import type { Db } from "#root/db/client.ts";
import { getApplication, type Application, type ApplicationDocument } from "#root/db/queries/applications.ts";
import { dropPage, heldPages, settlePage, type HeldPage } from "#root/db/queries/files.ts";
import { documentsKey, keep, withoutReadCache } from "#root/db/read-cache.ts";
import { acceptUpload, type UploadRefusal } from "#root/flows/files.ts";
import { askedDocument, pagesNeeded } from "./documents.ts";

/** A held photo's bytes, as the bot fetches them; `refused` when Telegram will never give them (too large, unknown). */
export type PageFetch = (telegramFileId: string) => Promise<{ bytes: Uint8Array } | { refused: UploadRefusal }>;

export type PageChecked =
  /** Stored (or no longer held: checked by another instance, replaced, or gone with its document). */
  | { ok: true }
  /**
   * Refused and dropped: `page` as it was then (its document now: "↩️" may have moved it), `draft`
   * the draft as that wrote it (none when it is no longer a draft).
   */
  | { ok: false; reason: UploadRefusal; page: HeldPage; draft?: Application }
  /** Not fetched this time (Telegram did not answer): still held, checked again later. */
  | { ok: false; retry: true };

/** Fetch, check and store held page `page`, or drop it. */
export async function checkHeldPage(db: Db, page: HeldPage, fetch: PageFetch, now: () => Date): Promise<PageChecked> {
  let fetched: Awaited<ReturnType<PageFetch>>;
  try {
    fetched = await fetch(page.telegramFileId);
  } catch {
    return { ok: false, retry: true };
  }
  const check = "bytes" in fetched ? await acceptUpload(fetched.bytes) : { ok: false as const, reason: fetched.refused };
  if (check.ok) {
    const file = await settlePage(db, page, check);
    if (file) storedHere.set(hereKey(page.applicationId, page.id), { file, at: Date.now() });
    return { ok: true };
  }
  // As the page is now: "↩️" may have moved it to the document before; replaced or gone, nothing is refused.
  const held = (await heldPages(db, page.applicationId)).find((p) => p.id === page.id);
  if (!held) return { ok: true };
  const draft = await draftOf(db, held, now());
  return { ok: false, reason: check.reason, page: held, ...(draft ? { draft } : {}) };
}

async function draftOf(db: Db, page: HeldPage, now: Date): Promise<Application | undefined> {
  const app = await getApplication(db, page.applicationId);
  // The document may no longer be asked (an answer changed since): its answer is not the engine's to clear then.
  const q = app ? askedDocument(app, page.requirementId) : undefined;
  return dropPage(db, page, { needed: q ? pagesNeeded(q) : 0, now });
}

/** Pages this process stored lately (page → file): an update that read them held need not read them again. */
const storedHere = new Map<string, { file: string; at: number }>();
/** By draft and page: a page's serial id alone is unique only within one database. */
const hereKey = (applicationId: string, pageId: number) => `${applicationId}:${pageId}`;
const STORED_HERE_MS = 15 * 60_000;

/**
 * The draft's pages as `docs` (read by this update) said, with those held then and stored since by
 * this process's checks: kept as this update's read of them, and true — or false when a page held
 * then was not stored here (refused, or left to check), and they must be read again.
 */
export function storedSince(db: Db, applicationId: string, docs: ApplicationDocument[]): boolean {
  const cutoff = Date.now() - STORED_HERE_MS;
  for (const [id, s] of storedHere) if (s.at < cutoff) storedHere.delete(id);
  const stored = (d: ApplicationDocument) => storedHere.get(hereKey(applicationId, d.id));
  if (docs.some((d) => !d.fileId && !stored(d))) return false;
  const now = docs.map((d) => (d.fileId ? d : { ...d, fileId: stored(d)!.file, telegramFileId: null, messageId: null }));
  keep(db, documentsKey(applicationId), now);
  return true;
}

/** The checks begun and not yet done, by draft: a draft's run one after another. */
const checks = new Map<string, Promise<void>>();

/**
 * Run `task` (a check of `applicationId`'s pages) after the ones begun before it, outside the
 * update that began it (its rows kept for the update are not this task's). Errors are `task`'s to handle.
 */
export function queuePageCheck(applicationId: string, task: () => Promise<void>): void {
  const before = checks.get(applicationId) ?? Promise.resolve();
  const run = before.then(() => withoutReadCache(task)).catch(() => {});
  checks.set(applicationId, run);
  void run.then(() => {
    if (checks.get(applicationId) === run) checks.delete(applicationId);
  });
}

/** When the checks of `applicationId`'s pages begun in this process are done. */
export const pageChecksDone = async (applicationId: string): Promise<void> => void (await checks.get(applicationId));

/** When every check begun in this process is done (a stopping instance finishes them). */
export async function allPageChecksDone(): Promise<void> {
  while (checks.size > 0) await Promise.all([...checks.values()]);
}
