import { and, eq } from "drizzle-orm";
import type { Db } from "../client.ts";
import { supportTickets } from "../schema.ts";

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
  const [row] = await db.select().from(supportTickets).where(and(eq(supportTickets.parentId, parentId), eq(supportTickets.status, "open")));
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
