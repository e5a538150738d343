/** Ratings of handled applications: written once per application, read per school. */
import { and, avg, count, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db } from "#root/db/client.ts";
import { mapRow, queryRows } from "#root/db/rows.ts";
import { applications, ratings } from "#root/db/schema.ts";
import { resultRevoked } from "./issued.ts";

export type Rating = typeof ratings.$inferSelect;

/**
 * Keep a rating; undefined when the application was rated already (the first one stands), or its
 * result — the document `result_file_id` names — is revoked (a revocation that came after it was read).
 */
export async function recordRating(
  db: Db,
  input: { applicationId: string; schoolId: number; serviceId: string; score: number; now: Date },
): Promise<Rating | undefined> {
  const [row] = await queryRows<Record<string, unknown>>(
    db,
    sql`insert into ${ratings} (application_id, school_id, service_id, score, created_at)
      select ${applications.id}, ${input.schoolId}, ${input.serviceId}, ${input.score}, ${input.now.toISOString()}::timestamptz
      from ${applications} where ${applications.id} = ${input.applicationId} and not ${resultRevoked}
      on conflict (application_id) do nothing
      returning *`,
  );
  return row ? mapRow(ratings, row) : undefined;
}

/**
 * Add the comment to a rating that has none yet; false when there is no such rating, it has one, or
 * the application's result is revoked (as {@link recordRating}: a revocation that came after it was read).
 */
export async function addRatingComment(db: Db, input: { applicationId: string; comment: string; now: Date }): Promise<boolean> {
  const standing = sql`exists (select 1 from ${applications} where ${applications.id} = ${ratings.applicationId} and not ${resultRevoked})`;
  const rows = await db
    .update(ratings)
    .set({ comment: input.comment, commentedAt: input.now })
    .where(and(eq(ratings.applicationId, input.applicationId), isNull(ratings.comment), standing))
    .returning({ id: ratings.applicationId });
  return rows.length > 0;
}

export async function getRating(db: Db, applicationId: string): Promise<Rating | undefined> {
  const [row] = await db.select().from(ratings).where(eq(ratings.applicationId, applicationId));
  return row;
}

/** A school's ratings: how many, the average, how many of each score, and the latest comments. */
export async function schoolRatings(
  db: Db,
  schoolId: number,
  recent: number,
): Promise<{ count: number; average: number | null; byScore: Record<number, number>; comments: Array<Rating & { number: string }> }> {
  const [totals] = await db
    .select({ n: count(), avg: avg(ratings.score) })
    .from(ratings)
    .where(eq(ratings.schoolId, schoolId));
  const scores = await db
    .select({ score: ratings.score, n: count() })
    .from(ratings)
    .where(eq(ratings.schoolId, schoolId))
    .groupBy(ratings.score);
  const rows = await db
    .select({ rating: ratings, number: applications.number })
    .from(ratings)
    .innerJoin(applications, eq(applications.id, ratings.applicationId))
    .where(and(eq(ratings.schoolId, schoolId), isNotNull(ratings.comment)))
    .orderBy(desc(ratings.commentedAt))
    .limit(recent);
  return {
    count: totals?.n ?? 0,
    average: totals?.avg == null ? null : Number(totals.avg),
    byScore: Object.fromEntries(scores.map((s) => [s.score, s.n])),
    comments: rows.map((r) => ({ ...r.rating, number: r.number })),
  };
}
