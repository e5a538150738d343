/** Ratings of handled applications: written once per application, read per school. */
import { and, desc, eq, isNotNull, isNull, not, sql } from "drizzle-orm";
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

/**
 * A school's ratings: how many, the average, how many of each score, and the latest comments — of the
 * decisions that stand. A rating given before the school revoked the decision's document (the one
 * `result_file_id` names) was of a decision the school itself took back: it counts in none of them
 * and is only counted apart (`revoked`), in the same query as the others.
 */
export async function schoolRatings(
  db: Db,
  schoolId: number,
  recent: number,
): Promise<{
  count: number;
  average: number | null;
  byScore: Record<number, number>;
  revoked: number;
  comments: Array<Rating & { number: string }>;
}> {
  const scores = await db
    .select({
      score: ratings.score,
      n: sql<number>`count(*) filter (where not ${resultRevoked})`.mapWith(Number),
      revoked: sql<number>`count(*) filter (where ${resultRevoked})`.mapWith(Number),
    })
    .from(ratings)
    .innerJoin(applications, eq(applications.id, ratings.applicationId))
    .where(eq(ratings.schoolId, schoolId))
    .groupBy(ratings.score);
  const rows = await db
    .select({ rating: ratings, number: applications.number })
    .from(ratings)
    .innerJoin(applications, eq(applications.id, ratings.applicationId))
    .where(and(eq(ratings.schoolId, schoolId), isNotNull(ratings.comment), not(resultRevoked)))
    .orderBy(desc(ratings.commentedAt))
    .limit(recent);
  const count = scores.reduce((n, s) => n + s.n, 0);
  return {
    count,
    average: count === 0 ? null : scores.reduce((sum, s) => sum + s.score * s.n, 0) / count,
    byScore: Object.fromEntries(scores.filter((s) => s.n > 0).map((s) => [s.score, s.n])),
    revoked: scores.reduce((n, s) => n + s.revoked, 0),
    comments: rows.map((r) => ({ ...r.rating, number: r.number })),
  };
}
