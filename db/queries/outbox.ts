import { and, asc, count, desc, eq, getTableColumns, inArray, isNotNull, lt, lte, ne, sql, type SQL } from "drizzle-orm";
import type { Db, Tx } from "#root/db/client.ts";
import { outbox, type OutboxChannel } from "#root/db/schema.ts";
import { maskPersonalData } from "#root/log.ts";

export type OutboxRow = typeof outbox.$inferSelect;
/**
 * A row as its sender claimed it. `claimToken` is the claim's own `claimed_at` to the
 * microsecond: a sender that lost the row (another one took over and claimed it again) no
 * longer finds it, and does not send it.
 */
export type ClaimedRow = OutboxRow & { claimToken: string };
export interface OutboxMessage {
  channel: OutboxChannel;
  recipient: string;
  payload: Record<string, unknown>;
  dedupeKey: string;
}

/**
 * Write notifications — call it inside the transaction that makes the change they announce.
 * A row with a dedupe key already present is skipped: the same notification is never queued twice.
 */
export async function enqueue(tx: Db | Tx, messages: OutboxMessage[]): Promise<void> {
  if (messages.length === 0) return;
  if (messages.length <= ENQUEUE_CHUNK) {
    await tx.insert(outbox).values(messages).onConflictDoNothing({ target: outbox.dedupeKey });
    return;
  }
  // PostgreSQL takes at most 65,535 parameters a statement (4 a row): many rows go in several
  // statements, all or none.
  await tx.transaction(async (inner) => {
    for (let i = 0; i < messages.length; i += ENQUEUE_CHUNK) {
      await inner
        .insert(outbox)
        .values(messages.slice(i, i + ENQUEUE_CHUNK))
        .onConflictDoNothing({ target: outbox.dedupeKey });
    }
  });
}

/** Rows written by one INSERT of {@link enqueue}. */
export const ENQUEUE_CHUNK = 1000;

/** Which of `keys` are already in the outbox (any status). */
export async function existingDedupeKeys(db: Db, keys: string[]): Promise<Set<string>> {
  const found = new Set<string>();
  for (let i = 0; i < keys.length; i += ENQUEUE_CHUNK) {
    const rows = await db
      .select({ key: outbox.dedupeKey })
      .from(outbox)
      .where(inArray(outbox.dedupeKey, keys.slice(i, i + ENQUEUE_CHUNK)));
    for (const r of rows) found.add(r.key);
  }
  return found;
}

/**
 * The parent's notices in chat `recipient` of these `templates`, the latest one of each kind: per
 * application and template (and per revoked document, for a revocation), the row written last,
 * whatever became of it; oldest first. A parent who unblocks the bot is sent again those of them
 * that could not reach them (flows/unblocked.ts).
 */
export async function latestParentNotices(db: Db | Tx, recipient: string, templates: readonly string[]): Promise<OutboxRow[]> {
  const application = sql`${outbox.payload} ->> 'applicationId'`;
  const template = sql`${outbox.payload} ->> 'template'`;
  const document = sql`coalesce(${outbox.payload} ->> 'documentNumber', '')`;
  const rows = await db
    .selectDistinctOn([application, template, document])
    .from(outbox)
    .where(and(eq(outbox.channel, "parent"), eq(outbox.recipient, recipient), inArray(template, [...templates]), isNotNull(application)))
    .orderBy(application, template, document, desc(outbox.id));
  return rows.sort((a, b) => a.id - b.id);
}

/**
 * Take up to `limit` due rows for sending. Rows are locked with `FOR UPDATE SKIP LOCKED` and
 * leased (their next attempt moved `leaseMs` ahead, `claimedAt` set), so another sender process
 * takes other rows and a crashed sender's rows come back after the lease, or at once when another
 * sender takes over ({@link reclaimAbandoned}). `claimedAt` is the database's clock at the claim, so
 * each claim of a row is told apart ({@link ClaimedRow}). With `email`, only e-mail rows (true)
 * or only the others (false).
 */
