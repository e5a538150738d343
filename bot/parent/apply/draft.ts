/**
 * The draft as the stage conversations see it, read and written through
 * `conversation.external` so a replay never touches the database twice.
 */
import type { Db } from "../../../db/client.ts";
import { getApplication, saveStage, type Application } from "../../../db/queries/applications.ts";
import { formOf, type FormAnswers } from "../../../flows/statement.ts";
import { getService } from "../../../flows/services/index.ts";
import { stagesFor, type Stage } from "../../../flows/stages.ts";
import { currentUpdateId, type Step } from "./ask.ts";
import { scratch } from "./scratch.ts";

/** How a stage runs: filling it for the first time (skip what is answered), or editing it from the review. */
export type StageMode = "fill" | "edit";

export interface StageArgs {
  appId: string;
  stage: Stage;
  mode: StageMode;
  lang: "kk" | "ru";
}

/** A plain, JSON-safe snapshot of a draft for use inside a conversation. */
export interface DraftView {
  id: string;
  number: string;
  serviceId: string;
  parentId: number;
  status: string;
  stage: string | null;
  form: FormAnswers;
}

export const viewOf = (app: Application): DraftView => ({
  id: app.id,
  number: app.number,
  serviceId: app.serviceId,
  parentId: app.parentId,
  status: app.status,
  stage: app.stage,
  form: formOf(app),
});

/** The draft as the last write of an update left it: the next stage opened by the same update starts from it. */
const freshDrafts = scratch<Application>();

/** A draft this update has just created or written, for the stage it opens next. */
export const rememberDraft = (updateId: number, app: Application): void => freshDrafts.set(updateId, app);

/** The draft this update has just written, when it is `appId` (no need to read it again). */
export const freshDraft = (updateId: number, appId: string): Application | undefined => {
  const app = freshDrafts.get(updateId);
  return app?.id === appId ? app : undefined;
};

export async function loadDraft(step: Step, db: Db, appId: string): Promise<DraftView | null> {
  return step.conversation.external(async () => {
    const app = freshDraft(currentUpdateId(step), appId) ?? (await getApplication(db, appId));
    return app ? viewOf(app) : null;
  });
}

/**
 * Keep one answer (or several) of a stage at once: a restart loses nothing already given.
 * With `finish`, the stage is also marked finished (the draft remembers the furthest stage
 * reached) in the same write. While filling a stage, the write is refused when the draft has
 * moved past the stage (the conversation's state was older than the draft): the conversation
 * then leaves, and the form continues where the draft is.
 */
export async function keepAnswers(
  step: Step,
  db: Db,
  draft: DraftView,
  stage: Stage,
  answers: Record<string, unknown>,
  more: { patch?: { childId?: number; schoolId?: number }; remove?: string[]; finish?: boolean } = {},
): Promise<void> {
  const order = stagesFor(getService(draft.serviceId));
  const reached = more.finish && draft.stage && order.indexOf(draft.stage as Stage) > order.indexOf(stage) ? draft.stage : stage;
  const guard = step.guard;
  const kept = await step.conversation.external(async () => {
    const row = await saveStage(db, {
      applicationId: draft.id,
      stage,
      answers,
      patch: more.patch,
      remove: more.remove,
      finished: more.finish === true,
      reached,
      onlyBefore: guard ? order.slice(0, order.indexOf(stage)) : undefined,
      now: new Date(),
    });
    if (row) freshDrafts.set(currentUpdateId(step), row);
    return row !== undefined;
  });
  if (!kept && guard) await guard.leave();
}

/** Mark a stage finished; the draft remembers the furthest stage reached. */
export async function finishStage(step: Step, db: Db, draft: DraftView, stage: Stage): Promise<void> {
  await keepAnswers(step, db, draft, stage, {}, { finish: true });
}
