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
export async function openTicket(db: Db, parentId: number, now: Date): Promise<{ ticket: SupportTicket; created: boolean }> {
  const [created] = await db
    .insert(supportTickets)
    .values({ parentId, createdAt: now, lastParentMessageAt: now })
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

export async function closeTicket(db: Db, id: number, now: Date): Promise<SupportTicket | undefined> {
  const [row] = await db
    .update(supportTickets)
    .set({ status: "closed", closedAt: now })
    .where(and(eq(supportTickets.id, id), eq(supportTickets.status, "open")))
    .returning();
  return row;
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

/** The operator's message `messageId` in `chatId` was sent to the ticket's parent (again, after an edit: no second row). */
export async function recordRelay(db: Db, relay: { chatId: number; messageId: number; ticketId: number }): Promise<void> {
  await db.insert(supportRelays).values(relay).onConflictDoNothing();
}

/** Whether the parent was ever sent the operator's message `messageId` (a private note never is). */
export async function wasRelayed(db: Db, chatId: number, messageId: number): Promise<boolean> {
  const [row] = await db
    .select({ messageId: supportRelays.messageId })
    .from(supportRelays)
    .where(and(eq(supportRelays.chatId, chatId), eq(supportRelays.messageId, messageId)));
  return row !== undefined;
}
