import { getService } from "#root/flows/services/index.ts";
import { stepOf, type Stage } from "#root/flows/stages.ts";
import type { Tr } from "#root/bot/parent/ask.ts";

/** "Step 2 of 5 · Child" — shown above every question of a stage. */
export function stepHeader(tr: Tr, serviceId: string, stage: Stage): string {
  const { step, total } = stepOf(getService(serviceId), stage);
  return `<b>${tr("apply-step", { step, total })}</b> · ${tr(`apply-stage-${stage}`)}`;
}
