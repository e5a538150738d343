/**
 * The document questions: each document the answers require, as pages (photos or PDFs). A page
 * is kept as a file of the draft; once the pages the document needs are in, the document is
 * answered by itself (an album's later pages go with it, counted in one confirmation), with
 * "add a page" under it. "Done" (with the pages the database holds) answers a document that
 * still needs pages or was reopened, and "Skip" one that may be left out. Every upload is
 * downloaded once, checked for its real type and stored by the system.
 */
import { InlineKeyboard, type Api } from "grammy";
import type { Message } from "grammy/types";
import type { Db } from "#root/db/client.ts";
import { clearDocuments, getApplication, listDocuments, type Application } from "#root/db/queries/applications.ts";
import { RejectedFileError, storePage } from "#root/db/queries/files.ts";
import { applicableQuestions, questionsFor, type Question } from "#root/flows/form/engine.ts";
import { MAX_FILE_BYTES } from "#root/flows/files.ts";
import { getService } from "#root/flows/services/index.ts";
import { formOf } from "#root/flows/statement.ts";
import { DownloadError, downloadFile } from "#root/bot/shared/files.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { data, patterns } from "#root/bot/parent/callbacks.ts";
import { withButtons } from "#root/bot/shared/keyboard.ts";
import type { Answered } from "./question.ts";
import { showReview } from "./review.ts";

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

/** The pages a document needs before it goes on by itself. */
const pagesNeeded = (q: FilesQuestion): number => Math.max(1, q.files.minCount);

/** How many pages of `q` the draft holds. */
async function pagesOf(db: Db, app: { id: string }, q: FilesQuestion): Promise<number> {
  return (await listDocuments(db, app.id)).filter((d) => d.requirementId === q.id).length;
}

/** Ask for document `q`: "Document 2 of 3", its hint, the pages already in and "Done" (reopened), "Skip" (optional). */
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
  // "Done" where it can answer: pages are in already (the document was reopened), or it needs more than one.
  const keyboard = count > 0 || pagesNeeded(q) > 1 ? doneButton(ctx, q) : new InlineKeyboard();
  if (!q.required) keyboard.text(ctx.t("apply-docs-skip"), data.document(q.id, "skip"));
  const hint = q.hint ? `\n<i>${ctx.t(q.hint)}</i>` : "";
  const sofar = count > 0 ? `\n${ctx.t("apply-docs-so-far", { count })}` : "";
  const ask = ctx.t("apply-docs-ask", { n: needed.indexOf(q) + 1, total: needed.length, name: ctx.t(q.label), max: q.files.maxCount });
  await ctx.reply(`${head}\n\n${ask}${hint}${sofar}`, withButtons(keyboard));
}

/**
 * A message sent at document `q`: a page is stored, and the number of its pages returned;
 * anything else is told what to send (undefined).
 */
async function takePage(
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

/** "Page 2 received", and "Done" (the document still needs pages, or takes more). */
async function acknowledgePage(ctx: ParentContext, q: FilesQuestion, msg: Message, count: number): Promise<void> {
  await ctx.reply(ctx.t("apply-docs-received", { count, name: ctx.t(q.label) }), {
    reply_parameters: { message_id: msg.message_id },
    reply_markup: doneButton(ctx, q),
  });
}

/**
 * The confirmation of a document whose pages are in: "add a page" reopens it while it takes more;
 * `before`, the document asked before it, when its one page came on its own — it may be a page of
 * that one, sent after it went on ("↩️" moves it there).
 */
function keptDocument(ctx: ParentContext, q: FilesQuestion, count: number, before?: FilesQuestion) {
  const text = ctx.t("apply-docs-kept", { count, name: ctx.t(q.label) });
  const keyboard = new InlineKeyboard();
  if (count < q.files.maxCount) keyboard.text(ctx.t("apply-docs-add-page"), data.document(q.id, "more")).row();
  if (before) keyboard.text(ctx.t("apply-docs-page-of", { name: ctx.t(before.label) }), data.document(q.id, "back"));
  return { text, keyboard };
}

/** The document asked before `q`, if any. */
export const documentBefore = (app: Draft, id: string): FilesQuestion | undefined => {
  const docs = documentsOf(app);
  const at = docs.findIndex((d) => d.id === id);
  return at > 0 ? docs[at - 1] : undefined;
};

/** Document `id`, when the draft's answers require it. */
export const askedDocument = (app: Draft, id: string): FilesQuestion | undefined => documentsOf(app).find((d) => d.id === id);

/** A button of document `q`: "Skip", or "Done" with the pages the database holds (refused while it needs more). */
export async function documentButton(
  ctx: ParentContext,
  db: Db,
  app: { id: string },
  q: FilesQuestion,
  data: string,
): Promise<Answered | undefined> {
  const [, question, what] = patterns.document.exec(data) ?? [];
  if (question !== q.id) return void (await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") }));
  if (what === "skip") return { skip: true };
  const pages = await pagesOf(db, app, q);
  if (pages >= pagesNeeded(q) || !q.required) return { pages };
  await ctx.answerCallbackQuery({ text: ctx.t("apply-docs-need-one"), show_alert: true });
}

/**
 * A page sent at document `q`, stored: the document's answer once the pages it needs are in
 * (the pages of an album with it, see `albumPage`), or "page N received".
 */
export async function pageAnswer(
  ctx: ParentContext,
  db: Db,
  telegram: TelegramAccess,
  app: Application,
  q: FilesQuestion,
  msg: Message,
): Promise<Answered | undefined> {
  const count = await takePage(ctx, db, telegram, app, q, msg);
  if (count === undefined) return;
  if (count < pagesNeeded(q)) return void (await acknowledgePage(ctx, q, msg, count));
  const kept = keptDocument(ctx, q, count, !msg.media_group_id && count === 1 ? documentBefore(app, q.id) : undefined);
  const sent = await ctx.reply(kept.text, {
    reply_parameters: { message_id: msg.message_id },
    ...withButtons(kept.keyboard),
  });
  if (msg.media_group_id) ctx.session.album = { group: msg.media_group_id, question: q.id, reply: sent.message_id };
  return { pages: count };
}

/**
 * A later page of the album whose first page answered the document before `q`: kept with that
 * document, and its one confirmation counts it. False when the update is not such a page.
 */
export async function albumPage(
  ctx: ParentContext,
  db: Db,
  telegram: TelegramAccess,
  app: Application,
  q: Question | undefined,
): Promise<boolean> {
  const album = ctx.session.album;
  const group = ctx.message?.media_group_id;
  if (!album || !group || group !== album.group || album.question === q?.id) return false;
  const doc = questionsFor(getService(app.serviceId)).find((o): o is FilesQuestion => o.id === album.question && o.kind === "files");
  const count = doc ? await takePage(ctx, db, telegram, app, doc, ctx.message!) : undefined;
  if (!doc || count === undefined) return true;
  const kept = keptDocument(ctx, doc, count);
  await ctx.api.editMessageText(ctx.chat!.id, album.reply, kept.text, withButtons(kept.keyboard)).catch(() => {});
  // The album's first page led to the review: it counts this page too.
  const draft = album.review !== undefined ? await getApplication(db, app.id) : undefined;
  if (draft?.status === "draft") await showReview(ctx, db, draft, album.review);
  return true;
}
