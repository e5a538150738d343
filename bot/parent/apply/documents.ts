/**
 * The document questions: each document the answers require, as pages (photos or PDFs) and
 * then "Done". A stored page is not an answer — it is kept as a file of the draft; "Done" is,
 * with the number of pages the database holds, and "Skip" for a document that may be left out.
 * Every upload is downloaded once, checked for its real type and stored by the system.
 */
import { InlineKeyboard, type Api } from "grammy";
import type { Message } from "grammy/types";
import type { Db } from "#root/db/client.ts";
import { clearDocuments, listDocuments, type Application } from "#root/db/queries/applications.ts";
import { RejectedFileError, storePage } from "#root/db/queries/files.ts";
import { applicableQuestions, type Question } from "#root/flows/form/engine.ts";
import { MAX_FILE_BYTES } from "#root/flows/files.ts";
import { getService } from "#root/flows/services/index.ts";
import { formOf } from "#root/flows/statement.ts";
import { DownloadError, downloadFile } from "#root/bot/shared/files.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { data } from "#root/bot/parent/callbacks.ts";

export interface TelegramAccess {
  api: Api;
  token: string;
  apiRoot: string;
}

export type FilesQuestion = Extract<Question, { kind: "files" }>;
type Draft = Pick<Application, "id" | "serviceId" | "form">;

const doneButton = (ctx: ParentContext, q: FilesQuestion) =>
  new InlineKeyboard().text(ctx.t("apply-docs-done"), data.document(q.id, "done"));

/** The documents the draft's answers require, in order. */
const documentsOf = (app: Draft): FilesQuestion[] =>
  applicableQuestions(getService(app.serviceId), formOf(app)).filter((q): q is FilesQuestion => q.kind === "files");

/** How many pages of `q` the draft holds. */
export async function pagesOf(db: Db, app: { id: string }, q: FilesQuestion): Promise<number> {
  return (await listDocuments(db, app.id)).filter((d) => d.requirementId === q.id).length;
}

/** Ask for document `q`: "Document 2 of 3", its hint, the pages already in, "Done" (and "Skip"). */
export async function askDocument(ctx: ParentContext, db: Db, app: Draft, q: FilesQuestion, head: string): Promise<void> {
  const needed = documentsOf(app);
  const docs = await listDocuments(db, app.id);
  // Documents no longer required (the answers changed) are dropped.
  await clearDocuments(
    db,
    app.id,
    [...new Set(docs.map((d) => d.requirementId))].filter((id) => !needed.some((n) => n.id === id)),
  );
  const count = docs.filter((d) => d.requirementId === q.id).length;
  const keyboard = doneButton(ctx, q);
  if (!q.required) keyboard.text(ctx.t("apply-docs-skip"), data.document(q.id, "skip"));
  const hint = q.hint ? `\n<i>${ctx.t(q.hint)}</i>` : "";
  const sofar = count > 0 ? `\n${ctx.t("apply-docs-so-far", { count })}` : "";
  const ask = ctx.t("apply-docs-ask", { n: needed.indexOf(q) + 1, total: needed.length, name: ctx.t(q.label), max: q.files.maxCount });
  await ctx.reply(`${head}\n\n${ask}${hint}${sofar}`, { reply_markup: keyboard });
}

/**
 * A message sent at document `q`: a page is stored, and the number of its pages returned;
 * anything else is told what to send (undefined).
 */
export async function takePage(
  ctx: ParentContext,
  db: Db,
  telegram: TelegramAccess,
  draft: { id: string },
  q: FilesQuestion,
  msg: Message,
): Promise<number | undefined> {
  const file = msg.photo ? msg.photo[msg.photo.length - 1] : msg.document;
  if (msg.forward_origin) return void (await ctx.reply(ctx.t("ask-no-forwards")));
  if (!file) return void (await ctx.reply(ctx.t("apply-docs-expected-file", { name: ctx.t(q.label) })));
  if ((file.file_size ?? 0) > MAX_FILE_BYTES) return void (await ctx.reply(ctx.t("apply-docs-too-large")));
  try {
    const bytes = await downloadFile(telegram.api, telegram, file.file_id, file.file_size);
    const max = q.files.maxCount;
    const kept = await storePage(db, { applicationId: draft.id, requirementId: q.id, bytes, max });
    if (kept.ok) return kept.pages;
    await ctx.reply(kept.reason === "full" ? ctx.t("apply-docs-too-many", { max }) : ctx.t("apply-draft-gone"));
  } catch (err) {
    if (err instanceof RejectedFileError || err instanceof DownloadError) {
      return void (await ctx.reply(ctx.t(`apply-docs-rejected-${err.reason.replace(/_/g, "-")}`)));
    }
    throw err;
  }
}

/** The pages a document needs before it goes on by itself. */
export const pagesNeeded = (q: FilesQuestion): number => Math.max(1, q.files.minCount);

/** "Page 2 received", and "Done" (the document still needs pages, or takes more). */
export async function acknowledgePage(ctx: ParentContext, q: FilesQuestion, msg: Message, count: number): Promise<void> {
  await ctx.reply(ctx.t("apply-docs-received", { count, name: ctx.t(q.label) }), {
    reply_parameters: { message_id: msg.message_id },
    reply_markup: doneButton(ctx, q),
  });
}

/** The confirmation of a document whose pages are in: "add a page" reopens it while it takes more. */
export function keptDocument(ctx: ParentContext, q: FilesQuestion, count: number): { text: string; keyboard?: InlineKeyboard } {
  const text = ctx.t("apply-docs-kept", { count, name: ctx.t(q.label) });
  return count < q.files.maxCount
    ? { text, keyboard: new InlineKeyboard().text(ctx.t("apply-docs-add-page"), data.document(q.id, "more")) }
    : { text };
}
