/**
 * Revoking a document the school issued: only staff of the school that issued it, with a
 * reason the parent and everybody who checks the document will read. The document's row, an
 * application event, the application's next version and the parent's notice are written together
 * (a card or signing link made before is out of date, as after a decision); the status does not
 * change: the history keeps the order as it was made, and its revocation beside it. An enrolment order
 * revoked takes no place any more and no longer stands for the child (both are read from the
 * order's document: db/queries/places.ts, sentApplicationsForChild), so the place is free again
 * and the child may be sent and enrolled anew, here or elsewhere. So with any result revoked (a
 * certificate, a receipt): the application no longer stands for the child — the same school may
 * be sent another, and nobody applying for the child is told of it — and a receipt revoked takes
 * its application out of the queue; no order follows it (`checkEnrolment`: `result_revoked`), and no
 * other decision is taken on it (`checkDecision`: a refusal after it).
 *
 * A notice written before the revocation with the document attached ("the certificate is issued")
 * may still wait in the outbox — behind others, or to be tried again — when the school revokes it.
 * It never hands the parent the revoked document: {@link revokedAttachment} tells the sender, which
 * sends nothing once the revocation's own notice went (it tells them), waits for that notice while
 * it waits, and sends its words, without the file, in its place when it could not be sent. The
 * request to rate the decision, written with it, is not sent once the result it decided with is
 * revoked ({@link revokedResultOfApplication}): the parent is not asked to rate a revoked decision.
 * The issuing staff member's copy of the document is not sent with the file either: a line that it
 * was revoked goes in its place, or nothing when they revoked it themselves (bot/shared/delivery.ts).
 */
import type { Db } from "#root/db/client.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { getIssued, recordRevocation, revokedIssuedByFile, revokedResultOf, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { getOutboxRow, type OutboxRow } from "#root/db/queries/outbox.ts";
import { getUser } from "#root/db/queries/users.ts";
import type { Principal } from "./applications.ts";
import { isLang } from "./i18n.ts";
import type { RevokedPayload } from "./notify.ts";

/** Shortest and longest reason: it is shown on the public check page and sent to the parent. */
export const REVOKE_REASON = { min: 10, max: 500 };

export type RevokeResult =
  | { ok: true; document: IssuedDocumentRow }
  /** No such document, or another school's: the two are indistinguishable on purpose. */
  | { ok: false; reason: "not_found" | "already_revoked" | "reason_invalid" };

/** The outbox key of the parent's notice that this document was revoked: one per document, ever. */
export const revocationNoticeKey = (documentId: number) => `doc:${documentId}:revoked:parent`;

/**
 * The document a notice waiting to be sent attaches (`fileId`), when the school has revoked it since,
 * and the revocation's own notice to the parent in chat `recipient` when there is one: it went
 * (`sent`), waits to be sent (`pending`), or could not be sent (`failed`, `blocked`). Undefined while
 * the document stands.
 */
export async function revokedAttachment(
  db: Db,
  input: { fileId: string; recipient: string },
): Promise<{ document: IssuedDocumentRow; notice?: Pick<OutboxRow, "id" | "status" | "nextAttemptAt" | "claimedAt"> } | undefined> {
  const document = await revokedIssuedByFile(db, input.fileId);
  if (!document) return undefined;
  const notice = await getOutboxRow(db, revocationNoticeKey(document.id));
  return notice?.channel === "parent" && notice.recipient === input.recipient ? { document, notice } : { document };
}

/**
 * The application's result (the document `result_file_id` names) when the school has revoked it:
 * a request to rate the decision, waiting to be sent, is not sent any more. Undefined while it stands.
 */
export async function revokedResultOfApplication(db: Db, applicationId: string): Promise<IssuedDocumentRow | undefined> {
  const app = await getApplication(db, applicationId);
  return app ? revokedResultOf(db, app) : undefined;
}

export async function revokeDocument(
  db: Db,
  input: { applicationId: string; documentId: number; principal: Extract<Principal, { kind: "staff" }>; reason: string; now: Date },
): Promise<RevokeResult> {
  const reason = input.reason.trim();
  if (reason.length < REVOKE_REASON.min || reason.length > REVOKE_REASON.max) return { ok: false, reason: "reason_invalid" };
  const doc = await getIssued(db, input.documentId);
  if (!doc || doc.applicationId !== input.applicationId || doc.schoolId !== input.principal.schoolId)
    return { ok: false, reason: "not_found" };
  if (doc.revokedAt) return { ok: false, reason: "already_revoked" };
  const app = (await getApplication(db, doc.applicationId))!;
  const parent = await getUser(db, app.parentId);
  const notifications = [];
  if (parent?.telegramId) {
    const payload: RevokedPayload = {
      template: "revoked",
      applicationId: app.id,
      number: app.number,
      serviceId: app.serviceId,
      documentNumber: doc.number,
      reason,
      lang: isLang(parent.lang) ? parent.lang : (app.lang as "kk" | "ru"),
    };
    notifications.push({
      channel: "parent" as const,
      recipient: String(parent.telegramId),
      payload,
      dedupeKey: revocationNoticeKey(doc.id),
    });
  }
  const revoked = await recordRevocation(db, {
    id: doc.id,
    reason,
    staffId: input.principal.staffId,
    status: app.status,
    notifications,
    now: input.now,
  });
  return revoked ? { ok: true, document: revoked } : { ok: false, reason: "already_revoked" };
}
