/**
 * The grade a parent types is checked against the child's age on 1 September of the school
 * year (from the IIN): a seven-year-old in the eleventh grade is a typing slip, and the parent
 * is told so in their language before it reaches a statement; a child a year or two ahead or
 * behind passes. Every service that asks the grade gets it; one that admits to one grade asks none.
 */
import { describe, expect, it } from "vitest";
import type { FormAnswers } from "#root/flows/form/answers.ts";
import { applyAnswer, applyPatch, savedChildAnswers } from "#root/flows/form/engine.ts";
import { checkGradeForAge, schoolYearStart } from "#root/flows/form/number.ts";
import { t } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { getService, listServices } from "#root/flows/services/index.ts";

const APRIL = new Date("2026-04-10T06:00:00Z");
const JULY = new Date("2026-07-10T06:00:00Z");

/** A draft at the grade question: the child's name and IIN answered. */
function atGrade(serviceId: string, birthDate: string): FormAnswers {
  const service = getService(serviceId);
  let draft: FormAnswers = {
    parent: { fullName: "Серікова Айгүл Маратқызы", iin: makeIin("1988-05-14", "female"), phone: "+77011234567", email: "" },
  };
  for (const [id, text] of [
    ["child-full-name", "Серіков Алихан"],
    ["child-iin", makeIin(birthDate, "male")],
  ] as const) {
    const r = applyAnswer(service, draft, id, { text }, { lang: "ru", now: APRIL });
    if (!r.ok) throw new Error(`${id}: ${r.error}`);
    draft = applyPatch(draft, r.patch);
  }
  return draft;
}

describe("the grade against the child's age", () => {
  it("the school year's 1 September: last year's until May, this year's from June", () => {
    expect(schoolYearStart(APRIL)).toBe("2025-09-01");
    expect(schoolYearStart(JULY)).toBe("2026-09-01");
  });

  it("a seven-year-old in grade 11 is refused in meals and home schooling, with the grade and birth date in kk and ru", () => {
    for (const serviceId of ["meals", "home-schooling"]) {
      const draft = atGrade(serviceId, "2018-05-20");
      const result = applyAnswer(getService(serviceId), draft, "child-grade", { text: "11 класс" }, { lang: "ru", now: APRIL });
      expect(result).toEqual({ ok: false, error: "form-error-grade-age", args: { grade: 11, birthDate: "20.05.2018" } });
      if (result.ok) return;
      expect(t("ru", result.error, result.args)).toBe(
        "Проверьте класс: 11 класс не подходит ребёнку, родившемуся 20.05.2018. " +
          "Укажите класс, в котором ребёнок учится в этом учебном году.",
      );
      expect(t("kk", result.error, result.args)).toContain("20.05.2018 туған балаға 11-сынып сәйкес келмейді");
      // The usual grade for the age passes.
      const fine = applyAnswer(getService(serviceId), draft, "child-grade", { text: "1" }, { lang: "ru", now: APRIL });
      expect(fine).toMatchObject({ ok: true, patch: { value: 1 } });
    }
  });

  it("two years either way of the usual grade pass, three do not", () => {
    // Six on 1 September 2024, so a first-grader in 2024–2025 and a second-grader in 2025–2026.
    const born = "2018-05-20";
    expect(checkGradeForAge(2, born, APRIL).ok).toBe(true);
    expect(checkGradeForAge(4, born, APRIL).ok).toBe(true);
    expect(checkGradeForAge(5, born, APRIL).ok).toBe(false);
    // The pre-school class (grade 0, usually at five) for a seven-year-old: two years behind, passes.
    expect(checkGradeForAge(0, born, APRIL).ok).toBe(true);
    // Ten on 1 September 2025: the fifth grade is usual; the second is three years behind.
    const older = "2015-03-01";
    expect(checkGradeForAge(5, older, APRIL).ok).toBe(true);
    expect(checkGradeForAge(3, older, APRIL).ok).toBe(true);
    expect(checkGradeForAge(2, older, APRIL).ok).toBe(false);
  });

  it("the usual age is the first-grade service's: six on 1 September in the first grade, a year more in each grade after", () => {
    const firstGrade = getService("first-grade");
    expect(firstGrade).toMatchObject({ grade: 1, ageOn: { admission: "09-01", min: { age: 6 } } });
    // Six on 1 September 2025 (born the day before, in 2019): the first grade is usual in 2025–2026.
    const six = "2019-08-31";
    expect(checkGradeForAge(1, six, APRIL).ok).toBe(true);
    // Two grades ahead (the third) passes; three (the fourth) does not — it did when seven was taken as the first grade's age.
    expect(checkGradeForAge(3, six, APRIL).ok).toBe(true);
    expect(checkGradeForAge(4, six, APRIL).ok).toBe(false);
    // A nine-year-old (born 2016-05-20) in the first grade is three years behind: refused — it passed before.
    expect(checkGradeForAge(1, "2016-05-20", APRIL)).toMatchObject({ ok: false, error: "form-error-grade-age" });
    // Two years ahead: nine in the sixth grade (usual at eleven) passes — it was refused before.
    expect(checkGradeForAge(6, "2016-05-20", APRIL).ok).toBe(true);
  });

  it("in July the coming school year counts: a child turning seven in August may go into the first or second grade", () => {
    const born = "2019-08-15";
    expect(checkGradeForAge(1, born, JULY).ok).toBe(true);
    expect(checkGradeForAge(9, born, JULY)).toMatchObject({ ok: false, error: "form-error-grade-age" });
  });

  it("a saved child whose grade no longer fits the age is not taken as is", () => {
    const child = { fullName: "Серіков Алихан", iin: makeIin("2018-05-20", "male"), birthDate: "2018-05-20", grade: 11 };
    expect(savedChildAnswers(getService("meals"), child, APRIL)).toEqual({
      ok: false,
      error: "form-error-grade-age",
      args: { grade: 11, birthDate: "20.05.2018" },
    });
    expect(savedChildAnswers(getService("meals"), { ...child, grade: 1 }, APRIL).ok).toBe(true);
  });

  it("a service that admits to one grade asks none: the grade comes with the service", () => {
    for (const service of listServices().filter((s) => s.grade !== undefined)) {
      const draft = atGrade(service.id, "2020-02-02");
      expect(draft.child?.grade).toBe(service.grade);
    }
  });
});
