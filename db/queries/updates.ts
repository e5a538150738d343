import { and, eq, lt } from "drizzle-orm";
import type { Db } from "#root/db/client.ts";
import { processedUpdates } from "#root/db/schema.ts";

/**
 * Record that `bot` handled `updateId`. Returns false when it was already recorded: the update is
 * a redelivery (webhook retry, a second instance) and must not be handled again.
 */
export async function markUpdateProcessed(db: Db, bot: string, updateId: number): Promise<boolean> {
  const rows = await db
    .insert(processedUpdates)
    .values({ bot, updateId })
    .onConflictDoNothing()
    .returning({ updateId: processedUpdates.updateId });
  return rows.length === 1;
}

/** Forget update ids older than `before` (Telegram never redelivers after 24 hours). */
export async function pruneProcessedUpdates(db: Db, before: Date): Promise<void> {
  await db.delete(processedUpdates).where(lt(processedUpdates.processedAt, before));
}

/** Undo {@link markUpdateProcessed}: the update failed and its redelivery must be handled. */
export async function forgetUpdate(db: Db, bot: string, updateId: number): Promise<void> {
  await db.delete(processedUpdates).where(and(eq(processedUpdates.bot, bot), eq(processedUpdates.updateId, updateId)));
}
