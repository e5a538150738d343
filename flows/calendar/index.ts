/**
 * Kazakhstan's working-day calendar, year by year, as data: the years shipped in
 * `flows/calendar/years/kz-<year>.json`, each of which a file of the same name in the calendar
 * directory replaces (an operator adds next year's decree without a release; see
 * `npm run calendar:check`). Deadlines already computed are stored with their application and
 * do not move when the calendar does.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { addDays, almatyDate, isIsoDate, weekday } from "./almaty.ts";
import { yearCalendarSchema, type YearCalendar } from "./types.ts";

export type { Holiday, Transfer, YearCalendar } from "./types.ts";

const SHIPPED_DIR = fileURLToPath(new URL("./years/", import.meta.url));
const FILE_NAME = /^kz-(\d{4})\.json$/;

/** A year's data and the file it came from. */
export interface LoadedYear {
  data: YearCalendar;
  file: string;
  source: "shipped" | "override";
}

/** Thrown when a date falls in a year without calendar data. */
export class MissingCalendarYearError extends Error {
  constructor(readonly year: number) {
    super(
      `No working-day calendar for ${year}: put kz-${year}.json (that year's public holidays and ` +
        `decreed transfers, as flows/calendar/years/kz-*.json) in the calendar directory ` +
        `(CALENDAR_DIR, by default DATA_DIR/calendar) and restart; npm run calendar:check ` +
        `shows what is loaded (known years: ${knownYears().join(", ")}).`,
    );
    this.name = "MissingCalendarYearError";
  }
}

/** A calendar file that cannot be used: the file and what is wrong, in one line. */
export class CalendarFileError extends Error {
  constructor(file: string, problem: string) {
    super(`Calendar file ${file}: ${problem}`);
    this.name = "CalendarFileError";
  }
}

function parseYearFile(file: string): YearCalendar {
  const year = Number(FILE_NAME.exec(file.split("/").pop() ?? "")?.[1]);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new CalendarFileError(file, `not readable JSON (${(err as Error).message})`);
  }
  const parsed = yearCalendarSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new CalendarFileError(file, `${issue.path.join(".") || "the file"}: ${issue.message}`);
  }
  const data = parsed.data;
  if (data.year !== year) throw new CalendarFileError(file, `"year" is ${data.year}, the file name says ${year}`);
  const dates = [...data.holidays.map((h) => h.date), ...data.transfers.flatMap((t) => [t.from, t.to])];
  for (const d of dates) {
    if (!d.startsWith(`${year}-`) || !isIsoDate(d)) {
      throw new CalendarFileError(file, `${d} is not a date of ${year}`);
    }
  }
  return data;
}

function readDir(dir: string, source: LoadedYear["source"]): LoadedYear[] {
  if (!existsSync(dir)) return [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    const error = new CalendarFileError(dir, "");
    const code = (err as NodeJS.ErrnoException).code ?? (err as Error).message;
    error.message = `Calendar folder ${dir}: not a folder that can be read (${code})`;
    throw error;
  }
  return names
    .filter((f) => FILE_NAME.test(f))
    .sort()
    .map((f) => ({ data: parseYearFile(join(dir, f)), file: join(dir, f), source }));
}

let years = new Map<number, LoadedYear>(readDir(SHIPPED_DIR, "shipped").map((y) => [y.data.year, y]));
const daysOffCache = new Map<number, ReadonlySet<string>>();

/**
 * Load the calendar directory's files over the shipped years (a file replaces its year whole).
 * Throws {@link CalendarFileError} for a file that cannot be used, leaving the calendar as it was.
 */
export function useCalendarDir(dir: string | undefined): LoadedYear[] {
  const next = new Map<number, LoadedYear>(readDir(SHIPPED_DIR, "shipped").map((y) => [y.data.year, y]));
  if (dir) for (const y of readDir(dir, "override")) next.set(y.data.year, y);
  years = next;
  daysOffCache.clear();
  return [...years.values()].sort((a, b) => a.data.year - b.data.year);
}

/** The years this calendar knows. */
export function knownYears(): number[] {
  return [...years.keys()].sort((a, b) => a - b);
}

