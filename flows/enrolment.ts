/**
 * Whether an enrolment order may be made now, for one application: from its card, signed with
 * EDS, or in bulk. The receipt it follows not revoked, the campaign's places set and one free
 * (counted with the places row locked), the child not enrolled at another school in the same
 * campaign, and nobody ahead in the queue passed over unless the staff member confirmed it. Its
 * own file because every way of making an order asks it, inside the order's transaction, and
 * each of them must get the same answer.
 */
import type { Db, Tx } from "#root/db/client.ts";
import { lockChildEnrolment, type Application } from "#root/db/queries/applications.ts";
import { revokedResultOf, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { childrenEnrolledElsewhere, enrolledElsewhere, schoolQueue } from "#root/db/queries/places.ts";
import { campaign, campaignOf, freePlacesLocked } from "./places.ts";
import type { ServiceDefinition } from "./services/index.ts";
import { formOf } from "./statement.ts";

/**
 * Why an enrolment order may not be made: the result it would follow (the receipt) was revoked by
 * the school, nobody has set the places of its campaign's year yet (the school sets them first,
 * on /orders), every place of the year is taken by orders, or the child is already enrolled by an
 * order at another school in the same admission campaign (the application there: its number and
 * school are what the card shows of it).
 */
export type EnrolmentRefusal =
  | { reason: "result_revoked"; document: Pick<IssuedDocumentRow, "kind" | "number"> }
  | { reason: "places_not_set"; year: number }
  | { reason: "no_places"; year: number }
  | { reason: "enrolled_elsewhere"; other: Application }
  /** Applicants ahead of this one in the queue the order would pass over, the first first: not confirmed ({@link PassOver}). */
  | { reason: "out_of_turn"; ahead: Application[] };

/** The reasons an enrolment order is refused, as a signing page or a notice names them. */
export type EnrolmentRefusalReason = EnrolmentRefusal["reason"];
const ENROLMENT_REFUSALS: ReadonlySet<string> = new Set<EnrolmentRefusalReason>([
  "result_revoked",
  "places_not_set",
  "no_places",
  "enrolled_elsewhere",
  "out_of_turn",
]);

/** Is this outcome an enrolment order's refusal ({@link checkEnrolment})? */
export const isEnrolmentRefusal = <T extends { reason?: string }>(r: T): r is Extract<T, EnrolmentRefusal> =>
  ENROLMENT_REFUSALS.has(r.reason ?? "");

/**
 * The applicants an order for `app` would pass over: those ahead of it in its campaign's queue at
 * its school (priority first, then the time of sending — the Standard's order, the one "enrol in
 * order" follows), but those decided `alongside` it (in the same order in bulk) and children another
 * school has enrolled by an order of the campaign (they wait for nothing here). None for a service
 * without limited places: its orders take nobody's place.
 */
export async function queueAhead(
  db: Db | Tx,
  input: { app: Application; schoolId: number; service: ServiceDefinition; now: Date; alongside?: ReadonlySet<string> },
): Promise<Application[]> {
  const { app, schoolId, service, now } = input;
  const then = service.result.then;
  if (!service.limitedPlaces || !then) return [];
  const sent = campaign(campaignOf(app, now));
  const queue = await schoolQueue(db, schoolId, service.id, "completed", sent, service.queuePriority);
  const at = queue.findIndex((a) => a.id === app.id);
  const before = queue.slice(0, Math.max(0, at)).filter((a) => !input.alongside?.has(a.id));
  const iins = before.map((a) => formOf(a).child?.iin).filter((iin): iin is string => iin !== undefined);
  const elsewhere = await childrenEnrolledElsewhere(db, { serviceId: service.id, status: then.status, childIins: iins, schoolId, ...sent });
  return before.filter((a) => !elsewhere.has(formOf(a).child?.iin ?? ""));
}

/**
 * Which applicants ahead in the queue an order may pass over, as the staff member confirmed it: as
 * many as they were shown on the card (`count`), or — an order signed with EDS later — those sent
 * before its signing link was made (`sentBefore`), when the card showed them. Without it, none.
 */
export type PassOver = { count: number } | { sentBefore: Date };

/** An enrolment order that may be made, and whom it passes over in the queue (confirmed; recorded with it). */
export type EnrolmentCheck = { ok: true; passedOver: Application[] } | ({ ok: false } & EnrolmentRefusal);

/** What an order's event records of those it passed over: the reason, and their application numbers. */
export const OUT_OF_TURN = "out-of-turn";
export const outOfTurnNote = (passedOver: readonly Application[]): { reason?: string; comment?: string } =>
  passedOver.length === 0 ? {} : { reason: OUT_OF_TURN, comment: passedOver.map((a) => a.number).join(", ") };

/**
 * Inside the transaction that makes an enrolment order for `app` (from its card, signed with
 * EDS, or in bulk): may it be made? A service with limited places enrols no more than its school
 * set for the year: counted with the places row locked ({@link freePlacesLocked}), so that of two
 * orders for the last place the second counts the first; and before the school has set them
 * there is nothing to count against, so no order is made (every path asks for them first, as
 * /orders does). One child is enrolled at one school: an order of the same campaign at another
 * school stands in the way (two schools at once: the second waits for the first's, then finds
 * it). And the queue is kept: an order that passes over applicants ahead ({@link queueAhead}) is
 * made only as the staff member confirmed it ({@link PassOver}); in bulk, never.
 */
export async function checkEnrolment(
  tx: Tx,
  input: {
    app: Application;
    schoolId: number;
    service: ServiceDefinition;
    now: Date;
    passOver?: PassOver;
    /** Decided in the same order (in bulk): not passed over. */
    alongside?: ReadonlySet<string>;
  },
): Promise<EnrolmentCheck> {
  const { app, schoolId, service, now } = input;
  // An order follows its result (the receipt of the documents): not one the school took back.
  const revoked = await revokedResultOf(tx, app);
  if (revoked) return { ok: false, reason: "result_revoked", document: { kind: revoked.kind, number: revoked.number } };
  const then = service.result.then;
  if (!service.limitedPlaces || !then) return { ok: true, passedOver: [] };
  // The application's campaign: a receipt of last year ordered now takes one of last year's places.
  const year = campaignOf(app, now);
  const free = await freePlacesLocked(tx, schoolId, service, year);
  const iin = formOf(app).child?.iin;
  if (iin) {
    await lockChildEnrolment(tx, { serviceId: service.id, child: iin });
    const [other] = await enrolledElsewhere(tx, { serviceId: service.id, status: then.status, childIin: iin, schoolId, ...campaign(year) });
    if (other) return { ok: false, reason: "enrolled_elsewhere", other };
  }
  if (free === null) return { ok: false, reason: "places_not_set", year };
  if (free === 0) return { ok: false, reason: "no_places", year };
  // Counted with the places row locked: an order for someone ahead, made meanwhile, is counted out.
  const ahead = await queueAhead(tx, input);
  const pass = input.passOver;
  const confirmed = !pass ? ahead.length === 0 : "count" in pass ? ahead.length <= pass.count : ahead.every((a) => sentBefore(a, pass));
  return confirmed ? { ok: true, passedOver: ahead } : { ok: false, reason: "out_of_turn", ahead };
}

const sentBefore = (a: Application, pass: { sentBefore: Date }) => (a.submittedAt ?? a.createdAt).getTime() < pass.sentBefore.getTime();

/** {@link checkEnrolment}'s refusal as things stand, before the order is prepared for signing (checked again when made). */
export async function enrolmentRefusalNow(
  db: Db,
  input: Parameters<typeof checkEnrolment>[1],
): Promise<(EnrolmentRefusal & { ok: false }) | undefined> {
  const checked = await db.transaction((tx) => checkEnrolment(tx, input));
  return checked.ok ? undefined : checked;
}
