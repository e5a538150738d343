/** The shape of one year of Kazakhstan's working-day calendar (see `kz-<year>.ts`). */

/** A public holiday as set by the Law "On holidays in the Republic of Kazakhstan". */
export interface Holiday {
  /** `YYYY-MM-DD`. */
  date: string;
  /** What is celebrated (for people reading the data; never shown to parents). */
  name: string;
  /**
   * Religious holidays (Orthodox Christmas, the first day of Kurban Ait) are days off only on
   * their date: when they fall on a weekend, no weekday is given instead (Labour Code art. 84).
   */
  religious?: boolean;
}

/**
 * A day off moved by a government decree (or a Ministry of Labour order): `from` becomes a
 * working day (often a Saturday or Sunday) and `to` becomes a day off.
 */
export interface Transfer {
  from: string;
  to: string;
  /** Which act moved it, so the next person can check. */
  source: string;
}

export interface YearCalendar {
  year: number;
  holidays: readonly Holiday[];
  transfers: readonly Transfer[];
  /** What in this file is confirmed and what is provisional. */
  note: string;
}
