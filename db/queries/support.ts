/**
 * Support tickets (one open per parent, relayed to the operators' forum topic). "Waiting" means
 * the parent wrote and no operator has answered since: `lastParentMessageAt` is the moment the
 * parent STARTED waiting (their first unanswered message), so a parent who keeps writing is
 * still reminded about ten minutes after the first.
 */
import { and, desc, eq, isNotNull, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "#root/db/client.ts";
import { supportRelays, supportTickets } from "#root/db/schema.ts";

export type SupportTicket = typeof supportTickets.$inferSelect;

/** The parent's open ticket, or a new one (at most one is open per parent). */
export async function openTicket(
  db: Db,
  parentId: number,
  now: Date,
  telegramName?: string,
): Promise<{ ticket: SupportTicket; created: boolean }> {
  const [created] = await db
    .insert(supportTickets)
    .values({ parentId, createdAt: now, lastParentMessageAt: now, telegramName: telegramName ?? null })
    .onConflictDoNothing()
    .returning();
  if (created) return { ticket: created, created: true };
  const ticket = await getOpenTicket(db, parentId);
  return { ticket: ticket!, created: false };
}

export async function getOpenTicket(db: Db, parentId: number): Promise<SupportTicket | undefined> {
  const [row] = await db
    .select()
    .from(supportTickets)
    .where(and(eq(supportTickets.parentId, parentId), eq(supportTickets.status, "open")));
  return row;
}

export async function findTicketByTopic(db: Db, topicId: number): Promise<SupportTicket | undefined> {
  const [row] = await db.select().from(supportTickets).where(eq(supportTickets.topicId, topicId));
  return row;
}

export async function updateTicket(
  db: Db,
  id: number,
  patch: Partial<Omit<SupportTicket, "id" | "parentId" | "createdAt">>,
): Promise<SupportTicket | undefined> {
  const [row] = await db.update(supportTickets).set(patch).where(eq(supportTickets.id, id)).returning();
  return row;
}

/**
 * Give the ticket the forum topic `topicId`, only while its topic is still `expected` (null: it has
 * none yet): of two tries making a topic for one ticket at once (two instances, a retried outbox
 * row), one wins. Undefined when this one lost (or the ticket does not exist).
 */
export async function setTicketTopic(db: Db, id: number, topicId: number, expected: number | null): Promise<SupportTicket | undefined> {
  const [row] = await db
    .update(supportTickets)
    .set({ topicId })
    .where(and(eq(supportTickets.id, id), expected === null ? isNull(supportTickets.topicId) : eq(supportTickets.topicId, expected)))
    .returning();
  return row;
}

/** The operator takes the open ticket: undefined when it is closed, or another operator has it. */
export async function takeTicket(db: Db, id: number, operator: { telegramId: number; name: string }): Promise<SupportTicket | undefined> {
  const [row] = await db
    .update(supportTickets)
    .set({ operatorTelegramId: operator.telegramId, operatorName: operator.name })
    .where(
      and(
        eq(supportTickets.id, id),
        eq(supportTickets.status, "open"),
        or(isNull(supportTickets.operatorTelegramId), eq(supportTickets.operatorTelegramId, operator.telegramId)),
      ),
    )
    .returning();
  return row;
}

export async function closeTicket(db: Db, id: number, now: Date): Promise<SupportTicket | undefined> {
  const [row] = await db
    .update(supportTickets)
    .set({ status: "closed", closedAt: now })
    .where(and(eq(supportTickets.id, id), eq(supportTickets.status, "open")))
    .returning();
  return row;
}

/** The parent's tickets that have a forum topic, newest first. */
export async function ticketsWithTopics(db: Db, parentId: number): Promise<SupportTicket[]> {
  return db
    .select()
    .from(supportTickets)
    .where(and(eq(supportTickets.parentId, parentId), isNotNull(supportTickets.topicId)))
    .orderBy(desc(supportTickets.id));
}

/** A ticket by its number, open or closed. */
export async function getTicket(db: Db, id: number): Promise<SupportTicket | undefined> {
  const [row] = await db.select().from(supportTickets).where(eq(supportTickets.id, id));
  return row;
}

/** The ticket if it is still open (the session only caches its id). */
export async function getOpenTicketById(db: Db, id: number): Promise<SupportTicket | undefined> {
  const [row] = await db
    .select()
    .from(supportTickets)
    .where(and(eq(supportTickets.id, id), eq(supportTickets.status, "open")));
  return row;
}

/** The newest ticket that uses this forum topic (a parent's tickets share one topic). */
export async function latestTicketByTopic(db: Db, topicId: number): Promise<SupportTicket | undefined> {
  const [row] = await db.select().from(supportTickets).where(eq(supportTickets.topicId, topicId)).orderBy(desc(supportTickets.id)).limit(1);
  return row;
}

/** The topic of the parent's previous ticket, to reopen instead of creating a new one. */
export async function previousTopicOf(db: Db, parentId: number, exceptTicketId: number): Promise<number | undefined> {
  const [row] = await db
    .select({ topicId: supportTickets.topicId })
    .from(supportTickets)
    .where(and(eq(supportTickets.parentId, parentId), ne(supportTickets.id, exceptTicketId), isNotNull(supportTickets.topicId)))
    .orderBy(desc(supportTickets.id))
    .limit(1);
  return row?.topicId ?? undefined;
}

/**
 * A parent's message was relayed: start the waiting clock unless it already runs. Returns the
 * ticket, or undefined when it is no longer open (closed by an operator meanwhile).
 */
export async function recordParentMessage(db: Db, id: number, now: Date): Promise<SupportTicket | undefined> {
  const at = sql`${now.toISOString()}::timestamptz`;
  const [row] = await db
    .update(supportTickets)
    .set({
      lastParentMessageAt: sql`case when ${supportTickets.lastParentMessageAt} is null
        or (${supportTickets.lastOperatorMessageAt} is not null
          and ${supportTickets.lastOperatorMessageAt} >= ${supportTickets.lastParentMessageAt})
        then ${at} else ${supportTickets.lastParentMessageAt} end`,
    })
    .where(and(eq(supportTickets.id, id), eq(supportTickets.status, "open")))
    .returning();
  return row;
}

/**
 * Open tickets whose parent has waited since `cutoff` or earlier without an operator's answer
 * and without a reminder for this wait.
 */
export async function ticketsDueReminder(db: Db, cutoff: Date): Promise<SupportTicket[]> {
  return db
    .select()
    .from(supportTickets)
    .where(
      and(
        eq(supportTickets.status, "open"),
        isNotNull(supportTickets.topicId),
        lte(supportTickets.lastParentMessageAt, cutoff),
        or(isNull(supportTickets.lastOperatorMessageAt), lt(supportTickets.lastOperatorMessageAt, supportTickets.lastParentMessageAt)),
        or(isNull(supportTickets.remindedAt), lt(supportTickets.remindedAt, supportTickets.lastParentMessageAt)),
      ),
    );
}

/** The parent was sent the operator's message (a note edited into a message, too). */
export async function recordSent(
  db: Db,
  relay: { chatId: number; messageId: number; ticketId: number; fingerprint: string },
): Promise<void> {
  await db
    .insert(supportRelays)
    .values({ ...relay, note: false })
    .onConflictDoUpdate({ target: [supportRelays.chatId, supportRelays.messageId], set: { note: false, fingerprint: relay.fingerprint } });
}

/** The version of the operator's message `messageId` with this `fingerprint` is handled (whatever became of it). */
export async function recordVersion(db: Db, chatId: number, messageId: number, fingerprint: string): Promise<void> {
  await db
    .update(supportRelays)
    .set({ fingerprint })
    .where(and(eq(supportRelays.chatId, chatId), eq(supportRelays.messageId, messageId)));
}

/** The operator's message is a private note; with its album, when it came in one. */
export async function recordNote(
  db: Db,
  note: { chatId: number; messageId: number; ticketId: number; mediaGroupId: string | undefined },
): Promise<void> {
  await db
    .insert(supportRelays)
    .values({ ...note, mediaGroupId: note.mediaGroupId ?? null, note: true })
    .onConflictDoNothing();
}

/**
 * What became of the operator's message `messageId` — "sent", or a "note" — with the fingerprint
 * of the version last handled; undefined when it was never seen. With `album`, a message of a
 * note's album counts as a note too.
 */
export async function relayOf(
  db: Db,
  chatId: number,
  messageId: number,
  album?: string,
): Promise<{ as: "sent" | "note"; fingerprint: string | null } | undefined> {
  const rows = await db
    .select({ messageId: supportRelays.messageId, note: supportRelays.note, fingerprint: supportRelays.fingerprint })
    .from(supportRelays)
    .where(
      and(
        eq(supportRelays.chatId, chatId),
        album === undefined
          ? eq(supportRelays.messageId, messageId)
          : or(eq(supportRelays.messageId, messageId), and(eq(supportRelays.mediaGroupId, album), eq(supportRelays.note, true))),
      ),
    );
  const own = rows.find((r) => r.messageId === messageId);
  if (own) return { as: own.note ? "note" : "sent", fingerprint: own.fingerprint };
  return rows.length > 0 ? { as: "note", fingerprint: null } : undefined;
}
