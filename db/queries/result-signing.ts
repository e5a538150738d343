/**
 * Staff "Sign and issue" links and the school's signatures of issued documents. A link is a
 * random token (only its hash is stored), lives 30 minutes, takes one signature attempt, and
 * ends the application's earlier links.
 */
import { randomBytes } from "node:crypto";
import { and, eq, gt, inArray, isNull, sql } from "drizzle-orm";
import { sha256Hex } from "#root/flows/files.ts";
import type { Db } from "#root/db/client.ts";
import { queryRows } from "#root/db/rows.ts";
import { applications, documentSignatures, issuedDocuments, resultSigningSessions, storedFiles } from "#root/db/schema.ts";

export type ResultSigningSession = typeof resultSigningSessions.$inferSelect;
export type DocumentSignature = typeof documentSignatures.$inferSelect;
type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** Staff signing links live 30 minutes, as parents' do. */
export const RESULT_SIGNING_TTL_MS = 30 * 60 * 1000;

export async function createResultSigningSession(
  db: Db,
  input: Omit<typeof resultSigningSessions.$inferInsert, "id" | "tokenHash" | "expiresAt" | "usedAt" | "replacedAt" | "createdAt"> & {
    now: Date;
  },
): Promise<{ id: number; token: string; expiresAt: Date }> {
  // 33 bytes → 44 characters: never the shape of a parent's link, so the two are not confused
  const token = randomBytes(33).toString("base64url");
  const expiresAt = new Date(input.now.getTime() + RESULT_SIGNING_TTL_MS);
  const { now, ...row } = input;
  const id = await db.transaction(async (tx) => {
    await tx.select({ id: applications.id }).from(applications).where(eq(applications.id, input.applicationId)).for("update");
    await tx
      .update(resultSigningSessions)
      .set({ replacedAt: now })
      .where(
        and(
          eq(resultSigningSessions.applicationId, input.applicationId),
          isNull(resultSigningSessions.usedAt),
          isNull(resultSigningSessions.replacedAt),
          gt(resultSigningSessions.expiresAt, now),
        ),
      );
    const [inserted] = await tx
      .insert(resultSigningSessions)
      .values({ ...row, tokenHash: sha256Hex(token), expiresAt, createdAt: now })
      .returning({ id: resultSigningSessions.id });
    return inserted!.id;
  });
  return { id, token, expiresAt };
}

export type ResultSigningLookup =
  | { ok: true; session: ResultSigningSession }
  | { ok: false; reason: "invalid" | "expired" | "used" | "replaced" };

function stateOf(row: ResultSigningSession | undefined, now: Date): ResultSigningLookup {
  if (!row) return { ok: false, reason: "invalid" };
  if (row.usedAt) return { ok: false, reason: "used" };
  if (row.replacedAt) return { ok: false, reason: "replaced" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, session: row };
}

export async function findResultSigningSession(db: Db, token: string, now: Date): Promise<ResultSigningLookup> {
  const [row] = await db
    .select()
    .from(resultSigningSessions)
    .where(eq(resultSigningSessions.tokenHash, sha256Hex(token)));
  return stateOf(row, now);
}

/**
 * The session by its row id: for eGov mobile, whose own session (an unguessable id and a
 * Bearer token) refers to it, and for the bot's button, which checks the staff member itself.
 */
export async function findResultSigningSessionById(db: Db, id: number, now: Date): Promise<ResultSigningLookup> {
  const [row] = await db.select().from(resultSigningSessions).where(eq(resultSigningSessions.id, id));
  return stateOf(row, now);
}

/** Use the session by its row id (eGov mobile's signature): succeeds once, as by the token. */
export async function consumeResultSigningSessionById(db: Db, id: number, now: Date): Promise<ResultSigningLookup> {
  const [row] = await db
    .update(resultSigningSessions)
    .set({ usedAt: now })
    .where(
      and(
        eq(resultSigningSessions.id, id),
        isNull(resultSigningSessions.usedAt),
        isNull(resultSigningSessions.replacedAt),
        gt(resultSigningSessions.expiresAt, now),
      ),
    )
    .returning();
  if (row) return { ok: true, session: row };
  return findResultSigningSessionById(db, id, now);
}

/** Use the token: succeeds once; a second (or concurrent) use is refused. */
export async function consumeResultSigningSession(db: Db, token: string, now: Date): Promise<ResultSigningLookup> {
  const [row] = await db
    .update(resultSigningSessions)
    .set({ usedAt: now })
    .where(
      and(
        eq(resultSigningSessions.tokenHash, sha256Hex(token)),
        isNull(resultSigningSessions.usedAt),
        isNull(resultSigningSessions.replacedAt),
        gt(resultSigningSessions.expiresAt, now),
      ),
    )
    .returning();
  if (row) return { ok: true, session: row };
  return findResultSigningSession(db, token, now);
}

export async function insertDocumentSignature(
  tx: Tx | Db,
  row: Omit<typeof documentSignatures.$inferInsert, "id" | "createdAt">,
): Promise<DocumentSignature> {
  const [inserted] = await tx.insert(documentSignatures).values(row).returning();
  return inserted!;
}

/** The signatures of these issued documents, by document id. */
export async function documentSignaturesOf(db: Db, issuedIds: number[]): Promise<Map<number, DocumentSignature>> {
  if (issuedIds.length === 0) return new Map();
  const rows = await db.select().from(documentSignatures).where(inArray(documentSignatures.issuedDocumentId, issuedIds));
  return new Map(rows.map((r) => [r.issuedDocumentId, r]));
}

/**
 * Forget the links that ended unused before `before` (expired, or replaced by a newer link): the
 * link, its rendered document (the child's data, never issued) and the record it would have
 * issued go, in one statement; eGov mobile's sessions for them go with them. A file that any
 * other row still refers to stays. Returns how many links and files went.
 */
export async function deleteUnusedResultLinks(db: Db, before: Date): Promise<{ links: number; files: number }> {
  const at = before.toISOString();
  const s = resultSigningSessions;
  const [row] = await queryRows<{ links: number; files: number }>(
    db,
    sql`with gone as (
          delete from ${s} where ${s.usedAt} is null
            and least(${s.expiresAt}, coalesce(${s.replacedAt}, ${s.expiresAt})) < ${at}::timestamptz
          returning ${s.id} as id, ${s.fileId} as file_id),
        files as (
          delete from ${storedFiles} f using (select distinct file_id from gone) g
          where f.id = g.file_id
            and not exists (select 1 from ${s} r where r.file_id = f.id and r.id not in (select id from gone))
            and not exists (select 1 from ${issuedDocuments} i where i.file_id = f.id)
            and not exists (select 1 from ${applications} a where a.result_file_id = f.id or a.statement_file_id = f.id)
          returning f.id)
        select (select count(*)::int from gone) as links, (select count(*)::int from files) as files`,
  );
  return { links: Number(row?.links ?? 0), files: Number(row?.files ?? 0) };
}
