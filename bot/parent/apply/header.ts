import { getService } from "#root/flows/services/index.ts";
import { stepOf, type Stage } from "#root/flows/stages.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";

/** "Step 2 of 5 · Child" — shown above every question of a stage. */
export function stepHeader(ctx: ParentContext, serviceId: string, stage: Stage): string {
  const { step, total } = stepOf(getService(serviceId), stage);
  return `<b>${ctx.t("apply-step", { step, total })}</b> · ${ctx.t(`apply-stage-${stage}`)}`;
}
