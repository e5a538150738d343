/**
 * Implausible identities are refused with a message saying what is wrong: a parent's IIN that
 * makes them unborn, a child or centuries old; a child's IIN outside the service's school age;
 * a "full name" that is initials or symbols.
 */
import { describe, expect, it } from "vitest";
import { ageOn, PARENT_AGE, validateField, type FieldDef, type FieldResult } from "#root/flows/form.ts";
import { t } from "#root/flows/i18n.ts";
import { iinCheckDigit, makeIin } from "#root/flows/iin.ts";
import { getService, listServices } from "#root/flows/services/index.ts";
import { serviceProblems } from "#root/flows/services/check.ts";

const NOW = new Date("2026-12-05T06:00:00Z"); // 5 December 2026 in Almaty
const parentIin: FieldDef = { kind: "iin", id: "iin", label: "x", age: PARENT_AGE };
const fullName: FieldDef = { kind: "text", format: "fullName", id: "name", label: "x" };
const errorOf = (r: FieldResult) => (r.ok ? null : r.error);

/** An IIN with an explicit century digit (makeIin picks the usual one from the year). */
function iinWithCentury(yymmdd: string, centuryDigit: number): string {
  for (let s = 1; s < 1000; s++) {
    const first11 = `${yymmdd}${centuryDigit}${String(s).padStart(4, "0")}`;
    const c = iinCheckDigit(first11);
    if (c !== null) return first11 + c;
  }
  throw new Error("no IIN");
}

describe("a parent's IIN must describe a person of an age to be a parent", () => {
  it("accepts parents from 16 to 100 years old today", () => {
    for (const born of ["1988-07-14", "2010-12-05", "1926-12-06"]) {
      expect(validateField(parentIin, makeIin(born, "female"), "ru", NOW).ok, born).toBe(true);
    }
  });

  it("refuses a birth date in the future (2031) with the date the IIN encodes", () => {
    const r = validateField(parentIin, makeIin("2031-01-01", "male"), "ru", NOW);
    expect(r).toEqual({ ok: false, error: "form-error-iin-future", args: { date: "01.01.2031" } });
    expect(t("ru", r.ok ? "" : r.error, r.ok ? {} : r.args)).toContain("01.01.2031");
  });

  it("refuses 1886 (century digit 1), a 15-year-old and a 101-year-old, saying the bounds in kk and ru", () => {
    const old = iinWithCentury("860101", 1);
    const results = [old, makeIin("2011-12-06", "female"), makeIin("1925-12-04", "male")].map((iin) =>
      validateField(parentIin, iin, "ru", NOW),
    );
    for (const r of results) expect(errorOf(r)).toBe("form-error-iin-parent-age");
    const first = results[0]!;
    expect(first.ok ? null : first.args).toEqual({ date: "01.01.1886", min: 16, max: 100 });
    for (const lang of ["kk", "ru"] as const) {
      const text = t(lang, "form-error-iin-parent-age", { date: "01.01.1886", min: 16, max: 100 });
      expect(text).toContain("01.01.1886");
      expect(text).toMatch(/16.*100/);
    }
  });

  it("an IIN field without age bounds still takes any real IIN (staff tools, signatures)", () => {
    expect(validateField({ kind: "iin", id: "iin", label: "x" }, makeIin("2031-01-01", "male"), "ru", NOW).ok).toBe(true);
  });

  it("counts full years, a birthday today included", () => {
    expect(ageOn("2010-12-05", "2026-12-05")).toBe(16);
    expect(ageOn("2010-12-06", "2026-12-05")).toBe(15);
    expect(ageOn("2012-02-29", "2026-02-28")).toBe(13);
  });
});