/** A year's data and where it came from, or undefined. */
export function calendarYear(year: number): LoadedYear | undefined {
  return years.get(year);
}

const isWeekend = (isoDate: string): boolean => {
  const d = weekday(isoDate);
  return d === 0 || d === 6;
};

/** Why a day is off (weekends aside), for `calendar:check`. */
export interface DayOff {
  date: string;
  why: string;
}

/**
 * The non-working weekdays of `year` with their reasons: holidays, the weekday given for a
 * non-religious holiday on a weekend (the next working day, Labour Code art. 85), and the decreed
 * transfers. Throws {@link MissingCalendarYearError} for a year without data.
 */
export function weekdaysOff(year: number): DayOff[] {
  const data = years.get(year)?.data;
  if (!data) throw new MissingCalendarYearError(year);
  const off = new Map<string, string>();
  const holidays = [...data.holidays].sort((a, b) => a.date.localeCompare(b.date));
  for (const h of holidays) off.set(h.date, h.name + (h.unconfirmed ? " (unconfirmed)" : ""));
  // Carry-overs in date order, so that 21–22 March on a weekend take Tuesday and Wednesday
  // when Monday the 23rd is itself a holiday.
  for (const h of holidays) {
    if (h.religious || !isWeekend(h.date)) continue;
    let next = addDays(h.date, 1);
    while (off.has(next) || isWeekend(next)) next = addDays(next, 1);
    off.set(next, `for ${h.name} on ${h.date}`);
  }
  for (const t of data.transfers) {
    off.delete(t.from);
    off.set(t.to, `transferred from ${t.from} (${t.source})`);
  }
  return [...off]
    .filter(([d]) => !isWeekend(d))
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, why]) => ({ date, why }));
}

/**
 * Every non-working day of `year` (ISO dates): weekends and {@link weekdaysOff}, less the
 * weekend days a transfer made working. Throws {@link MissingCalendarYearError} for a year
 * without data.
 */
export function daysOff(year: number): ReadonlySet<string> {
  const cached = daysOffCache.get(year);
  if (cached) return cached;
  const data = years.get(year)?.data;
  if (!data) throw new MissingCalendarYearError(year);
  const off = new Set<string>();
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) if (isWeekend(d)) off.add(d);
  for (const h of data.holidays) off.add(h.date);
  for (const d of weekdaysOff(year)) off.add(d.date);
  for (const t of data.transfers) off.delete(t.from);
  daysOffCache.set(year, off);
  return off;
}

/** The holiday entries of `year` (for a calendar page). */
export function holidaysOf(year: number): YearCalendar["holidays"] {
  const data = years.get(year)?.data;
  if (!data) throw new MissingCalendarYearError(year);
  return data.holidays;
}

/** How ready a year is: confirmed, present but provisional, or missing. */
export type YearReadiness = "confirmed" | "unconfirmed" | "missing";

export interface CalendarCheck {
  year: number;
  readiness: YearReadiness;
  /** What an operator should do, when anything. */
  warning?: string;
}

/**
 * The years that must be ready at `now`: this one, and from 1 December (Almaty) the next,
 * since deadlines of applications registered in December run into January.
 */
export function checkCalendar(now: Date): CalendarCheck[] {
  const today = almatyDate(now);
  const year = Number(today.slice(0, 4));
  const wanted = today.slice(5) >= "12-01" ? [year, year + 1] : [year];
  return wanted.map((y) => {
    const loaded = years.get(y);
    if (!loaded) {
      return {
        year: y,
        readiness: "missing",
        warning:
          `no working-day calendar for ${y}: deadlines running into ${y} ` +
          `cannot be computed; add kz-${y}.json to the calendar directory`,
      };
    }
    if (!loaded.data.confirmed || loaded.data.holidays.some((h) => h.unconfirmed)) {
      return {
        year: y,
        readiness: "unconfirmed",
        warning: `the working-day calendar for ${y} is unconfirmed (${loaded.file}): check it against the decree and set "confirmed": true`,
      };
    }
    return { year: y, readiness: "confirmed" };
  });
}
