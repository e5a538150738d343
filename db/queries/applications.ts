import { and, asc, desc, eq, inArray, ne, not, sql } from "drizzle-orm";
import type { Lang } from "#root/flows/i18n.ts";
import type { Db, Tx } from "#root/db/client.ts";
import {
  applicationDocuments,
  applicationEvents,
  applicationNumberSeq,
  applications,
  children,
  outbox,
  signatures,
  storedFiles,
  users,
} from "#root/db/schema.ts";
import { prepared } from "#root/db/prepared.ts";
import { mapRow, queryRows } from "#root/db/rows.ts";
import { applicationKey, cachedRead, childrenKey, documentsKey, keep, kept, userKey, writing } from "#root/db/read-cache.ts";
import { insertIssued, orderRevoked, resultRevoked, type NewIssuedDocument } from "./issued.ts";
import { enqueue, type OutboxMessage } from "./outbox.ts";

export type Application = typeof applications.$inferSelect;

/** Statuses a school never sees: the parent has not sent the application yet. */
export const UNSENT_STATUSES = ["draft", "signed"];
export type ApplicationEvent = typeof applicationEvents.$inferSelect;
export type ApplicationDocument = typeof applicationDocuments.$inferSelect;

/** "2026-000123": the year, then the next number of the sequence (drawn by the insert itself). */
const applicationNumber = (now: Date) => sql`${`${now.getUTCFullYear()}-`} || lpad(nextval(${applicationNumberSeq.seqName})::text, 6, '0')`;

/** The "create" event of the draft a CTE named `app` inserts (the same statement: both or neither). */
const createdEvent = (parentId: number, now: Date) =>
  sql`insert into ${applicationEvents} (application_id, actor_kind, actor_id, action, to_status, created_at)
    select id, 'parent', ${parentId}, 'create', 'draft', ${now.toISOString()}::timestamptz from app`;

/**
 * Create a draft with the next application number (`<year>-<000042>`), with answers already
 * known (`form`: the parent's registered details), so they are not asked.
 */
export async function createDraft(
  db: Db,
  input: { serviceId: string; parentId: number; lang: Lang; now: Date; form?: Application["form"] },
): Promise<Application> {
  writing("applications");
  const number = applicationNumber(input.now);
  const insert = db
    .insert(applications)
    .values({
      number,
      serviceId: input.serviceId,
      parentId: input.parentId,
      lang: input.lang,
      ...(input.form ? { form: input.form } : {}),
      createdAt: input.now,
      updatedAt: input.now,
    })
    .returning();
  // The draft and its "create" event in one statement (both or neither, one round trip).
  const [raw] = await queryRows<Record<string, unknown>>(
    db,
    sql`with app as (${insert.getSQL()}),
      ev as (${createdEvent(input.parentId, input.now)})
      select * from app`,
  );
  const row = mapRow(applications, raw!);
  keep(db, applicationKey(row.id), row);
  return row;
}

/**
 * The parent's draft for `serviceId` when there is one (`created: false`); otherwise a new one,
 * as {@link createDraft} makes it — in one statement either way. A new draft comes with the
 * parent's saved children, kept for the rest of the update (the form offers them at once).
 */
export async function openDraft(
  db: Db,
  input: { serviceId: string; parentId: number; lang: Lang; now: Date; form: Application["form"] },
): Promise<{ draft: Application; created: boolean }> {
  writing("applications");
  const { serviceId, parentId } = input;
  const now = input.now.toISOString();
  const [raw] = await queryRows<Record<string, unknown> & { created: boolean; saved_children: Array<Record<string, unknown>> | null }>(
    db,
    sql`with existing as (
          select * from ${applications} where parent_id = ${parentId} and status = 'draft' and service_id = ${serviceId}
          order by updated_at desc limit 1),
        app as (insert into ${applications} (number, service_id, parent_id, lang, form, created_at, updated_at)
          select ${applicationNumber(input.now)},
            ${serviceId}, ${parentId}, ${input.lang}, ${JSON.stringify(input.form)}::jsonb, ${now}::timestamptz, ${now}::timestamptz
          where not exists (select 1 from existing)
          returning *),
        ev as (${createdEvent(parentId, input.now)})
      select app.*, true as created,
          (select json_agg(c order by c.id) from ${children} c where c.parent_id = ${parentId}) as saved_children from app
      union all select existing.*, false, null from existing`,
  );
  const draft = mapRow(applications, raw!);
  keep(db, applicationKey(draft.id), draft);
  if (raw!.created)
    keep(
      db,
      childrenKey(parentId),
      (raw!.saved_children ?? []).map((c) => mapRow(children, c)),
    );
  return { draft, created: raw!.created };
}

