import type { YearCalendar } from "./types.ts";

/** Kazakhstan, 2026: 246 working days in a five-day week (119 days off). */
export const kz2026: YearCalendar = {
  year: 2026,
  holidays: [
    { date: "2026-01-01", name: "New Year" },
    { date: "2026-01-02", name: "New Year" },
    { date: "2026-01-07", name: "Orthodox Christmas", religious: true },
    { date: "2026-03-08", name: "International Women's Day" }, // Sunday → Mon 9 March
    { date: "2026-03-21", name: "Nauryz meirami" }, // Saturday → Tue 24 March
    { date: "2026-03-22", name: "Nauryz meirami" }, // Sunday → Wed 25 March
    { date: "2026-03-23", name: "Nauryz meirami" },
    { date: "2026-05-01", name: "Unity Day of the People of Kazakhstan" },
    { date: "2026-05-07", name: "Defender of the Fatherland Day" },
    { date: "2026-05-09", name: "Victory Day" }, // Saturday → Mon 11 May
    { date: "2026-05-27", name: "Kurban Ait, first day", religious: true },
    { date: "2026-07-06", name: "Capital Day" },
    { date: "2026-08-30", name: "Constitution Day" }, // Sunday → Mon 31 August
    { date: "2026-10-25", name: "Republic Day" }, // Sunday → Mon 26 October
    { date: "2026-12-16", name: "Independence Day" },
  ],
  transfers: [],
  note:
    "Confirmed from the calendar published on egov.kz and the Ministry of Labour's production " +
    "calendar (119 days off, 246 working days): no decreed transfers as of January 2026. " +
    "Kurban Ait on 27 May per the Spiritual Administration of Muslims (may shift by a day).",
};
