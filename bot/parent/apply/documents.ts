/**
 * The document questions, as Telegram shows them (what each offers: `flows/form/documents.ts`).
 * A page is downloaded once, checked for its real type and stored as a file of the draft; an
 * album's later pages go with the document its first page answered, counted in one confirmation.
 */
import type { Message } from "grammy/types";
import type { Db } from "#root/db/client.ts";
import { getApplication, type Application } from "#root/db/queries/applications.ts";
import { RejectedFileError, type HeldPage } from "#root/db/queries/files.ts";
import { MAX_FILE_BYTES } from "#root/flows/files.ts";
import { documentsOf, doneAnswer, type FilesQuestion } from "#root/flows/form/documents.ts";
import { documentPages, holdPage, keepPage } from "#root/flows/form/draft.ts";
import { questionsFor, type Question } from "#root/flows/form/engine.ts";
import { getService } from "#root/flows/services/index.ts";
import { DownloadError, downloadFile, type TelegramAccess } from "#root/bot/shared/files.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { patterns } from "#root/bot/parent/callbacks.ts";
import { pagePrompt } from "#root/flows/form/prompts.ts";
import { keyboardOf, rendered, type Answered } from "./question.ts";
import { showReview } from "./review.ts";

/**
 * A message sent at document `q`: a page kept — a photo held at once (Telegram made it; it is
 * checked after the answer, `pages.ts`), a file checked first — and the document's number of
 * pages returned, with the page held; else the parent is told what to send.
 */
async function takePage(
  ctx: ParentContext,
  db: Db,
  telegram: TelegramAccess,
  draft: { id: string },
  q: FilesQuestion,
  msg: Message,
): Promise<{ pages: number; held?: HeldPage } | undefined> {
  const photo = msg.photo?.[msg.photo.length - 1];
  const file = photo ?? msg.document;
  if (msg.forward_origin) return void (await ctx.reply(ctx.t("ask-no-forwards")));
  if (!file) return void (await ctx.reply(ctx.t("apply-docs-expected-file", { name: ctx.t(q.label) })));
  try {
    // Over 20 MB (as Telegram says, before anything is fetched), unreadable or not what it claims: refused with why.
    if (file.file_size !== undefined && file.file_size > MAX_FILE_BYTES) throw new DownloadError("too_large");
    const kept: { ok: true; pages: number; held?: HeldPage } | { ok: false; reason: "full" | "closed" } = photo
      ? await holdPage(db, draft, q, { telegramFileId: photo.file_id, messageId: msg.message_id })
      : await keepPage(db, draft, q, await downloadFile(telegram, file.file_id, file.file_size));
    if (kept.ok) return { pages: kept.pages, ...(kept.held ? { held: kept.held } : {}) };
    await ctx.reply(kept.reason === "full" ? ctx.t("apply-docs-too-many", { max: q.files.maxCount }) : ctx.t("apply-draft-gone"));
  } catch (err) {
    if (!(err instanceof RejectedFileError || err instanceof DownloadError)) throw err;
    await ctx.reply(ctx.t(`apply-docs-rejected-${err.reason.replace(/_/g, "-")}`));
  }
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
  const taken = await takePage(ctx, db, telegram, app, q, msg);
  if (taken === undefined) return;
  const count = taken.pages;
  const next = pagePrompt(app, q, count, !msg.media_group_id);
  const { text, reply_markup } = rendered(ctx, next);
  const sent = await ctx.reply(text, { reply_parameters: { message_id: msg.message_id }, reply_markup });
  if (taken.held) ctx.pages.later(ctx, taken.held);
  if (!next.kept) return;
  if (msg.media_group_id) ctx.session.album = { group: msg.media_group_id, question: q.id, reply: sent.message_id, app: app.id };
  return { pages: count };
}

/**
 * A later page of the album whose first page answered the document before `q`: kept with that
 * document, and its one confirmation counts it (so does the review, when the album led there).
 * Without `app` (the draft not read): only while the session knows the album's draft and its
 * review is not on screen — the page's write checks the draft is still one. False when the
 * update is not such a page.
 */
export async function albumPage(
  ctx: ParentContext,
  db: Db,
  telegram: TelegramAccess,
  app: Application | undefined,
  q?: Question,
): Promise<boolean> {
  const album = ctx.session.album;
  const group = ctx.message?.media_group_id;
  if (!album || !group || group !== album.group) return false;
  const current = ctx.session.current;
  if (app ? album.question === q?.id : !album.app || album.app !== current?.appId || !current.service || album.review !== undefined)
    return false;
  const draft = app ?? { id: album.app!, serviceId: current!.service!, form: {} };
  const doc = app
    ? documentsOf(app).find((d) => d.id === album.question)
    : questionsFor(getService(draft.serviceId)).find((d): d is FilesQuestion => d.kind === "files" && d.id === album.question);
  const taken = doc ? await takePage(ctx, db, telegram, draft, doc, ctx.message!) : undefined;
  if (!doc || taken === undefined) return true;
  // A later page of an album is never the lone first page `pagePrompt` reads the draft for.
  const next = pagePrompt(draft, doc, taken.pages, false);
  await ctx.api
    .editMessageText(ctx.chat!.id, album.reply, rendered(ctx, next).text, { reply_markup: keyboardOf(ctx, next) })
    .catch(() => {});
  if (taken.held) ctx.pages.later(ctx, taken.held);
  const row = app && album.review !== undefined ? await getApplication(db, app.id) : undefined;
  if (row?.status === "draft") await showReview(ctx, db, row, album.review);
  return true;
}
