import { and, asc, eq, getTableColumns, isNull, sql } from "drizzle-orm";
import {
  acceptUpload,
  checkFile,
  checkSignatureFile,
  type AcceptedMime,
  type SIGNATURE_MIME,
  type StoredMime,
  type UploadCheck,
  type UploadRefusal,
} from "#root/flows/files.ts";
import type { Db, Tx } from "#root/db/client.ts";
import { applicationKey, cachedRead, fileKey, keep, writing } from "#root/db/read-cache.ts";
import { mapRow, queryRows } from "#root/db/rows.ts";
import { applicationDocuments, applications, storedFiles } from "#root/db/schema.ts";
import type { Application } from "./applications.ts";

export type StoredFile = typeof storedFiles.$inferSelect;

/** The bytes are not an acceptable document; `reason` is a stable code the bots translate. */
export class RejectedFileError extends Error {
  override name = "RejectedFileError";
  constructor(readonly reason: UploadRefusal) {
    super(`File rejected: ${reason}`);
  }
}

/** Where a page goes: the document of a draft, which takes at most `max` pages. */
interface PagePlace {
  applicationId: string;
  requirementId: string;
  max: number;
}
export type PagePlaced = { ok: true; pages: number; id: number } | { ok: false; reason: "full" | "closed"; pages: number };

/**
 * A page of a draft's document: the upload checked by {@link acceptUpload} (a photo re-encoded, a
 * PDF only when it is a safe one; the name the parent gave is not kept), then stored and
 * placed last in document `requirementId`, in one statement — unless the document already has
 * `max` pages (`full`), or the application is no longer a draft (`closed`): nothing is stored
 * then. Returns the document's pages with this one.
 * Throws {@link RejectedFileError} with the reason the parent is told.
 */
export async function storePage(db: Db, input: PagePlace & { bytes: Uint8Array }): Promise<PagePlaced> {
  const check = await acceptUpload(input.bytes);
  if (!check.ok) throw new RejectedFileError(check.reason);
  return placePage(db, input, check);
}

/**
 * A photo Telegram made, placed last in document `requirementId` before its bytes are fetched and
 * checked (`flows/form/pages.ts`: after the parent was answered): it counts as a page at once, and
 * becomes a stored file by {@link settlePage} — or goes, by {@link dropPage}. As {@link storePage}
 * otherwise: one statement, nothing placed when the document is full or the draft closed.
 */
export const holdPage = (db: Db, input: PagePlace & { telegramFileId: string; messageId?: number }): Promise<PagePlaced> =>
  placePage(db, input, { telegramFileId: input.telegramFileId, messageId: input.messageId });

/**
 * The page is numbered from the document's pages as the statement's snapshot has them. A refused page dropped
 * meanwhile ({@link dropPage}: its pages after it move up, in a transaction begun by locking the draft's row) would
 * leave the new page a place too far, a gap before it: so the statement locks the draft's row too (FOR SHARE, waiting
 * for a drop under way), and places nothing when the row it locked is not the one its snapshot read (`fresh`: a drop,
 * or another change, committed since) — then it runs again, on a snapshot that has it. One statement on the common path.
 */
async function placePage(
  db: Db,
  input: PagePlace,
  file: Extract<UploadCheck, { ok: true }> | { telegramFileId: string; messageId?: number | undefined },
): Promise<PagePlaced> {
  writing("documents");
  for (;;) {
    const placed = await placePageOnce(db, input, file);
    if (placed) return placed;
  }
}

/** {@link placePage}'s statement, once: undefined when the draft changed since its snapshot (nothing placed). */
async function placePageOnce(
  db: Db,
  input: PagePlace,
  file: Extract<UploadCheck, { ok: true }> | { telegramFileId: string; messageId?: number | undefined },
): Promise<PagePlaced | undefined> {
  const { applicationId: app, requirementId: req } = input;
  const same = sql`d.application_id = ${app} and d.requirement_id = ${req}`;
  const position = sql`(select coalesce(max(d.position), 0) + 1 from ${applicationDocuments} d where ${same})`;
  const room = sql`ok.open and ok.fresh and ok.pages < ${input.max}`;
  const insert =
    "telegramFileId" in file
      ? sql`p as (insert into ${applicationDocuments} (application_id, requirement_id, telegram_file_id, message_id, position, pages)
          select ${app}, ${req}, ${file.telegramFileId}, ${file.messageId ?? null}, ${position}, 1 from ok where ${room}
          returning id)`
      : sql`f as (insert into ${storedFiles} (sha256, mime, size, bytes)
          select ${file.sha256}, ${file.mime}, ${file.size}, ${sql.param(file.bytes, storedFiles.bytes)} from ok where ${room}
          returning id),
        p as (insert into ${applicationDocuments} (application_id, requirement_id, file_id, position, pages)
          select ${app}, ${req}, f.id, ${position}, 1 from f
          returning id)`;
  const [row] = await queryRows<{ pages: number; open: boolean; fresh: boolean; id: number | null }>(
    db,
    sql`with draft as (select a.version, a.status from ${applications} a where a.id = ${app} for share),
        ok as (
          select (select count(*)::int from ${applicationDocuments} d where ${same}) as pages,
            coalesce((select status = 'draft' from draft), false) as open,
            coalesce((select version from draft) = (select a.version from ${applications} a where a.id = ${app}), true) as fresh),
        ${insert}
        select ok.pages, ok.open, ok.fresh, (select id from p) as id from ok`,
  );
  if (row!.id !== null) return { ok: true, pages: row!.pages + 1, id: Number(row!.id) };
  if (row!.open && !row!.fresh) return undefined;
  return { ok: false, reason: row!.open ? "full" : "closed", pages: row!.pages };
}

