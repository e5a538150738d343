/**
 * The support relay's own reads and writes of `support_tickets`, beside the basic ones in
 * db/queries/support.ts. "Waiting" means the parent wrote and no operator has answered since:
 * `lastParentMessageAt` is the moment the parent STARTED waiting (their first unanswered
 * message), so a parent who keeps writing is still reminded about ten minutes after the first.
 */
import { and, desc, eq, isNotNull, isNull, lt, lte, ne, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import type { SupportTicket } from "../../db/queries/support.ts";
import { supportTickets as t } from "../../db/schema.ts";

/** A ticket by its number, open or closed. */
export async function getTicket(db: Db, id: number): Promise<SupportTicket | undefined> {
  const [row] = await db.select().from(t).where(eq(t.id, id));
  return row;
}

/** The ticket if it is still open (the session only caches its id). */
export async function getOpenTicketById(db: Db, id: number): Promise<SupportTicket | undefined> {
  const [row] = await db.select().from(t).where(and(eq(t.id, id), eq(t.status, "open")));
  return row;
}

/** The newest ticket that uses this forum topic (a parent's tickets share one topic). */
export async function latestTicketByTopic(db: Db, topicId: number): Promise<SupportTicket | undefined> {
  const [row] = await db.select().from(t).where(eq(t.topicId, topicId)).orderBy(desc(t.id)).limit(1);
  return row;
}

/** The topic of the parent's previous ticket, to reopen instead of creating a new one. */
export async function previousTopicOf(db: Db, parentId: number, exceptTicketId: number): Promise<number | undefined> {
  const [row] = await db
    .select({ topicId: t.topicId })
    .from(t)
    .where(and(eq(t.parentId, parentId), ne(t.id, exceptTicketId), isNotNull(t.topicId)))
    .orderBy(desc(t.id))
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
    .update(t)
    .set({
      lastParentMessageAt: sql`case when ${t.lastParentMessageAt} is null
        or (${t.lastOperatorMessageAt} is not null and ${t.lastOperatorMessageAt} >= ${t.lastParentMessageAt})
        then ${at} else ${t.lastParentMessageAt} end`,
    })
    .where(and(eq(t.id, id), eq(t.status, "open")))
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
    .from(t)
    .where(
      and(
        eq(t.status, "open"),
        isNotNull(t.topicId),
        lte(t.lastParentMessageAt, cutoff),
        or(isNull(t.lastOperatorMessageAt), lt(t.lastOperatorMessageAt, t.lastParentMessageAt)),
        or(isNull(t.remindedAt), lt(t.remindedAt, t.lastParentMessageAt)),
      ),
    );
}
