/**
 * Consistency checks of a service definition, run when the registry loads: a mistake in a new
 * service file fails at start-up (and in the tests), not in front of a parent.
 */
import { hasTranslation, LANGS } from "#root/flows/i18n.ts";
import { isDayOfYear } from "./calendar.ts";
import type { Condition, ServiceDefinition } from "./types.ts";

const ID = /^[a-z][a-z0-9-]*$/;

/** Every locale key a service refers to (fields, options, documents, catalog, refusals). */
export function serviceLocaleKeys(service: ServiceDefinition): string[] {
  const keys: string[] = [...Object.values(service.catalog)];
  for (const f of service.fields) {
    keys.push(f.label);
    if (f.answerLabel) keys.push(f.answerLabel);
    if (f.hint) keys.push(f.hint);
    if (f.kind === "choice") keys.push(...f.options.map((o) => o.label));
  }
  for (const d of service.documents) {
    keys.push(d.label);
    if (d.hint) keys.push(d.hint);
  }
  keys.push(...service.refusalReasons.flatMap((r) => [r.label, r.short]));
  return [...new Set(keys)];
}

/** The problems found in `service`, as sentences; empty when it is consistent. */
export function serviceProblems(service: ServiceDefinition): string[] {
  const problems: string[] = [];
  const where = `flows/services: service "${service.id}"`;
  if (!ID.test(service.id)) problems.push(`${where}: id must be lower-case words joined by "-"`);
  if (!Number.isInteger(service.sla.workingDays) || service.sla.workingDays < 1) {
    problems.push(`${where}: sla.workingDays must be a whole number ≥ 1`);
  }
  if (service.result.then?.kind === "order" && !service.sendsEmail) {
    problems.push(`${where}: the director's order is sent by email: set sendsEmail so the form asks for an address`);
  }
  for (const f of service.fields) {
    if (!f.answerLabel) problems.push(`${where}: field "${f.id}" needs an answerLabel (how the answer is named on the statement)`);
  }
  const { min, max } = service.childAge;
  if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min) {
    problems.push(`${where}: childAge must be whole years with 0 ≤ min ≤ max`);
  }
  const duplicates = (ids: string[]) => ids.filter((id, i) => ids.indexOf(id) !== i);
  for (const id of duplicates(service.fields.map((f) => f.id))) problems.push(`${where}: field "${id}" is defined twice`);
  for (const id of duplicates(service.documents.map((d) => d.id))) problems.push(`${where}: document "${id}" is defined twice`);
  for (const id of duplicates(service.refusalReasons.map((r) => r.id))) problems.push(`${where}: refusal reason "${id}" is listed twice`);
  /** A condition on an earlier field's answer must name a field asked before, and its options. */
  const conditionProblems = (what: string, when: Condition, before: readonly { id: string }[]) => {
    const field = service.fields.find((f) => f.id === when.field);
    if (!field || !before.some((f) => f.id === when.field)) {
      problems.push(`${where}: ${what} depends on field "${when.field}", which the service does not ask before it`);
    } else if (field.kind === "choice") {
      for (const v of when.in) {
        if (!field.options.some((o) => o.value === v))
          problems.push(`${where}: ${what} depends on "${when.field}" = "${v}", which is not one of its options`);
      }
    }
  };
  for (const d of service.documents) if (d.when) conditionProblems(`document "${d.id}"`, d.when, service.fields);
  service.fields.forEach((f, i) => {
    if (!f.when) return;
    if ("ageOutside" in f.when) {
      if (!service.ageOn) problems.push(`${where}: field "${f.id}" is asked when the age is outside ageOn, which the service does not set`);
    } else {
      conditionProblems(`field "${f.id}"`, f.when, service.fields.slice(0, i));
    }
  });
  const notice = service.result.then?.notice;
  for (const key of notice ? [notice.subtitle, notice.body, ...(notice.period ? [notice.period] : [])] : []) {
    for (const lang of LANGS)
      if (!hasTranslation(lang, key)) problems.push(`${where}: the order notice's "${key}" is missing in locales/${lang}`);
  }
  if (service.ageOn) {
    const { admission, min, max } = service.ageOn;
    if (![admission, min.by, max.on].every(isDayOfYear)) {
      problems.push(`${where}: ageOn.admission, ageOn.min.by and ageOn.max.on must be days of the year, MM-DD`);
    }
    if (!Number.isInteger(min.age) || !Number.isInteger(max.age) || min.age < 0 || min.age > max.age) {
      problems.push(`${where}: ageOn's ages must be whole years with 0 ≤ min.age ≤ max.age`);
    }
  }
  const dueBy = service.result.then?.dueBy;
  if (dueBy !== undefined && !isDayOfYear(dueBy)) problems.push(`${where}: result.then.dueBy must be a day of the year, MM-DD`);
  if (service.open && (!isDayOfYear(service.open.from) || !isDayOfYear(service.open.to))) {
    problems.push(`${where}: open.from and open.to must be days of the year, MM-DD`);
  }
  for (const id of service.queueFields ?? []) {
    if (!service.fields.some((f) => f.id === id)) problems.push(`${where}: queueFields names "${id}", which the service does not ask`);
  }
  if (service.queuePriority) {
    const { field: id, first } = service.queuePriority;
    const field = service.fields.find((f) => f.id === id);
    if (field?.kind !== "choice") problems.push(`${where}: queuePriority names "${id}", which is not a choice the service asks`);
    else if (first.length === 0 || first.some((v) => !field.options.some((o) => o.value === v)))
      problems.push(`${where}: queuePriority.first must be some of the options of "${id}"`);
  }
  if (service.limitedPlaces && !service.result.then)
    problems.push(`${where}: limitedPlaces needs an order step (the order takes the places)`);
  if (service.grade !== undefined && (!Number.isInteger(service.grade) || service.grade < 0 || service.grade > 11)) {
    problems.push(`${where}: grade must be a whole number from 0 to 11`);
  }
  const own = serviceLocaleKeys(service).filter((k) => !k.startsWith("services-refusal-"));
  for (const key of own) {
    if (!key.startsWith(service.keyPrefix)) problems.push(`${where}: locale key "${key}" must start with "${service.keyPrefix}"`);
  }
  return problems;
}
