/**
 * Keeping the form's answers: one statement per answer. The write is guarded by the place of
 * the question it answers — it keeps nothing when something is already kept there — so of two
 * answers to the same question (a repeated message, a late tap, two updates at once) one is
 * kept and the other learns from the write that it came too late; a kept answer is never
 * overwritten. The row the write returns is what the next question is asked from.
 */
import { and, eq, inArray, type SQL, sql } from "drizzle-orm";
import type { Db } from "#root/db/client.ts";
import { prepared } from "#root/db/prepared.ts";
import { applicationKey, keep, writing } from "#root/db/read-cache.ts";
import { applicationDocuments, applications, children } from "#root/db/schema.ts";
import type { Application } from "./applications.ts";

/** A place in `applications.form`: a section and a key (`["child", "iin"]`). */
export type FormPath = readonly [string, string];

export interface KeptAnswer {
  applicationId: string;
  /** The owner: another parent's draft is never written. */
  parentId: number;
  /** Where the answered question keeps its answer: the write is refused when something is there. */
  guard: FormPath;
  /** What the answer keeps (the answer itself, and values derived from it), in one write. */
  writes: ReadonlyArray<{ path: FormPath; value: unknown }>;
  /**
   * The draft's version when the question was asked: the write is refused if the draft changed
   * since (the caller then reads it). Every kept answer moves the version on.
   */
  version?: number;
  /** References the answer also sets on the row (a missing one keeps what the row has). */
  columns?: { schoolId?: number; childId?: number };
  /**
   * The child the answer completes, saved to the parent's profile (or updated, by IIN) in the
   * same statement; the draft then refers to it (`child.childId` and the row's child). `gradeYear`:
   * the school year the grade is for.
   */
  saveChild?: { fullName: string; iin: string; birthDate: string; grade: number; gradeYear: number };
  now: Date;
}

/** `[{path: ["child","iin"], value}]` → `{"child": {"iin": value}}`: merged into the form by sections. */
function bySection(writes: KeptAnswer["writes"]): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const {
    path: [section, key],
    value,
  } of writes)
    (out[section] ??= {})[key] = value;
  return out;
}

/**
 * Keep an answer in the parent's draft, unless the draft has moved on: the question's place is
 * already taken, or it is no longer a draft. Returns the row as written, or undefined when the
 * answer was not kept (then it answered a question the draft is no longer at).
 */
export async function keepAnswer(db: Db, a: KeptAnswer): Promise<Application | undefined> {
  writing("applications", ...(a.saveChild ? (["children"] as const) : []));
  const params = {
    id: a.applicationId,
    parentId: a.parentId,
    guard: `{${a.guard.join(",")}}`,
    writes: JSON.stringify(bySection(a.writes)),
    schoolId: a.columns?.schoolId ?? null,
    childId: a.columns?.childId ?? null,
    version: a.version ?? null,
    now: a.now.toISOString(),
  };
  const c = a.saveChild;
  const [row] = c
    ? await keepChildQuery(db, {
        ...params,
        childName: c.fullName,
        childIin: c.iin,
        childBirth: c.birthDate,
        childGrade: c.grade,
        childGradeYear: c.gradeYear,
      })
    : await keepAnswerQuery(db, params);
  if (row) keep(db, applicationKey(row.id), row);
  return row;
}

const p = (key: string) => sql.placeholder(key);

/**
 * The answer's update: the sections written are merged into the form (a section's other answers
 * stay), the statement rendered from the old answers is dropped; `child`: the id of a child saved
 * by the same statement.
 */
function answerUpdate(db: Pick<Db, "update">, child?: SQL) {
  const merged = sql`${applications.form} || coalesce((select jsonb_object_agg(s.key,
    coalesce(${applications.form} -> s.key, '{}'::jsonb) || s.value)
    from jsonb_each(${p("writes")}::jsonb) s), '{}'::jsonb)`;
  return db
    .update(applications)
    .set({
      form: child ? sql`jsonb_set(${merged}, '{child,childId}', to_jsonb(${child}))` : merged,
      statementFileId: null,
      childId: child ?? sql`coalesce(${p("childId")}::integer, ${applications.childId})`,
      schoolId: sql`coalesce(${p("schoolId")}::integer, ${applications.schoolId})`,
      version: sql`${applications.version} + 1`,
      updatedAt: sql`${p("now")}::timestamptz`,
    })
    .where(
      and(
        eq(applications.id, p("id")),
        eq(applications.parentId, p("parentId")),
        eq(applications.status, "draft"),
        sql`${applications.form} #> ${p("guard")}::text[] is null`,
        sql`(${p("version")}::integer is null or ${applications.version} = ${p("version")}::integer)`,
      ),
    );
}

// One prepared statement for every answer.
const keepAnswerQuery = prepared("keep_answer", (db, name) => answerUpdate(db).returning().prepare(name));

