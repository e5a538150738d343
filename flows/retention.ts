/**
 * Documents are kept only as long as they serve the parent: the uploads, statement and
 * signature files of a draft nobody has touched for 90 days are deleted (the draft's answers
 * stay, and a parent who comes back is asked for the documents again; an application signed or
 * cancelled but never sent to a school counts as a draft, a signed one becomes a draft again); a staff "Sign and issue"
 * link that ended unused is deleted a day later with the document it rendered (never issued);
 * a stored file nothing refers to any more (pages the parent replaced, documents the answers
 * stopped asking for, a statement of answers since changed) is deleted a day after it was made.
 * Run hourly in every instance; one at a time takes the lock and does the work.
 */
import type { Db, SessionLock } from "#root/db/client.ts";
import { clearDraftFiles, deleteOrphanFiles, listAbandonedDraftsWithFiles } from "#root/db/queries/privacy.ts";
import { deleteUnusedResultLinks } from "#root/db/queries/result-signing.ts";
import type { Logger } from "#root/log.ts";

/** Days without a change after which a draft's documents are deleted. */
export const ABANDONED_DRAFT_DAYS = 90;
const DAY_MS = 86_400_000;
/** How long a staff signing link that ended unused is kept (what happened to it can still be looked up). */
export const UNUSED_LINK_KEEP_MS = DAY_MS;
/** How long a stored file nothing refers to is kept (a file is stored before the row naming it is written). */
export const ORPHAN_FILE_KEEP_MS = DAY_MS;
const LOCK = "retention:abandoned-drafts";

/** Delete the stored files nothing has referred to since before {@link ORPHAN_FILE_KEEP_MS} ago, in batches. */
export async function purgeOrphanFiles(db: Db, now: Date): Promise<number> {
  const before = new Date(now.getTime() - ORPHAN_FILE_KEEP_MS);
  const batch = 500;
  let files = 0;
  for (;;) {
    const gone = await deleteOrphanFiles(db, before, batch);
    files += gone;
    if (gone < batch) return files;
  }
}

/** Delete the files of drafts untouched for {@link ABANDONED_DRAFT_DAYS} days before `now`. */
export async function purgeAbandonedDraftFiles(db: Db, now: Date): Promise<{ drafts: number; files: number }> {
  const before = new Date(now.getTime() - ABANDONED_DRAFT_DAYS * DAY_MS);
  let drafts = 0;
  let files = 0;
  for (;;) {
    const batch = await listAbandonedDraftsWithFiles(db, before, 100);
    for (const d of batch) {
      files += await clearDraftFiles(db, { applicationId: d.id, before });
      drafts++;
    }
    if (batch.length < 100) return { drafts, files };
  }
}

/** Run {@link purgeAbandonedDraftFiles} now and every `intervalMs` (an hour), under a lock across instances. */
export function startRetentionScheduler(deps: {
  db: Db;
  tryLock: (name: string) => Promise<SessionLock | undefined>;
  log: Logger;
  now?: () => Date;
  intervalMs?: number;
}): { stop(): Promise<void>; tick(): Promise<void> } {
  const now = deps.now ?? (() => new Date());
  let running: Promise<void> | undefined;
  const run = async () => {
    const lock = await deps.tryLock(LOCK);
    if (!lock) return; // another instance is at it
    try {
      const at = now();
      const done = await purgeAbandonedDraftFiles(deps.db, at);
      if (done.drafts > 0) deps.log.info(done, "documents of abandoned drafts deleted");
      const links = await deleteUnusedResultLinks(deps.db, new Date(at.getTime() - UNUSED_LINK_KEEP_MS));
      if (links.links > 0) deps.log.info(links, "unused staff signing links and their rendered documents deleted");
      const orphans = await purgeOrphanFiles(deps.db, at);
      if (orphans > 0) deps.log.info({ files: orphans }, "stored files nothing refers to any more deleted");
    } catch (err) {
      deps.log.error({ error: err }, "deleting documents no longer needed failed; will try again");
    } finally {
      await lock.release();
    }
  };
  const tick = () => (running ??= run().finally(() => (running = undefined)));
  const timer = setInterval(() => void tick(), deps.intervalMs ?? 3_600_000);
  timer.unref();
  void tick();
  return {
    async stop() {
      clearInterval(timer);
      await running; // the database is closed after this
    },
    tick,
  };
}
