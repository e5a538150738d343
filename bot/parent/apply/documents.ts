/**
 * The document questions, as Telegram shows them (what each offers: `flows/form/documents.ts`).
 * A page is downloaded once, checked for its real type and stored as a file of the draft; an
 * album's later pages go with the document its first page answered, counted in one confirmation.
 */
import { InlineKeyboard } from "grammy";
import type { Message } from "grammy/types";
import type { Db } from "#root/db/client.ts";
import { getApplication, type Application } from "#root/db/queries/applications.ts";
import { RejectedFileError } from "#root/db/queries/files.ts";
import { afterPage, askButtons, documentsOf, doneAnswer, type FilesQuestion } from "#root/flows/form/documents.ts";
import { documentPages, keepPage } from "#root/flows/form/draft.ts";
import type { Question } from "#root/flows/form/engine.ts";
import { MAX_FILE_BYTES } from "#root/flows/files.ts";
import { DownloadError, downloadFile, type TelegramAccess } from "#root/bot/shared/files.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { data, patterns } from "#root/bot/parent/callbacks.ts";
import type { Answered } from "./question.ts";
import { showReview } from "./review.ts";

/** Ask for document `q`: "Document 2 of 3", its hint, the pages already in, and its buttons. */
export async function askDocument(ctx: ParentContext, db: Db, app: Application, q: FilesQuestion, head: string): Promise<void> {
  const count = await documentPages(db, app, q);
  const docs = documentsOf(app);
  const keyboard = new InlineKeyboard();
  for (const b of askButtons(q, count)) keyboard.text(ctx.t(`apply-docs-${b}`), data.document(q.id, b)).row();
  const hint = q.hint ? `\n<i>${ctx.t(q.hint)}</i>` : "";
  const sofar = count > 0 ? `\n${ctx.t("apply-docs-so-far", { count })}` : "";
  const ask = ctx.t("apply-docs-ask", { n: docs.indexOf(q) + 1, total: docs.length, name: ctx.t(q.label), max: q.files.maxCount });
  await ctx.reply(`${head}\n\n${ask}${hint}${sofar}`, { reply_markup: keyboard });
}

/** A message sent at document `q`: a page is stored and the document's number of pages returned; else the parent is told what to send. */
async function takePage(ctx: ParentContext, db: Db, telegram: TelegramAccess, draft: { id: string }, q: FilesQuestion, msg: Message) {
  const file = msg.photo ? msg.photo[msg.photo.length - 1] : msg.document;
  if (msg.forward_origin) return void (await ctx.reply(ctx.t("ask-no-forwards")));
  if (!file) return void (await ctx.reply(ctx.t("apply-docs-expected-file", { name: ctx.t(q.label) })));
  if ((file.file_size ?? 0) > MAX_FILE_BYTES) return void (await ctx.reply(ctx.t("apply-docs-too-large")));
  try {
    const kept = await keepPage(db, draft, q, await downloadFile(telegram, file.file_id, file.file_size));
    if (kept.ok) return kept.pages;
    await ctx.reply(kept.reason === "full" ? ctx.t("apply-docs-too-many", { max: q.files.maxCount }) : ctx.t("apply-draft-gone"));
  } catch (err) {
    if (!(err instanceof RejectedFileError || err instanceof DownloadError)) throw err;
    await ctx.reply(ctx.t(`apply-docs-rejected-${err.reason.replace(/_/g, "-")}`));
  }
}

/** What follows page `count` of `q`: "page N received" with "Done", or the document's confirmation with its buttons. */
function pageReply(ctx: ParentContext, app: Application, q: FilesQuestion, count: number, alone: boolean) {
  const next = afterPage(app, q, count, alone);
  const keyboard = new InlineKeyboard();
  if ("received" in next) keyboard.text(ctx.t("apply-docs-done"), data.document(q.id, "done"));
  else if (next.more) keyboard.text(ctx.t("apply-docs-add-page"), data.document(q.id, "more")).row();
  if ("before" in next && next.before)
    keyboard.text(ctx.t("apply-docs-page-of", { name: ctx.t(next.before.label) }), data.document(q.id, "back"));
  const text = ctx.t("received" in next ? "apply-docs-received" : "apply-docs-kept", { count, name: ctx.t(q.label) });
  return { text, keyboard, kept: "kept" in next };
}

/** A button of document `q`: "Skip", or "Done" with the pages the database holds (refused while it needs more). */
export async function documentButton(
  ctx: ParentContext,
  db: Db,
  app: Application,
  q: FilesQuestion,
  d: string,
): Promise<Answered | undefined> {
  const [, question, what] = patterns.document.exec(d) ?? [];
  if (question !== q.id) return void (await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") }));
  if (what === "skip") return { skip: true };
  const done = doneAnswer(q, await documentPages(db, app, q));
  if (!done) await ctx.answerCallbackQuery({ text: ctx.t("apply-docs-need-one"), show_alert: true });
  return done;
}

/** A page sent at document `q`, stored: the document's answer once the pages it needs are in, or "page N received". */
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
  const reply = pageReply(ctx, app, q, count, !msg.media_group_id);
  const sent = await ctx.reply(reply.text, { reply_parameters: { message_id: msg.message_id }, reply_markup: reply.keyboard });
  if (!reply.kept) return;
  if (msg.media_group_id) ctx.session.album = { group: msg.media_group_id, question: q.id, reply: sent.message_id };
  return { pages: count };
}

/**
 * A later page of the album whose first page answered the document before `q`: kept with that
 * document, and its one confirmation counts it (so does the review, when the album led there).
 * False when the update is not such a page.
 */
export async function albumPage(ctx: ParentContext, db: Db, telegram: TelegramAccess, app: Application, q?: Question): Promise<boolean> {
  const album = ctx.session.album;
  const group = ctx.message?.media_group_id;
  if (!album || !group || group !== album.group || album.question === q?.id) return false;
  const doc = documentsOf(app).find((d) => d.id === album.question);
  const count = doc ? await takePage(ctx, db, telegram, app, doc, ctx.message!) : undefined;
  if (!doc || count === undefined) return true;
  const reply = pageReply(ctx, app, doc, count, false);
  await ctx.api.editMessageText(ctx.chat!.id, album.reply, reply.text, { reply_markup: reply.keyboard }).catch(() => {});
  const draft = album.review !== undefined ? await getApplication(db, app.id) : undefined;
  if (draft?.status === "draft") await showReview(ctx, db, draft, album.review);
  return true;
}
