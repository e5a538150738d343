/** Which documents apply to an application, from the service data and the answers. */
import type { Condition, DocumentRequirement, ServiceDefinition } from "./types.ts";

/** True when the condition holds for `answers` (no condition: always). */
export function conditionHolds(when: Condition | undefined, answers: Readonly<Record<string, string>>): boolean {
  if (!when) return true;
  const answer = answers[when.field];
  return answer !== undefined && when.in.includes(answer);
}

/**
 * The document requirements that apply to `answers` (in the service's order): every document
 * without a condition, plus those whose condition holds — e.g. the category's proof for meals.
 * Each keeps its own `required` flag.
 */
export function requiredDocuments(service: ServiceDefinition, answers: Readonly<Record<string, string>>): DocumentRequirement[] {
  return service.documents.filter((d) => conditionHolds(d.when, answers));
}
