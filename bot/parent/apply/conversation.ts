/** The stage conversation: runs one stage of the form, then hands over to the next. */
import { getApplication } from "../../../db/queries/applications.ts";
import { getService } from "../../../flows/services/index.ts";
import { stagesFor, type Stage } from "../../../flows/stages.ts";
import type { BotDeps } from "../../shared/deps.ts";
import type { Lang } from "../../../flows/i18n.ts";
import type { ParentConversation, StageContext } from "../context.ts";
import { markFinished } from "./advance.ts";
import { currentUpdateId, say, type Step, type Tr } from "./ask.ts";
import { loadDraft, type StageArgs } from "./draft.ts";
import type { TelegramAccess } from "./documents.ts";
import { parentStage } from "./stage-parent.ts";

export function stageConversation(deps: BotDeps, telegram: TelegramAccess, trFor: (lang: Lang) => Tr) {
  return async function stage(conversation: ParentConversation, ctx: StageContext, args: StageArgs) {
    const tr = trFor(args.lang);
    const step: Step = { conversation, ctx, lang: args.lang, tr, api: telegram.api };
    if (args.mode === "fill") {
      const leave = async () => {
        markFinished(currentUpdateId(step), { appId: args.appId, mode: args.mode });
        await conversation.halt({ next: true });
      };
      step.guard = { leave };
      step.leaveIfStale = async () => {
        const stale = await conversation.external(async () => {
          const app = await getApplication(deps.db, args.appId);
          if (!app || app.status !== "draft") return true;
          const order = stagesFor(getService(app.serviceId));
          return app.stage !== null && order.indexOf(app.stage as Stage) >= order.indexOf(args.stage);
        });
        if (stale) await leave();
      };
      step.answered = async () => {
        markFinished(currentUpdateId(step), { appId: args.appId, mode: "restart", stage: args.stage });
        await conversation.halt({ next: true });
      };
    }
    const draft = await loadDraft(step, deps.db, args.appId);
    if (!draft || draft.status !== "draft") {
      await say(step, tr("apply-draft-gone"));
      return;
    }
    // The parent's details are the last stage run as a conversation; the others are on the
    // form engine (answer.ts) and never open one.
    if (args.stage === "parent") await parentStage(step, deps.db, draft, args.mode);
    // The stage is saved; the advance middleware opens the next one for this same update.
    markFinished(currentUpdateId(step), { appId: args.appId, mode: args.mode });
    await conversation.halt({ next: true });
  };
}
