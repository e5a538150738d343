/**
 * A school's places and its queue in an admission campaign. A campaign is a calendar year's
 * applications (sent April to August for the school year from 1 September); its places are set
 * per year by whoever may sign its order, and what its orders took is counted against them. The
 * queue is who awaits the order, the service's priority first, then the time of sending. Kept
 * apart from the decisions that read them (flows/enrolment.ts, flows/bulk.ts, the card's): the
 * places and the queue are one thing to get right, whoever decides.
 */
import type { Db, Tx } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { countEnrolled, getPlaces, lockPlaces, schoolQueue, setPlaces, type SentIn } from "#root/db/queries/places.ts";
import type { Staff } from "#root/db/queries/staff.ts";
import { startOfAlmatyDay } from "./calendar/almaty.ts";
import { canTransition } from "./lifecycle.ts";
import type { ServiceDefinition } from "./services/index.ts";
import { almatyDate } from "./sla.ts";

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
export const countTakenIn = (on: Db | Tx, schoolId: number, service: ServiceDefinition, year: number) =>
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