describe("a child's IIN must fit the service's school age (data in the service file)", () => {
  const childIin = (serviceId: string): FieldDef => {
    const service = listServices().find((s) => s.id === serviceId)!;
    return { kind: "iin", id: "iin", label: "x", age: { ...service.childAge, error: "apply-child-iin-not-a-pupil" } };
  };

  it("every service says the ages of its pupils: grades 0 to 11 with a margin, or a narrower range of its own (the first grade)", () => {
    for (const s of listServices()) {
      expect(s.childAge.min, s.id).toBeGreaterThanOrEqual(5);
      expect(s.childAge.max, s.id).toBeLessThanOrEqual(19);
      expect(serviceProblems(s)).toEqual([]);
    }
    expect(getService("meals").childAge).toEqual({ min: 5, max: 19 });
    expect(getService("home-schooling").childAge).toEqual({ min: 5, max: 19 });
    expect(getService("first-grade").childAge).toMatchObject({ min: 5, max: 9 });
    expect(serviceProblems({ ...listServices()[0]!, childAge: { min: 10, max: 3 } })).toEqual([expect.stringContaining("childAge")]);
  });

  it("refuses a one-year-old for school meals and a 25-year-old for home schooling; takes a 6- and a 17-year-old", () => {
    const baby = validateField(childIin("meals"), makeIin("2025-06-01", "male"), "ru", NOW);
    expect(baby).toEqual({ ok: false, error: "apply-child-iin-not-a-pupil", args: { date: "01.06.2025", min: 5, max: 19 } });
    expect(errorOf(validateField(childIin("home-schooling"), makeIin("2001-06-01", "female"), "ru", NOW))).toBe(
      "apply-child-iin-not-a-pupil",
    );
    expect(validateField(childIin("meals"), makeIin("2020-09-01", "female"), "ru", NOW).ok).toBe(true);
    expect(validateField(childIin("home-schooling"), makeIin("2009-03-01", "male"), "ru", NOW).ok).toBe(true);
    for (const lang of ["kk", "ru"] as const) {
      expect(t(lang, "apply-child-iin-not-a-pupil", { date: "01.06.2025", min: 5, max: 19 })).toMatch(/01\.06\.2025[\s\S]*5[\s\S]*19/);
    }
  });
});

describe("a full name is words of letters", () => {
  it("refuses a string of initials, digits and HTML", () => {
    expect(errorOf(validateField(fullName, "А-Б-В-Г-Д-Е Ж", "ru", NOW))).toBe("form-error-name-initials");
    expect(errorOf(validateField(fullName, "А Б Иванов", "ru", NOW))).toBe("form-error-name-initials");
    expect(errorOf(validateField(fullName, "Иванов-П Анна", "ru", NOW))).toBe("form-error-name-initials");
    expect(errorOf(validateField(fullName, "Иванов 2 Анна", "ru", NOW))).toBe("form-error-name-chars");
    expect(errorOf(validateField(fullName, "<b>Иванов</b> Анна", "ru", NOW))).toBe("form-error-name-chars");
    expect(errorOf(validateField(fullName, "-Иванов Анна", "ru", NOW))).toBe("form-error-name-chars");
    expect(errorOf(validateField(fullName, "Иванов' Анна", "ru", NOW))).toBe("form-error-name-chars");
    expect(errorOf(validateField(fullName, "Иванова", "ru", NOW))).toBe("form-error-full-name-words");
    for (const lang of ["kk", "ru"] as const) expect(t(lang, "form-error-name-initials")).toMatch(/Анна-Мария/);
  });

  it("accepts Kazakh letters, double names, apostrophes inside a word and a one-letter Korean surname", () => {
    for (const name of [
      "Әлімова Гауһар Құрманқызы",
      "ҮМБЕТОВА Һәдия Іңкәрқызы",
      "Ғалым Ұлан Өмірзақұлы",
      "Ахметова Анна-Мария",
      "O'Neil Mary",
      "Ю Ирина Викторовна",
      "Ли Ен Хо",
    ]) {
      expect(validateField(fullName, name, "ru", NOW), name).toEqual({ ok: true, value: name });
    }
  });
});
