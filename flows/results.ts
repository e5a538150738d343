/**
 * The documents the school issues: which one an action produces (read from the service's
 * result, never from its id), the data it shows, and rendering + storing the PDF so that
 * `changeStatus` can attach it to the application and the parent's notification.
 */
import type { Db, Tx } from "#root/db/client.ts";
import { listDocuments, type Application } from "#root/db/queries/applications.ts";
import { storeFile } from "#root/db/queries/files.ts";
import { nextIssuedNumber, type NewIssuedDocument } from "#root/db/queries/issued.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { listSchoolStaff } from "#root/db/queries/staff.ts";
import type { StaffRole } from "#root/db/schema.ts";
import { checkUrl, formatCheckCode, initialsOf, newCheckCode } from "./check/code.ts";
import type { ApplicationRef, DocumentCheck, Period, StaffInfo } from "./documents/index.ts";
import { renderOffThread } from "./documents/off-thread.ts";
import { isLang, t, type Lang } from "./i18n.ts";
import type { Action } from "./lifecycle.ts";
import { effectiveFields, formOf, fieldAnswers } from "./statement.ts";
import { getService, requiredDocuments, type ServiceDefinition } from "./services/index.ts";
import { almatyDate } from "./sla.ts";

/** A document the school issues: the service's result kind, the director's order notice, or a reasoned refusal. */
export type IssuedKind = ServiceDefinition["result"]["kind"] | "order" | "refusal";

/** The director's order as typed in the provider bot. */
export interface OrderDetails {
  number: string;
  /** ISO date, YYYY-MM-DD. */
  date: string;
}

/** Which document `action` issues for `service`, or null when it issues none. */
export function issuedKindOf(service: ServiceDefinition, action: Action): IssuedKind | null {
  if (action === "issue") return service.result.kind;
  if (action === "order" && service.result.then) return service.result.then.kind;
  // A refusal is a result too: reasoned, numbered and checkable like the others.
  if (action === "refuse") return "refusal";
  return null;
}

/**
 * The school year a decision covers: from `fromIso` to 31 May of the school year it falls in
 * (a decision made from June on covers the next school year).
 */
export function schoolYearPeriod(fromIso: string): Period {
  const [y, m] = fromIso.split("-").map(Number) as [number, number];
  return { from: fromIso, to: `${m >= 6 ? y + 1 : y}-05-31` };
}

/**
 * The school year an order of `service` on `app` is for, by its first year (2026 for 2026–2027).
 * An order the rules want signed by a day of the summer (`then.dueBy`: the first grade's
 * enrolment, by 30 August) admits for the school year that begins on the first 1 September on or
 * after the application was sent — the admission campaign's year, whatever day of it the order
 * is dated (an order of 20 May on an application of April enrols for the coming September).
 * Any other order is for the school year its date falls in ({@link schoolYearPeriod}).
 */
export function orderSchoolYear(
  service: ServiceDefinition,
  app: Pick<Application, "submittedAt" | "createdAt">,
  orderDate: string,
): number {
  if (service.result.then?.dueBy) {
    const sent = almatyDate(app.submittedAt ?? app.createdAt);
    const year = Number(sent.slice(0, 4));
    return sent <= `${year}-09-01` ? year : year + 1;
  }
  return Number(schoolYearPeriod(orderDate).to.slice(0, 4)) - 1;
}

/** What an order holds for: from its date to the end of the school year it is for ({@link orderSchoolYear}). */
export function orderPeriod(service: ServiceDefinition, app: Pick<Application, "submittedAt" | "createdAt">, orderDate: string): Period {
  return { from: orderDate, to: schoolYearPeriod(`${orderSchoolYear(service, app, orderDate)}-09-01`).to };
}

/**
 * The last day the result of `app`, decided on `decided` (YYYY-MM-DD), holds: the end of its
 * order's school year for a service with an order step ({@link orderPeriod}), else of the school
 * year of the decision.
 */
export function resultValidTo(app: Application, decided: string): string {
  const service = getService(app.serviceId);
  return service.result.then ? orderPeriod(service, app, decided).to : schoolYearPeriod(decided).to;
}

async function applicationRef(db: Db, app: Application): Promise<ApplicationRef> {
  const lang: Lang = isLang(app.lang) ? app.lang : "kk";
  const c = formOf(app).child;
  const school = app.schoolId ? await getSchool(db, app.schoolId) : undefined;
  if (!school || !c?.fullName || !c.iin || !c.birthDate || c.grade === undefined) {
    throw new Error(`Application ${app.number} lacks its school or child details: it cannot get a school document`);
  }
  const [director] = await listSchoolStaff(db, school.id, "director");
  return {
    lang,
    number: app.number,
    date: (app.submittedAt ?? app.createdAt).toISOString(),
    school: { nameKk: school.nameKk, nameRu: school.nameRu, bin: school.bin, ...(director ? { directorName: director.fullName } : {}) },
    child: { fullName: c.fullName, iin: c.iin, birthDate: c.birthDate, grade: Number(c.grade) },
  };
}

/** The staff member who issues a document, as the documents name them. */
export interface Issuer {
  id: number;
  fullName: string;
  role: StaffRole;
  /** The position they gave at onboarding; without it, their role in the bot. */
  position?: string | null;
}

