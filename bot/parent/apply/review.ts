/**
 * The review, after the form's last question: every answer, a button to change each part, and
 * the ways to sign as its buttons (signing.ts: a tap forms the statement PDF).
 */
import { Composer, type InlineKeyboard } from "grammy";
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { editStage, reviewOf } from "#root/flows/form/draft.ts";
import type { Lang } from "#root/flows/i18n.ts";
import { getService } from "#root/flows/services/index.ts";
import { stagesFor } from "#root/flows/stages.ts";
import { renderAhead } from "#root/flows/statement.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { data, patterns } from "#root/bot/parent/callbacks.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { isDraft, ownApplication } from "#root/bot/parent/parent.ts";
import { signingKeyboard } from "#root/bot/parent/signing.ts";
import { continueForm } from "./advance.ts";

/** The review's text: every answer (`reviewOf`), by stage. */
export async function reviewText(ctx: ParentContext, db: Db, app: Application): Promise<string> {
  const lines = [`<b>${ctx.t("review-title")}</b> · № ${esc(app.number)}`];
  lines.push(`<b>${ctx.t("review-service")}</b>: ${ctx.t(getService(app.serviceId).catalog.title)}`);
  for (const { stage, answers } of await reviewOf(db, app, (ctx.session.lang ?? app.lang) as Lang)) {
    lines.push("", `<b>${ctx.t(`apply-stage-${stage}`)}</b>`, ...answers.map((a) => `${esc(a.label)}: <b>${esc(a.value)}</b>`));
  }
  // The ways to sign are the review's "all correct": a tap forms the statement and signs it.
  lines.push("", ctx.t("review-sign"));
  return lines.join("\n");
}

/** The review's buttons: the ways to sign, and one to change each stage. */
function reviewKeyboard(ctx: ParentContext, app: Application): InlineKeyboard {
  const keyboard = signingKeyboard(ctx, app.id).row();
  for (const stage of stagesFor(getService(app.serviceId))) {
    keyboard.text(`✏️ ${ctx.t(`apply-stage-${stage}`)}`, data.reviewEdit(app.id, stage)).row();
  }
  return keyboard;
}

/**
 * Show the review of `draft` once its pages are checked — or, with `edit`, write it again into that message (an album's later
 * page came after its first page led to the review: the count of pages changed).
 */
export async function showReview(ctx: ParentContext, db: Db, draft: Application, edit?: number): Promise<void> {
  // The review shows the pages as the school gets them: the photos' checks are done first.
  const app = await ctx.pages.ready(ctx, draft);
  if (!app) return;
  // A page refused: its document may be asked again.
  if (app !== draft) return continueForm(ctx, db, app);
  const text = await reviewText(ctx, db, app);
  const keyboard = reviewKeyboard(ctx, app);
  if (edit !== undefined) await ctx.api.editMessageText(ctx.chat!.id, edit, text, { reply_markup: keyboard }).catch(() => {});
  else {
    const sent = await ctx.reply(text, { reply_markup: keyboard });
    // The first page of an album led here: its later pages, kept with the document, update the count.
    const album = ctx.session.album;
    if (album && album.group === ctx.message?.media_group_id) album.review = sent.message_id;
  }
  // The statement is rendered while the parent reads the review (ready when they tap a way to
  // sign): begun after the review is sent, so the render does not slow the review down.
  renderAhead(db, app);
}

/** ✏️ at the review: the stage's questions are asked again (`editStage`). */
export function reviewComposer(deps: BotDeps) {
  const composer = new Composer<ParentContext>();
  composer.callbackQuery(patterns.reviewEdit, async (ctx) => {
    const app = await ownApplication(ctx, deps.db, ctx.match[1]!, isDraft);
    const row = app ? await editStage(deps.db, app, ctx.match[2]!, deps.now()) : undefined;
    if (!row) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    await continueForm(ctx, deps.db, row);
  });
  return composer;
}
