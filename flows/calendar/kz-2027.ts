import type { YearCalendar } from "./types.ts";

/** Kazakhstan, 2027 — PROVISIONAL: holidays by law, no decree for the year seen yet. */
export const kz2027: YearCalendar = {
  year: 2027,
  holidays: [
    { date: "2027-01-01", name: "New Year" },
    { date: "2027-01-02", name: "New Year" }, // Saturday → Mon 4 January
    { date: "2027-01-07", name: "Orthodox Christmas", religious: true },
    { date: "2027-03-08", name: "International Women's Day" },
    { date: "2027-03-21", name: "Nauryz meirami" }, // Sunday → Wed 24 March
    { date: "2027-03-22", name: "Nauryz meirami" },
    { date: "2027-03-23", name: "Nauryz meirami" },
    { date: "2027-05-01", name: "Unity Day of the People of Kazakhstan" }, // Saturday → Mon 3 May
    { date: "2027-05-07", name: "Defender of the Fatherland Day" },
    { date: "2027-05-09", name: "Victory Day" }, // Sunday → Mon 10 May
    // Astronomical estimate (10 Dhu al-Hijjah 1448); a Sunday, and religious days do not move.
    { date: "2027-05-16", name: "Kurban Ait, first day", religious: true },
    { date: "2027-07-06", name: "Capital Day" },
    { date: "2027-08-30", name: "Constitution Day" },
    { date: "2027-10-25", name: "Republic Day" },
    { date: "2027-12-16", name: "Independence Day" },
  ],
  transfers: [],
  note:
    "UNCONFIRMED: no government decree on transfers for 2027 and no Kurban Ait date from the " +
    "Spiritual Administration of Muslims were found. Update when they are published.",
};
