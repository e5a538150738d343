/**
 * Individual free home schooling for health reasons (индивидуальное бесплатное обучение на
 * дому / үйде жеке тегін оқыту), on the conclusion of the medical advisory commission
 * (врачебно-консультационная комиссия, ВКК / дәрігерлік-консультациялық комиссия, ДКК).
 * The school registers the documents and issues a receipt; the director then signs the order.
 */
import { filesDescriptor } from "#root/flows/form.ts";
import { catalogTexts, COMMON_REFUSAL_REASONS, SCHOOL_AGE } from "./common.ts";
import type { ServiceDefinition } from "./types.ts";

const P = "services-home-schooling";

export const homeSchooling: ServiceDefinition = {
  id: "home-schooling",
  keyPrefix: `${P}-`,
  sla: { workingDays: 1 },
  childAge: SCHOOL_AGE,
  result: {
    kind: "receipt",
    // biome-ignore lint/suspicious/noThenProperty: a service's data, never awaited: "then" is its second result
    then: {
      kind: "order",
      status: "order_signed",
      by: ["director"],
      notice: { subtitle: "order-subtitle", body: "order-body", period: "order-field-period" },
    },
  },
  sendsEmail: true,
  fields: [
    {
      kind: "text",
      format: "docNumber",
      id: "conclusion-number",
      label: `${P}-field-conclusion-number`,
      answerLabel: `${P}-label-conclusion-number`,
      hint: `${P}-field-conclusion-number-hint`,
    },
    {
      kind: "date",
      id: "conclusion-date",
      label: `${P}-field-conclusion-date`,
      answerLabel: `${P}-label-conclusion-date`,
      hint: `${P}-field-conclusion-date-hint`,
      notFuture: true,
      // A conclusion older than a year no longer describes the child's health.
      maxAgeYears: 1,
    },
  ],
  documents: [
    {
      id: "commission-conclusion",
      label: `${P}-doc-commission-conclusion`,
      hint: `${P}-doc-commission-conclusion-hint`,
      required: true,
      files: filesDescriptor(1, 5),
    },
  ],
  catalog: catalogTexts(P),
  refusalReasons: [
    ...COMMON_REFUSAL_REASONS,
    {
      id: "conclusion-expired",
      label: `${P}-refusal-conclusion-expired`,
      short: `${P}-refusal-conclusion-expired-short`,
      status: "incomplete",
      fix: "fields",
    },
  ],
};
