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
 */
import type { Db, Tx } from "#root/db/client.ts";
import { getApplication, lockChildEnrolment, type Application } from "#root/db/queries/applications.ts";
import { storeFile } from "#root/db/queries/files.ts";
import { revokedResultOf, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import {
  childrenEnrolledElsewhere,
  countEnrolled,
  enrolledElsewhere,
  getPlaces,
  lockPlaces,
  schoolQueue,
  setPlaces,
  type SentIn,
} from "#root/db/queries/places.ts";
import type { Staff } from "#root/db/queries/staff.ts";
import { startOfAlmatyDay } from "./calendar/almaty.ts";
import { changeStatus } from "./applications.ts";
import { canTransition } from "./lifecycle.ts";
import { renderDocument, type OrderDetails } from "./results.ts";
import type { ServiceDefinition } from "./services/index.ts";
import { almatyDate } from "./sla.ts";
import { formOf } from "./statement.ts";

/**
 * The admission campaign an application sent at `sentAt` belongs to, by its year: the calendar
 * year (Almaty) it was sent in. Sent from 1 April to 31 August of Y, the child starts school on
 * 1 September of Y (the school year Y–Y+1). Its places (set per year), its queue and the places
 * its orders took are that year's, whenever the order is made.
 */
export const campaignYear = (sentAt: Date): number => Number(almatyDate(sentAt).slice(0, 4));

/** The campaign a school works on at `now` (its queue and places on /orders): this calendar year's. */
export const placesYear = (now: Date): number => campaignYear(now);

/** The campaign of an application (its order's places): the year it was sent in. */
export const campaignOf = (app: Pick<Application, "submittedAt">, now: Date): number => campaignYear(app.submittedAt ?? now);

/** The sending times of the campaign of `year`: [from, to). */
export const campaign = (year: number): SentIn => ({
  from: startOfAlmatyDay(`${year}-01-01`),
  to: startOfAlmatyDay(`${year + 1}-01-01`),
});

/**
 * A service's queue at a school for this year's campaign: who awaits the order — those with the
 * service's priority first, each group in registration order — and the places. A receipt of an
 * earlier campaign never ordered is not in it (nor closed): its card still decides it, against
 * its own year's places.
 */
export interface OrderQueue {
  year: number;
  awaiting: Application[];
  /** Null: the service has no limit, or nobody has set it for the year yet (see `limited`). */
  places: number | null;
  limited: boolean;
  /** Enrolled by the orders of this year's campaign (its applications, sent this year). */
  taken: number;
  /** Places left; null without a limit set. */
  free: number | null;
}

/** Services whose result continues with an order: those a school decides in bulk. */
export const orderedServices = (services: readonly ServiceDefinition[]) => services.filter((s) => s.result.then);

export async function orderQueue(db: Db, schoolId: number, service: ServiceDefinition, now: Date): Promise<OrderQueue> {
  const then = service.result.then;
  const year = placesYear(now);
  const awaiting = then ? await schoolQueue(db, schoolId, service.id, "completed", campaign(year), service.queuePriority) : [];
  const limited = service.limitedPlaces === true;
  const places = limited ? await getPlaces(db, schoolId, service.id, year) : null;
  const taken = await countTakenIn(db, schoolId, service, year);
  return { year, awaiting, places, limited, taken, free: places === null ? null : Math.max(0, places - taken) };
}

/** The most places a school may set: more than any school's first grades hold. */
export const MAX_PLACES = 2000;

export type PlacesResult =
  | { ok: true }
  | { ok: false; reason: "forbidden" | "invalid" }
  | { ok: false; reason: "below_taken"; taken: number };

/** Whether `staff` sets the service's places: whoever may sign its order (the director). */
export function maySetPlaces(service: ServiceDefinition, staff: Pick<Staff, "active" | "role">): boolean {
  return staff.active && canTransition(service, "completed", "order", { kind: "staff", role: staff.role }).ok;
}

/**
 * Set the places for this year. They bound the order, so whoever may sign the order sets them
 * (the lifecycle's rule for `order`: the director); never fewer than this year's orders took.
 */
export async function changeYearPlaces(
  db: Db,
  input: { staff: Staff; service: ServiceDefinition; places: number; now: Date },
): Promise<PlacesResult> {
  const { staff, service, places, now } = input;
  if (!service.limitedPlaces || !Number.isInteger(places) || places < 0 || places > MAX_PLACES) return { ok: false, reason: "invalid" };
  if (!maySetPlaces(service, staff)) return { ok: false, reason: "forbidden" };
  const year = placesYear(now);
  return db.transaction(async (tx) => {
    // An order being confirmed holds the row: its enrolments are counted before the new number.
    await lockPlaces(tx, staff.schoolId, service.id, year);
    const taken = await countTakenIn(tx, staff.schoolId, service, year);
    if (places < taken) return { ok: false, reason: "below_taken", taken } as const;
    await setPlaces(tx, { schoolId: staff.schoolId, serviceId: service.id, year, places, staffId: staff.id, now });
    return { ok: true } as const;
  });
}

/** {@link changeYearPlaces}, answering only whether the places were set. */
export async function setYearPlaces(
  db: Db,
  input: { staff: Staff; service: ServiceDefinition; places: number; now: Date },
): Promise<boolean> {
  return (await changeYearPlaces(db, input)).ok;
}

/** Enrolled by the service's orders at the school in the campaign of `year`. */
const countTakenIn = (on: Db | Tx, schoolId: number, service: ServiceDefinition, year: number) =>
  service.result.then ? countEnrolled(on, schoolId, service.id, service.result.then.status, campaign(year)) : Promise.resolve(0);

/** Whether `reason` is the service's refusal on the "no places" ground (a service with places to set). */
export const isNoPlaces = (service: ServiceDefinition, reason: string | undefined) =>
  service.limitedPlaces === true && service.refusalReasons.some((r) => r.id === reason && r.status === "no-places");

/**
 * The places still free at the school in the campaign of `year`, with the places row locked for
 * the rest of `tx` (an order being confirmed waits): null when the places are not set.
 */
export async function freePlacesLocked(tx: Tx, schoolId: number, service: ServiceDefinition, year: number): Promise<number | null> {
  const places = await lockPlaces(tx, schoolId, service.id, year);
  return places === null ? null : Math.max(0, places - (await countTakenIn(tx, schoolId, service, year)));
}

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