/**
 * A new draft that starts from a refused application: the answers given (`form`, already
 * trimmed to what is asked again), the child and school, and every attached document (the same
 * stored files); its event names the refused application. When the parent already has one not
 * sent yet (a draft, or signed), that one is returned instead (`existing`), also to the second
 * of two taps at once: they wait for each other on the refused application's row. With `refill`,
 * that draft (still a draft) is read again locked, with its pages and the source's, and what
 * `refill` gives back for it is written (`refilled`) in the same transaction: an answer the parent
 * keeps meanwhile waits for it, and is then refused as given to a draft that moved on.
 */
export async function createResubmission(
  db: Db,
  input: {
    source: Application;
    form: Application["form"];
    schoolId: number | null;
    now: Date;
    /** Documents whose pages are not copied (the copy's answers no longer ask them). */
    dropDocuments?: readonly string[];
    refill?: (
      draft: Application,
      pages: { draft: ApplicationDocument[]; source: ApplicationDocument[] },
    ) => { form: Application["form"]; schoolId: number | null; dropDocuments?: readonly string[] } | undefined;
  },
): Promise<{ draft: Application; existing: boolean; refilled?: true }> {
  writing("applications", "documents");
  return db.transaction(async (tx) => {
    const { source } = input;
    await tx.select({ id: applications.id }).from(applications).where(eq(applications.id, source.id)).for("update");
    const [open] = await tx
      .select({ app: applications })
      .from(applications)
      .innerJoin(
        applicationEvents,
        and(
          eq(applicationEvents.applicationId, applications.id),
          eq(applicationEvents.action, "create"),
          eq(applicationEvents.comment, source.number),
        ),
      )
      .where(and(eq(applications.parentId, source.parentId), inArray(applications.status, UNSENT_STATUSES)))
      .orderBy(desc(applications.createdAt))
      .limit(1);
    if (open && input.refill && open.app.status === "draft") {
      const [draft] = await tx.select().from(applications).where(eq(applications.id, open.app.id)).for("update");
      const pagesOf = (id: string) =>
        tx
          .select()
          .from(applicationDocuments)
          .where(eq(applicationDocuments.applicationId, id))
          .orderBy(asc(applicationDocuments.position));
      const refilled =
        draft?.status === "draft" ? input.refill(draft, { draft: await pagesOf(draft.id), source: await pagesOf(source.id) }) : undefined;
      if (!refilled) return { draft: draft ?? open.app, existing: true };
      // The pages of a document its answers no longer ask (an age reason the child no longer needs): not sent.
      if (refilled.dropDocuments?.length) {
        await tx
          .delete(applicationDocuments)
          .where(
            and(
              eq(applicationDocuments.applicationId, draft!.id),
              inArray(applicationDocuments.requirementId, [...refilled.dropDocuments]),
            ),
          );
      }
      const [row] = await tx
        .update(applications)
        .set({
          form: refilled.form,
          schoolId: refilled.schoolId,
          statementFileId: null,
          version: sql`${applications.version} + 1`,
          updatedAt: input.now,
        })
        .where(eq(applications.id, draft!.id))
        .returning();
      return { draft: row!, existing: true, refilled: true };
    }
    if (open) return { draft: open.app, existing: true };
    const number = applicationNumber(input.now);
    const [row] = await tx
      .insert(applications)
      .values({
        number,
        serviceId: source.serviceId,
        parentId: source.parentId,
        lang: source.lang,
        form: input.form,
        childId: source.childId,
        schoolId: input.schoolId,
        createdAt: input.now,
        updatedAt: input.now,
      })
      .returning();
    const dropped = new Set(input.dropDocuments ?? []);
    const docs = (await tx.select().from(applicationDocuments).where(eq(applicationDocuments.applicationId, source.id))).filter(
      (d) => !dropped.has(d.requirementId),
    );
    if (docs.length) {
      await tx.insert(applicationDocuments).values(
        docs.map((d) => ({
          applicationId: row!.id,
          requirementId: d.requirementId,
          fileId: d.fileId,
          position: d.position,
          pages: d.pages,
          createdAt: input.now,
        })),
      );
    }
    await tx.insert(applicationEvents).values({
      applicationId: row!.id,
      actorKind: "parent",
      actorId: source.parentId,
      action: "create",
      toStatus: "draft",
      comment: source.number,
      createdAt: input.now,
    });
    return { draft: row!, existing: false };
  });
}

