/** A school's places for a service's grade in a year, and how many of them its orders took. */
import { and, asc, count, eq, gte, inArray, lt, ne, not, sql } from "drizzle-orm";
import type { Db, Tx } from "#root/db/client.ts";
import { applications, schoolPlaces } from "#root/db/schema.ts";
import type { Application } from "./applications.ts";
import { orderRevoked, resultRevoked } from "./issued.ts";

/** The places set for the year, or null when nobody has set them yet. */
export async function getPlaces(db: Db, schoolId: number, serviceId: string, year: number): Promise<number | null> {
  const [row] = await db
    .select({ places: schoolPlaces.places })
    .from(schoolPlaces)
    .where(and(eq(schoolPlaces.schoolId, schoolId), eq(schoolPlaces.serviceId, serviceId), eq(schoolPlaces.year, year)));
  return row?.places ?? null;
}

/**
 * Inside a transaction: the places set for the year, with their row locked until the
 * transaction ends, so that enrolments against them are counted one transaction at a time.
 */
export async function lockPlaces(tx: Tx, schoolId: number, serviceId: string, year: number): Promise<number | null> {
  const [row] = await tx
    .select({ places: schoolPlaces.places })
    .from(schoolPlaces)
    .where(and(eq(schoolPlaces.schoolId, schoolId), eq(schoolPlaces.serviceId, serviceId), eq(schoolPlaces.year, year)))
    .for("update");
  return row?.places ?? null;
}

export async function setPlaces(
  db: Db,
  input: { schoolId: number; serviceId: string; year: number; places: number; staffId: number; now: Date },
): Promise<void> {
  await db
    .insert(schoolPlaces)
    .values({
      schoolId: input.schoolId,
      serviceId: input.serviceId,
      year: input.year,
      places: input.places,
      setByStaffId: input.staffId,
      updatedAt: input.now,
    })
    .onConflictDoUpdate({
      target: [schoolPlaces.schoolId, schoolPlaces.serviceId, schoolPlaces.year],
      set: { places: input.places, setByStaffId: input.staffId, updatedAt: input.now },
    });
}

/** When the applications of an admission campaign were sent: [from, to). */
export interface SentIn {
  from: Date;
  to: Date;
}

/**
 * Applications of a service at a school in `status` sent in `sent`: those answering `priority.field`
 * with one of `priority.first` first, then the rest, each in the order they were sent (registration order).
 * One whose result the school revoked (the receipt taken back) awaits nothing: it is not in the queue.
 */
export async function schoolQueue(
  db: Db | Tx,
  schoolId: number,
  serviceId: string,
  status: string,
  sent: SentIn,
  priority?: { field: string; first: readonly string[] },
): Promise<Application[]> {
  const answer = sql`${applications.form}->'fields'->>${priority?.field ?? ""}`;
  const group = priority?.first.length ? [sql`case when ${inArray(answer, [...priority.first])} then 0 else 1 end`] : [];
  return db
    .select()
    .from(applications)
    .where(and(atSchoolIn(schoolId, serviceId, status, sent), not(resultRevoked)))
    .orderBy(...group, asc(applications.submittedAt), asc(applications.number));
}

/** A school's applications for the service in `status`, sent in `sent` (an admission campaign's). */
function atSchoolIn(schoolId: number, serviceId: string, status: string, sent: SentIn) {
  return and(
    eq(applications.schoolId, schoolId),
    eq(applications.serviceId, serviceId),
    eq(applications.status, status),
    gte(applications.submittedAt, sent.from),
    lt(applications.submittedAt, sent.to),
  );
}

/**
 * The child's (by IIN) applications for the service enrolled by an order (`status`, not revoked)
 * at a school other than `schoolId`, sent in [from, to): the admission campaign's.
 */
export async function enrolledElsewhere(
  db: Db | Tx,
  input: { serviceId: string; status: string; childIin: string; schoolId: number } & SentIn,
): Promise<Application[]> {
  return db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.serviceId, input.serviceId),
        eq(applications.status, input.status),
        sql`${applications.form}->'child'->>'iin' = ${input.childIin}`,
        ne(applications.schoolId, input.schoolId),
        gte(applications.submittedAt, input.from),
        lt(applications.submittedAt, input.to),
        not(orderRevoked),
      ),
    )
    .orderBy(asc(applications.decidedAt));
}

/**
 * Of the children with these IINs, those enrolled by an order of the service (`status`, not revoked)
 * at a school other than `schoolId`, sent in [from, to): the admission campaign's.
 */
export async function childrenEnrolledElsewhere(
  db: Db | Tx,
  input: { serviceId: string; status: string; childIins: readonly string[]; schoolId: number } & SentIn,
): Promise<Set<string>> {
  if (input.childIins.length === 0) return new Set();
  const iin = sql<string>`${applications.form}->'child'->>'iin'`;
  const rows = await db
    .selectDistinct({ iin })
    .from(applications)
    .where(
      and(
        eq(applications.serviceId, input.serviceId),
        eq(applications.status, input.status),
        inArray(iin, [...input.childIins]),
        ne(applications.schoolId, input.schoolId),
        gte(applications.submittedAt, input.from),
        lt(applications.submittedAt, input.to),
        not(orderRevoked),
      ),
    );
  return new Set(rows.map((r) => r.iin));
}

/** How many applications sent in `sent` (an admission campaign's) reached `status` (the order, not revoked) at a school. */
export async function countEnrolled(db: Db | Tx, schoolId: number, serviceId: string, status: string, sent: SentIn): Promise<number> {
  const [row] = await db
    .select({ n: count() })
    .from(applications)
    // An order revoked took its place back.
    .where(and(atSchoolIn(schoolId, serviceId, status, sent), not(orderRevoked)));
  return Number(row?.n ?? 0);
}
