/**
 * A staff member's decision on an application — register, refuse, issue, reject, order — and
 * revoking a document the school issued: one call each, returning a typed outcome the bots put
 * into words. A decision that issues a document renders it first, then stores the PDF, the
 * document's record and the status change in one transaction: a decision refused or lost to
 * another staff member leaves no file behind.
 */
import type { Db } from "#root/db/client.ts";
import { getApplication, lastEvent, type Application, type ApplicationEvent } from "#root/db/queries/applications.ts";
import { revokedResultOf } from "#root/db/queries/issued.ts";
import type { Staff } from "#root/db/queries/staff.ts";
import { canSee, changeStatus, type ChangeResult, type Principal } from "./applications.ts";
import { checkEnrolment, isEnrolmentRefusal, outOfTurnNote, type EnrolmentRefusal } from "./enrolment.ts";
import { canTransition, type Action, type Status, type TransitionDenial } from "./lifecycle.ts";
import { campaignOf, freePlacesLocked, isNoPlaces } from "./places.ts";
import { issuedKindOf, renderDocument, storeDocument, type OrderDetails } from "./results.ts";
import { revokeDocument, type RevokeResult } from "./revocation.ts";
import { getService, type ServiceDefinition } from "./services/index.ts";

export type StaffPrincipal = Extract<Principal, { kind: "staff" }>;

export const principalOf = (s: Staff): StaffPrincipal => ({ kind: "staff", staffId: s.id, role: s.role, schoolId: s.schoolId });

export interface Decision {
  applicationId: string;
  action: Action;
  /** The version shown on the staff member's screen. */
  version: number;
  reason?: string;
  comment?: string;
  order?: OrderDetails;
  /**
   * An enrolment order from the card: how many applicants ahead of this one in the queue the staff
   * member was shown and confirmed to pass over (recorded with the order); none without it.
   */
  passOver?: number;
}

export type DecisionOutcome =
  | { ok: true; application: Application; service: ServiceDefinition }
  /** No such application, or another school's: the two are indistinguishable on purpose. */
  | { ok: false; reason: "not_found" }
  /** Somebody acted after the screen was drawn: `by` is the event that won. Nothing changed. */
  | { ok: false; reason: "conflict"; application: Application; by?: ApplicationEvent }
  /** The lifecycle does not allow it (or an order was asked for without its number and date). */
  | { ok: false; reason: TransitionDenial | "order_missing" }
  /** A refusal on the "no places" ground while places are free (`free`), or before they are set (null). */
  | { ok: false; reason: "places_free"; free: number | null }
  /**
   * An enrolment order before the year's places are set, while every place is taken, or of a child enrolled at another
   * school: nothing was issued.
   */
  | ({ ok: false } & EnrolmentRefusal);

/** Whether a decision may be taken: the application's service when it may, or why not. */
export type DecisionCheck =
  | { ok: true; service: ServiceDefinition }
  | Extract<DecisionOutcome, { reason: "conflict" }>
  /** The school revoked the result the application holds: no decision rests on it (an order, a refusal after it). */
  | ({ ok: false } & Extract<EnrolmentRefusal, { reason: "result_revoked" }>)
  | { ok: false; reason: TransitionDenial };

/** The application as this staff member may see it (their school's, sent), or undefined. */
async function staffApplication(db: Db, principal: StaffPrincipal, applicationId: string): Promise<Application | undefined> {
  const app = await getApplication(db, applicationId);
  return app && canSee(principal, app) ? app : undefined;
}

/** Thrown inside the transaction to roll the stored document back when the status change is refused. */
class DecisionRefused extends Error {
  constructor(
    readonly change:
      | Extract<ChangeResult, { ok: false }>
      | { ok: false; reason: "places_free"; free: number | null }
      | ({ ok: false } & EnrolmentRefusal),
  ) {
    super(`decision refused: ${change.reason}`);
  }
}

/**
 * May `staff` take `d` on `app` (their school's) as it stands: is the version the one on their
 * screen, does the result it holds still stand (not revoked), and do the lifecycle and their role
 * allow it? A button asks before it asks for a reason (then `reason_required` only means "ask for
 * it"); {@link decide} asks again.
 */
