/**
 * A school's report for a period, as data: every application sent in it with the date of each
 * step, its deadline and whether it was met; the timeliness figures; and, for every month of the
 * period, the children holding a valid period result (the meals certificate: the list a school's
 * social worker hands to the district). Services are read as data: a service whose result is a
 * certificate has holders; its choice fields (the meals category) are columns.
 */
import type { Db } from "#root/db/client.ts";
import type { Application, ApplicationEvent } from "#root/db/queries/applications.ts";
import { revokedResultsOf, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { eventsOf, schoolApplicationsSent, schoolResultsIssued } from "#root/db/queries/reports.ts";
import { addDays, endOfAlmatyDay, isIsoDate, startOfAlmatyDay } from "#root/flows/calendar/almaty.ts";
import type { Status } from "#root/flows/lifecycle.ts";
import { schoolYearPeriod } from "#root/flows/results.ts";
import { getService, services, type ServiceDefinition } from "#root/flows/services/index.ts";
import { almatyDate, workingDaysBetween } from "#root/flows/sla.ts";
import { effectiveFields, formOf } from "#root/flows/statement.ts";

/** A report's period: calendar days in Almaty, both included. */
export interface ReportPeriod {
  /** YYYY-MM-DD */
  from: string;
  /** YYYY-MM-DD */
  to: string;
}

/** Whether the school kept the deadline: decided in time, late, still open and late, or open in time. */
export type DeadlineOutcome = "met" | "missed" | "overdue" | "open" | "none";

export interface ReportRow {
  number: string;
  serviceId: string;
  status: Status;
  submitted?: string;
  registered?: string;
  decided?: string;
  /** The director's order, for services with an order step. */
  ordered?: string;
  deadline?: string;
  outcome: DeadlineOutcome;
  /** Working days from registration to the decision. */
  workingDays?: number;
  /** The reason id (refuse) or the staff's text (reject). */
  reason?: string;
  /** The service's choice answers, by field id (e.g. the meals category). */
  choices: Record<string, string>;
  /** The school revoked the result the application holds (its status stays): the document and the day. */
  revoked?: { kind: string; number: string; on: string };
}

export interface Timeliness {
  received: number;
  registered: number;
  refused: number;
  /** Issued, and standing: a result the school revoked is counted in `revoked` instead. */
  issued: number;
  /** The school revoked the result (a certificate, a receipt, an order, a refusal), its status kept. */
  revoked: number;
  cancelled: number;
  /** Decided late, or still waiting past the deadline. */
  overdue: number;
  /** Median working days from registration to the decision, when any was decided. */
  medianWorkingDays?: number;
}

export interface Holder {
  number: string;
  serviceId: string;
  childName: string;
  childIin: string;
  grade: number;
  choices: Record<string, string>;
  /** The day the result was issued. */
  issued: string;
  validTo: string;
}

export interface MonthHolders {
  /** YYYY-MM */
  month: string;
  holders: Holder[];
}

export interface SchoolReport {
  period: ReportPeriod;
  rows: ReportRow[];
  timeliness: Timeliness;
  months: MonthHolders[];
}

const DECIDED = new Set<Status>(["completed", "refused", "rejected", "order_signed"]);
/** Statuses in which an issued result stands (a cancelled application's does not). */
const RESULT_STANDS = ["completed", "order_signed"] as const;
/** At most this many monthly lists in one report. */
export const MAX_MONTHS = 12;

const day = (d: Date | null | undefined) => (d ? almatyDate(d) : undefined);

function choicesOf(service: ServiceDefinition, app: Application): Record<string, string> {
  // Only the answers that apply, as on the statement: not an age reason kept from before the child changed.
  const answers = effectiveFields(app);
  const out: Record<string, string> = {};
  for (const f of service.fields) if (f.kind === "choice" && typeof answers[f.id] === "string") out[f.id] = answers[f.id] as string;
  return out;
}

/** One application as a report row, from its status changes (and its result's document, when the school revoked it). */
export function reportRow(
  app: Application,
  events: readonly ApplicationEvent[],
  now: Date,
  revoked?: Pick<IssuedDocumentRow, "kind" | "number" | "revokedAt">,
): ReportRow {
  const service = getService(app.serviceId);
  const at = (status: string) => events.find((e) => e.toStatus === status)?.createdAt;
  const registeredAt = at("registered");
  const decision = events.find((e) => DECIDED.has(e.toStatus as Status) && e.toStatus !== "order_signed");
  const status = app.status as Status;
  let outcome: DeadlineOutcome = "none";
  if (app.deadlineAt) {
    if (decision) outcome = decision.createdAt.getTime() <= app.deadlineAt.getTime() ? "met" : "missed";
    else if (status === "registered") outcome = now.getTime() > app.deadlineAt.getTime() ? "overdue" : "open";
  }
  return {
    number: app.number,
    serviceId: app.serviceId,
    status,
    submitted: day(app.submittedAt),
    registered: day(registeredAt),
    decided: day(decision?.createdAt),
    ordered: day(at("order_signed")),
    deadline: day(app.deadlineAt),
    outcome,
    workingDays: registeredAt && decision ? workingDaysBetween(registeredAt, decision.createdAt) : undefined,
    reason: app.reason ?? undefined,
    choices: choicesOf(service, app),
    ...(revoked?.revokedAt ? { revoked: { kind: revoked.kind, number: revoked.number, on: almatyDate(revoked.revokedAt) } } : {}),
  };
}

function median(values: number[]): number | undefined {
  if (values.length === 0) return undefined;
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid] : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * The figures of the rows. Each decided application counts once, as its status column reads: one
 * whose result the school revoked (`revoked`, as `resultRevoked` reads it) under revoked, neither
 * issued nor refused.
 */
export function timelinessOf(rows: readonly ReportRow[]): Timeliness {
  const standing = rows.filter((r) => !r.revoked);
  return {
    received: rows.length,
    registered: rows.filter((r) => r.registered).length,
    refused: standing.filter((r) => r.status === "refused" || r.status === "rejected").length,
    issued: standing.filter((r) => r.status === "completed" || r.status === "order_signed").length,
    revoked: rows.length - standing.length,
    cancelled: rows.filter((r) => r.status === "cancelled").length,
    overdue: rows.filter((r) => r.outcome === "missed" || r.outcome === "overdue").length,
    medianWorkingDays: median(rows.flatMap((r) => (r.workingDays === undefined ? [] : [r.workingDays]))),
  };
}

/** The months (YYYY-MM) a period touches, at most {@link MAX_MONTHS} (the last ones). */
export function monthsOf(period: ReportPeriod): string[] {
  const out: string[] = [];
  for (let m = period.from.slice(0, 7); m <= period.to.slice(0, 7); ) {
    out.push(m);
    const [y, mm] = m.split("-").map(Number) as [number, number];
    m = mm === 12 ? `${y + 1}-01` : `${y}-${String(mm + 1).padStart(2, "0")}`;
  }
  return out.slice(-MAX_MONTHS);
}

const lastDayOf = (month: string) => {
  const [y, m] = month.split("-").map(Number) as [number, number];
  return addDays(m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, "0")}-01`, -1);
};

/** Holders of a result valid at some day of `month`, by grade, then choices, then name. */
export function holdersIn(month: string, issued: readonly Application[]): Holder[] {
  const first = `${month}-01`;
  const last = lastDayOf(month);
  const holders: Holder[] = [];
  for (const app of issued) {
    const issuedDay = day(app.decidedAt);
    if (!issuedDay || issuedDay > last) continue;
    const period = schoolYearPeriod(issuedDay);
    if (period.to < first) continue;
    const c = formOf(app).child;
    holders.push({
      number: app.number,
      serviceId: app.serviceId,
      childName: c?.fullName ?? "",
      childIin: c?.iin ?? "",
      grade: Number(c?.grade ?? 0),
      choices: choicesOf(getService(app.serviceId), app),
      issued: issuedDay,
      validTo: period.to,
    });
  }
  const choiceKey = (h: Holder) => Object.values(h.choices).join("|");
  return holders.sort(
    (a, b) => a.grade - b.grade || choiceKey(a).localeCompare(choiceKey(b)) || a.childName.localeCompare(b.childName, "ru"),
  );
}

/** Services whose result is valid for a period: their holders make the monthly list. */
export const periodResultServices = (): ServiceDefinition[] => services.filter((s) => s.result.kind === "certificate");

/** Everything the school's report shows, for one school only. */
export async function buildSchoolReport(db: Db, input: { schoolId: number; period: ReportPeriod; now: Date }): Promise<SchoolReport> {
  const from = startOfAlmatyDay(input.period.from);
  const to = new Date(endOfAlmatyDay(input.period.to).getTime() + 1);
  const apps = await schoolApplicationsSent(db, input.schoolId, from, to);
  const events = await eventsOf(
    db,
    apps.map((a) => a.id),
  );
  // Whose result the school revoked: the row says so where the status stands (`resultRevoked`, as the card does).
  const revoked = await revokedResultsOf(db, apps);
  const rows = apps.map((a) =>
    reportRow(
      a,
      events.filter((e) => e.applicationId === a.id),
      input.now,
      revoked.get(a.id),
    ),
  );
  const withHolders = new Set(periodResultServices().map((s) => s.id));
  const issued = (await schoolResultsIssued(db, input.schoolId, RESULT_STANDS, to)).filter((a) => withHolders.has(a.serviceId));
  const months = monthsOf(input.period).map((month) => ({ month, holders: holdersIn(month, issued) }));
  return { period: input.period, rows, timeliness: timelinessOf(rows), months };
}

/** The periods offered on buttons, at `now` (Almaty days): this month, last month, the school year so far. */
export function presetPeriod(preset: "month" | "last-month" | "school-year", now: Date): ReportPeriod {
  const today = almatyDate(now);
  const [y, m] = today.split("-").map(Number) as [number, number];
  const first = today.slice(0, 8) + "01";
  if (preset === "month") return { from: first, to: today };
  if (preset === "last-month")
    return { from: m === 1 ? `${y - 1}-12-01` : `${y}-${String(m - 1).padStart(2, "0")}-01`, to: addDays(first, -1) };
  return { from: `${m >= 9 ? y : y - 1}-09-01`, to: today };
}

/** A typed period ("01.09.2026 30.11.2026"): start not after end, at most a year long. */
export function parsePeriod(text: string): ReportPeriod | undefined {
  const m = /^\s*(\d{2})\.(\d{2})\.(\d{4})\s*(?:[-–—]|\s)\s*(\d{2})\.(\d{2})\.(\d{4})\s*$/.exec(text);
  if (!m) return undefined;
  const from = `${m[3]}-${m[2]}-${m[1]}`;
  const to = `${m[6]}-${m[5]}-${m[4]}`;
  if (!isIsoDate(from) || !isIsoDate(to) || from > to || to > addDays(from, 366)) return undefined;
  return { from, to };
}