export async function claimDue(db: Db, opts: { limit: number; leaseMs: number; now: Date; email?: boolean }): Promise<ClaimedRow[]> {
  return db.transaction(async (tx) => {
    const due = await tx
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          eq(outbox.status, "pending"),
          lte(outbox.nextAttemptAt, opts.now),
          opts.email === undefined ? undefined : opts.email ? eq(outbox.channel, "email") : ne(outbox.channel, "email"),
        ),
      )
      .orderBy(asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(opts.limit)
      .for("update", { skipLocked: true });
    if (due.length === 0) return [];
    return tx
      .update(outbox)
      .set({
        nextAttemptAt: new Date(opts.now.getTime() + opts.leaseMs),
        claimedAt: sql`clock_timestamp()`,
        attempts: sql`${outbox.attempts} + 1`,
      })
      .where(
        inArray(
          outbox.id,
          due.map((d) => d.id),
        ),
      )
      .returning({ ...getTableColumns(outbox), claimToken: sql<string>`${outbox.claimedAt}::text` });
  });
}

/** Whether any row of `channel` waits to be sent (due or not). */
export async function channelWaiting(db: Db | Tx, channel: OutboxChannel): Promise<boolean> {
  const rows = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), eq(outbox.channel, channel)))
    .limit(1);
  return rows.length > 0;
}

/**
 * The oldest row of `row`'s channel and recipient, written before it, that still waits to be
 * sent: its next attempt and whether a sender holds it now (for a channel that keeps each
 * recipient's rows in order). Undefined when `row` is the first.
 */
export async function pendingBefore(
  db: Db | Tx,
  row: Pick<OutboxRow, "id" | "channel" | "recipient">,
): Promise<Pick<OutboxRow, "id" | "nextAttemptAt" | "claimedAt"> | undefined> {
  const [before] = await db
    .select({ id: outbox.id, nextAttemptAt: outbox.nextAttemptAt, claimedAt: outbox.claimedAt })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), eq(outbox.channel, row.channel), eq(outbox.recipient, row.recipient), lt(outbox.id, row.id)))
    .orderBy(asc(outbox.id))
    .limit(1);
  return before;
}

/** The row is still pending and still held by the claim `claimToken`. */
const stillClaimed = (id: number, claimToken: string): SQL =>
  and(eq(outbox.id, id), eq(outbox.status, "pending"), sql`${outbox.claimedAt} = ${claimToken}::timestamptz`)!;

/**
 * Whether `row` is still this sender's to send: pending, and not claimed again since (by a
 * sender that took over the sending lock). With `lock` — inside a transaction — the row stays
 * locked until it ends: a sender taking over meanwhile leaves it alone ({@link reclaimAbandoned}).
 */
export async function holdClaim(db: Db | Tx, row: ClaimedRow, opts: { lock: boolean }): Promise<boolean> {
  const query = db.select({ id: outbox.id }).from(outbox).where(stillClaimed(row.id, row.claimToken));
  const rows = opts.lock ? await query.for("update") : await query;
  return rows.length > 0;
}

/** The row went out. With `claimToken`, only while that claim still holds it. */
export async function markSent(db: Db | Tx, id: number, at: Date, claimToken?: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: "sent", sentAt: at, lastError: null, claimedAt: null })
    .where(claimToken === undefined ? eq(outbox.id, id) : stillClaimed(id, claimToken));
}

/**
 * Rows a sender claimed and never settled (it stopped or crashed): due again at `now` instead of
 * when their lease ends. Only for a sender that holds the sending lock, so no live sender holds
 * them. A row locked by a sender that is still alive and sending it ({@link holdClaim}) is left to
 * that sender (its lease brings it back if that send never ends). The row that was being sent
 * when the old sender died may go out a second time — as it would after the lease. Returns how
 * many rows came back.
 */
export async function reclaimAbandoned(db: Db, now: Date): Promise<number> {
  const abandoned = db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), isNotNull(outbox.claimedAt)))
    .for("update", { skipLocked: true });
  const rows = await db
    .update(outbox)
    .set({ nextAttemptAt: now, claimedAt: null })
    .where(inArray(outbox.id, abandoned))
    .returning({ id: outbox.id });
  return rows.length;
}

/**
 * The row is not sent, for good: it is superseded (what it says no longer holds, and the recipient
 * is told otherwise); `reason` is kept as its `last_error`. With `claimToken`, only while that claim
 * still holds the row.
 */