export async function checkDecision(
  db: Db,
  staff: Staff,
  app: Application,
  d: Pick<Decision, "action" | "version" | "reason">,
): Promise<DecisionCheck> {
  // The screen is out of date: say who acted, change nothing and render nothing.
  if (app.version !== d.version) return { ok: false, reason: "conflict", application: app, by: await lastEvent(db, app.id) };
  // A result the school revoked stands for nothing: no order follows it, and nothing else is decided on it.
  const revoked = await revokedResultOf(db, app);
  if (revoked) return { ok: false, reason: "result_revoked", document: { kind: revoked.kind, number: revoked.number } };
  const service = getService(app.serviceId);
  const check = canTransition(service, app.status as Status, d.action, { kind: "staff", role: staff.role }, { reason: d.reason });
  return check.ok ? { ok: true, service } : { ok: false, reason: check.reason };
}

/**
 * Take `decision` as the (active) staff member `staff`, at `now`. Everything is checked again:
 * the school, the version on their screen, the lifecycle and their role.
 */
export async function decide(db: Db, input: { staff: Staff; decision: Decision; now: Date; publicUrl: string }): Promise<DecisionOutcome> {
  const { staff, decision: d, now } = input;
  const principal = principalOf(staff);
  const app = await staffApplication(db, principal, d.applicationId);
  if (!app) return { ok: false, reason: "not_found" };
  const checked = await checkDecision(db, staff, app, d);
  if (!checked.ok) return checked;
  const { service } = checked;
  const kind = issuedKindOf(service, d.action);
  if (kind === "order" && !d.order) return { ok: false, reason: "order_missing" };

  const change = {
    applicationId: app.id,
    application: app,
    action: d.action,
    principal,
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
    ...(d.comment ? { comment: d.comment } : {}),
    expectedVersion: d.version,
    now,
  };
  let result: ChangeResult | DecisionRefused["change"];
  if (!kind) {
    result = await changeStatus(db, change);
  } else {
    // Rendered outside the transaction (it takes a while); stored inside it.
    const rendered = await renderDocument(db, {
      application: app,
      kind,
      issuer: staff,
      now,
      publicUrl: input.publicUrl,
      ...(d.order ? { order: d.order } : {}),
      ...(kind === "refusal" && d.reason ? { refusal: { reason: d.reason, ...(d.comment ? { comment: d.comment } : {}) } } : {}),
    });
    try {
      result = await db.transaction(async (tx) => {
        // "No places" holds only while none of its campaign's are free: checked with the places row locked.
        if (kind === "refusal" && isNoPlaces(service, d.reason)) {
          const free = await freePlacesLocked(tx, staff.schoolId, service, campaignOf(app, now));
          if (free !== 0) throw new DecisionRefused({ ok: false, reason: "places_free", free });
        }
        // An enrolment order takes a place (none past the year's), a child is enrolled at one school,
        // and those ahead in the queue are passed over only as the staff member confirmed (recorded with it).
        let passedOver = {};
        if (kind === "order") {
          const passOver = { count: d.passOver ?? 0 };
          const check = await checkEnrolment(tx, { app, schoolId: staff.schoolId, service, now, passOver });
          if (!check.ok) throw new DecisionRefused(check);
          passedOver = outOfTurnNote(check.passedOver);
        }
        const { fileId, issued } = await storeDocument(tx, rendered);
        const changed = await changeStatus(tx, { ...change, ...passedOver, fileId, issued });
        if (!changed.ok) throw new DecisionRefused(changed);
        return changed;
      });
    } catch (e) {
      if (!(e instanceof DecisionRefused)) throw e;
      result = e.change;
    }
  }
  if (result.ok) return { ok: true, application: result.application, service };
  if (result.reason === "places_free" || isEnrolmentRefusal(result)) return result;
  if (result.reason === "not_found") return { ok: false, reason: "not_found" };
  if (result.reason === "conflict") return { ok: false, reason: "conflict", application: result.application, by: result.by };
  // Only a parent's send meets another application of the same child, and only a parent's withdrawal a
  // revoked result here (staff neither send nor withdraw; their decisions meet it in checkDecision).
  if (result.reason === "duplicate" || result.reason === "result_revoked") return { ok: false, reason: "forbidden_for_actor" };
  return { ok: false, reason: result.reason };
}

/** Revoke the issued document `documentId` of `applicationId` as the (active) staff member `staff`. */
export async function revoke(
  db: Db,
  input: { staff: Staff; applicationId: string; documentId: number; reason: string; now: Date },
): Promise<RevokeResult> {
  const principal = principalOf(input.staff);
  if (!(await staffApplication(db, principal, input.applicationId))) return { ok: false, reason: "not_found" };
  const { applicationId, documentId, reason, now } = input;
  return revokeDocument(db, { applicationId, documentId, principal, reason, now });
}