// The child stage's last answer: the child saved (by parent and IIN) and referred to, in one statement.
const keepChildQuery = prepared("keep_answer_child", (db, name) => {
  const saved = db.$with("saved").as(
    db
      .insert(children)
      .values({
        parentId: p("parentId"),
        fullName: p("childName"),
        iin: p("childIin"),
        birthDate: p("childBirth"),
        grade: p("childGrade"),
        gradeYear: p("childGradeYear"),
      })
      .onConflictDoUpdate({
        target: [children.parentId, children.iin],
        set: {
          fullName: sql`excluded.full_name`,
          birthDate: sql`excluded.birth_date`,
          grade: sql`excluded.grade`,
          gradeYear: sql`excluded.grade_year`,
        },
      })
      .returning({ id: children.id }),
  );
  return answerUpdate(db.with(saved), sql`(select id from ${saved})`).returning().prepare(name);
});

/**
 * Drop a section of the draft's answers (a stage edited from the review), or only some of its
 * `keys`: the engine then asks those questions again, each kept by {@link keepAnswer}. With
 * `pages`, the draft's document pages go by the same statement (the documents are uploaded
 * again) — all of them, or those of the documents named. Returns the row as written.
 */
export async function clearAnswers(
  db: Db,
  a: { applicationId: string; parentId: number; section: string; keys?: readonly string[]; pages?: boolean | readonly string[]; now: Date },
): Promise<Application | undefined> {
  writing("applications", ...(a.pages ? (["documents"] as const) : []));
  const form = a.keys
    ? sql`jsonb_set(${applications.form}, ${`{${a.section}}`}::text[],
      coalesce(${applications.form} -> ${a.section}::text, '{}'::jsonb) - ${`{${a.keys.join(",")}}`}::text[])`
    : sql`${applications.form} - ${a.section}::text`;
  const own = and(eq(applications.id, a.applicationId), eq(applications.parentId, a.parentId), eq(applications.status, "draft"));
  // The pages go only with the answers: the same draft, its parent's, still a draft.
  const pages = db.$with("pages").as(
    db
      .delete(applicationDocuments)
      .where(
        and(
          eq(applicationDocuments.applicationId, a.applicationId),
          sql`exists (select 1 from ${applications} where ${own})`,
          Array.isArray(a.pages) ? inArray(applicationDocuments.requirementId, [...a.pages]) : undefined,
        ),
      )
      .returning({ id: applicationDocuments.id }),
  );
  const [row] = await (a.pages ? db.with(pages) : db)
    .update(applications)
    .set({ form, statementFileId: null, version: sql`${applications.version} + 1`, updatedAt: a.now })
    .where(own)
    .returning();
  if (row) keep(db, applicationKey(row.id), row);
  return row;
}

/**
 * The one page document `from` took goes to document `to` (a page of the document before it,
 * sent on its own after that document went on), and `from`'s answer goes, so it is asked again:
 * one statement. Nothing moves unless the draft is the parent's and still a draft, `from` holds
 * exactly one page, and `to` holds at least one and fewer than `max`.
 */
export async function movePage(
  db: Db,
  a: { applicationId: string; parentId: number; from: string; to: string; max: number; now: Date },
): Promise<Application | undefined> {
  writing("applications", "documents");
  const own = and(eq(applications.id, a.applicationId), eq(applications.parentId, a.parentId), eq(applications.status, "draft"));
  const pagesOf = (requirement: string) =>
    sql`(select count(*) from ${applicationDocuments} d where d.application_id = ${a.applicationId} and d.requirement_id = ${requirement})`;
  const moved = db.$with("moved").as(
    db
      .update(applicationDocuments)
      .set({
        requirementId: a.to,
        position: sql`(select coalesce(max(d.position), 0) + 1 from ${applicationDocuments} d
          where d.application_id = ${a.applicationId} and d.requirement_id = ${a.to})`,
      })
      .where(
        and(
          eq(applicationDocuments.applicationId, a.applicationId),
          eq(applicationDocuments.requirementId, a.from),
          sql`exists (select 1 from ${applications} where ${own})`,
          sql`${pagesOf(a.from)} = 1`,
          sql`${pagesOf(a.to)} between 1 and ${a.max - 1}`,
        ),
      )
      .returning({ id: applicationDocuments.id }),
  );
  const [row] = await db
    .with(moved)
    .update(applications)
    .set({
      form: sql`jsonb_set(${applications.form}, '{documents}',
        coalesce(${applications.form} -> 'documents', '{}'::jsonb) - ${a.from}::text)`,
      statementFileId: null,
      version: sql`${applications.version} + 1`,
      updatedAt: a.now,
    })
    .where(and(own, sql`exists (select 1 from moved)`))
    .returning();
  if (row) keep(db, applicationKey(row.id), row);
  return row;
}
