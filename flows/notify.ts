/**
 * What to tell whom when an application changes. Produces outbox rows — written in the same
 * transaction as the change — and nothing else: the senders render and deliver them.
 */
import type { OutboxMessage } from "#root/db/queries/outbox.ts";
import type { EnrolmentRefusalReason } from "./enrolment.ts";
import type { Lang } from "./i18n.ts";
import { isFinal, type Status } from "./lifecycle.ts";
import { getService } from "./services/index.ts";

/** The payload of a status notification; the sender renders it in the recipient's language. */
export interface StatusPayload {
  [key: string]: unknown;
  template: "status";
  applicationId: string;
  number: string;
  serviceId: string;
  status: Status;
  lang: Lang;
  /** Refusal reason id (refuse) or the staff's text (reject). */
  reason?: string;
  comment?: string;
  /** A document to attach (certificate, receipt, order notice). */
  fileId?: string;
  /** The attached document is signed with the school's EDS by this staff member. */
  signed?: SignedBy;
}

/** Who signed an issued document with EDS, as the documents name them. */
export interface SignedBy {
  [key: string]: unknown;
  name: string;
  position: string;
}

/** The result of an EDS signature made on the signing page, for the parent's chat. */
export interface SigningResultPayload {
  [key: string]: unknown;
  template: "signing-result";
  applicationId: string;
  number: string;
  lang: Lang;
  valid: boolean;
  /** What went wrong, as signing problems (`other_person`, `authentication_key`, …; see flows/signing-problems.ts). */
  failed: string[];
}

/** One application in a staff digest. */
export interface DigestItem {
  applicationId: string;
  number: string;
  serviceId: string;
  /** ISO instant of the deadline. */
  deadlineAt: string;
}

/**
 * The morning digest for one staff member (`kind: "daily"`: what is due today and overdue), or
 * the one-time escalation of an overdue application to a director (`kind: "escalation"`).
 */
export interface DigestPayload {
  [key: string]: unknown;
  template: "digest";
  kind: "daily" | "escalation";
  lang: Lang;
  /** The Almaty calendar day of the digest, YYYY-MM-DD. */
  date: string;
  dueToday: DigestItem[];
  overdue: DigestItem[];
}

/**
 * A registered application's deadline passed and the school has not decided: its parent is told
 * once (written by the digest run that first finds it overdue), and not at all once it is decided.
 */
export interface OverduePayload {
  [key: string]: unknown;
  template: "overdue";
  applicationId: string;
  number: string;
  serviceId: string;
  /** ISO instant of the deadline. */
  deadlineAt: string;
  /** The school has active staff, whose digest lists it: the parent is told the school was reminded. */
  reminded: boolean;
  lang: Lang;
}

/** The one request to rate how an application was handled, once it is decided. */
export interface RatingPayload {
  [key: string]: unknown;
  template: "rating";
  applicationId: string;
  number: string;
  serviceId: string;
  lang: Lang;
}

/** A document the school issued was revoked: the parent is told which, and why. */
export interface RevokedPayload {
  [key: string]: unknown;
  template: "revoked";
  applicationId: string;
  /** The application's number. */
  number: string;
  serviceId: string;
  /** The revoked document's own number. */
  documentNumber: string;
  reason: string;
  lang: Lang;
}

/** A copy of the document a staff member has just issued, for their own records. */
export interface IssuedCopyPayload {
  [key: string]: unknown;
  template: "issued-copy";
  applicationId: string;
  number: string;
  serviceId: string;
  status: Status;
  fileId: string;
  lang: Lang;
  signed?: SignedBy;
}

/**
 * A staff member's EDS signature of a school document was not accepted (on the signing page or
 * in eGov mobile): nothing was issued; the bot says why and offers a new link.
 */
export interface StaffSigningResultPayload {
  [key: string]: unknown;
  template: "staff-signing-result";
  applicationId: string;
  number: string;
  documentNumber: string;
  /** The document's kind (certificate, receipt, order). */
  kind: string;
  /** The action that issues it, and the application's version it was prepared for. */
  action: string;
  version: number;
  lang: Lang;
  /** Staff signing problems (`other_person`, `other_organisation`, …; see flows/staff-signature.ts). */
  failed: string[];
  /**
   * Nothing was issued: the application was decided otherwise meanwhile (`not_pending`), or the
   * enrolment order could not be made: the year's places not set (`places_not_set`), every place
   * of the year taken (`no_places`), or the child enrolled by another school's order (`enrolled_elsewhere`).
   */
  refused?: "not_pending" | EnrolmentRefusalReason;
}

/**
 * A parent's message that waited for the support group's limit could not be shown to the
 * operators, for good (bot/support/deliverer.ts): the parent is told, under that message.
 */
export interface SupportUndeliveredPayload {
  [key: string]: unknown;
  template: "support-undelivered";
  /** The parent's message, in their chat with the bot. */
  messageId: number;
  lang: Lang;
}

/**
 * A ticket's forum topic could not be made for good (bot/support/deliverer.ts): no operator saw the
 * parent's request, which they were told was taken. Its ticket is closed; the parent is told so,
 * and is back where they were (the form's question asked again). `ended`: the parent had ended the
 * ticket before (they are back with the bot already): they are told only that nobody saw it.
 */
