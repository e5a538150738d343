/** The school's report as data: periods, whether each deadline was kept, timeliness, and who holds a valid certificate in a month. */
import { describe, expect, it } from "vitest";
import type { Application, ApplicationEvent } from "#root/db/queries/applications.ts";
import { holdersIn, monthsOf, parsePeriod, presetPeriod, reportRow, timelinessOf } from "#root/flows/reports/report.ts";

const almaty = (local: string) => new Date(`${local}+05:00`);

let n = 0;
function app(over: Partial<Application>): Application {
  n++;
  return {
    id: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
    number: `2026-${String(n).padStart(6, "0")}`,
    serviceId: "meals",
    parentId: 1,
    childId: 1,
    schoolId: 1,
    status: "submitted",
    lang: "ru",
    form: { child: { fullName: `Ребёнок ${n}`, iin: "150301500011", grade: 4 }, fields: { category: "asp" } },
    stage: null,
    statementFileId: null,
    resultFileId: null,
    reason: null,
    reasonComment: null,
    deadlineAt: null,
    submittedAt: almaty("2026-10-01T10:00:00"),
    decidedAt: null,
    version: 0,
    createdAt: almaty("2026-10-01T09:00:00"),
    updatedAt: almaty("2026-10-01T10:00:00"),
    ...over,
  } as Application;
}
const event = (applicationId: string, toStatus: string, at: Date): ApplicationEvent =>
  ({
    id: ++n,
    applicationId,
    actorKind: "staff",
    actorId: 1,
    action: toStatus,
    fromStatus: null,
    toStatus,
    reason: null,
    comment: null,
    createdAt: at,
  }) as ApplicationEvent;

describe("periods", () => {
  it("typed as two dates: start not after end, at most a year, real days only", () => {
    expect(parsePeriod("01.09.2026 30.11.2026")).toEqual({ from: "2026-09-01", to: "2026-11-30" });
    expect(parsePeriod("01.09.2026 – 30.11.2026")).toEqual({ from: "2026-09-01", to: "2026-11-30" });
    expect(parsePeriod("30.11.2026 01.09.2026")).toBeUndefined();
    expect(parsePeriod("01.01.2025 30.11.2026")).toBeUndefined();
    expect(parsePeriod("31.02.2026 30.11.2026")).toBeUndefined();
    expect(parsePeriod("сентябрь")).toBeUndefined();
  });

  it("from buttons: this month, last month (across a new year), the school year from 1 September", () => {
    expect(presetPeriod("month", almaty("2026-12-05T10:00:00"))).toEqual({ from: "2026-12-01", to: "2026-12-05" });
    expect(presetPeriod("last-month", almaty("2027-01-10T10:00:00"))).toEqual({ from: "2026-12-01", to: "2026-12-31" });
    expect(presetPeriod("school-year", almaty("2027-02-01T10:00:00"))).toEqual({ from: "2026-09-01", to: "2027-02-01" });
    expect(presetPeriod("school-year", almaty("2026-09-15T10:00:00"))).toEqual({ from: "2026-09-01", to: "2026-09-15" });
    expect(monthsOf({ from: "2026-11-20", to: "2027-01-03" })).toEqual(["2026-11", "2026-12", "2027-01"]);
  });
});

