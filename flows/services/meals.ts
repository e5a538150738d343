/**
 * Free and subsidised school meals (бесплатное и льготное питание / тегін және жеңілдетілген
 * тамақ) for pupils of the categories set by the rules on spending the general
 * education fund: families on targeted social assistance, low-income families, orphans and
 * children left without parental care, large families, children with disabilities, families
 * hit by an emergency. Each category proves itself with its own document.
 */
import { filesDescriptor } from "#root/flows/form.ts";
import { catalogTexts, COMMON_REFUSAL_REASONS, SCHOOL_AGE } from "./common.ts";
import type { DocumentRequirement, ServiceDefinition } from "./types.ts";

const P = "services-meals";

/** The categories and the document that proves each (document ids are stable). */
const CATEGORIES = [
  { value: "asp", document: "asp-certificate" },
  { value: "low-income", document: "income-statement" },
  { value: "orphan", document: "guardianship-decision" },
  { value: "large-family", document: "large-family-certificate" },
  { value: "disability", document: "disability-certificate" },
  { value: "emergency", document: "emergency-certificate" },
] as const;

const categoryDocuments: DocumentRequirement[] = CATEGORIES.map((c) => ({
  id: c.document,
  label: `${P}-doc-${c.document}`,
  hint: `${P}-doc-${c.document}-hint`,
  required: true,
  files: filesDescriptor(1, 5),
  when: { field: "category", in: [c.value] },
}));

export const meals: ServiceDefinition = {
  id: "meals",
  keyPrefix: `${P}-`,
  sla: { workingDays: 5 },
  childAge: SCHOOL_AGE,
  result: { kind: "certificate" },
  fields: [
    {
      kind: "choice",
      id: "category",
      label: `${P}-field-category`,
      answerLabel: `${P}-label-category`,
      hint: `${P}-field-category-hint`,
      options: CATEGORIES.map((c) => ({
        value: c.value,
        label: `${P}-category-${c.value}`,
        official: `${P}-category-${c.value}-official`,
      })),
    },
  ],
  documents: [
    {
      id: "birth-certificate",
      label: `${P}-doc-birth-certificate`,
      hint: `${P}-doc-birth-certificate-hint`,
      required: true,
      files: filesDescriptor(1, 2),
    },
    ...categoryDocuments,
  ],
  catalog: catalogTexts(P),
  refusalReasons: [
    ...COMMON_REFUSAL_REASONS,
    {
      id: "category-not-confirmed",
      label: `${P}-refusal-category-not-confirmed`,
      short: `${P}-refusal-category-not-confirmed-short`,
      status: "mismatch",
      fix: "fields",
    },
  ],
};
