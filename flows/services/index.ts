/**
 * The registry of public services. To add a service: write `flows/services/<id>.ts`, list it
 * in `services` below, and add its keys to `locales/kk/services.ftl` and `locales/ru/services.ftl`.
 */
import { serviceProblems } from "./check.ts";
import { firstGrade } from "./first-grade.ts";
import { homeSchooling } from "./home-schooling.ts";
import { meals } from "./meals.ts";
import type { ServiceDefinition } from "./types.ts";

export type * from "./types.ts";
export { conditionHolds, requiredDocuments } from "./documents.ts";
export { serviceLocaleKeys, serviceProblems } from "./check.ts";
export { ageOnDay, periodState, type AgeAt, type AgeSide, type PeriodState } from "./calendar.ts";

/** All services, in catalog order. */
export const services: readonly ServiceDefinition[] = [meals, homeSchooling, firstGrade];

const problems = [
  ...services.flatMap(serviceProblems),
  ...services.filter((s, i) => services.findIndex((o) => o.id === s.id) !== i).map((s) => `flows/services: id "${s.id}" is used twice`),
];
if (problems.length > 0) throw new Error(problems.join("\n"));

/** The service with this id; throws, naming the known ids, for an unknown one. */
export function getService(id: string): ServiceDefinition {
  const service = services.find((s) => s.id === id);
  if (!service) {
    throw new Error(
      `Unknown service "${id}". Known services: ${services.map((s) => s.id).join(", ")}. ` +
        `A new service needs a file in flows/services/ listed in flows/services/index.ts.`,
    );
  }
  return service;
}

/** The services for the catalog, in order. */
export function listServices(): readonly ServiceDefinition[] {
  return services;
}
