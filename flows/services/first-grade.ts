/**
 * Admission to the first grade: acceptance of documents and enrolment in education
 * organisations for primary, basic secondary and general secondary education (Приём документов
 * и зачисление в организации образования … / … білім беру ұйымдарына құжаттарды қабылдау және
 * оқуға қабылдау), as the Minister of Education's rules for the public services of general
 * secondary education set it (order of 19.06.2020 № 254, in later editions).
 *
 * Documents are taken from 1 April to 31 August inclusive, and the enrolment order is signed by
 * 31 August, before the school year. The Standard admission rules (order of 12.10.2018 № 564, in
 * later editions) have schools take the children of seven and those who turn six in the current
 * calendar year: for the school year from 1 September of year Y, a child who is six by 31
 * December of Y and no more than seven on 1 September of Y — born from 2 September of Y−8 to 31
 * December of Y−6. Younger or older only with the commission's conclusion (the parent gives the
 * reason: early, or late for health). The health documents are forms 063/у (the
 * vaccination card) and 026/у-3 (the child's health passport) and a 3×4 photo; the birth
 * certificate only for a child born abroad (otherwise the civil registry knows the IIN); proof
 * of residence when the parent claims the school's area, a status document for a social
 * category. The school gives a receipt for the documents, then the director's enrolment order
 * — or a reasoned refusal (no places, the age, the documents).
 */
import { filesDescriptor } from "#root/flows/form.ts";
import { catalogTexts, COMMON_REFUSAL_REASONS } from "./common.ts";
import type { ServiceDefinition } from "./types.ts";

const P = "services-first-grade";

const doc = (id: string, files = filesDescriptor(1, 5)) => ({
  id,
  label: `${P}-doc-${id}`,
  hint: `${P}-doc-${id}-hint`,
  required: true,
  files,
});

const choice = (id: string, values: readonly string[]) => ({
  kind: "choice" as const,
  id,
  label: `${P}-field-${id}`,
  answerLabel: `${P}-label-${id}`,
  hint: `${P}-field-${id}-hint`,
  options: values.map((v) => ({ value: v, label: `${P}-${id}-${v}`, official: `${P}-${id}-${v}-official` })),
});

export const firstGrade: ServiceDefinition = {
  id: "first-grade",
  keyPrefix: `${P}-`,
  // The receipt is given on the day the documents are registered; the order follows by 31 August.
  sla: { workingDays: 1 },
  // On the day of applying (April–August) a child of the usual ages is five to seven: five for
  // an early starter who has turned five, up to nine for one two years late.
  childAge: { min: 5, max: 9, error: `${P}-child-age` },
  // The school year from the next 1 September: six by 31 December of its year, seven at most on 1 September.
  ageOn: { admission: "09-01", min: { age: 6, by: "12-31" }, max: { age: 7, on: "09-01" } },
  grade: 1,
  // The last day's applications too: the order is due the same day, before the school year.
  open: { from: "04-01", to: "08-31" },
  result: {
    kind: "receipt",
    // The receipt is the answer to documents handed in: given at once, no registration first.
    atOnce: true,
    // biome-ignore lint/suspicious/noThenProperty: a service's data, never awaited: "then" is its second result
    then: {
      kind: "order",
      status: "order_signed",
      by: ["director"],
      refusable: true,
      notice: { subtitle: `${P}-order-subtitle`, body: `${P}-order-body` },
      dueBy: "08-31",
    },
  },
  sendsEmail: true,
  limitedPlaces: true,
  queueFields: ["priority", "age-reason"],
  // The form's promise (services-first-grade-field-priority-hint): children of the school's area
  // and of the social categories are enrolled first — both alike — then the rest, each by sending time.
  queuePriority: { field: "priority", first: ["area", "social"] },
  fields: [
    { ...choice("age-reason", ["early", "late"]), when: { ageOutside: true } },
    choice("priority", ["area", "social", "none"]),
    choice("born-abroad", ["no", "yes"]),
  ],
  documents: [
    doc("vaccination-card"),
    doc("health-passport"),
    doc("photo", filesDescriptor(1, 2)),
    { ...doc("age-conclusion"), when: { field: "age-reason", in: ["early", "late"] } },
    { ...doc("residence"), when: { field: "priority", in: ["area"] } },
    { ...doc("status"), when: { field: "priority", in: ["social"] } },
    { ...doc("birth-certificate", filesDescriptor(1, 2)), when: { field: "born-abroad", in: ["yes"] } },
  ],
  catalog: catalogTexts(P),
  refusalReasons: [
    ...COMMON_REFUSAL_REASONS,
    { id: "no-places", label: `${P}-refusal-no-places`, short: `${P}-refusal-no-places-short`, status: "no-places", fix: "school" },
    { id: "age", label: `${P}-refusal-age`, short: `${P}-refusal-age-short`, status: "age", fix: "fields" },
  ],
};