/** What the school's document is issued for, by whom and when. */
export interface IssueInput {
  application: Application;
  kind: IssuedKind;
  /** Null: nobody at the school — the system issues it the moment the application is sent. */
  issuer: Issuer | null;
  now: Date;
  publicUrl: string;
  order?: OrderDetails;
  /** A refusal's ground: one of the service's refusal reason ids (or a reason's own text), and a comment. */
  refusal?: { reason: string; comment?: string };
}

/** A rendered document, not stored yet: its PDF and its record without the file. */
export interface RenderedDocument {
  bytes: Uint8Array;
  name: string;
  record: Omit<NewIssuedDocument, "fileId" | "sha256">;
}

/** A stored document: its file's id and bytes, and its record for `changeStatus` (`fileId`, `issued`). */
export interface StoredDocument {
  fileId: string;
  bytes: Uint8Array;
  issued: NewIssuedDocument;
}

/**
 * Render the document `kind` for an application, issued by `issuer` at `now`, with its own
 * number and a new check code printed under its QR code, and store it. Returns the stored
 * file's id and the document's record: pass both to `changeStatus` (`fileId`, `issued`), which
 * writes the record with the status change. `order` needs `order`. A decision that must leave
 * no file when it loses a race renders with {@link renderDocument} and stores with
 * {@link storeDocument} inside its transaction instead.
 */
export async function issueDocument(db: Db, input: IssueInput): Promise<StoredDocument> {
  return storeDocument(db, await renderDocument(db, input));
}

/** Store a rendered document (in the caller's transaction, when given one). */
export async function storeDocument(db: Db | Tx, rendered: RenderedDocument): Promise<StoredDocument> {
  const stored = await storeFile(db, { bytes: rendered.bytes, name: rendered.name });
  return { fileId: stored.id, bytes: rendered.bytes, issued: { ...rendered.record, fileId: stored.id, sha256: stored.sha256 } };
}

/** Render the document {@link issueDocument} issues, without storing it. */
export async function renderDocument(db: Db, input: IssueInput): Promise<RenderedDocument> {
  const app = input.application;
  const ref = await applicationRef(db, app);
  const lang = ref.lang;
  const service = getService(app.serviceId);
  const staff: StaffInfo = input.issuer
    ? { fullName: input.issuer.fullName, position: input.issuer.position || t(lang, `provider-position-${input.issuer.role}`) }
    : { fullName: t(lang, "doc-issuer-system"), position: t(lang, "doc-issuer-system-position") };
  const code = newCheckCode();
  const number = await nextIssuedNumber(db, Number(almatyDate(input.now).slice(0, 4)));
  const check: DocumentCheck = { number, code: formatCheckCode(code), url: checkUrl(input.publicUrl, code) };
  const issued = { ...ref, issuedAt: input.now.toISOString(), staff, check };
  const today = almatyDate(input.now);
  // A receipt and a refusal answer the parent's statement: they name the service and the parent.
  const statementOf = () => {
    const parent = formOf(app).parent;
    return {
      service: { title: t(lang, service.catalog.officialName) },
      parent: { fullName: parent?.fullName ?? "", iin: parent?.iin ?? "" },
    };
  };
  let bytes: Uint8Array;
  let valid: Period | undefined;
  if (input.kind === "certificate") {
    const category = fieldAnswers(app, lang, { official: true })
      .map((a) => a.value)
      .join("; ");
    valid = schoolYearPeriod(today);
    bytes = await renderOffThread({ kind: "certificate", data: { ...issued, category, period: valid } });
  } else if (input.kind === "receipt") {
    const docs = await listDocuments(db, app.id);
    const documents = requiredDocuments(service, effectiveFields(app))
      .map((req) => ({ label: t(lang, req.label), pages: docs.filter((d) => d.requirementId === req.id).reduce((n, d) => n + d.pages, 0) }))
      .filter((d) => d.pages > 0);
    bytes = await renderOffThread({ kind: "receipt", data: { ...issued, ...statementOf(), documents } });
  } else if (input.kind === "refusal") {
    if (!input.refusal) throw new Error("issueDocument: a refusal needs its reason");
    const listed = service.refusalReasons.find((r) => r.id === input.refusal!.reason);
    bytes = await renderOffThread({
      kind: "refusal",
      data: {
        ...issued,
        ...statementOf(),
        reason: listed ? t(lang, listed.label) : input.refusal.reason,
        ...(input.refusal.comment ? { comment: input.refusal.comment } : {}),
      },
    });
  } else {
    if (!input.order) throw new Error("issueDocument: an order notice needs the order number and date");
    const then = service.result.then;
    if (!then) throw new Error(`issueDocument: service "${service.id}" has no order step`);
    valid = orderPeriod(service, app, input.order.date);
    const schoolYear = orderSchoolYear(service, app, input.order.date);
    bytes = await renderOffThread({
      kind: "order-notice",
      data: { ...issued, order: input.order, schoolYear, period: valid, texts: then.notice },
    });
  }
  return {
    bytes,
    name: `${input.kind}-${app.number}.pdf`,
    record: {
      applicationId: app.id,
      schoolId: app.schoolId!,
      kind: input.kind,
      number: check.number,
      checkCode: code,
      childInitials: initialsOf(ref.child.fullName),
      issuedAt: input.now,
      issuedByStaffId: input.issuer?.id ?? null,
      validFrom: valid?.from ?? null,
      validTo: valid?.to ?? null,
    },
  };
}