const applicationById = prepared("application_by_id", (db, name) =>
  db
    .select()
    .from(applications)
    .where(eq(applications.id, sql.placeholder("id")))
    .prepare(name),
);

export async function getApplication(db: Db, id: string): Promise<Application | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  return cachedRead(db, applicationKey(id), async () => (await applicationById(db, { id }))[0]);
}

/** The parent's own application only: another parent's id gives undefined. */
export async function getParentApplication(db: Db, parentId: number, id: string): Promise<Application | undefined> {
  const app = await getApplication(db, id);
  return app?.parentId === parentId ? app : undefined;
}

/** The newest unfinished draft of this parent (for "continue your draft?"). */
export async function findDraft(db: Db, parentId: number, serviceId?: string): Promise<Application | undefined> {
  const conds = [eq(applications.parentId, parentId), eq(applications.status, "draft")];
  if (serviceId) conds.push(eq(applications.serviceId, serviceId));
  const [row] = await db
    .select()
    .from(applications)
    .where(and(...conds))
    .orderBy(desc(applications.updatedAt))
    .limit(1);
  return row;
}

/** The school of the parent's newest application that has one (offered as one tap next time). */
export async function lastSchoolId(db: Db, parentId: number, except: string): Promise<number | undefined> {
  const [row] = await db
    .select({ schoolId: applications.schoolId })
    .from(applications)
    .where(and(eq(applications.parentId, parentId), ne(applications.id, except), sql`${applications.schoolId} is not null`))
    .orderBy(desc(applications.createdAt))
    .limit(1);
  return row?.schoolId ?? undefined;
}

export async function listParentApplications(db: Db, parentId: number): Promise<Application[]> {
  return db.select().from(applications).where(eq(applications.parentId, parentId)).orderBy(desc(applications.createdAt));
}

/**
 * The language of the parent's draft whose statement is not formed yet (they switched it with /lang): the statement, and
 * the result the school issues, are in it.
 */
export async function setDraftLang(db: Db, parentId: number, id: string, lang: Lang): Promise<void> {
  writing("applications");
  await db
    .update(applications)
    .set({ lang })
    .where(
      and(
        eq(applications.id, id),
        eq(applications.parentId, parentId),
        eq(applications.status, "draft"),
        sql`${applications.statementFileId} is null`,
      ),
    );
}

export async function deleteDraft(db: Db, parentId: number, id: string): Promise<boolean> {
  writing("applications", "documents");
  const rows = await db
    .delete(applications)
    .where(and(eq(applications.id, id), eq(applications.parentId, parentId), eq(applications.status, "draft")))
    .returning({ id: applications.id });
  return rows.length === 1;
}

