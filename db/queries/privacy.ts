/**
 * What the desk keeps about a parent, taking it back when they withdraw their consent, and
 * deleting the documents of drafts nobody came back to. Sent applications (with their events
 * and results) belong to the school's record and are never touched here; an application that
 * never reached a school (a draft, a signed one not yet sent, one cancelled before it was sent)
 * is the parent's own, and is treated as a draft.
 */
import { and, count, eq, inArray, isNotNull, isNull, lt, not, or, type SQL, sql } from "drizzle-orm";
import { writing } from "#root/db/read-cache.ts";
import type { Db, Tx } from "#root/db/client.ts";
import { queryRows } from "#root/db/rows.ts";
import { UNSENT_STATUSES } from "./applications.ts";
import { forgetEmailRecipients } from "./outbox.ts";
import {
  applicationDocuments,
  applicationEvents,
  applications,
  children,
  documentSignatures,
  issuedDocuments,
  resultSigningSessions,
  signatures,
  storedFiles,
  supportTickets,
  users,
} from "#root/db/schema.ts";

/** The application never reached a school: not sent yet, or cancelled before it was sent. */
const unsent = () =>
  or(inArray(applications.status, UNSENT_STATUSES), and(eq(applications.status, "cancelled"), isNull(applications.submittedAt)))!;

export interface KeptCounts {
  /** Applications that never reached a school (drafts, signed but not sent, cancelled before sending). */
  drafts: number;
  children: number;
  /** Applications sent to a school (whatever became of them since). */
  sent: number;
}

export async function countKept(db: Db, parentId: number): Promise<KeptCounts> {
  const [drafts] = await db
    .select({ n: count() })
    .from(applications)
    .where(and(eq(applications.parentId, parentId), unsent()));
  const [sent] = await db
    .select({ n: count() })
    .from(applications)
    .where(and(eq(applications.parentId, parentId), not(unsent())));
  const [kids] = await db.select({ n: count() }).from(children).where(eq(children.parentId, parentId));
  return { drafts: drafts!.n, children: kids!.n, sent: sent!.n };
}

/** Every stored file of these drafts: uploaded documents, the rendered statement, signatures. */
async function filesOf(tx: Db | Tx, applicationIds: string[]): Promise<string[]> {
  if (applicationIds.length === 0) return [];
  const docs = await tx
    .select({ id: applicationDocuments.fileId })
    .from(applicationDocuments)
    .where(inArray(applicationDocuments.applicationId, applicationIds));
  const signed = await tx.select({ id: signatures.fileId }).from(signatures).where(inArray(signatures.applicationId, applicationIds));
  const statements = await tx
    .select({ id: applications.statementFileId })
    .from(applications)
    .where(and(inArray(applications.id, applicationIds), isNotNull(applications.statementFileId)));
  return [...new Set([...docs, ...signed, ...statements].flatMap((r) => (r.id ? [r.id] : [])))];
}

/** No row names the stored file `id`: none of the seven columns that hold files (see `db/schema.ts`). */
const unreferenced = (id: SQL) => sql`not exists (select 1 from ${applicationDocuments} x where x.file_id = ${id})
  and not exists (select 1 from ${signatures} x where x.file_id = ${id})
  and not exists (select 1 from ${issuedDocuments} x where x.file_id = ${id})
  and not exists (select 1 from ${resultSigningSessions} x where x.file_id = ${id})
  and not exists (select 1 from ${documentSignatures} x where x.file_id = ${id})
  and not exists (select 1 from ${applications} x where x.statement_file_id = ${id} or x.result_file_id = ${id})`;

/** Delete these stored files unless a row still refers to them. Returns how many went. */
async function deleteFilesIfUnused(tx: Db | Tx, ids: string[]): Promise<number> {
  if (ids.length === 0) return 0;
  const rows = await tx
    .delete(storedFiles)
    .where(and(inArray(storedFiles.id, ids), unreferenced(sql`${storedFiles.id}`)))
    .returning({ id: storedFiles.id });
  return rows.length;
}

/**
 * Withdraw a parent's consent, in one transaction: their drafts and every other application that
 * never reached a school (with every stored file) and saved children are deleted, the profile
 * keeps no name, IIN, phone, email or consent, and the outbox no email address of theirs (an
 * email not sent yet is not sent). The row itself stays, anonymous, because the applications
 * already sent refer to it; those keep the answers they were sent with.
 */
