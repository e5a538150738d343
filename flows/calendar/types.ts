/**
 * The shape of one year of Kazakhstan's working-day calendar: a JSON file `kz-<year>.json`,
 * shipped in `flows/calendar/years/` and overridable, without a release, by a file of the same
 * name in the calendar directory (`CALENDAR_DIR`, by default `DATA_DIR/calendar`).
 */
import { z } from "zod";

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "a date as YYYY-MM-DD");

/** A public holiday as set by the Law "On holidays in the Republic of Kazakhstan". */
export const holidaySchema = z.strictObject({
  date: isoDate,
  /** What is celebrated (for people reading the data; never shown to parents). */
  name: z.string().min(1),
  /**
   * Religious holidays (Orthodox Christmas, the first day of Kurban Ait) are days off only on
   * their date: when they fall on a weekend, no weekday is given instead (Labour Code art. 84).
   */
  religious: z.boolean().optional(),
  /** The date is an estimate (Kurban Ait before the Spiritual Administration publishes it). */
  unconfirmed: z.boolean().optional(),
});

/**
 * A day off moved by a government decree (or a Ministry of Labour order): `from` becomes a
 * working day (often a Saturday or Sunday) and `to` becomes a day off.
 */
export const transferSchema = z.strictObject({
  from: isoDate,
  to: isoDate,
  /** Which act moved it, so the next person can check. */
  source: z.string().min(1),
});

export const yearCalendarSchema = z.strictObject({
  year: z.number().int().min(2000).max(2100),
  /** True once the year's decree on transfers and every religious date are published. */
  confirmed: z.boolean(),
  holidays: z.array(holidaySchema).min(1),
  transfers: z.array(transferSchema),
  /** What in this file is confirmed and what is provisional, and where it comes from. */
  note: z.string(),
});

export type Holiday = z.infer<typeof holidaySchema>;
export type Transfer = z.infer<typeof transferSchema>;
export type YearCalendar = z.infer<typeof yearCalendarSchema>;
