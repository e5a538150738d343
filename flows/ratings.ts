/**
 * Parents rate how their application was handled, once, when it is decided (a result that ends
 * the service, or a refusal): a score of 1 to 5 with one tap, and, if they like, a comment. The
 * school sees its average and the latest comments. A decision whose document the school revoked is
 * not rated (a request sent before the revocation still has its buttons): nothing is kept.
 */
import type { Db } from "#root/db/client.ts";
import { getParentApplication } from "#root/db/queries/applications.ts";
import { revokedResultOf } from "#root/db/queries/issued.ts";
import { addRatingComment, getRating, recordRating } from "#root/db/queries/ratings.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { isFinal, type Status } from "./lifecycle.ts";
import { getService } from "./services/index.ts";

export const MAX_COMMENT = 1000;

export type RateOutcome =
  | { ok: true }
  /** `revoked`: the school revoked the document the application was decided with — there is nothing to rate. */
  | { ok: false; reason: "not_found" | "not_final" | "already" | "bad_score" | "revoked" };

/** The parent's score for their own decided application, unless its result was revoked; the first one stands. */
export async function rateApplication(
  db: Db,
  input: { parentTelegramId: number; applicationId: string; score: number; now: Date },
): Promise<RateOutcome> {
  if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5) return { ok: false, reason: "bad_score" };
  const parent = await findUserByTelegramId(db, input.parentTelegramId);
  const app = parent ? await getParentApplication(db, parent.id, input.applicationId) : undefined;
  if (!app || !app.schoolId) return { ok: false, reason: "not_found" };
  const status = app.status as Status;
  if (status === "cancelled" || !isFinal(status, getService(app.serviceId))) return { ok: false, reason: "not_final" };
  if (await revokedResultOf(db, app)) return { ok: false, reason: "revoked" };
  const row = await recordRating(db, {
    applicationId: app.id,
    schoolId: app.schoolId,
    serviceId: app.serviceId,
    score: input.score,
    now: input.now,
  });
  if (row) return { ok: true };
  // Kept by nothing: rated already, or the result revoked since it was read.
  return { ok: false, reason: (await revokedResultOf(db, app)) ? "revoked" : "already" };
}

/**
 * Whether the parent may comment on the rating of `applicationId` now: their own application, rated, without a comment yet,
 * its result standing (`already`: commented; `not_found`: another parent's, a forged id, or not rated; `revoked`: the
 * school revoked the document it was decided with since it was rated — a comment is refused as a score would be).
 */
export async function commentAllowed(
  db: Db,
  input: { parentTelegramId: number; applicationId: string },
): Promise<{ ok: true } | { ok: false; reason: "not_found" | "already" | "revoked" }> {
  const parent = await findUserByTelegramId(db, input.parentTelegramId);
  const app = parent ? await getParentApplication(db, parent.id, input.applicationId) : undefined;
  const rating = app ? await getRating(db, app.id) : undefined;
  if (!app || !rating) return { ok: false, reason: "not_found" };
  if (rating.comment !== null) return { ok: false, reason: "already" };
  return (await revokedResultOf(db, app)) ? { ok: false, reason: "revoked" } : { ok: true };
}

export type CommentOutcome = { ok: true } | { ok: false; reason: "not_found" | "already" | "empty" | "too_long" | "revoked" };

/**
 * The comment to the parent's rating, once; plain text, at most {@link MAX_COMMENT} characters. Not once
 * the school revoked the decision's document (`revoked`): the decision it would comment on no longer
 * stands, as for a score (the score given before stays).
 */
export async function commentRating(
  db: Db,
  input: { parentTelegramId: number; applicationId: string; text: string; now: Date },
): Promise<CommentOutcome> {
  // eslint-disable-next-line no-control-regex
  const comment = input.text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "").trim();
  if (!comment) return { ok: false, reason: "empty" };
  if (comment.length > MAX_COMMENT) return { ok: false, reason: "too_long" };
  const parent = await findUserByTelegramId(db, input.parentTelegramId);
  const app = parent ? await getParentApplication(db, parent.id, input.applicationId) : undefined;
  if (!app || !(await getRating(db, app.id))) return { ok: false, reason: "not_found" };
  if (await addRatingComment(db, { applicationId: app.id, comment, now: input.now })) return { ok: true };
  // Kept by nothing: commented already, or the result revoked (since the tap on "add a comment", or since it was read).
  return { ok: false, reason: (await revokedResultOf(db, app)) ? "revoked" : "already" };
}
