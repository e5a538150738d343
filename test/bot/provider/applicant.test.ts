/**
 * An applicant of the first grade's queue as staff read it (/orders, the card's warning): the queue answers
 * that apply to the child on the day the application was sent — not an age reason kept from before the child
 * changed (a child of the usual age needs none, and the statement prints none).
 */
import { describe, expect, it } from "vitest";
import type { Application } from "#root/db/queries/applications.ts";
import { applicantVars } from "#root/bot/provider/applicant.ts";
import { t } from "#root/flows/i18n.ts";
import { getService } from "#root/flows/services/index.ts";

const service = getService("first-grade");
const sent = new Date("2026-05-15T05:00:00Z");
const applicant = (birthDate: string) =>
  ({
    serviceId: "first-grade",
    number: "2026-000042",
    createdAt: sent,
    submittedAt: sent,
    form: {
      child: { fullName: "Нурлан Сапаров", birthDate, grade: 1 },
      fields: { "age-reason": "early", priority: "area", "born-abroad": "no" },
    },
  }) as unknown as Application;

describe("a first-grade applicant's queue answers", () => {
  it("an age reason kept for a child now of the usual age is not shown; the priority is", () => {
    // Six by 31 December 2026: of the usual age for the admission of 1 September 2026.
    const extra = applicantVars(service, applicant("2020-03-10"), "ru").extra;
    expect(extra).toContain(t("ru", "services-first-grade-priority-area"));
    expect(extra).not.toContain(t("ru", "services-first-grade-age-reason-early"));
    // Five on 31 December 2026, early: the reason is shown.
    expect(applicantVars(service, applicant("2021-03-10"), "ru").extra).toContain(t("ru", "services-first-grade-age-reason-early"));
  });
});
