/**
 * Reads for the school's reports: ONE school's applications (every query takes the school id)
 * received in a period, their status changes, and those whose result was issued, for the list
 * of result holders in a month.
 */
import { and, asc, eq, gte, inArray, lt, not, notInArray } from "drizzle-orm";
import type { Db } from "#root/db/client.ts";
import { applicationEvents, applications } from "#root/db/schema.ts";
import { UNSENT_STATUSES, type Application, type ApplicationEvent } from "./applications.ts";
import { resultRevoked } from "./issued.ts";

/** The school's applications sent in [from, to), oldest first. */
export async function schoolApplicationsSent(db: Db, schoolId: number, from: Date, to: Date): Promise<Application[]> {
  return db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.schoolId, schoolId),
        notInArray(applications.status, UNSENT_STATUSES),
        gte(applications.submittedAt, from),
        lt(applications.submittedAt, to),
      ),
    )
    .orderBy(asc(applications.submittedAt), asc(applications.number));
}

/**
 * The school's applications whose result was issued before `before` and still stands: a result
 * whose document the school revoked is not a result held (revoking leaves the status as it was).
 */
export async function schoolResultsIssued(db: Db, schoolId: number, statuses: readonly string[], before: Date): Promise<Application[]> {
  return db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.schoolId, schoolId),
        inArray(applications.status, [...statuses]),
        lt(applications.decidedAt, before),
        not(resultRevoked),
      ),
    )
    .orderBy(asc(applications.number));
}

/** The status changes of these applications, in order. */
export async function eventsOf(db: Db, applicationIds: string[]): Promise<ApplicationEvent[]> {
  if (applicationIds.length === 0) return [];
  return db
    .select()
    .from(applicationEvents)
    .where(inArray(applicationEvents.applicationId, applicationIds))
    .orderBy(asc(applicationEvents.applicationId), asc(applicationEvents.id));
}
