import { describe, expect, it } from "vitest";
import { getService } from "#root/flows/services/index.ts";
import {
  MissingCalendarYearError,
  addWorkingDays,
  deadlineFor,
  dueToday,
  isOverdue,
  isWorkingDay,
  workingDaysBetween,
} from "#root/flows/sla.ts";
import { addDays } from "#root/flows/calendar/almaty.ts";

/** An instant written in Almaty local time (UTC+5), independent of the machine's TZ. */
const almaty = (local: string) => new Date(`${local}+05:00`);
/** The end of a day in Almaty, 23:59:59.999, as the UTC instant the code must return. */
const endOf = (day: string) => new Date(`${day}T23:59:59.999+05:00`);

describe("working days", () => {
  it("weekends and public holidays are days off", () => {
    expect(isWorkingDay("2026-02-06")).toBe(true); // Friday
    expect(isWorkingDay("2026-02-07")).toBe(false); // Saturday
    expect(isWorkingDay("2026-12-16")).toBe(false); // Independence Day
    expect(isWorkingDay("2026-05-27")).toBe(false); // Kurban Ait
  });

  it("a holiday on a weekend gives the next working day off", () => {
    expect(isWorkingDay("2026-05-11")).toBe(false); // Victory Day was on Saturday
    expect(isWorkingDay("2026-03-24")).toBe(false); // Nauryz 21–22 March on the weekend…
    expect(isWorkingDay("2026-03-25")).toBe(false); // …moved past Monday the 23rd, itself a holiday
    expect(isWorkingDay("2026-03-26")).toBe(true);
    expect(isWorkingDay("2027-01-04")).toBe(false); // 2 January 2027 is a Saturday
  });

  it("Constitution Day moved with the 2026 Constitution: 30 August 2026 gave no day off, 15 March is one from 2027", () => {
    expect(isWorkingDay("2026-08-31")).toBe(true); // was the Monday given for Sunday 30 August
    expect(isWorkingDay("2025-09-01")).toBe(false); // 30 August 2025 still counted
    expect(isWorkingDay("2027-03-15")).toBe(false); // Monday, Constitution Day
    expect(isWorkingDay("2027-08-30")).toBe(true); // Monday, an ordinary working day
  });

  it("a religious holiday on a weekend does not move", () => {
    expect(isWorkingDay("2027-05-16")).toBe(false); // Kurban Ait on a Sunday
    expect(isWorkingDay("2027-05-17")).toBe(true);
  });

  it("follows the decreed transfer of 2025: Sunday 5 January worked, Friday 3 January off", () => {
    expect(isWorkingDay("2025-01-05")).toBe(true);
    expect(isWorkingDay("2025-01-03")).toBe(false);
  });

  it("matches the official totals: 246 working days in 2025, 247 in 2026 (30 August no longer off)", () => {
    for (const [year, total] of [
      [2025, 246],
      [2026, 247],
    ] as const) {
      let count = 0;
      for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) if (isWorkingDay(d)) count++;
      expect(count, String(year)).toBe(total);
    }
  });

  it("reads a Date as the calendar day in Almaty", () => {
    // 20:00 UTC on Friday 6 February is 01:00 on Saturday in Almaty.
    expect(isWorkingDay(new Date("2026-02-06T18:59:59Z"))).toBe(true);
    expect(isWorkingDay(new Date("2026-02-06T20:00:00Z"))).toBe(false);
  });
});

describe("deadlines", () => {
  it("counts across a weekend and ends at 23:59:59.999 in Almaty", () => {
    const deadline = addWorkingDays(almaty("2026-02-04T10:00:00"), 5); // Wednesday
    expect(deadline).toEqual(endOf("2026-02-11"));
    expect(deadline.toISOString()).toBe("2026-02-11T18:59:59.999Z");
  });

  it("registration on Friday 20 March 2026 skips Nauryz and its moved days off", () => {
    expect(addWorkingDays(almaty("2026-03-20T16:00:00"), 5)).toEqual(endOf("2026-04-01"));
    expect(addWorkingDays(almaty("2026-03-20T16:00:00"), 1)).toEqual(endOf("2026-03-26"));
  });

  it("a registration on a Sunday counts from Monday", () => {
    expect(addWorkingDays(almaty("2026-02-08T12:00:00"), 1)).toEqual(endOf("2026-02-10"));
    expect(addWorkingDays(almaty("2026-02-09T09:00:00"), 1)).toEqual(endOf("2026-02-10"));
  });

  it("counts a decreed working Sunday as a working day", () => {
    // Registered on the New Year holiday: the next working day is Sunday 5 January 2025.
    expect(addWorkingDays(almaty("2025-01-02T12:00:00"), 1)).toEqual(endOf("2025-01-06"));
    // 7 January is Christmas.
    expect(addWorkingDays(almaty("2025-01-02T12:00:00"), 2)).toEqual(endOf("2025-01-08"));
  });

  it("the day is decided in Almaty, not in UTC", () => {
    // Wednesday 23:59 in Almaty vs Thursday 01:00 in Almaty — both are Wednesday in UTC.
    expect(addWorkingDays(new Date("2026-02-04T18:59:00Z"), 1)).toEqual(endOf("2026-02-05"));
    expect(addWorkingDays(new Date("2026-02-04T20:00:00Z"), 1)).toEqual(endOf("2026-02-06"));
  });

  it("takes the term from the service file", () => {
    const registered = almaty("2026-02-04T10:00:00");
    expect(deadlineFor(getService("meals"), registered)).toEqual(endOf("2026-02-11"));
    expect(deadlineFor(getService("home-schooling"), registered)).toEqual(endOf("2026-02-05"));
  });

  it("refuses a negative or fractional term", () => {
    expect(() => addWorkingDays(new Date("2026-02-04T10:00:00Z"), -1)).toThrow(/whole number/);
    expect(() => addWorkingDays(new Date("2026-02-04T10:00:00Z"), 1.5)).toThrow(/whole number/);
  });
});

describe("a year without calendar data", () => {
  it("throws, naming the year and the file to add", () => {
    expect(() => isWorkingDay("2030-01-10")).toThrow(MissingCalendarYearError);
    expect(() => isWorkingDay("2030-01-10")).toThrow(/2030.*kz-2030\.json.*calendar directory/);
  });

  it("throws when a deadline runs into it, instead of counting holidays as working days", () => {
    expect(() => addWorkingDays(almaty("2027-12-29T10:00:00"), 5)).toThrow(/kz-2028\.json/);
  });
});

describe("the morning digest", () => {
  const deadline = endOf("2026-04-01");

  it("due today from Almaty midnight to the deadline", () => {
    expect(dueToday(deadline, new Date("2026-03-31T19:30:00Z"))).toBe(true); // 00:30 in Almaty
    expect(dueToday(deadline, almaty("2026-04-01T09:00:00"))).toBe(true);
    expect(dueToday(deadline, almaty("2026-03-31T23:00:00"))).toBe(false);
  });

  it("overdue only after the deadline", () => {
    expect(isOverdue(deadline, almaty("2026-04-01T23:59:59"))).toBe(false);
    expect(isOverdue(deadline, almaty("2026-04-02T00:00:00"))).toBe(true);
    expect(dueToday(deadline, almaty("2026-04-02T00:00:00"))).toBe(false);
  });

  it("counts working days left", () => {
    const registered = almaty("2026-03-20T16:00:00");
    expect(workingDaysBetween(registered, deadline)).toBe(5);
    expect(workingDaysBetween(deadline, registered)).toBe(-5);
    expect(workingDaysBetween(registered, almaty("2026-03-20T23:00:00"))).toBe(0);
  });
});
