/**
 * The working-day calendar is data an operator can update without a release: a file in the
 * calendar directory replaces or adds a year, a broken file is refused with one line naming it,
 * and from 1 December a missing or unconfirmed next year is a warning.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { calendarYear, checkCalendar, CalendarFileError, useCalendarDir } from "#root/flows/calendar/index.ts";
import { startCalendarMonitor } from "#root/flows/calendar/monitor.ts";
import { addWorkingDays, isWorkingDay } from "#root/flows/sla.ts";

const almaty = (local: string) => new Date(`${local}+05:00`);
const endOf = (day: string) => new Date(`${day}T23:59:59.999+05:00`);

function dirWith(files: Record<string, unknown>): string {
  const dir = mkdtempSync(join(tmpdir(), "calendar-"));
  for (const [name, content] of Object.entries(files))
    writeFileSync(join(dir, name), typeof content === "string" ? content : JSON.stringify(content));
  return dir;
}

const year2028 = {
  year: 2028,
  confirmed: true,
  holidays: [
    { date: "2028-01-01", name: "New Year" },
    { date: "2028-01-02", name: "New Year" },
    { date: "2028-01-07", name: "Orthodox Christmas", religious: true },
  ],
  transfers: [{ from: "2028-01-08", to: "2028-01-04", source: "a test decree" }],
  note: "test data",
};

afterEach(() => {
  useCalendarDir(undefined);
});

describe("an operator's calendar file", () => {
  it("adds a year: a deadline running into it can be computed, with its holidays and transfers", () => {
    expect(() => addWorkingDays(almaty("2027-12-29T10:00:00"), 5)).toThrow(/kz-2028\.json/);
    useCalendarDir(dirWith({ "kz-2028.json": year2028 }));
    expect(isWorkingDay("2028-01-03")).toBe(false); // Monday for 2 January on a Sunday
    expect(isWorkingDay("2028-01-04")).toBe(false); // transferred day off
    expect(isWorkingDay("2028-01-08")).toBe(true); // the Saturday worked instead
    // Wed 29 Dec 2027: 30, 31 Dec, then 5, 6 Jan, and Sat 8 Jan (worked) is the fifth.
    expect(addWorkingDays(almaty("2027-12-29T10:00:00"), 5)).toEqual(endOf("2028-01-08"));
  });

  it("replaces a shipped year whole: next year's confirmed Kurban Ait moves a deadline", () => {
    const shipped = calendarYear(2027)!.data;
    expect(isWorkingDay("2027-05-17")).toBe(true);
    const confirmed = {
      ...shipped,
      confirmed: true,
      holidays: shipped.holidays.map((h) => (h.name.startsWith("Kurban") ? { date: "2027-05-17", name: h.name, religious: true } : h)),
    };
    useCalendarDir(dirWith({ "kz-2027.json": confirmed }));
    expect(calendarYear(2027)!.source).toBe("override");
    expect(isWorkingDay("2027-05-17")).toBe(false);
    expect(isWorkingDay("2027-05-16")).toBe(false); // a Sunday anyway
  });

  it("a file that cannot be used is refused in one line naming it, and the calendar stays as it was", () => {
    const cases: Array<[unknown, RegExp]> = [
      ["{ not json", /kz-2028\.json: not readable JSON/],
      [{ ...year2028, year: 2029 }, /"year" is 2029, the file name says 2028/],
      [{ ...year2028, holidays: [{ date: "2028-02-30", name: "No such day" }] }, /2028-02-30 is not a date of 2028/],
      [{ ...year2028, holidays: [{ date: "2027-12-31", name: "Wrong year" }] }, /2027-12-31 is not a date of 2028/],
      [{ ...year2028, confirmed: "yes" }, /confirmed/],
      [{ ...year2028, holidays: [{ date: "2028-01-01", name: "New Year", extra: 1 }] }, /holidays\.0/],
    ];
    for (const [content, message] of cases) {
      const dir = dirWith({ "kz-2028.json": content });
      const attempt = () => useCalendarDir(dir);
      expect(attempt).toThrow(CalendarFileError);
      expect(attempt).toThrow(message);
      expect(() => attempt()).toThrow(/^Calendar file .*kz-2028\.json: [^\n]+$/);
      expect(calendarYear(2028)).toBeUndefined();
    }
  });
});

describe("what must be ready", () => {
  it("in November only this year; from 1 December the next one too, missing or unconfirmed", () => {
    expect(checkCalendar(almaty("2026-11-30T23:00:00"))).toEqual([{ year: 2026, readiness: "confirmed" }]);
    const december = checkCalendar(almaty("2026-12-01T00:30:00"));
    expect(december.map((c) => [c.year, c.readiness])).toEqual([
      [2026, "confirmed"],
      [2027, "unconfirmed"],
    ]);
    expect(december[1]!.warning).toMatch(/2027 is unconfirmed/);
    const later = checkCalendar(almaty("2027-12-05T09:00:00"));
    expect(later.map((c) => [c.year, c.readiness])).toEqual([
      [2027, "unconfirmed"],
      [2028, "missing"],
    ]);
    expect(later[1]!.warning).toMatch(/no working-day calendar for 2028.*kz-2028\.json/);
  });

  it("the log warns at start while a needed year is missing or unconfirmed, and not before December", () => {
    const warned: string[] = [];
    const log = { warn: (m: string) => warned.push(m) } as never;
    let now = almaty("2026-11-30T10:00:00");
    const quiet = startCalendarMonitor({ log, now: () => now });
    quiet.stop();
    expect(warned).toEqual([]);
    now = almaty("2026-12-05T10:00:00");
    const monitor = startCalendarMonitor({ log, now: () => now, everyMs: 60_000 });
    monitor.stop();
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatch(/working-day calendar: .*2027 is unconfirmed/);
  });
});