/** A page held by {@link holdPage}, its check not yet done. */
export type HeldPage = { id: number; applicationId: string; requirementId: string; telegramFileId: string; messageId: number | null };

/** The pages of draft `applicationId` still waiting for their check, oldest first. */
export async function heldPages(db: Db, applicationId: string): Promise<HeldPage[]> {
  const rows = await db
    .select({
      id: applicationDocuments.id,
      applicationId: applicationDocuments.applicationId,
      requirementId: applicationDocuments.requirementId,
      telegramFileId: applicationDocuments.telegramFileId,
      messageId: applicationDocuments.messageId,
    })
    .from(applicationDocuments)
    .where(and(eq(applicationDocuments.applicationId, applicationId), isNull(applicationDocuments.fileId)))
    .orderBy(asc(applicationDocuments.id));
  return rows.map((r) => ({ ...r, telegramFileId: r.telegramFileId! }));
}

/**
 * Held page `page`, checked: its bytes stored and the page made theirs, in one statement; the
 * stored file's id. Undefined when the page is no longer held (settled by another instance, or gone with its draft or document):
 * the bytes stored by a losing race are left to the retention job's orphan sweep.
 */
export async function settlePage(db: Db, page: { id: number }, check: Extract<UploadCheck, { ok: true }>): Promise<string | undefined> {
  writing("documents");
  const [row] = await queryRows<{ file: string | null }>(
    db,
    sql`with held as (select id from ${applicationDocuments} where id = ${page.id} and file_id is null),
        f as (insert into ${storedFiles} (sha256, mime, size, bytes)
          select ${check.sha256}, ${check.mime}, ${check.size}, ${sql.param(check.bytes, storedFiles.bytes)} from held
          returning id),
        u as (update ${applicationDocuments} d set file_id = f.id, telegram_file_id = null, message_id = null
          from f where d.id = ${page.id} and d.file_id is null
          returning d.file_id)
        select (select file_id from u) as file`,
  );
  return row!.file ?? undefined;
}

/**
 * Held page `page`, refused by its check: it goes, and the draft changes with it in the same
 * statement — its statement no longer stands, and the document is asked again when fewer than
 * `needed` pages are left (its answer goes). The document's pages after it move up in the same
 * transaction, so they stay numbered 1..n: staff get "…-1", "…-2" (not "…-1", "…-3"), and the page
 * the parent sends next, counted as the n+1st, takes place n+1. The positions' unique index is checked
 * row by row, so they move in two steps: to their new places negated with the drop, then back
 * positive. The draft's row is locked first, so that a page placed meanwhile ({@link placePage}, which
 * locks it too) is either seen by the drop or placed after it, on what it left — never numbered from the
 * pages before it, a place too far. The draft as written, or undefined when the page was no longer held or
 * the draft is not one any more.
 */
export async function dropPage(
  db: Db,
  page: Pick<HeldPage, "id" | "applicationId" | "requirementId">,
  at: { needed: number; now: Date },
): Promise<Application | undefined> {
  writing("applications", "documents");
  const { id, applicationId: app, requirementId: req } = page;
  const same = sql`d.application_id = ${app} and d.requirement_id = ${req}`;
  const row = await db.transaction(async (tx) => {
    // Before anything is read: the statements after it see every page placed before, and none is placed until it commits.
    await tx.execute(sql`select 1 from ${applications} where id = ${app} for no key update`);
    const [written] = await queryRows<Record<string, unknown> & { moved: number }>(
      tx,
      sql`with gone as (delete from ${applicationDocuments} where id = ${id} and file_id is null returning id),
        left_ as (select count(*)::int as n from ${applicationDocuments} d where ${same} and d.id <> ${id}),
        moved as (update ${applicationDocuments} d set position = -r.place
          from (select d.id, row_number() over (order by d.position) as place from ${applicationDocuments} d
            where ${same} and d.id <> ${id}) r
          where d.id = r.id and d.position <> r.place and exists (select 1 from gone)
            and exists (select 1 from ${applications} a where a.id = ${app} and a.status = 'draft')
          returning d.id)
        update ${applications} a set version = a.version + 1, statement_file_id = null, updated_at = ${at.now.toISOString()}::timestamptz,
          form = case when (select n from left_) < ${at.needed}
            then jsonb_set(a.form, '{documents}', coalesce(a.form -> 'documents', '{}'::jsonb) - ${req}::text) else a.form end
        where a.id = ${app} and a.status = 'draft' and exists (select 1 from gone)
        returning a.*, (select count(*)::int from moved) as moved`,
    );
    if (written && Number(written.moved) > 0)
      await tx.execute(sql`update ${applicationDocuments} d set position = -d.position where ${same} and d.position < 0`);
    return written;
  });
  if (!row) return undefined;
  const app_ = mapRow(applications, row);
  keep(db, applicationKey(app_.id), app_);
  return app_;
}

