/**
 * The stages of an application form, in order. The engine derives them from the service
 * definition: a service without its own questions has no "fields" stage.
 */
import type { ServiceDefinition } from "./services/types.ts";

export const ALL_STAGES = ["parent", "child", "school", "fields", "documents"] as const;
export type Stage = (typeof ALL_STAGES)[number];

export function isStage(value: unknown): value is Stage {
  return typeof value === "string" && (ALL_STAGES as readonly string[]).includes(value);
}

/** The stages this service's form has. */
export function stagesFor(service: ServiceDefinition): Stage[] {
  return ALL_STAGES.filter((s) => s !== "fields" || service.fields.length > 0);
}

/** "Step 2 of 5": the 1-based position of a stage and the number of stages. */
export function stepOf(service: ServiceDefinition, stage: Stage): { step: number; total: number } {
  const stages = stagesFor(service);
  return { step: stages.indexOf(stage) + 1, total: stages.length };
}
