/**
 * What the review and the statement show of a draft begun in another school year: its answers counted today, as the form
 * asks its questions — not on the day it was begun. A child who needed an age reason for last year's admission (five,
 * not six by 31 December) and is of the usual age for the next: the review and the statement hold neither the reason nor
 * the commission's conclusion, as the form no longer asks them. A sent application keeps them as of its sending.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Database } from "#root/db/client.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import type { FormAnswers } from "#root/flows/form/answers.ts";
import { reviewOf } from "#root/flows/form/draft.ts";
import { nextQuestion } from "#root/flows/form/engine.ts";
import { t } from "#root/flows/i18n.ts";
import { getService } from "#root/flows/services/index.ts";
import { effectiveFields, statementData } from "#root/flows/statement.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { seedSchool, submittedApplication } from "#root/test/helpers/fixtures.ts";

const begun = new Date("2026-04-15T06:00:00Z");
const today = new Date("2026-12-05T06:00:00Z");
const firstGrade = getService("first-grade");

describe.each(backends)("a draft begun last school year, reviewed and formed today, on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  beforeAll(async () => {
    database = await backend.open();
  });
  afterAll(() => database?.dispose());

  /** The parent's first-grade application begun (or sent) on `begun`, the child early for that year's admission. */
  const early = async (telegramId: number, opts: { draftOnly?: boolean }) =>
    submittedApplication(database.db, {
      serviceId: "first-grade",
      schoolId: (await seedSchool(database.db, `99014077${telegramId}`)).id,
      parentTelegramId: telegramId,
      now: begun,
      child: { birthDate: "2021-03-10", grade: 1 },
      fields: { "age-reason": "early", priority: "area", "born-abroad": "no" },
      email: "aigerim@example.kz",
      documentsDone: true,
      ...opts,
    });

  it("shows no age reason nor its conclusion the form no longer asks; a sent one keeps them as of its sending", async () => {
    const draft = await early(1, { draftOnly: true });
    // The form, today: of the usual age for the 2027 admission, nothing to ask — the review.
    expect(nextQuestion(firstGrade, draft.form as FormAnswers, today)).toEqual({ kind: "review" });
    const review = (await reviewOf(database.db, draft, "ru", today)).flatMap((s) => s.answers.map((a) => a.question));
    expect(review).toContain("priority");
    expect(review).not.toContain("age-reason");
    expect(review).not.toContain("age-conclusion");
    const statement = await statementData(database.db, draft, today);
    expect(statement.answers.map((a) => a.label)).not.toContain(t("ru", "services-first-grade-label-age-reason"));
    expect(statement.attachments.map((a) => a.label)).not.toContain(t("ru", "services-first-grade-doc-age-conclusion"));
    expect(statement.attachments.map((a) => a.label)).toContain(t("ru", "services-first-grade-doc-residence"));

    // Sent then, read today (the staff's card, the reports): as the parent sent it.
    const sent = (await getApplication(database.db, (await early(2, {})).id))!;
    expect(effectiveFields(sent, today)).toMatchObject({ "age-reason": "early" });
  });
});
