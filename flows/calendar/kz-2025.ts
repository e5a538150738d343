import type { YearCalendar } from "./types.ts";

/** Kazakhstan, 2025: 246 working days in a five-day week (119 days off). */
export const kz2025: YearCalendar = {
  year: 2025,
  holidays: [
    { date: "2025-01-01", name: "New Year" },
    { date: "2025-01-02", name: "New Year" },
    { date: "2025-01-07", name: "Orthodox Christmas", religious: true },
    { date: "2025-03-08", name: "International Women's Day" }, // Saturday → Mon 10 March
    { date: "2025-03-21", name: "Nauryz meirami" },
    { date: "2025-03-22", name: "Nauryz meirami" }, // Saturday → Mon 24 March
    { date: "2025-03-23", name: "Nauryz meirami" }, // Sunday → Tue 25 March
    { date: "2025-05-01", name: "Unity Day of the People of Kazakhstan" },
    { date: "2025-05-07", name: "Defender of the Fatherland Day" },
    { date: "2025-05-09", name: "Victory Day" },
    { date: "2025-06-06", name: "Kurban Ait, first day", religious: true },
    { date: "2025-07-06", name: "Capital Day" }, // Sunday → Mon 7 July
    { date: "2025-08-30", name: "Constitution Day" }, // Saturday → Mon 1 September
    { date: "2025-10-25", name: "Republic Day" }, // Saturday → Mon 27 October
    { date: "2025-12-16", name: "Independence Day" },
  ],
  transfers: [
    {
      from: "2025-01-05",
      to: "2025-01-03",
      source: "Order of the Minister of Labour and Social Protection, 21 November 2024",
    },
  ],
  note:
    "Confirmed from press reports of the Ministry of Labour's calendar: the only transfer of " +
    "2025 was Sun 5 Jan → Fri 3 Jan (the Ministry said no other transfers were planned).",
};
