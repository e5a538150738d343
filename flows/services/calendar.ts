/**
 * The days of the year a service's rules name: the days the child's age is counted on, and the
 * period applications are taken. Counted in Almaty time, as the schools count them.
 */
import { almatyDate } from "#root/flows/calendar/almaty.ts";
import type { DayOfYear, ServiceDefinition } from "./types.ts";

const DAY = /^(\d{2})-(\d{2})$/;

/** Whether `day` is a real `MM-DD` (29 February counts: it exists in leap years). */
export function isDayOfYear(day: string): day is DayOfYear {
  const m = DAY.exec(day);
  if (!m) return false;
  const date = new Date(Date.UTC(2024, Number(m[1]) - 1, Number(m[2])));
  return date.getUTCMonth() === Number(m[1]) - 1 && date.getUTCDate() === Number(m[2]);
}

/** The date of `day` on or after `todayIso` (this year's, or next year's once it has passed). */
export function nextDay(day: DayOfYear, todayIso: string): string {
  const year = Number(todayIso.slice(0, 4));
  const thisYear = `${year}-${day}`;
  return thisYear >= todayIso ? thisYear : `${year + 1}-${day}`;
}

/** Full years between a birth date and a date (both `YYYY-MM-DD`). */
export function fullYears(birthDate: string, onIso: string): number {
  const years = Number(onIso.slice(0, 4)) - Number(birthDate.slice(0, 4));
  return onIso.slice(5) >= birthDate.slice(5) ? years : years - 1;
}

/** A child's age in full years on a day (`YYYY-MM-DD`). */
export interface AgeAt {
  day: string;
  age: number;
}

/** Where a child's age is against a service's `ageOn` range: younger, in it, older. */
export type AgeSide = "below" | "within" | "above";

/**
 * The child's age on the days of the service's `ageOn` rule, for the admission on its next day
 * from `now`, and which side of the range it is on; undefined for a service without the rule.
 */
export function ageOnDay(
  service: Pick<ServiceDefinition, "ageOn">,
  birthDate: string,
  now: Date,
): { min: AgeAt; max: AgeAt; side: AgeSide } | undefined {
  const rule = service.ageOn;
  if (!rule) return undefined;
  const year = nextDay(rule.admission, almatyDate(now)).slice(0, 4);
  const at = (day: DayOfYear): AgeAt => ({ day: `${year}-${day}`, age: fullYears(birthDate, `${year}-${day}`) });
  const min = at(rule.min.by);
  const max = at(rule.max.on);
  const side = min.age < rule.min.age ? "below" : max.age > rule.max.age ? "above" : "within";
  return { min, max, side };
}

/** Whether applications are taken on `now`'s day; when not, the next period's first and last days. */
export type PeriodState = { open: true } | { open: false; from: string; to: string };

export function periodState(service: Pick<ServiceDefinition, "open">, now: Date): PeriodState {
  const period = service.open;
  if (!period) return { open: true };
  const today = almatyDate(now);
  const md = today.slice(5);
  // A period across the new year (from > to) is open after `from` or before `to`.
  const wraps = period.from > period.to;
  const open = wraps ? md >= period.from || md <= period.to : md >= period.from && md <= period.to;
  if (open) return { open: true };
  const from = nextDay(period.from, today);
  const fromYear = Number(from.slice(0, 4));
  return { open: false, from, to: `${wraps ? fromYear + 1 : fromYear}-${period.to}` };
}
