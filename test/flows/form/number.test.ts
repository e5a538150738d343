/**
 * The grade a saved child is in now: a grade higher for each school year since the one it was
 * given for — so next year's statement does not state last year's grade.
 */
import { describe, expect, it } from "vitest";
import { gradeNow, schoolYearOf } from "#root/flows/form/number.ts";

const at = (iso: string) => new Date(`${iso}T06:00:00Z`);

describe("the school year", () => {
  it("is named by the year it begins: 2025–2026 until May 2026, 2026–2027 from June (applications for the coming one)", () => {
    expect(schoolYearOf(at("2025-10-01"))).toBe(2025);
    expect(schoolYearOf(at("2026-05-31"))).toBe(2025);
    expect(schoolYearOf(at("2026-06-01"))).toBe(2026);
    expect(schoolYearOf(at("2026-09-01"))).toBe(2026);
  });
});

describe("the grade a saved child is in now", () => {
  const fourth2025 = { grade: 4, gradeYear: 2025 };

  it("a child saved in 4th grade in 2025–2026 is in 5th grade in 2026–2027, and in 7th in 2028–2029", () => {
    expect(gradeNow(fourth2025, at("2026-10-01"))).toBe(5);
    expect(gradeNow(fourth2025, at("2028-10-01"))).toBe(7);
  });

  it("a child saved this school year keeps the grade", () => {
    expect(gradeNow(fourth2025, at("2025-10-01"))).toBe(4);
    expect(gradeNow(fourth2025, at("2026-05-20"))).toBe(4);
  });

  it("is not told past 11th grade, nor when the year is not known or is later than now's: the grade is asked", () => {
    expect(gradeNow({ grade: 11, gradeYear: 2025 }, at("2025-12-01"))).toBe(11);
    expect(gradeNow({ grade: 11, gradeYear: 2025 }, at("2026-10-01"))).toBeUndefined();
    expect(gradeNow({ grade: 10, gradeYear: 2024 }, at("2026-10-01"))).toBeUndefined();
    expect(gradeNow({ grade: 4, gradeYear: null }, at("2026-10-01"))).toBeUndefined();
    expect(gradeNow({ grade: 4, gradeYear: 2027 }, at("2026-10-01"))).toBeUndefined();
  });
});
