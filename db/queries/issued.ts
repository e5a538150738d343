/**
 * The documents schools issued: numbering, the row written with the status change that issues
 * one, the public check by code (one row, never a list), and revocation.
 */
import { and, desc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Db, Tx } from "#root/db/client.ts";
import { rowsOf } from "#root/db/rows.ts";
import { applicationEvents, applications, issuedDocumentNumberSeq, issuedDocuments, schools } from "#root/db/schema.ts";
import { enqueue, type OutboxMessage } from "./outbox.ts";

export type IssuedDocumentRow = typeof issuedDocuments.$inferSelect;

/**
 * A condition on a query of `applications`: the application's order was revoked (the enrolment
 * taken back). Its status stays as the order left it; what it took and what it stood for is
 * read from the document.
 */
export const orderRevoked = sql`exists (select 1 from ${issuedDocuments} where ${issuedDocuments.applicationId} = ${applications.id}
  and ${issuedDocuments.kind} = 'order' and ${issuedDocuments.revokedAt} is not null)`;

/**
 * A condition on a query of `applications`: the application's result — the document it holds now
 * (`result_file_id`: the certificate, the receipt, or the order notice that followed it) — was
 * revoked by the school. Its status stays; what it stood for (another application of the child,
 * a place in the queue) is read from the document.
 */
export const resultRevoked = sql`exists (select 1 from ${issuedDocuments} where ${issuedDocuments.applicationId} = ${applications.id}
  and ${issuedDocuments.fileId} = ${applications.resultFileId} and ${issuedDocuments.revokedAt} is not null)`;

/** The application's result document (the one `resultFileId` names) when the school revoked it. */
export async function revokedResultOf(
  db: Db | Tx,
  app: { id: string; resultFileId: string | null },
): Promise<IssuedDocumentRow | undefined> {
  if (!app.resultFileId) return undefined;
  const [row] = await db
    .select()
    .from(issuedDocuments)
    .where(
      and(eq(issuedDocuments.applicationId, app.id), eq(issuedDocuments.fileId, app.resultFileId), isNotNull(issuedDocuments.revokedAt)),
    );
  return row;
}

/** {@link revokedResultOf} for a list of applications: the revoked result documents, by application id. */
export async function revokedResultsOf(
  db: Db,
  apps: readonly { id: string; resultFileId: string | null }[],
): Promise<Map<string, IssuedDocumentRow>> {
  const withResult = apps.filter((a) => a.resultFileId);
  if (withResult.length === 0) return new Map();
  const rows = await db
    .select()
    .from(issuedDocuments)
    .where(
      and(
        inArray(
          issuedDocuments.applicationId,
          withResult.map((a) => a.id),
        ),
        isNotNull(issuedDocuments.revokedAt),
      ),
    );
  const result = new Map(withResult.map((a) => [a.id, a.resultFileId]));
  return new Map(rows.filter((r) => result.get(r.applicationId) === r.fileId).map((r) => [r.applicationId, r]));
}

/** The issued document stored as this file, when the school has revoked it (a notice attaching it waits to be sent). */
export async function revokedIssuedByFile(db: Db | Tx, fileId: string): Promise<IssuedDocumentRow | undefined> {
  const [row] = await db
    .select()
    .from(issuedDocuments)
    .where(and(eq(issuedDocuments.fileId, fileId), isNotNull(issuedDocuments.revokedAt)))
    .limit(1);
  return row;
}

export type NewIssuedDocument = typeof issuedDocuments.$inferInsert;

/** The next document number, "2026/000017": its own sequence, apart from application numbers. */
export async function nextIssuedNumber(db: Db, year: number): Promise<string> {
  const result = await db.execute(sql`select ${`${year}/`} || lpad(nextval(${issuedDocumentNumberSeq.seqName})::text, 6, '0') as number`);
  return rowsOf<{ number: string }>(result)[0]!.number;
}

/** Record an issued document (inside the transaction that changes the application's status). */
export async function insertIssued(tx: Tx | Db, row: NewIssuedDocument): Promise<IssuedDocumentRow> {
  const [inserted] = await tx.insert(issuedDocuments).values(row).returning();
  return inserted!;
}

/** What the public check page needs about one document: the row, its school, its application's status. */
export interface IssuedForCheck {
  document: IssuedDocumentRow;
  school: { nameKk: string; nameRu: string };
  applicationStatus: string;
}

/** The document with this check code (stored form), or undefined. Never more than one row. */
export async function findIssuedByCode(db: Db, code: string): Promise<IssuedForCheck | undefined> {
  const [row] = await db
    .select({ document: issuedDocuments, nameKk: schools.nameKk, nameRu: schools.nameRu, status: applications.status })
    .from(issuedDocuments)
    .innerJoin(schools, eq(schools.id, issuedDocuments.schoolId))
    .innerJoin(applications, eq(applications.id, issuedDocuments.applicationId))
    .where(eq(issuedDocuments.checkCode, code))
    .limit(1);
  return row ? { document: row.document, school: { nameKk: row.nameKk, nameRu: row.nameRu }, applicationStatus: row.status } : undefined;
}

/** The application's issued documents, newest first. */
/** The id of the issued document with this check code (inside the transaction that recorded it). */
export async function issuedIdByCode(db: Db | Tx, checkCode: string): Promise<number | undefined> {
  const [row] = await db.select({ id: issuedDocuments.id }).from(issuedDocuments).where(eq(issuedDocuments.checkCode, checkCode));
  return row?.id;
}

export async function listIssued(db: Db, applicationId: string): Promise<IssuedDocumentRow[]> {
  return db.select().from(issuedDocuments).where(eq(issuedDocuments.applicationId, applicationId)).orderBy(desc(issuedDocuments.id));
}

export async function getIssued(db: Db, id: number): Promise<IssuedDocumentRow | undefined> {
  const [row] = await db.select().from(issuedDocuments).where(eq(issuedDocuments.id, id));
  return row;
}

/**
 * Revoke a document: the row marked (unless it already is), an application event (the status
 * stays as it is), the application's version moved on (a screen drawn before — a staff card, a
 * signing link — is out of date, as after any decision) and the notifications, in one
 * transaction. Returns the row when this call revoked it; undefined when it was revoked already
 * (nothing is written then).
 */
export async function recordRevocation(
  db: Db,
  input: { id: number; reason: string; staffId: number; status: string; notifications: OutboxMessage[]; now: Date },
): Promise<IssuedDocumentRow | undefined> {
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(issuedDocuments)
      .set({ revokedAt: input.now, revokedReason: input.reason, revokedByStaffId: input.staffId })
      .where(and(eq(issuedDocuments.id, input.id), isNull(issuedDocuments.revokedAt)))
      .returning();
    if (!row) return undefined;
    await tx
      .update(applications)
      .set({ version: sql`${applications.version} + 1`, updatedAt: input.now })
      .where(eq(applications.id, row.applicationId));
    await tx.insert(applicationEvents).values({
      applicationId: row.applicationId,
      actorKind: "staff",
      actorId: input.staffId,
      action: "revoke",
      fromStatus: input.status,
      toStatus: input.status,
      reason: input.reason,
      comment: row.number,
      createdAt: input.now,
    });
    await enqueue(tx, input.notifications);
    return row;
  });
}
