/**
 * One decision for many applications: the director's order that enrols the first applicants
 * of a service's queue at once (the first grade's enrolment order lists every child it admits),
 * or one refusal on one ground for those the places did not reach.
 * The queue is the order of registration, those with the service's priority first (the first
 * grade's: the school's area and the social categories); a service with limited places never
 * enrols more than its school set for the year. Each application still changes through
 * `changeStatus`, so each parent's notification is written with their own status change, and a
 * parent who withdrew or a colleague who acted since the list was shown leaves that one
 * application out, not the rest; so does a child another school has enrolled by an order of the
 * same admission campaign, and one that an applicant not in the list has come ahead of since (a
 * priority sent meanwhile): the order passes nobody over. From the card, passing over those ahead
 * takes the staff member's confirmation, which the order's event records ({@link checkEnrolment}).
 * The queue and the places are flows/places.ts; whether one order may be made, flows/enrolment.ts.
 */
import type { Db } from "#root/db/client.ts";
import { getApplication, type Application } from "#root/db/queries/applications.ts";
import { storeFile } from "#root/db/queries/files.ts";
import type { Staff } from "#root/db/queries/staff.ts";
import { changeStatus } from "./applications.ts";
import { checkEnrolment } from "./enrolment.ts";
import { canTransition } from "./lifecycle.ts";
import { campaignOf, countTakenIn, freePlacesLocked, isNoPlaces, orderQueue } from "./places.ts";
import { renderDocument, type OrderDetails } from "./results.ts";
import type { ServiceDefinition } from "./services/index.ts";

/** Thrown to roll back one application's decision that `changeStatus` refused. */
class NotDecided extends Error {}

/** An application as the list showed it: its version then (a change since leaves it out). */
export interface Shown {
  id: string;
  version: number;
}

export type BulkResult =
  /**
   * `enrolledElsewhere`: left out of the order, their child enrolled by another school's order of the same campaign;
   * `outOfTurn`: left out, applicants not in the list came ahead of them in the queue since it was shown (a priority
   * sent meanwhile): the order never passes anybody over.
   */
  | { ok: true; decided: Application[]; skipped: Application[]; enrolledElsewhere: Application[]; outOfTurn: Application[] }
  | { ok: false; reason: "forbidden" | "not_offered" | "places_not_set" | "empty" }
  | { ok: false; reason: "too_many"; free: number }
  /** A refusal on the "no places" ground while places are free. */
  | { ok: false; reason: "places_free"; free: number };

/** What is decided for each: the order (its number and date), or a refusal on one listed ground. */
export type BulkDecision = { action: "order"; order: OrderDetails } | { action: "refuse"; reason: string };

/**
 * Decide `shown` (applicants of the queue, as the staff member saw and confirmed them) at once:
 * each gets its document (the order notice, or the reasoned refusal — both checkable) and its
 * status, with the parent's notification in the same transaction. Checks the staff member's
 * role, the reason and, for an order, the places first.
 */
export async function decideInBulk(
  db: Db,
  input: { staff: Staff; service: ServiceDefinition; shown: readonly Shown[]; decision: BulkDecision; now: Date; publicUrl: string },
): Promise<BulkResult> {
  const { staff, service, now, decision } = input;
  const then = service.result.then;
  if (!then) return { ok: false, reason: "not_offered" };
  const reason = decision.action === "refuse" ? decision.reason : undefined;
  const allowed = canTransition(service, "completed", decision.action, { kind: "staff", role: staff.role }, reason ? { reason } : {});
  if (!allowed.ok) return { ok: false, reason: allowed.reason === "forbidden_for_actor" ? "forbidden" : "not_offered" };
  if (input.shown.length === 0) return { ok: false, reason: "empty" };
  const queue = await orderQueue(db, staff.schoolId, service, now);
  if (decision.action === "order" && queue.limited) {
    if (queue.free === null) return { ok: false, reason: "places_not_set" };
    if (input.shown.length > queue.free) return { ok: false, reason: "too_many", free: queue.free };
  }
  // "No places" is true only when none are free: it is checked again, locked, for each refusal.
  const noPlaces = reason !== undefined && queue.limited && isNoPlaces(service, reason);
  if (noPlaces) {
    if (queue.free === null) return { ok: false, reason: "places_not_set" };
    if (queue.free > 0) return { ok: false, reason: "places_free", free: queue.free };
  }
  const principal = { kind: "staff" as const, staffId: staff.id, role: staff.role, schoolId: staff.schoolId };
  const decided: Application[] = [];
  const skipped: Application[] = [];
  const enrolledElsewhere: Application[] = [];
  const outOfTurn: Application[] = [];
  const alongside = new Set(input.shown.map((s) => s.id));
  const limit = decision.action === "order" && queue.limited;
  for (const s of input.shown) {
    const app = await getApplication(db, s.id);
    if (!app) continue;
    // Another school's application, one that changed since the list was shown, or another campaign's.
    const changed = app.version !== s.version || app.status !== "completed";
    if (app.schoolId !== staff.schoolId || app.serviceId !== service.id || changed || campaignOf(app, now) !== queue.year) {
      skipped.push(app);
      continue;
    }
    // Places already taken (another order since the list was shown): no document is numbered for it.
    if (limit && queue.places !== null && (await countTakenIn(db, staff.schoolId, service, queue.year)) >= queue.places) {
      skipped.push(app);
      continue;
    }
    const document =
      decision.action === "order"
        ? { kind: "order" as const, order: decision.order }
        : { kind: "refusal" as const, refusal: { reason: decision.reason } };
    // Rendered before the transaction (slow; an embedded database has one connection), stored in it.
    const prepared = await renderDocument(db, { application: app, issuer: staff, now, publicUrl: input.publicUrl, ...document });
    const outcome = await db
      .transaction(async (tx) => {
        // A "no places" refusal: places raised (or an order taken back) since the check leave a place free again.
        if (noPlaces && (await freePlacesLocked(tx, staff.schoolId, service, queue.year)) !== 0) return "free" as const;
        if (decision.action === "order") {
          // Two orders confirmed at once: the second waits on the year's places row until the
          // first commits, then counts what it took; a child another school enrolled is left out,
          // and so is one that someone not in the list now comes before in the queue.
          const check = await checkEnrolment(tx, { app, schoolId: staff.schoolId, service, now, alongside });
          if (!check.ok) return check.reason === "enrolled_elsewhere" ? "elsewhere" : check.reason === "out_of_turn" ? "behind" : "full";
        }
        const file = await storeFile(tx, { bytes: prepared.bytes, name: prepared.name });
        const result = await changeStatus(tx, {
          applicationId: app.id,
          application: app,
          action: decision.action,
          principal,
          fileId: file.id,
          issued: { ...prepared.record, fileId: file.id, sha256: file.sha256 },
          expectedVersion: s.version,
          now,
          ...(reason ? { reason } : {}),
        });
        // Not decided: the stored document goes with the transaction.
        if (!result.ok) throw new NotDecided();
        return result.application;
      })
      .catch((err: unknown) => {
        if (err instanceof NotDecided) return "lost" as const;
        throw err;
      });
    if (outcome === "elsewhere") enrolledElsewhere.push(app);
    else if (outcome === "behind") outOfTurn.push(app);
    else if (typeof outcome === "string") skipped.push(app);
    else decided.push(outcome);
  }
  return { ok: true, decided, skipped, enrolledElsewhere, outOfTurn };
}
