/**
 * Calendar dates in Kazakhstan time. Since 2024-03-01 the whole country is on a single zone,
 * UTC+5 without daylight saving, so a fixed offset is exact for every date this service
 * handles — and, unlike `Intl` or `Date#getDate()`, it cannot depend on the machine's `TZ`.
 */

/** Kazakhstan's offset from UTC, in milliseconds (UTC+5). */
export const ALMATY_OFFSET_MS = 5 * 60 * 60 * 1000;

const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The calendar date (`YYYY-MM-DD`) in Almaty at the instant `at`. */
export function almatyDate(at: Date): string {
  if (Number.isNaN(at.getTime())) throw new Error("almatyDate: got an invalid Date");
  return new Date(at.getTime() + ALMATY_OFFSET_MS).toISOString().slice(0, 10);
}

/** Milliseconds since the epoch of 00:00 UTC on `isoDate`; throws on a malformed date. */
function utcMidnight(isoDate: string): number {
  const m = ISO_DATE.exec(isoDate);
  if (!m) throw new Error(`Expected a date as YYYY-MM-DD, got "${isoDate}"`);
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  if (new Date(ms).toISOString().slice(0, 10) !== isoDate) {
    throw new Error(`"${isoDate}" is not a calendar date`);
  }
  return ms;
}

/** The first instant (00:00:00.000 Almaty) of `isoDate`, as a UTC `Date`. */
export function startOfAlmatyDay(isoDate: string): Date {
  return new Date(utcMidnight(isoDate) - ALMATY_OFFSET_MS);
}

/** The last instant (23:59:59.999 Almaty) of `isoDate`, as a UTC `Date`. */
export function endOfAlmatyDay(isoDate: string): Date {
  return new Date(utcMidnight(isoDate) - ALMATY_OFFSET_MS + DAY_MS - 1);
}

/** `isoDate` shifted by `days` calendar days. */
export function addDays(isoDate: string, days: number): string {
  return new Date(utcMidnight(isoDate) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Day of the week of `isoDate`: 0 = Sunday … 6 = Saturday. */
export function weekday(isoDate: string): number {
  return new Date(utcMidnight(isoDate)).getUTCDay();
}

/** True when `isoDate` is a well-formed, real calendar date. */
export function isIsoDate(isoDate: string): boolean {
  try {
    utcMidnight(isoDate);
    return true;
  } catch {
    return false;
  }
}