export interface TransitionInput {
  applicationId: string;
  action: string;
  from: string;
  to: string;
  /** The version the actor saw: a concurrent change makes this transition lose. */
  expectedVersion?: number;
  actor: { kind: "parent" | "staff" | "system"; id?: number };
  reason?: string;
  comment?: string;
  patch?: Partial<
    Pick<
      Application,
      "deadlineAt" | "submittedAt" | "decidedAt" | "resultFileId" | "statementFileId" | "reason" | "reasonComment" | "schoolId"
    >
  >;
  notifications: OutboxMessage[];
  /** The document this transition issues: recorded with it, so a lost race leaves no checkable document. */
  issued?: NewIssuedDocument;
  /** The email the parent gave in the form, kept on their profile with the transition. */
  keepEmail?: { userId: number; email: string };
  /**
   * The signature this transition rests on (a parent's signing), recorded with it: both or
   * neither. With `upload` (a photo of the statement signed on paper, checked), the photo is
   * stored by the same statement and is the signature's file: a lost change stores nothing.
   */
  signature?: Omit<typeof signatures.$inferInsert, "id" | "createdAt" | "applicationId" | "ocspResponse" | "fileId"> &
    ({ fileId: string; upload?: never } | { upload: { bytes: Uint8Array; sha256: string; mime: string; size: number }; fileId?: never });
  now: Date;
}

export type TransitionResult =
  | { ok: true; application: Application; event: ApplicationEvent; signature?: typeof signatures.$inferSelect }
  | { ok: false; reason: "not_found" | "conflict"; current?: Application; lastEvent?: ApplicationEvent };

/**
 * Change an application's status: the row, its event and its notifications are written in one
 * transaction, or none of them. Lost races (status or version moved on) return `conflict` with
 * the current row and the event that won, so the loser can be told who already handled it.
 */
export async function applyTransition(db: Db, t: TransitionInput): Promise<TransitionResult> {
  writing("applications", "users");
  if (t.issued && t.signature) throw new Error("a transition that issues a document records no parent's signature");
  const result = t.issued ? await applyTransitionIn(db, t) : await applyTransitionAtOnce(db, t);
  if (result.ok) keep(db, applicationKey(result.application.id), result.application);
  return result;
}

/**
 * {@link applyTransition} as one statement: the row, its event, the email kept on the profile
 * and the notifications are written by one statement (all or none of them, one round trip
 * instead of a transaction of five or more).
 */
async function applyTransitionAtOnce(db: Db, t: TransitionInput): Promise<TransitionResult> {
  const conds = [eq(applications.id, t.applicationId), eq(applications.status, t.from)];
  if (t.expectedVersion !== undefined) conds.push(eq(applications.version, t.expectedVersion));
  const update = db
    .update(applications)
    .set({ ...t.patch, status: t.to, version: sql`${applications.version} + 1`, updatedAt: t.now })
    .where(and(...conds))
    .returning();
  const now = t.now.toISOString();
  const parts = [
    sql`upd as (${update.getSQL()})`,
    sql`ev as (insert into ${applicationEvents} (application_id, actor_kind, actor_id, action, from_status, to_status,
      reason, comment, created_at)
      select id, ${t.actor.kind}, ${t.actor.id ?? null}::integer, ${t.action}, ${t.from}, ${t.to},
        ${t.reason ?? null}::text, ${t.comment ?? null}::text, ${now}::timestamptz from upd
      returning *)`,
  ];
  if (t.keepEmail) {
    parts.push(
      sql`em as (update ${users} set email = ${t.keepEmail.email}, updated_at = ${now}::timestamptz
        where id = ${t.keepEmail.userId} and exists (select 1 from upd))`,
    );
  }
  if (t.notifications.length > 0) {
    const rows = sql.join(
      t.notifications.map(
        (m) => sql`(${m.channel}::text, ${m.recipient}::text, ${JSON.stringify(m.payload)}::jsonb, ${m.dedupeKey}::text)`,
      ),
      sql`, `,
    );
    parts.push(sql`ob as (insert into ${outbox} (channel, recipient, payload, dedupe_key)
      select v.channel, v.recipient, v.payload, v.dedupe_key from (values ${rows}) as v(channel, recipient, payload, dedupe_key)
        where exists (select 1 from upd)
      on conflict (dedupe_key) do nothing)`);
  }
  const sig = t.signature;
  const upload = sig?.upload;
  if (upload) {
    // The bytes go to the driver as the column's own encoder gives them.
    const bytes = sql.param(upload.bytes, storedFiles.bytes);
    parts.push(sql`sf as (insert into ${storedFiles} (sha256, mime, size, bytes)
      select ${upload.sha256}, ${upload.mime}, ${upload.size}, ${bytes} from upd returning id)`);
  }
  if (sig) {
    const fileId = upload ? sql`(select id from sf)` : sql`${sig.fileId ?? null}::uuid`;
    parts.push(sql`sig as (insert into ${signatures} (application_id, method, file_id, statement_sha256, valid, result, signer_iin)
      select id, ${sig.method}, ${fileId}, ${sig.statementSha256}, ${sig.valid}, ${JSON.stringify(sig.result ?? {})}::jsonb,
        ${sig.signerIin ?? null}::text from upd
      returning *)`);
  }
  const [row] = await queryRows<{ app: Record<string, unknown>; event: Record<string, unknown>; sig: Record<string, unknown> | null }>(
    db,
    sql`with ${sql.join(parts, sql`, `)} select row_to_json(upd) as app, row_to_json(ev) as event,
      ${sig ? sql`(select row_to_json(sig) from sig)` : sql`null`} as sig from upd, ev`,
  );
  if (row) {
    const application = mapRow(applications, parsed(row.app));
    const event = mapRow(applicationEvents, parsed(row.event));
    return { ok: true, application, event, ...(row.sig ? { signature: mapRow(signatures, parsed(row.sig)) } : {}) };
  }
  const [current] = await db.select().from(applications).where(eq(applications.id, t.applicationId));
  if (!current) return { ok: false, reason: "not_found" };
  return { ok: false, reason: "conflict", current, lastEvent: await lastEvent(db, t.applicationId) };
}