/**
 * Check and store a file the system made itself (a generated PDF). Returns the new row's id and facts.
 * Throws {@link RejectedFileError} for an empty, oversized or non-JPEG/PNG/PDF file.
 */
export async function storeFile(
  db: Db | Tx,
  /** `id`: chosen by the caller, when notices naming the file are written before it is stored (in the same transaction). */
  input: { bytes: Uint8Array; name?: string; id?: string },
): Promise<{ id: string; mime: AcceptedMime; sha256: string; size: number }> {
  const check = checkFile(input.bytes);
  if (!check.ok) throw new RejectedFileError(check.reason);
  return insertChecked(db, input, check);
}

/**
 * Store a CMS signature (DER) made on the signing page. Only the signing flow calls this;
 * parents' uploads go through {@link acceptUpload}, which never accepts this type.
 * Throws {@link RejectedFileError} when the bytes are not one DER CMS SignedData.
 */
export async function storeSignatureFile(
  db: Db | Tx,
  input: { bytes: Uint8Array; name?: string },
): Promise<{ id: string; mime: typeof SIGNATURE_MIME; sha256: string; size: number }> {
  const check = checkSignatureFile(input.bytes);
  if (!check.ok) throw new RejectedFileError(check.reason);
  return insertChecked(db, input, check);
}

async function insertChecked<M extends StoredMime>(
  db: Db | Tx,
  input: { bytes: Uint8Array; name?: string; id?: string },
  check: { mime: M; sha256: string; size: number },
): Promise<{ id: string; mime: M; sha256: string; size: number }> {
  const name = input.name?.slice(0, 200);
  const [row] = await db
    .insert(storedFiles)
    .values({ ...(input.id ? { id: input.id } : {}), bytes: input.bytes, sha256: check.sha256, mime: check.mime, size: check.size, name })
    .returning({ id: storedFiles.id, createdAt: storedFiles.createdAt });
  // What getFileInfo would read back, kept for the rest of the update.
  keep(db as Db, fileKey(row!.id), {
    id: row!.id,
    sha256: check.sha256,
    mime: check.mime,
    size: check.size,
    name: name ?? null,
    createdAt: row!.createdAt,
  });
  return { id: row!.id, mime: check.mime, sha256: check.sha256, size: check.size };
}

/** A stored file's description without its bytes (its hash, type and size are enough to refer to it). */
export async function getFileInfo(db: Db, id: string): Promise<Omit<StoredFile, "bytes"> | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const { bytes: _bytes, ...columns } = getTableColumns(storedFiles);
  return cachedRead(db, fileKey(id), async () => (await db.select(columns).from(storedFiles).where(eq(storedFiles.id, id)))[0]);
}

export async function getStoredFile(db: Db, id: string): Promise<StoredFile | undefined> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
  const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, id));
  return row;
}

/**
 * Store a statement and make it the application's, in one statement. With `unchanged`, only
 * while the draft is as it was when the statement was rendered: its answers (`updated_at`, to
 * the millisecond) and its documents (their ids) the same; otherwise nothing is stored and
 * undefined is returned. Throws {@link RejectedFileError} for bytes that are not a document.
 */
export async function storeStatement(
  db: Db,
  input: { applicationId: string; bytes: Uint8Array; name: string; unchanged?: { updatedAt: Date; documentIds: string } },
): Promise<{ id: string; sha256: string } | undefined> {
  const check = checkFile(input.bytes);
  if (!check.ok) throw new RejectedFileError(check.reason);
  const u = input.unchanged;
  const guard = u
    ? sql`exists (select 1 from ${applications} a where a.id = ${input.applicationId} and a.status = 'draft'
              and date_trunc('milliseconds', a.updated_at) = ${u.updatedAt.toISOString()}::timestamptz
              and (select coalesce(string_agg(d.id::text, ',' order by d.id), '')
                from ${applicationDocuments} d where d.application_id = a.id) = ${u.documentIds})`
    : sql`true`;
  const rows = await queryRows<{ id: string }>(
    db,
    sql`with f as (
          insert into ${storedFiles} (sha256, mime, size, name, bytes)
          select ${check.sha256}, ${check.mime}, ${check.size}, ${input.name.slice(0, 200)},
            ${sql.param(input.bytes, storedFiles.bytes)} where ${guard}
          returning id),
        u as (update ${applications} set statement_file_id = (select id from f)
          where id = ${input.applicationId} and exists (select 1 from f))
        select id from f`,
  );
  return rows[0] ? { id: rows[0].id, sha256: check.sha256 } : undefined;
}

/** The ids of an application's document pages as {@link storeStatement} compares them. */
export const documentIdsKey = (docs: ReadonlyArray<{ id: number }>): string =>
  docs
    .map((d) => d.id)
    .sort((a, b) => a - b)
    .join(",");