export async function withdrawParentData(
  db: Db,
  parentId: number,
  now: Date,
): Promise<{ drafts: number; children: number; files: number }> {
  writing();
  return db.transaction(async (tx) => {
    const drafts = (
      await tx
        .select({ id: applications.id })
        .from(applications)
        .where(and(eq(applications.parentId, parentId), unsent()))
    ).map((r) => r.id);
    const files = await filesOf(tx, drafts);
    // Documents, events, signatures and signing links of a draft go with it (ON DELETE CASCADE).
    if (drafts.length > 0) await tx.delete(applications).where(inArray(applications.id, drafts));
    const kept = (await tx.select({ id: applications.id }).from(applications).where(eq(applications.parentId, parentId))).map((r) => r.id);
    // The emails about them keep no address; one not sent yet is not sent.
    await forgetEmailRecipients(tx, kept);
    // A sent application holds its child in its own answers; the saved child is the parent's.
    await tx.update(applications).set({ childId: null }).where(eq(applications.parentId, parentId));
    const kids = await tx.delete(children).where(eq(children.parentId, parentId)).returning({ id: children.id });
    const removed = await deleteFilesIfUnused(tx, files);
    await tx
      .update(users)
      .set({ fullName: null, iin: null, phone: null, email: null, consentAt: null, updatedAt: now })
      .where(eq(users.id, parentId));
    // The Telegram name a ticket kept for its card goes too.
    await tx.update(supportTickets).set({ telegramName: null }).where(eq(supportTickets.parentId, parentId));
    return { drafts: drafts.length, children: kids.length, files: removed };
  });
}

/** Applications never sent to a school, untouched since `before`, that still hold stored files (their ids). */
export async function listAbandonedDraftsWithFiles(db: Db, before: Date, limit = 100): Promise<Array<{ id: string }>> {
  return db
    .select({ id: applications.id })
    .from(applications)
    .where(
      and(
        unsent(),
        lt(applications.updatedAt, before),
        or(
          isNotNull(applications.statementFileId),
          sql`exists (select 1 from ${applicationDocuments} where ${applicationDocuments.applicationId} = ${applications.id})`,
          sql`exists (select 1 from ${signatures} where ${signatures.applicationId} = ${applications.id})`,
        ),
      ),
    )
    .limit(limit);
}

/**
 * Delete an abandoned draft's files in one transaction, with the documents' answers, so a parent
 * who returns is asked for them again (the form goes on from its answers; a signed application
 * not yet sent is a draft again, its signature gone). A draft touched since
 * `before` (the parent came back meanwhile) is left alone. Returns how many files went.
 */
export async function clearDraftFiles(db: Db, input: { applicationId: string; before: Date }): Promise<number> {
  writing();
  return db.transaction(async (tx) => {
    const files = await filesOf(tx, [input.applicationId]);
    const [was] = await tx
      .select({ status: applications.status })
      .from(applications)
      .where(eq(applications.id, input.applicationId))
      .for("update");
    const [still] = await tx
      .update(applications)
      .set({
        statementFileId: null,
        form: sql`${applications.form} - 'documents'`,
        // A signed application loses its statement and signature: it is a draft again, to be signed anew.
        status: sql`case when ${applications.status} = 'signed' then 'draft' else ${applications.status} end`,
        version: sql`${applications.version} + 1`,
      })
      .where(and(eq(applications.id, input.applicationId), unsent(), lt(applications.updatedAt, input.before)))
      .returning({ id: applications.id });
    if (!still) return 0;
    // Its history says so: signed, then a draft again (the parent's /my shows it).
    if (was?.status === "signed") {
      await tx.insert(applicationEvents).values({
        applicationId: input.applicationId,
        actorKind: "system",
        action: "documents-expired",
        fromStatus: "signed",
        toStatus: "draft",
      });
    }
    await tx.delete(applicationDocuments).where(eq(applicationDocuments.applicationId, input.applicationId));
    await tx.delete(signatures).where(eq(signatures.applicationId, input.applicationId));
    return deleteFilesIfUnused(tx, files);
  });
}

/**
 * Delete up to `limit` stored files created before `before` that no row refers to any more: a
 * document's pages the parent replaced or that the answers stopped asking for, a statement
 * rendered for answers since changed, a document rendered for a decision that lost its race.
 * One statement; a file a row still names stays. Returns how many went.
 */
export async function deleteOrphanFiles(db: Db, before: Date, limit = 500): Promise<number> {
  const [row] = await queryRows<{ n: number }>(
    db,
    sql`with gone as (
          delete from ${storedFiles} f where f.id in (
            select o.id from ${storedFiles} o
            where o.created_at < ${before.toISOString()}::timestamptz and ${unreferenced(sql`o.id`)}
            limit ${limit})
          returning f.id)
        select count(*)::int as n from gone`,
  );
  return Number(row?.n ?? 0);
}