/** A json column as an object (drivers that leave json as text give a string). */
const parsed = (v: unknown): Record<string, unknown> => (typeof v === "string" ? JSON.parse(v) : v) as Record<string, unknown>;

async function applyTransitionIn(db: Db, t: TransitionInput): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const conds = [eq(applications.id, t.applicationId), eq(applications.status, t.from)];
    if (t.expectedVersion !== undefined) conds.push(eq(applications.version, t.expectedVersion));
    const [updated] = await tx
      .update(applications)
      .set({ ...t.patch, status: t.to, version: sql`${applications.version} + 1`, updatedAt: t.now })
      .where(and(...conds))
      .returning();
    if (!updated) {
      const [current] = await tx.select().from(applications).where(eq(applications.id, t.applicationId));
      if (!current) return { ok: false, reason: "not_found" } as const;
      return { ok: false, reason: "conflict", current, lastEvent: await lastEvent(tx, t.applicationId) } as const;
    }
    const [event] = await tx
      .insert(applicationEvents)
      .values({
        applicationId: t.applicationId,
        actorKind: t.actor.kind,
        actorId: t.actor.id,
        action: t.action,
        fromStatus: t.from,
        toStatus: t.to,
        reason: t.reason,
        comment: t.comment,
        createdAt: t.now,
      })
      .returning();
    if (t.issued) await insertIssued(tx, t.issued);
    if (t.keepEmail) await tx.update(users).set({ email: t.keepEmail.email, updatedAt: t.now }).where(eq(users.id, t.keepEmail.userId));
    await enqueue(tx, t.notifications);
    return { ok: true, application: updated, event: event! } as const;
  });
}

/** The application's latest event: who changed it last (to tell the loser of a race who won). */
export async function lastEvent(db: Db, applicationId: string): Promise<ApplicationEvent | undefined> {
  const [row] = await db
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, applicationId))
    .orderBy(desc(applicationEvents.id))
    .limit(1);
  return row;
}

export async function listEvents(db: Db, applicationId: string): Promise<ApplicationEvent[]> {
  return db.select().from(applicationEvents).where(eq(applicationEvents.applicationId, applicationId)).orderBy(asc(applicationEvents.id));
}

/** Attach a stored file to a draft under a document requirement, as the next page. */
export async function addDocument(
  db: Db,
  input: { applicationId: string; requirementId: string; fileId: string; pages?: number },
): Promise<ApplicationDocument> {
  writing("documents");
  // The next position is drawn by the insert itself: one statement.
  const next = sql`(select coalesce(max(${applicationDocuments.position}), 0) + 1 from ${applicationDocuments}
    where ${applicationDocuments.applicationId} = ${input.applicationId}
      and ${applicationDocuments.requirementId} = ${input.requirementId})`;
  const [row] = await db
    .insert(applicationDocuments)
    .values({ ...input, position: next, pages: input.pages ?? 1 })
    .returning();
  return row!;
}

