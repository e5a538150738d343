/**
 * Working days and deadlines in Kazakhstan (Asia/Almaty time, UTC+5). A service's term is
 * counted in working days after registration; the deadline is the end of the last of them.
 * Holidays and decreed transfers are data in `flows/calendar/`; a year without data throws
 * instead of quietly counting holidays as working days.
 */
import { addDays, almatyDate, endOfAlmatyDay, isIsoDate } from "./calendar/almaty.ts";
import { daysOff } from "./calendar/index.ts";

export { almatyDate, endOfAlmatyDay, startOfAlmatyDay } from "./calendar/almaty.ts";
export { MissingCalendarYearError } from "./calendar/index.ts";

/** Safety net for the day-by-day walks below: no term in this service is a year long. */
const MAX_SPAN_DAYS = 3 * 366;

function toIsoDate(date: Date | string): string {
  if (typeof date === "string") {
    if (!isIsoDate(date)) throw new Error(`Expected a date as YYYY-MM-DD, got "${date}"`);
    return date;
  }
  return almatyDate(date);
}

function isWorkingIso(isoDate: string): boolean {
  return !daysOff(Number(isoDate.slice(0, 4))).has(isoDate);
}

/**
 * True when `date` is a working day in Kazakhstan (five-day week). A `Date` is read as the
 * calendar day in Almaty at that instant; a string must be `YYYY-MM-DD`.
 * Throws for a year without calendar data.
 */
export function isWorkingDay(date: Date | string): boolean {
  return isWorkingIso(toIsoDate(date));
}

/** The first working day on or after `isoDate`. */
function workingDayOnOrAfter(isoDate: string): string {
  let d = isoDate;
  for (let i = 0; !isWorkingIso(d); i++) {
    if (i > MAX_SPAN_DAYS) throw new Error(`No working day found after ${isoDate}`);
    d = addDays(d, 1);
  }
  return d;
}

/**
 * The deadline `n` working days after `from` (the registration instant): the end of the n-th
 * working day after the registration day, 23:59:59.999 in Almaty, as a UTC `Date`.
 * A registration on a non-working day counts as made on the next working day. `n = 0` gives
 * the end of the registration (working) day.
 */
export function addWorkingDays(from: Date, n: number): Date {
  if (!Number.isInteger(n) || n < 0) {
    throw new Error(`addWorkingDays: n must be a whole number of days ≥ 0, got ${n}`);
  }
  let day = workingDayOnOrAfter(almatyDate(from));
  for (let left = n; left > 0; left--) day = workingDayOnOrAfter(addDays(day, 1));
  return endOfAlmatyDay(day);
}

/**
 * Working days after `from`'s day up to and including `to`'s day (Almaty calendar days);
 * negative when `to` is before `from`. "Two working days left" in the staff digest.
 */
export function workingDaysBetween(from: Date, to: Date): number {
  const a = almatyDate(from);
  const b = almatyDate(to);
  if (a === b) return 0;
  const [lo, hi, sign] = a < b ? [a, b, 1] : [b, a, -1];
  let count = 0;
  let d = lo;
  for (let i = 0; d < hi; i++) {
    if (i > MAX_SPAN_DAYS) throw new Error(`workingDaysBetween: span from ${lo} to ${hi} is too long`);
    d = addDays(d, 1);
    if (isWorkingIso(d)) count++;
  }
  return sign * count;
}

/** True when the deadline has passed at `now`. */
export function isOverdue(deadline: Date, now: Date): boolean {
  return now.getTime() > deadline.getTime();
}

/** True when the deadline falls later today (Almaty) — for the morning digest. */
export function dueToday(deadline: Date, now: Date): boolean {
  return !isOverdue(deadline, now) && almatyDate(deadline) === almatyDate(now);
}

/** The deadline of a service registered at `registeredAt` (the term lives in the service file). */
export function deadlineFor(service: { sla: { workingDays: number } }, registeredAt: Date): Date {
  return addWorkingDays(registeredAt, service.sla.workingDays);
}
