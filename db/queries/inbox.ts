/**
 * The provider bot's views of ONE school's applications (every query takes the school id and
 * filters by it): the open applications, counts by status, the views with their counts, one
 * page of a view, and search by number, IIN or name.
 */
import { and, asc, count, desc, eq, gte, ilike, inArray, isNotNull, lt, lte, not, notInArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "#root/db/client.ts";
import { applications, issuedDocuments } from "#root/db/schema.ts";
import { UNSENT_STATUSES, type Application } from "./applications.ts";
import { resultRevoked } from "./issued.ts";

/** What a staff member can list: new, in progress, overdue, decided this month. */
export const VIEWS = ["new", "progress", "overdue", "decided"] as const;
export type InboxView = (typeof VIEWS)[number];

const DECIDED = ["completed", "refused", "rejected", "order_signed"];

/**
 * A result out whose order is still to come, for the services in `awaitingOrder` — unless the
 * school revoked the result: no order follows a revoked one, so nothing is awaited of it.
 */
const awaitingTheOrder = (awaitingOrder: string[]): SQL =>
  and(eq(applications.status, "completed"), inArray(applications.serviceId, awaitingOrder), not(resultRevoked))!;

/**
 * The condition of a view at `now`. `monthStart` is the first instant of this month in Almaty;
 * `awaitingOrder` lists the services whose `completed` still waits for the director's order.
 */
function viewCondition(view: InboxView, schoolId: number, at: { now: Date; monthStart: Date; awaitingOrder: string[] }): SQL {
  const school = eq(applications.schoolId, schoolId);
  switch (view) {
    case "new":
      return and(school, eq(applications.status, "submitted"))!;
    case "progress": {
      const waiting: SQL[] = [eq(applications.status, "registered")];
      if (at.awaitingOrder.length) waiting.push(awaitingTheOrder(at.awaitingOrder));
      return and(school, or(...waiting))!;
    }
    case "overdue":
      return and(school, eq(applications.status, "registered"), lt(applications.deadlineAt, at.now))!;
    case "decided":
      return and(school, inArray(applications.status, DECIDED), gte(applications.decidedAt, at.monthStart))!;
  }
}

export type ViewClock = Parameters<typeof viewCondition>[2];

/** How many applications each view holds. */
export async function countViews(db: Db, schoolId: number, at: ViewClock): Promise<Record<InboxView, number>> {
  const counts = await Promise.all(
    VIEWS.map(async (v) => {
      const [row] = await db
        .select({ n: count() })
        .from(applications)
        .where(viewCondition(v, schoolId, at));
      return [v, row?.n ?? 0] as const;
    }),
  );
  return Object.fromEntries(counts) as Record<InboxView, number>;
}

/** One page of a view: the oldest waiting first; decided ones newest first. */
export async function listView(
  db: Db,
  schoolId: number,
  view: InboxView,
  at: ViewClock,
  page: number,
  pageSize: number,
): Promise<{ items: Application[]; total: number }> {
  const where = viewCondition(view, schoolId, at);
  const order =
    view === "decided"
      ? [desc(applications.decidedAt), asc(applications.number)]
      : [sql`${applications.deadlineAt} asc nulls last`, asc(applications.submittedAt), asc(applications.number)];
  const items = await db
    .select()
    .from(applications)
    .where(where)
    .orderBy(...order)
    .limit(pageSize)
    .offset(page * pageSize);
  const [total] = await db.select({ n: count() }).from(applications).where(where);
  return { items, total: total?.n ?? 0 };
}

const likeEscaped = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * The school's sent applications matching what a staff member typed: an application number
 * (or its last digits), a child's or parent's IIN, or a part of a child's or parent's name.
 */
export async function searchSchoolApplications(db: Db, schoolId: number, query: string, limit: number): Promise<Application[]> {
  const q = query.trim();
  const form = applications.form;
  let match: SQL | undefined;
  if (/^\d{12}$/.test(q)) match = or(sql`${form}->'child'->>'iin' = ${q}`, sql`${form}->'parent'->>'iin' = ${q}`);
  else if (/^(\d{4}-)?\d{1,6}$/.test(q.replace(/^№\s*/, ""))) match = ilike(applications.number, `%${likeEscaped(q.replace(/^№\s*/, ""))}`);
  else if (q.length >= 2) {
    const like = `%${likeEscaped(q)}%`;
    match = or(sql`${form}->'child'->>'fullName' ilike ${like}`, sql`${form}->'parent'->>'fullName' ilike ${like}`);
  }
  if (!match) return [];
  return db
    .select()
    .from(applications)
    .where(and(eq(applications.schoolId, schoolId), notInArray(applications.status, UNSENT_STATUSES), match))
    .orderBy(desc(applications.submittedAt), asc(applications.number))
    .limit(limit);
}

/**
 * Applications waiting for the school: new, registered, and those `awaitingOrder` whose result is
 * out (not revoked) and whose order is not.
 */
function openCondition(schoolId: number, awaitingOrder: string[]) {
  const waiting = [eq(applications.status, "submitted"), eq(applications.status, "registered")];
  if (awaitingOrder.length) waiting.push(awaitingTheOrder(awaitingOrder));
  return and(eq(applications.schoolId, schoolId), or(...waiting));
}

/**
 * One page of the school's open applications: new ones first (oldest first), then by deadline.
 * `awaitingOrder` lists the services whose `completed` still waits for the director's order.
 */
export async function listInbox(
  db: Db,
  schoolId: number,
  awaitingOrder: string[],
  page: number,
  pageSize: number,
): Promise<{ items: Application[]; total: number }> {
  const where = openCondition(schoolId, awaitingOrder);
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

/** How many of the school's applications wait for it: what {@link listInbox} lists. */
export async function countOpen(db: Db, schoolId: number, awaitingOrder: string[]): Promise<number> {
  const [row] = await db.select({ n: count() }).from(applications).where(openCondition(schoolId, awaitingOrder));
  return row?.n ?? 0;
}

/**
 * How many of the school's applications are in each status (drafts excluded) — but those whose
 * result the school revoked, counted apart (`revoked`): their status no longer says what they hold;
 * and so are the results out of the services in `awaitingOrder` (`awaitingOrder`): the order is still to come.
 */
export async function countByStatus(
  db: Db,
  schoolId: number,
  awaitingOrder: string[],
): Promise<{ byStatus: Record<string, number>; revoked: number; awaitingOrder: number }> {
  const rows = await db
    .select({
      status: applications.status,
      serviceId: applications.serviceId,
      revoked: sql<boolean>`${resultRevoked}`.as("revoked"),
      n: count(),
    })
    .from(applications)
    .where(and(eq(applications.schoolId, schoolId), notInArray(applications.status, UNSENT_STATUSES)))
    .groupBy(applications.status, applications.serviceId, sql`revoked`);
  const byStatus: Record<string, number> = {};
  let revoked = 0;
  let awaiting = 0;
  for (const r of rows) {
    if (r.revoked) revoked += r.n;
    else if (r.status === "completed" && awaitingOrder.includes(r.serviceId)) awaiting += r.n;
    else byStatus[r.status] = (byStatus[r.status] ?? 0) + r.n;
  }
  return { byStatus, revoked, awaitingOrder: awaiting };
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

/** Every school's registered applications due by `by` (overdue ones included), soonest first: the daily digests. */
export async function registeredDueBy(db: Db, by: Date): Promise<Application[]> {
  return db
    .select()
    .from(applications)
    .where(and(eq(applications.status, "registered"), isNotNull(applications.schoolId), lte(applications.deadlineAt, by)))
    .orderBy(asc(applications.deadlineAt), asc(applications.number));
}