export async function listDocuments(db: Db, applicationId: string): Promise<ApplicationDocument[]> {
  return cachedRead(db, documentsKey(applicationId), () =>
    db
      .select()
      .from(applicationDocuments)
      .where(eq(applicationDocuments.applicationId, applicationId))
      .orderBy(asc(applicationDocuments.requirementId), asc(applicationDocuments.position)),
  );
}

/** Remove every file of one requirement (the parent starts that document again). */
export async function clearDocuments(db: Db, applicationId: string, requirementIds: string[]): Promise<void> {
  if (requirementIds.length === 0) return;
  writing("documents");
  await db
    .delete(applicationDocuments)
    .where(and(eq(applicationDocuments.applicationId, applicationId), inArray(applicationDocuments.requirementId, requirementIds)));
}

/**
 * The sent applications for a service of the child with this IIN, whoever sent them, except
 * `exceptId` — but one whose result the school revoked (the certificate, the receipt, the order):
 * what it gave was taken back, so it stands for nothing.
 */
export async function sentApplicationsForChild(db: Db, serviceId: string, childIin: string, exceptId: string): Promise<Application[]> {
  return db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.serviceId, serviceId),
        sql`${applications.form}->'child'->>'iin' = ${childIin}`,
        inArray(applications.status, ["submitted", "registered", "completed", "order_signed"]),
        ne(applications.id, exceptId),
        not(orderRevoked),
        not(resultRevoked),
      ),
    )
    .orderBy(desc(applications.submittedAt));
}

/** Was this error the database refusing a second application on its way for one child, service and school? */
export function isChildInProgressConflict(err: unknown): boolean {
  for (let e: unknown = err; e; e = (e as { cause?: unknown }).cause) {
    const pg = e as { code?: string; constraint_name?: string; constraint?: string; message?: string };
    if (pg.code === "23505" && (pg.constraint_name ?? pg.constraint ?? pg.message ?? "").includes("applications_child_in_progress_uq"))
      return true;
  }
  return false;
}

/**
 * Within a transaction: wait for any other send of this child to this school for this service
 * (held until the transaction ends), so that of two sends at once the second finds the first.
 */
export async function lockChildSend(tx: Tx, key: { serviceId: string; schoolId: number | null; child: string }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`send:${key.serviceId}:${key.schoolId}:${key.child}`}))`);
}

/**
 * Within a transaction: wait for any other enrolment order of this child for this service, at
 * any school (held until the transaction ends), so that of two schools enrolling one child at
 * once the second finds the first's order.
 */
export async function lockChildEnrolment(tx: Tx, key: { serviceId: string; child: string }): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`enrol:${key.serviceId}:${key.child}`}))`);
}

const applicationOfTelegramUser = prepared("application_of_telegram_user", (db, name) =>
  db
    .select({ app: applications, user: users })
    .from(applications)
    .innerJoin(users, eq(users.id, applications.parentId))
    .where(and(eq(applications.id, sql.placeholder("id")), eq(users.telegramId, sql.placeholder("telegramId"))))
    .prepare(name),
);

/**
 * The application `id` when it is the own of the parent with this Telegram account, or undefined
 * (another parent's, a forged id, no such parent). The parent's row read in this update already:
 * by its id; otherwise the application and the parent in one statement (both kept for the update).
 */
export async function getTelegramUserApplication(db: Db, telegramId: number, id: string): Promise<Application | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const parent = await kept<typeof users.$inferSelect | undefined>(db, userKey.byTelegram(telegramId));
  if (parent) return getParentApplication(db, parent.id, id);
  const [row] = await applicationOfTelegramUser(db, { id, telegramId });
  if (!row) return undefined;
  keep(db, applicationKey(id), row.app);
  keep(db, userKey.byTelegram(telegramId), row.user);
  keep(db, userKey.byId(row.user.id), row.user);
  return row.app;
}