export async function markSuperseded(db: Db | Tx, id: number, input: { reason: string; claimToken?: string }): Promise<void> {
  await db
    .update(outbox)
    .set({ status: "superseded", lastError: maskPersonalData(input.reason).slice(0, 500), claimedAt: null })
    .where(input.claimToken === undefined ? and(eq(outbox.id, id), eq(outbox.status, "pending")) : stillClaimed(id, input.claimToken));
}

/**
 * A notice that could not reach a parent who had blocked the bot (`blocked`) is not to be sent any
 * more: another one says what it said (`reason`, kept as its `last_error`).
 */
export async function supersedeBlocked(db: Db | Tx, id: number, reason: string): Promise<void> {
  await db
    .update(outbox)
    .set({ status: "superseded", lastError: maskPersonalData(reason).slice(0, 500) })
    .where(and(eq(outbox.id, id), eq(outbox.status, "blocked")));
}

/**
 * A failed attempt: try again at `retryAt` (with `payload` instead of the row's, when part of it
 * went), or give up (`failed`/`blocked`) when `retryAt` is null.
 * Only a pending row changes: a sender that lost its rows to another one cannot undo a delivery;
 * with `claimToken`, only while that claim still holds the row.
 */
export async function markAttemptFailed(
  db: Db | Tx,
  id: number,
  input: {
    error: string;
    retryAt: Date | null;
    blocked?: boolean;
    countAttempt?: boolean;
    claimToken?: string;
    payload?: Record<string, unknown>;
  },
): Promise<void> {
  // A row put back because of a rate limit (or never tried) does not use up an attempt.
  const attempts = input.countAttempt === false ? { attempts: sql`greatest(${outbox.attempts} - 1, 0)` } : {};
  // An SMTP refusal names the address, a Telegram error may quote text: kept masked, like the log.
  const lastError = maskPersonalData(input.error).slice(0, 500);
  await db
    .update(outbox)
    .set(
      input.retryAt
        ? { nextAttemptAt: input.retryAt, lastError, claimedAt: null, ...attempts, ...(input.payload ? { payload: input.payload } : {}) }
        : { status: input.blocked ? "blocked" : "failed", lastError, claimedAt: null },
    )
    .where(input.claimToken === undefined ? and(eq(outbox.id, id), eq(outbox.status, "pending")) : stillClaimed(id, input.claimToken));
}

/** Pending rows and failures, for /health and /metrics (a superseded row is no failure: it was not to be sent). */
export async function outboxStats(db: Db): Promise<{ pending: number; failed: number; blocked: number; sent: number; superseded: number }> {
  const rows = await db.select({ status: outbox.status, n: count() }).from(outbox).groupBy(outbox.status);
  const by = Object.fromEntries(rows.map((r) => [r.status, r.n]));
  return { pending: by.pending ?? 0, failed: by.failed ?? 0, blocked: by.blocked ?? 0, sent: by.sent ?? 0, superseded: by.superseded ?? 0 };
}

/** When the oldest pending row was written (undefined: none is pending), for /metrics. */
export async function oldestPendingAt(db: Db): Promise<Date | undefined> {
  const [row] = await db
    .select({ createdAt: outbox.createdAt })
    .from(outbox)
    .where(eq(outbox.status, "pending"))
    .orderBy(asc(outbox.createdAt))
    .limit(1);
  return row?.createdAt;
}

export async function getOutboxRow(db: Db, dedupeKey: string): Promise<OutboxRow | undefined> {
  const [row] = await db.select().from(outbox).where(eq(outbox.dedupeKey, dedupeKey));
  return row;
}

/**
 * The parent took back their consent: the emails about these applications keep no address
 * (sent ones as a record that they went; pending ones are not sent: `failed`, saying why).
 * Returns how many rows were changed.
 */
export async function forgetEmailRecipients(tx: Db | Tx, applicationIds: string[]): Promise<number> {
  if (applicationIds.length === 0) return 0;
  const rows = await tx
    .update(outbox)
    .set({
      recipient: "",
      status: sql`case when ${outbox.status} = 'pending' then 'failed' else ${outbox.status} end`,
      lastError: sql`case when ${outbox.status} = 'pending' then 'consent withdrawn: not sent' else ${outbox.lastError} end`,
      claimedAt: null,
    })
    .where(and(eq(outbox.channel, "email"), inArray(sql`${outbox.payload} ->> 'applicationId'`, applicationIds)))
    .returning({ id: outbox.id });
  return rows.length;
}
