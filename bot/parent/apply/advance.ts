/**
 * Moving from one stage to the next. A stage conversation ends by recording "this update
 * finished a stage" here and halting with `next: true`; the advance middleware, further down
 * the chain, then opens the next stage (or the review) for the same update.
 */
import type { NextFunction } from "grammy";
import type { Db } from "../../../db/client.ts";
import { getParentApplication, saveStage, type Application } from "../../../db/queries/applications.ts";
import { findUserByTelegramId } from "../../../db/queries/users.ts";
import { getService } from "../../../flows/services/index.ts";
import { nextStage, stagesFor, type Stage } from "../../../flows/stages.ts";
import type { ParentContext } from "../context.ts";
import { freshDraft, rememberDraft, type StageArgs, type StageMode } from "./draft.ts";
import { askQuestion, engineQuestion, isEngineStage } from "./question.ts";
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

/** Whether a stage (or registration) finished with this update: the advance middleware goes on from it. */
export const stageFinished = (updateId: number): boolean => finished.get(updateId) !== undefined;

/**
 * Open a stage conversation for a draft (and remember where the parent is). A stage with
 * nothing left to ask finishes inside `enter`; then the next one opens at once.
 */
export async function enterStage(ctx: ParentContext, appId: string, stage: Stage, mode: StageMode, db: Db): Promise<void> {
  const args: StageArgs = { appId, stage, mode, lang: ctx.session.lang ?? "kk" };
  ctx.session.current = { appId, stage, mode };
  await ctx.conversation.exitAll();
  if (isEngineStage(stage)) return enterEngineStage(ctx, db, appId, stage, mode);
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

/**
 * A stage on the engine: ask the question the draft is at. A stage with nothing left to ask is
 * finished (the draft remembers it) and the form goes on, or back to the review when edited.
 */
async function enterEngineStage(ctx: ParentContext, db: Db, appId: string, stage: Stage, mode: StageMode): Promise<void> {
  const app = await ownDraft(ctx, db, appId);
  if (!app || app.status !== "draft") {
    ctx.session.current = undefined;
    await ctx.reply(ctx.t("apply-draft-gone"));
    return;
  }
  const q = engineQuestion(app);
  if (q?.stage === stage) return askQuestion(ctx, db, app, q);
  if (mode === "fill") {
    const order = stagesFor(getService(app.serviceId));
    const reached = app.stage && order.indexOf(app.stage as Stage) > order.indexOf(stage) ? app.stage : stage;
    const row = await saveStage(db, { applicationId: app.id, stage, answers: {}, finished: true, reached, now: new Date() });
    if (row) rememberDraft(ctx.update.update_id, row);
  }
  await afterStage(ctx, db, { appId, mode });
}

/**
 * Go on from a draft as an answer just left it: its next question when that runs on the engine,
 * else the next stage (or, for a stage edited from the review, the review).
 */
export async function continueForm(ctx: ParentContext, db: Db, app: Application, at: { stage: Stage; mode: StageMode }): Promise<void> {
  const { mode } = at;
  rememberDraft(ctx.update.update_id, app);
  const q = engineQuestion(app);
  // An edited stage goes back to the review when its own questions are answered.
  if (q && (q.stage === at.stage || mode === "fill")) {
    ctx.session.current = { appId: app.id, stage: q.stage, mode };
    return askQuestion(ctx, db, app, q);
  }
  await afterStage(ctx, db, { appId: app.id, mode });
}

/** Continue a draft where it stopped: the stage after the last finished one, or the review. */
export async function continueDraft(ctx: ParentContext, db: Db, appId: string): Promise<void> {
  const app = await ownDraft(ctx, db, appId);
  if (!app || app.status !== "draft") {
    await ctx.reply(ctx.t("apply-draft-gone"));
    return;
  }
  const target = nextStage(getService(app.serviceId), app.stage);
  // Past the stages still on conversations, the draft says what it lacks: a question left
  // unanswered (an edit from the review stopped halfway) is asked before the review.
  const q = target === "review" || isEngineStage(target) ? engineQuestion(app) : undefined;
  if (q) {
    ctx.session.current = { appId: app.id, stage: q.stage, mode: "fill" };
    return askQuestion(ctx, db, app, q);
  }
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
