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

/**
 * "Step 1 of 4": the 1-based position of a stage among those the parent is asked in, and their
 * number. The parent's details come from the profile: a service that asks no email asks nothing
 * there, so its first step is the child (the review still shows and edits the details).
 */
export function stepOf(service: ServiceDefinition, stage: Stage): { step: number; total: number } {
  const all = stagesFor(service);
  const asked = all.filter((s) => s !== "parent" || service.sendsEmail);
  const stages = asked.includes(stage) ? asked : all;
  return { step: stages.indexOf(stage) + 1, total: stages.length };
}
