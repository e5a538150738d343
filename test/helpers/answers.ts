/**
 * Answers put straight into a draft, for tests that need a draft at some point of the form
 * without walking it: merged into `form[stage]` (an answer kept there is replaced), the child or
 * school set on the row, a statement rendered from the old answers dropped. The bot itself keeps
 * one answer at a time with `keepAnswer` (db/queries/form.ts), which never replaces one.
 */
import { and, eq, sql } from "drizzle-orm";
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { applications } from "#root/db/schema.ts";

export async function fillStage(
  db: Db,
  input: {
    applicationId: string;
    stage: string;
    answers: Record<string, unknown>;
    /** The chosen child or school, set on the row (a missing one keeps what the row has). */
    patch?: Partial<Pick<Application, "childId" | "schoolId">>;
    now: Date;
  },
): Promise<Application | undefined> {
  const section = sql`coalesce(${applications.form} -> ${input.stage}::text, '{}'::jsonb) || ${JSON.stringify(input.answers)}::jsonb`;
  const [row] = await db
    .update(applications)
    .set({
      form: sql`jsonb_set(${applications.form}, ${`{${input.stage}}`}::text[], ${section}, true)`,
      statementFileId: null,
      ...(input.patch?.childId ? { childId: input.patch.childId } : {}),
      ...(input.patch?.schoolId ? { schoolId: input.patch.schoolId } : {}),
      updatedAt: input.now,
    })
    .where(and(eq(applications.id, input.applicationId), eq(applications.status, "draft")))
    .returning();
  return row;
}
