/**
 * Whether a parent's notice written earlier still says what holds when it is to go: the one set of
 * checks the outbox's parent deliverer applies before each send (bot/shared/delivery.ts), and the
 * parent's return after blocking the bot (flows/unblocked.ts) applies before it queues a notice
 * again. A notice waited (behind others, for a retry, or while the parent had blocked the bot):
 *
 * - a status notice attaching a document the school revoked since never hands it over as issued:
 *   once the revocation's own notice went it tells the parent, and this one goes no more; while that
 *   notice waits, this one waits for it; when it could not be sent (or there is none), its words go
 *   in this one's place;
 * - a request to rate a decision whose result was revoked is not sent;
 * - an overdue notice is not sent once the application is decided, withdrawn or otherwise moved on.
 */
import type { Db } from "#root/db/client.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import type { IssuedDocumentRow } from "#root/db/queries/issued.ts";
import type { OutboxPayload } from "./notify.ts";
import { revokedAttachment, revokedResultOfApplication } from "./revocation.ts";

/** When the school revoked `document`, as a row's `last_error` says it. */
export const revokedOn = (document: IssuedDocumentRow) => document.revokedAt?.toISOString() ?? "?";

/** Why a notice attaching a revoked document is not sent (the row's `last_error`). */
export const supersededBy = (document: IssuedDocumentRow, told: string) =>
  `superseded: the attached document ${document.number} was revoked on ${revokedOn(document)}; ${told}`;

/** What becomes of a parent's notice now. */
export type ParentNoticeNow =
  /** It goes as written. */
  | { go: "send" }
  /** A status notice whose attached document was revoked, the revocation not told: its words go instead, without the file. */
  | { go: "instead"; document: IssuedDocumentRow }
  /** Not yet: the revocation's notice, which will tell the parent, waits to be sent; due again at `until`. */
  | { go: "later"; until: Date; reason: string }
  /** Never: what it says no longer holds (`reason`: the row's `last_error`). */
  | { go: "superseded"; reason: string };

/** What becomes now of the parent's notice `row` (its chat and payload). */
export async function parentNoticeNow(db: Db, row: { recipient: string; payload: OutboxPayload }): Promise<ParentNoticeNow> {
  const p = row.payload;
  if (p.template === "status") {
    const revoked = p.fileId ? await revokedAttachment(db, { fileId: p.fileId, recipient: row.recipient }) : undefined;
    if (!revoked) return { go: "send" };
    const notice = revoked.notice;
    if (notice?.status === "sent")
      return { go: "superseded", reason: supersededBy(revoked.document, `the parent was told by outbox row ${notice.id}`) };
    if (notice?.status === "pending") {
      // Due with it, or shortly when a sender holds it now (its lease is no due time).
      const soon = Date.now() + 1000;
      const until = new Date(notice.claimedAt ? soon : Math.max(notice.nextAttemptAt.getTime(), soon));
      return { go: "later", until, reason: `the attached document was revoked: waits for outbox row ${notice.id}, its notice` };
    }
    return { go: "instead", document: revoked.document };
  }
  if (p.template === "rating") {
    // Written with the decision: the parent is not asked to rate a decision taken back.
    const revoked = await revokedResultOfApplication(db, p.applicationId);
    const why = (d: IssuedDocumentRow) => `the decision's result, document ${d.number}, was revoked on ${revokedOn(d)}`;
    if (revoked) return { go: "superseded", reason: `superseded: ${why(revoked)}; the parent is not asked to rate it` };
    return { go: "send" };
  }
  if (p.template === "overdue") {
    // Written by the morning's digest: the parent is not told it is overdue once it no longer awaits a decision.
    const app = await getApplication(db, p.applicationId);
    if (app?.status !== "registered")
      return { go: "superseded", reason: `superseded: the application is ${app?.status ?? "gone"} now, no longer awaiting a decision` };
    return { go: "send" };
  }
  return { go: "send" };
}
