/**
 * The provider bot's reads: the inbox of ONE school (every query takes the school id and
 * filters by it), status counts, and small staff lookups.
 */
import { and, asc, count, eq, inArray, notInArray, or, sql } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { UNSENT_STATUSES, type Application } from "../../db/queries/applications.ts";
import type { Staff } from "../../db/queries/staff.ts";
import { applications, issuedDocuments, staff } from "../../db/schema.ts";
import type { Lang } from "../../flows/i18n.ts";
import { services } from "../../flows/services/index.ts";


/** Services whose `completed` still waits for the director's order (read from the services' data). */
const withFollowUp = () => services.filter((s) => s.result.then).map((s) => s.id);

/** Applications waiting for the school: new, registered, and receipts awaiting the order. */
function openCondition(schoolId: number) {
  const awaitingOrder = withFollowUp();
  const waiting = [eq(applications.status, "submitted"), eq(applications.status, "registered")];
  if (awaitingOrder.length) waiting.push(and(eq(applications.status, "completed"), inArray(applications.serviceId, awaitingOrder))!);
  return and(eq(applications.schoolId, schoolId), or(...waiting));
}

/**
 * One page of the school's open applications: new ones first (oldest first), then by deadline.
 */
export async function listInbox(db: Db, schoolId: number, page: number, pageSize: number): Promise<{ items: Application[]; total: number }> {
  const where = openCondition(schoolId);
  const items = await db
    .select()
    .from(applications)
    .where(where)
    .orderBy(
      sql`case ${applications.status} when 'submitted' then 0 when 'registered' then 1 else 2 end`,
      sql`${applications.deadlineAt} asc nulls last`,
      asc(applications.submittedAt),
      asc(applications.number),
    )
    .limit(pageSize)
    .offset(page * pageSize);
  const [total] = await db.select({ n: count() }).from(applications).where(where);
  return { items, total: total?.n ?? 0 };
}

/** How many of the school's applications are in each status (drafts excluded). */
export async function countByStatus(db: Db, schoolId: number): Promise<Record<string, number>> {
  const rows = await db
    .select({ status: applications.status, n: count() })
    .from(applications)
    .where(and(eq(applications.schoolId, schoolId), notInArray(applications.status, UNSENT_STATUSES)))
    .groupBy(applications.status);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

export async function setStaffLang(db: Db, staffId: number, lang: Lang): Promise<void> {
  await db.update(staff).set({ lang }).where(eq(staff.id, staffId));
}

/** Any staff member by id, active or not (to name who handled an application). */
export async function getStaffById(db: Db, id: number): Promise<Staff | undefined> {
  const [row] = await db.select().from(staff).where(eq(staff.id, id));
  return row;
}

/**
 * The school's application with this number, or the one a document with this number was
 * issued for: staff find a finished application (no longer in the inbox) by either number.
 */
export async function findByNumber(db: Db, schoolId: number, number: string): Promise<Application | undefined> {
  const [direct] = await db
    .select()
    .from(applications)
    .where(and(eq(applications.schoolId, schoolId), eq(applications.number, number), notInArray(applications.status, UNSENT_STATUSES)));
  if (direct) return direct;
  const [viaDocument] = await db
    .select({ application: applications })
    .from(issuedDocuments)
    .innerJoin(applications, eq(applications.id, issuedDocuments.applicationId))
    .where(and(eq(issuedDocuments.schoolId, schoolId), eq(issuedDocuments.number, number)));
  return viaDocument?.application;
}
