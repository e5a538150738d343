/**
 * A child grown out of a service's ages (`childAge`) since their IIN was typed: a copy made a year later, a draft
 * begun last school year and continued now. Counted as the child's IIN question counts it, on the day given.
 */
import { validateField } from "#root/flows/form.ts";
import type { ServiceDefinition } from "#root/flows/services/types.ts";
import type { FormAnswers } from "./answers.ts";
import { questionsFor } from "./engine.ts";

/** The child no longer of the service's ages: their name, birth date (as shown) and the ages the service takes. */
export interface ChildOutOfAge {
  child: string;
  born: string;
  min: number;
  max: number;
}

/**
 * The child of `form` when the child's IIN question would refuse them on `now`'s day (the service's ages): who they
 * are and the ages the service takes. Undefined while they fit, or before the child's IIN is given.
 */
export function childOutOfAge(service: ServiceDefinition, form: FormAnswers, now: Date): ChildOutOfAge | undefined {
  const q = questionsFor(service).find((o) => o.keep[0] === "child" && o.keep[1] === "iin");
  const iin = form.child?.iin;
  if (!q || q.kind === "school" || q.kind === "files" || iin === undefined) return undefined;
  const valid = validateField(q.field, iin, "kk", now);
  if (valid.ok) return undefined;
  const { min, max } = service.childAge;
  return { child: form.child?.fullName ?? "", born: String(valid.args?.date ?? ""), min, max };
}
