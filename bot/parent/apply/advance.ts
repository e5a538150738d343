/**
 * Going on from a draft: the question it is at, or the review when every question that applies
 * has an answer. Nothing but the draft says where the parent is; the session only remembers
 * which draft is open (and, for the support card, /lang and the school lists, its service and
 * the stage of its question).
 */
import type { Db } from "#root/db/client.ts";
import { findDraft, type Application } from "#root/db/queries/applications.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { InlineKeyboard } from "grammy";
import { childAskedAgain } from "#root/flows/form/draft.ts";
import { questionAt } from "#root/flows/form/engine.ts";
import { getService } from "#root/flows/services/index.ts";
import { esc } from "#root/bot/shared/html.ts";
import { data } from "#root/bot/parent/callbacks.ts";
import { askQuestion } from "./question.ts";
import { showReview } from "./review.ts";
import { isDraft, ownApplication } from "#root/bot/parent/parent.ts";

/**
 * Ask the question `app` is at, or show the review. A draft whose child has grown out of the service's ages since
 * (begun last school year, say) first has the child's stage asked again, the parent told why, with a way to delete it.
 */
export async function continueForm(ctx: ParentContext, db: Db, app: Application): Promise<void> {
  // Today, as the form's questions count it (questionAt).
  const aged = await childAskedAgain(db, app, new Date());
  if (aged) {
    const { child, born: date, min, max } = aged;
    const service = ctx.t(getService(app.serviceId).catalog.title);
    await ctx.reply(ctx.t("apply-child-age-again", { number: app.number, child: esc(child), date, service, min, max }), {
      reply_markup: new InlineKeyboard().text(ctx.t("cancel-discard"), data.draftDiscard(app.id)),
    });
    // Changed or gone meanwhile: read again.
    if (!aged.row) return continueDraft(ctx, db, app.id);
    app = aged.row;
  }
  const q = questionAt(app);
  if (q) {
    ctx.session.current = { appId: app.id, stage: q.stage, service: app.serviceId };
    return askQuestion(ctx, db, app, q);
  }
  ctx.session.current = undefined;
  await showReview(ctx, db, app);
}

/** Continue a draft where it stopped: the question it is at, or the review. */
export async function continueDraft(ctx: ParentContext, db: Db, appId: string): Promise<void> {
  const app = await ownApplication(ctx, db, appId, isDraft);
  if (!app) {
    ctx.session.current = undefined;
    await ctx.reply(ctx.t("apply-draft-gone"));
    return;
  }
  await continueForm(ctx, db, app);
}

/** A draft written this recently is the form a parent whose session does not name it is filling. */
const FILLING_WITHIN_MS = 24 * 3600_000;

/**
 * The draft the parent is filling though the session names no question of it: the session lost it (a write that did
 * not reach Redis), or the draft is at its review. Written in the last day and since the parent last stepped out of
 * the form (/cancel, /start), its statement not formed yet.
 */
export async function draftBeingFilled(ctx: ParentContext, db: Db, now: Date): Promise<Application | undefined> {
  const user = await ctx.parent();
  const draft = user ? await findDraft(db, user.id) : undefined;
  const updated = draft?.updatedAt.getTime() ?? 0;
  const filling = now.getTime() - updated < FILLING_WITHIN_MS && updated > (ctx.session.leftFormAt ?? 0);
  return draft && filling && !draft.statementFileId ? draft : undefined;
}
