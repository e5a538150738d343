/**
 * Moving from one stage to the next. A stage conversation ends by recording "this update
 * finished a stage" here and halting with `next: true`; the advance middleware, further down
 * the chain, then opens the next stage (or the review) for the same update.
 */
import type { NextFunction } from "grammy";
import type { Db } from "../../../db/client.ts";
import { getParentApplication, type Application } from "../../../db/queries/applications.ts";
import { findUserByTelegramId } from "../../../db/queries/users.ts";
import { getService } from "../../../flows/services/index.ts";
import { nextStage, type Stage } from "../../../flows/stages.ts";
import type { ParentContext } from "../context.ts";
import { freshDraft, type StageArgs, type StageMode } from "./draft.ts";
import { scratch } from "./scratch.ts";
import { showReview } from "./review.ts";

export const STAGE_CONVERSATION = "stage";

/** What the update that ended a stage should lead to. Keyed by update id; read once. */
type Finished =
  | { appId?: string; mode: StageMode | "registered" }
  | { appId: string; mode: "restart"; stage: Stage }
  /** Open this stage again as it was (filled or edited from the review): e.g. after support hands back. */
  | { appId: string; mode: "reopen"; stage: Stage; as: StageMode };
const finished = scratch<Finished>();

export function markFinished(updateId: number, what: Finished): void {
  finished.set(updateId, what);
}

/**
 * Open a stage conversation for a draft (and remember where the parent is). A stage with
 * nothing left to ask finishes inside `enter`; then the next one opens at once.
 */
export async function enterStage(ctx: ParentContext, appId: string, stage: Stage, mode: StageMode, db: Db): Promise<void> {
  const args: StageArgs = { appId, stage, mode, lang: ctx.session.lang ?? "kk" };
  ctx.session.current = { appId, stage, mode };
  await ctx.conversation.exitAll();
  await ctx.conversation.enter(STAGE_CONVERSATION, args);
  const what = finished.take(ctx.update.update_id);
  if (what) await afterStage(ctx, db, what);
}

async function afterStage(ctx: ParentContext, db: Db, what: Finished): Promise<void> {
  // One answer kept: the same stage starts afresh at its next question.
  if (what.mode === "restart") return enterStage(ctx, what.appId, what.stage, "fill", db);
  if (what.mode === "reopen") return enterStage(ctx, what.appId, what.stage, what.as, db);
  if (what.mode === "edit") {
    const app = await ownDraft(ctx, db, what.appId!);
    ctx.session.current = undefined;
    if (app) await showReview(ctx, db, app);
    return;
  }
  await continueDraft(ctx, db, what.appId!);
}

/**
 * The parent's own application `appId`: as this update's stage just wrote it (that stage ran for
 * this parent's draft), or read with the parent's id (an id from a button is checked).
 */
async function ownDraft(ctx: ParentContext, db: Db, appId: string): Promise<Application | undefined> {
  const fresh = freshDraft(ctx.update.update_id, appId);
  if (fresh) return fresh;
  const user = await findUserByTelegramId(db, ctx.from!.id);
  return user ? getParentApplication(db, user.id, appId) : undefined;
}

/** Continue a draft where it stopped: the stage after the last finished one, or the review. */
export async function continueDraft(ctx: ParentContext, db: Db, appId: string): Promise<void> {
  const app = await ownDraft(ctx, db, appId);
  if (!app || app.status !== "draft") {
    await ctx.reply(ctx.t("apply-draft-gone"));
    return;
  }
  const target = nextStage(getService(app.serviceId), app.stage);
  if (target === "review") {
    ctx.session.current = undefined;
    await showReview(ctx, db, app);
  } else await enterStage(ctx, app.id, target, "fill", db);
}

export function advanceMiddleware(db: Db, afterRegistration: (ctx: ParentContext) => Promise<void>) {
  return async (ctx: ParentContext, next: NextFunction) => {
    const what = finished.take(ctx.update.update_id);
    if (!what) return next();
    if (what.mode === "registered") return afterRegistration(ctx);
    await afterStage(ctx, db, what);
  };
}
