/**
 * The shape of a public service. A service is data: the bots and the engine read it and never
 * branch on a service's id, so adding a service means adding one file here and its locale keys.
 */
import type { FieldDef, FilesDescriptor } from "#root/flows/form.ts";
import type { Stage } from "#root/flows/stages.ts";

/** What the provider issues when it decides in the parent's favour. */
export type ResultKind = "certificate" | "receipt";

/** A further step after the result: the director signs an order. */
export interface OrderStep {
  kind: "order";
  status: "order_signed";
  by: readonly ["director"];
  /**
   * Locale keys of the order notice: what the order is about (`subtitle`), what it says
   * (`body`, given `orderNumber`, `orderDate`, `grade`, `schoolYear`) and, for an order that
   * holds for a period, the period row's name.
   */
  notice: { subtitle: string; body: string; period?: string };
  /**
   * The day of the year by which the rules want the order signed (31 August, before the school
   * year): the queue shows it, and the order is for the school year that begins after it — the one
   * whose 1 September is the first on or after the application was sent, whatever the order's date
   * (`orderSchoolYear`).
   */
  dueBy?: DayOfYear;
  /**
   * The school may still refuse, with one of the service's refusal reasons, after the result
   * and before the order (the receipt says the documents were taken, not that a place is given).
   */
  refusable?: boolean;
}

export interface ServiceResult {
  kind: ResultKind;
  /**
   * The result is given as the documents are taken (a receipt at once): sending the application
   * issues it (rendered, numbered, checkable, pushed to the parent) in the send's own
   * transaction; nobody registers it first.
   */
  atOnce?: boolean;
  then?: OrderStep;
}

/** Show (and require) a document only for some answers: `answers[field]` is one of `in`. */
export interface Condition {
  field: string;
  in: readonly string[];
}

/** A day of the year, `MM-DD` ("09-01" is 1 September). */
export type DayOfYear = `${number}-${number}`;

/**
 * The ages a service takes without a reason, in full years, for the admission on the next
 * `admission` day (on or after the day of applying): every day of the rule is in that day's
 * calendar year. The first grade: six by 31 December, at most seven on 1 September. A child
 * outside it may still apply with a reason: the service asks for it with a field whose
 * condition is `{ ageOutside: true }`; younger than `min` is below the range, older than `max`
 * above it.
 */
export interface AgeRule {
  /** The day the admission is for (the school year's first): its year is the year of every day below. */
  admission: DayOfYear;
  /** The youngest taken: `age` full years reached by the day `by`. */
  min: { age: number; by: DayOfYear };
  /** The oldest taken: no more than `age` full years on the day `on`. */
  max: { age: number; on: DayOfYear };
}

/** A service field asked only for some applications. */
export type FieldCondition =
  | Condition
  /** The child's age is outside the service's `ageOn` range. */
  | { ageOutside: true };

/** A service's own question: a form field, possibly asked only when its condition holds. */
export type ServiceField = FieldDef & { when?: FieldCondition };

/**
 * When applications are taken each year, both days included (1 April to 31 August). Outside it
 * the service is listed, but a new application is refused with the dates.
 */
export interface OpenPeriod {
  from: DayOfYear;
  to: DayOfYear;
}

/** A document the parent uploads. */
export interface DocumentRequirement {
  /** Stable id (stored with the uploaded files). */
  id: string;
  /** Locale key of the document's name. */
  label: string;
  /** Locale key of a hint: which document exactly, where to get it. */
  hint?: string;
  /** A required document must be uploaded before the application can be signed. */
  required: boolean;
  files: FilesDescriptor;
  /** Only applies when the condition holds; without it the document always applies. */
  when?: Condition;
}

/** What a refusal tells the parent in its status ("refused: …"); `lifecycle-status-refused-<it>`. */
export type RefusalStatus = "incomplete" | "unreadable" | "mismatch" | "wrong-school" | "no-places" | "age";

/** A reason to refuse an application ("refuse"). */
export interface RefusalReason {
  id: string;
  /** Locale key of the full text: the staff member's confirmation and the parent's notice. */
  label: string;
  /** Locale key of the button text: a few words, read whole on a phone. */
  short: string;
  /** How the application's status reads after this refusal. */
  status: RefusalStatus;
  /**
   * Where a resubmission opens: the stage whose answers the reason puts in doubt (asked again),
   * or the review, where the parent picks what to change.
   */
  fix: Stage | "review";
}

/** Locale keys of the catalog page: one per section. */
export interface CatalogTexts {
  /** The catalog's short title (buttons, lists, messages). */
  title: string;
  /** The service's name as the standard of the public service words it: statements and receipts. */
  officialName: string;
  summary: string;
  eligibility: string;
  documents: string;
  term: string;
  result: string;
  howToApply: string;
}

export interface ServiceDefinition {
  /** Stable id, stored in the database: never rename. */
  id: string;
  /** Every locale key of this service starts with this prefix (`services-<id>-`). */
  keyPrefix: string;
  /** Deadline: working days after registration. */
  sla: { workingDays: number };
  result: ServiceResult;
  /**
   * The service sends the parent email (the director's order notice): the form asks for an
   * address. A service without it never asks.
   */
  sendsEmail?: boolean;
  /**
   * How old, in full years on the day of applying, the child may be (inclusive): the child's
   * IIN must describe such a child. Grades 0–11 are the ages 5–19 with a margin for early and
   * late starters (`SCHOOL_AGE` in common.ts).
   */
  childAge: {
    min: number;
    max: number;
    /** Locale key of the refusal when the IIN's child is outside it (given `date`, `min`, `max`); a general one without it. */
    error?: string;
  };
  /** The ages taken without a reason; outside them a reason is asked (see {@link AgeRule}). */
  ageOn?: AgeRule;
  /** The grade the service admits to: the form does not ask it. */
  grade?: number;
  /** The days of the year applications are taken; without it, all year. */
  open?: OpenPeriod;
  /**
   * The school admits a limited number a year (the first grade's places): its staff set the
   * number, an order never enrols more, and none is made before the number is set.
   */
  limitedPlaces?: boolean;
  /** Fields whose answers the school's queue shows next to each applicant (priority categories). */
  queueFields?: readonly string[];
  /**
   * The order of the school's queue, and so of "enrol in order" and of the "no places" refusal:
   * applicants whose answer to the choice `field` is one of `first` come first (all of them
   * alike, as the form promises the parents), then the rest; each group in the order it was sent.
   * Without it, the order of sending alone.
   */
  queuePriority?: { field: string; first: readonly string[] };
  /** Service-specific questions (the form's own stage, after the parent, child and school), asked in this order. */
  fields: readonly ServiceField[];
  documents: readonly DocumentRequirement[];
  catalog: CatalogTexts;
  refusalReasons: readonly RefusalReason[];
}