export interface SupportUnreachedPayload {
  [key: string]: unknown;
  template: "support-unreached";
  /** The ticket (rows written before it was kept have none: nothing follows the notice). */
  ticketId?: number;
  ended?: true;
  lang: Lang;
}

/**
 * The parent unblocked the parent bot, and notices that could not reach them meanwhile are queued
 * again (flows/unblocked.ts): one line before them says so. A notice queued again names this line's
 * row (`resentAfter`, its dedupe key) and goes after it.
 */
export interface UnblockedPayload {
  [key: string]: unknown;
  template: "unblocked";
  lang: Lang;
}

/** Every outbox payload: the sender renders each template in the recipient's language. */
export type OutboxPayload =
  | StatusPayload
  | SigningResultPayload
  | DigestPayload
  | OverduePayload
  | RatingPayload
  | RevokedPayload
  | IssuedCopyPayload
  | StaffSigningResultPayload
  | SupportUndeliveredPayload
  | SupportUnreachedPayload
  | UnblockedPayload;

export interface Recipients {
  parent: { telegramId: number | null; lang: Lang; email: string | null };
  /** Active staff of the application's school. */
  staff: Array<{ telegramId: number; lang: Lang; role: "specialist" | "director" }>;
}

/** Statuses the school is told about (a new application, and a parent withdrawing one). */
const STAFF_HEARS: ReadonlySet<Status> = new Set<Status>(["submitted", "cancelled"]);

/** Whether the school's staff are told of a change from `from` to `to` (a withdrawal only once the school has the application). */
export const staffHear = (from: Status, to: Status): boolean =>
  STAFF_HEARS.has(to) && (to === "submitted" || (from !== "draft" && from !== "signed"));
/** Statuses the parent is told about by a message (their own actions get an answer in the chat). */
const PARENT_HEARS: ReadonlySet<Status> = new Set<Status>(["registered", "refused", "completed", "rejected", "order_signed"]);

/**
 * The notifications for one transition. `version` (the application's version after the change)
 * makes each dedupe key unique per change, so a retried transaction cannot queue a second copy.
 */
export function notificationsFor(input: {
  application: { id: string; number: string; serviceId: string; version: number };
  from: Status;
  to: Status;
  reason?: string;
  comment?: string;
  fileId?: string;
  recipients: Recipients;
  /** The staff member who issued the attached document: they get a copy of it. */
  issuer?: { telegramId: number; lang: Lang };
  /** The attached document is signed with EDS (the notices say so). */
  signed?: SignedBy;
}): OutboxMessage[] {
  const { application: app, to, recipients } = input;
  const base = { template: "status" as const, applicationId: app.id, number: app.number, serviceId: app.serviceId, status: to };
  const extra = { reason: input.reason, comment: input.comment, fileId: input.fileId, ...(input.signed ? { signed: input.signed } : {}) };
  const key = (who: string) => `app:${app.id}:v${app.version}:${to}:${who}`;
  const out: OutboxMessage[] = [];
  const parent = recipients.parent;
  if (PARENT_HEARS.has(to) && parent.telegramId !== null) {
    const payload: StatusPayload = { ...base, ...extra, lang: parent.lang };
    out.push({ channel: "parent", recipient: String(parent.telegramId), payload, dedupeKey: key(`parent:${parent.telegramId}`) });
  }
  // Once the school has decided for good, the parent is asked once to rate it (one key per
  // application, ever); a withdrawal is the parent's own doing and asks nothing.
  if (parent.telegramId !== null && to !== "cancelled" && isFinal(to, getService(app.serviceId))) {
    const payload: RatingPayload = {
      template: "rating",
      applicationId: app.id,
      number: app.number,
      serviceId: app.serviceId,
      lang: parent.lang,
    };
    out.push({ channel: "parent", recipient: String(parent.telegramId), payload, dedupeKey: `app:${app.id}:rating` });
  }
  // The director's order notice also goes by email, with the PDF attached.
  if (to === "order_signed" && parent.email && input.fileId) {
    const payload: StatusPayload = { ...base, ...extra, lang: parent.lang };
    out.push({ channel: "email", recipient: parent.email, payload, dedupeKey: key("email") });
  }
  if (input.issuer && input.fileId) {
    const payload: IssuedCopyPayload = {
      template: "issued-copy",
      applicationId: app.id,
      number: app.number,
      serviceId: app.serviceId,
      status: to,
      fileId: input.fileId,
      lang: input.issuer.lang,
      ...(input.signed ? { signed: input.signed } : {}),
    };
    out.push({
      channel: "provider",
      recipient: String(input.issuer.telegramId),
      payload,
      dedupeKey: key(`issuer:${input.issuer.telegramId}`),
    });
  }
  if (staffHear(input.from, to)) {
    for (const member of recipients.staff) {
      const payload: StatusPayload = { ...base, lang: member.lang };
      out.push({ channel: "provider", recipient: String(member.telegramId), payload, dedupeKey: key(`staff:${member.telegramId}`) });
    }
  }
  return out;
}
