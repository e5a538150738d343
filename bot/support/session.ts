/**
 * What the parent's session remembers about support: the open ticket's id and topic. It lets
 * the relay decide with no I/O that a parent WITHOUT a ticket goes straight on to the bot (the
 * common case). The database stays the source of truth: every relayed message re-checks the
 * ticket, and a ticket closed in the staff group clears this through a resume update.
 */
import type { ParentContext, ParentSession } from "#root/bot/parent/context.ts";

export interface SupportSession extends ParentSession {
  /** `topicId` null while the ticket's topic waits for the support group's limit (post.ts). */
  support?: { ticketId: number; topicId: number | null };
  /** The ticket the parent was last handed back from: its hand-back update, arriving late, says nothing twice. */
  handedBack?: number;
}

/** The parent's session with the support part (stored with the rest of the session). */
export const supportSession = (ctx: ParentContext): SupportSession => ctx.session as SupportSession;