describe("deadlines kept and timeliness", () => {
  const now = almaty("2026-10-20T12:00:00");
  const deadline = almaty("2026-10-08T23:59:59.999");
  const registered = almaty("2026-10-01T12:00:00");

  it("says whether each deadline was met, missed, is overdue or still open", () => {
    const met = app({ status: "completed", deadlineAt: deadline });
    const missed = app({ status: "refused", deadlineAt: deadline, reason: "missing-document" });
    const overdue = app({ status: "registered", deadlineAt: deadline });
    const open = app({ status: "registered", deadlineAt: almaty("2026-10-30T23:59:59.999") });
    const rows = [
      reportRow(met, [event(met.id, "registered", registered), event(met.id, "completed", almaty("2026-10-06T15:00:00"))], now),
      reportRow(missed, [event(missed.id, "registered", registered), event(missed.id, "refused", almaty("2026-10-12T15:00:00"))], now),
      reportRow(overdue, [event(overdue.id, "registered", registered)], now),
      reportRow(open, [event(open.id, "registered", registered)], now),
    ];
    expect(rows.map((r) => r.outcome)).toEqual(["met", "missed", "overdue", "open"]);
    expect(rows[0]).toMatchObject({ registered: "2026-10-01", decided: "2026-10-06", workingDays: 3, choices: { category: "asp" } });
    expect(rows[1]).toMatchObject({ reason: "missing-document", workingDays: 7 });
    expect(timelinessOf(rows)).toEqual({
      received: 4,
      registered: 4,
      refused: 1,
      issued: 1,
      revoked: 0,
      cancelled: 0,
      overdue: 2,
      medianWorkingDays: 5,
    });
  });

  it("counts a result the school revoked apart — neither issued nor refused — as the status column reads it", () => {
    const decided = (status: string, to: string) => {
      const a = app({ status, deadlineAt: deadline });
      return { a, events: [event(a.id, "registered", registered), event(a.id, to, almaty("2026-10-06T15:00:00"))] };
    };
    const revokedAt = almaty("2026-10-15T10:00:00");
    const standing = decided("completed", "completed");
    const certificate = decided("completed", "completed");
    const refusal = decided("refused", "refused");
    const rows = [
      reportRow(standing.a, standing.events, now),
      reportRow(certificate.a, certificate.events, now, { kind: "certificate", number: "2026/000002", revokedAt }),
      reportRow(refusal.a, refusal.events, now, { kind: "refusal", number: "2026/000003", revokedAt }),
    ];
    expect(timelinessOf(rows)).toMatchObject({ received: 3, registered: 3, issued: 1, refused: 0, revoked: 2, overdue: 0 });
  });
});

describe("the service's choices in a row", () => {
  it("are the ones that apply on the day the application was sent: an age reason kept for a child of the usual age is left out", () => {
    const sent = almaty("2026-05-15T10:00:00");
    const admission = (birthDate: string) =>
      reportRow(
        app({
          serviceId: "first-grade",
          submittedAt: sent,
          createdAt: sent,
          form: { child: { fullName: "Сапаров Нурлан", birthDate, grade: 1 }, fields: { "age-reason": "early", priority: "area" } },
        }),
        [],
        almaty("2026-05-20T10:00:00"),
      ).choices;
    // Six by 31 December 2026: of the usual age for the admission of 1 September 2026, no reason asked.
    expect(admission("2020-03-10")).toEqual({ priority: "area" });
    // Five on 31 December 2026: early, the reason stands.
    expect(admission("2021-03-10")).toEqual({ "age-reason": "early", priority: "area" });
  });
});

describe("the monthly list of certificate holders", () => {
  it("holds a child from the issue month to 31 May of that school year, by grade then category", () => {
    const may = app({
      status: "completed",
      decidedAt: almaty("2026-05-20T10:00:00"),
      form: { child: { fullName: "Б", iin: "1", grade: 5 }, fields: { category: "orphan" } },
    });
    const sept = app({
      status: "completed",
      decidedAt: almaty("2026-09-10T10:00:00"),
      form: { child: { fullName: "А", iin: "2", grade: 5 }, fields: { category: "asp" } },
    });
    const young = app({
      status: "completed",
      decidedAt: almaty("2026-09-11T10:00:00"),
      form: { child: { fullName: "В", iin: "3", grade: 1 }, fields: { category: "asp" } },
    });
    expect(holdersIn("2026-05", [may, sept]).map((h) => h.childName)).toEqual(["Б"]);
    expect(holdersIn("2026-06", [may, sept])).toEqual([]);
    expect(holdersIn("2026-09", [may, sept, young]).map((h) => [h.childName, h.grade, h.validTo])).toEqual([
      ["В", 1, "2027-05-31"],
      ["А", 5, "2027-05-31"],
    ]);
    expect(holdersIn("2027-06", [sept])).toEqual([]);
  });
});
