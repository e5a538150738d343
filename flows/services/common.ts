/** Pieces shared by several services. */
import type { CatalogTexts, RefusalReason } from "./types.ts";

/**
 * Pupils of grades 0–11: a pre-school class starts at 5 or 6, grade 11 ends at 17 or 18; a year
 * of margin on each side for early starters and for a year repeated or started late.
 */
export const SCHOOL_AGE = { min: 5, max: 19 } as const;

/** The catalog page's locale keys of a service, all named after its key prefix. */
export function catalogTexts(prefix: string): CatalogTexts {
  return {
    title: `${prefix}-title`,
    officialName: `${prefix}-official-name`,
    summary: `${prefix}-summary`,
    eligibility: `${prefix}-eligibility`,
    documents: `${prefix}-documents`,
    term: `${prefix}-term`,
    result: `${prefix}-result`,
    howToApply: `${prefix}-how-to-apply`,
  };
}

/**
 * Grounds to refuse an application as incomplete, common to all services. A service lists
 * these and may add its own (keys live in `locales/<lang>/services.ftl`).
 */
export const COMMON_REFUSAL_REASONS: readonly RefusalReason[] = [
  {
    id: "missing-document",
    label: "services-refusal-missing-document",
    short: "services-refusal-missing-document-short",
    status: "incomplete",
    fix: "documents",
  },
  {
    id: "unreadable-copy",
    label: "services-refusal-unreadable-copy",
    short: "services-refusal-unreadable-copy-short",
    status: "unreadable",
    fix: "documents",
  },
  {
    id: "expired-document",
    label: "services-refusal-expired-document",
    short: "services-refusal-expired-document-short",
    status: "incomplete",
    fix: "documents",
  },
  {
    id: "data-mismatch",
    label: "services-refusal-data-mismatch",
    short: "services-refusal-data-mismatch-short",
    status: "mismatch",
    fix: "review",
  },
  {
    id: "wrong-school",
    label: "services-refusal-wrong-school",
    short: "services-refusal-wrong-school-short",
    status: "wrong-school",
    fix: "school",
  },
];
