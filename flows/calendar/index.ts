/**
 * Kazakhstan's working-day calendar, year by year, built from the data files `kz-<year>.ts`.
 * To add a year: write `flows/calendar/kz-<year>.ts` (copy the previous one) and list it in
 * `YEARS` below.
 */
import { addDays, weekday } from "./almaty.ts";
import { kz2025 } from "./kz-2025.ts";
import { kz2026 } from "./kz-2026.ts";
import { kz2027 } from "./kz-2027.ts";
import type { YearCalendar } from "./types.ts";

export type { Holiday, Transfer, YearCalendar } from "./types.ts";

const YEARS: readonly YearCalendar[] = [kz2025, kz2026, kz2027];

/** The years this calendar knows. */
export const CALENDAR_YEARS: readonly number[] = YEARS.map((y) => y.year);

/** Thrown when a date falls in a year without calendar data. */
export class MissingCalendarYearError extends Error {
  constructor(readonly year: number) {
    super(
      `No working-day calendar for ${year}: add flows/calendar/kz-${year}.ts with that year's ` +
        `public holidays and decreed transfers, and list it in flows/calendar/index.ts ` +
        `(known years: ${CALENDAR_YEARS.join(", ")}).`,
    );
    this.name = "MissingCalendarYearError";
  }
}

const daysOffCache = new Map<number, ReadonlySet<string>>();

const isWeekend = (isoDate: string): boolean => {
  const d = weekday(isoDate);
  return d === 0 || d === 6;
};

/**
 * Every non-working day of `year` (ISO dates): weekends, holidays, the weekday given for a
 * non-religious holiday on a weekend (the next working day, Labour Code art. 85), and the
 * decreed transfers. Throws {@link MissingCalendarYearError} for a year without data.
 */
export function daysOff(year: number): ReadonlySet<string> {
  const cached = daysOffCache.get(year);
  if (cached) return cached;
  const data = YEARS.find((y) => y.year === year);
  if (!data) throw new MissingCalendarYearError(year);

  const off = new Set<string>();
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) {
    if (isWeekend(d)) off.add(d);
  }
  const holidays = [...data.holidays].sort((a, b) => a.date.localeCompare(b.date));
  for (const h of holidays) off.add(h.date);
  // Carry-overs in date order, so that 21–22 March on a weekend take Tuesday and Wednesday
  // when Monday the 23rd is itself a holiday.
  for (const h of holidays) {
    if (h.religious || !isWeekend(h.date)) continue;
    let next = addDays(h.date, 1);
    while (off.has(next)) next = addDays(next, 1);
    off.add(next);
  }
  for (const t of data.transfers) {
    off.delete(t.from);
    off.add(t.to);
  }
  daysOffCache.set(year, off);
  return off;
}

/** The holiday entries of `year` (for a calendar page). */
export function holidaysOf(year: number): readonly YearCalendar["holidays"][number][] {
  const data = YEARS.find((y) => y.year === year);
  if (!data) throw new MissingCalendarYearError(year);
  return data.holidays;
}
