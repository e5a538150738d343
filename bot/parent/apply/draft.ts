/**
 * The draft as the stage conversations see it, read and written through
 * `conversation.external` so a replay never touches the database twice.
 */
import type { Db } from "../../../db/client.ts";
import { getApplication, saveStage, type Application } from "../../../db/queries/applications.ts";
import { formOf, type FormAnswers } from "../../../flows/statement.ts";
import { getService } from "../../../flows/services/index.ts";
import { stagesFor, type Stage } from "../../../flows/stages.ts";
import type { Step } from "./ask.ts";

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

export async function loadDraft(step: Step, db: Db, appId: string): Promise<DraftView | null> {
  return step.conversation.external(async () => {
    const app = await getApplication(db, appId);
    return app ? viewOf(app) : null;
  });
}

/** Keep one answer (or several) of a stage at once: a restart loses nothing already given. */
export async function keepAnswers(
  step: Step,
  db: Db,
  appId: string,
  stage: Stage,
  answers: Record<string, unknown>,
  patch?: { childId?: number; schoolId?: number },
  remove?: string[],
): Promise<void> {
  await step.conversation.external(async () => {
    await saveStage(db, { applicationId: appId, stage, answers, patch, remove, finished: false, now: new Date() });
  });
}

/** Mark a stage finished; the draft remembers the furthest stage reached. */
export async function finishStage(step: Step, db: Db, draft: DraftView, stage: Stage): Promise<void> {
  const order = stagesFor(getService(draft.serviceId));
  const furthest = draft.stage && order.indexOf(draft.stage as Stage) > order.indexOf(stage) ? draft.stage : stage;
  await step.conversation.external(async () => {
    await saveStage(db, { applicationId: draft.id, stage: furthest, answers: {}, finished: true, now: new Date() });
  });
}
