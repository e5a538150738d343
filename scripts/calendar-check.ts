/**
 * `npm run calendar:check [-- --year YYYY]` — what the working-day calendar holds for this year
 * and the next (or the given year): the weekdays off and why, the weekends worked, the working-day
 * count, which file each year comes from (shipped, or the operator's file in CALENDAR_DIR,
 * default DATA_DIR/calendar) and what is unconfirmed. Exit 0 when the years deadlines need now
 * (or the year asked for) are there, 1 when one is missing or a calendar file cannot be used, 2 on
 * a usage error or a bad configuration.
 */
import { parseArgs } from "node:util";
import { loadConfig } from "#root/config.ts";
import { addDays, almatyDate, weekday } from "#root/flows/calendar/almaty.ts";
import { calendarYear, checkCalendar, daysOff, useCalendarDir, weekdaysOff } from "#root/flows/calendar/index.ts";
import { helpAndExit } from "./lib/help.ts";

const USAGE = "Usage: npm run calendar:check [-- --year YYYY]";

helpAndExit(USAGE);
const DAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

let years: number[];
let yearArg = false;
try {
  const { values } = parseArgs({ options: { year: { type: "string" } }, strict: true });
  if (values.year !== undefined && !/^20\d\d$/.test(values.year)) throw new Error(USAGE);
  const now = Number(almatyDate(new Date()).slice(0, 4));
  years = values.year ? [Number(values.year)] : [now, now + 1];
  yearArg = values.year !== undefined;
} catch {
  console.error(USAGE);
  process.exit(2);
}

let dir: string;
try {
  dir = loadConfig().calendarDir;
} catch (err) {
  console.error((err as Error).message);
  process.exit(2);
}
try {
  useCalendarDir(dir);
} catch (err) {
  console.error((err as Error).message);
  process.exit(1);
}

console.log(`Working-day calendar: shipped years in flows/calendar/years/, the operator's in ${dir}`);
for (const year of years) {
  const loaded = calendarYear(year);
  console.log("");
  if (!loaded) {
    console.log(`${year}: MISSING — add kz-${year}.json to ${dir} (copy the latest shipped year and edit it)`);
    continue;
  }
  const { data } = loaded;
  const off = daysOff(year);
  let total = 0;
  for (let d = `${year}-01-01`; d.startsWith(String(year)); d = addDays(d, 1)) total++;
  const unconfirmed = data.holidays.filter((h) => h.unconfirmed);
  const state = data.confirmed && unconfirmed.length === 0 ? "confirmed" : "UNCONFIRMED";
  console.log(`${year}: ${state} (${loaded.source === "override" ? "operator's file" : "shipped"} ${loaded.file})`);
  console.log(`  ${total - off.size} working days, ${off.size} days off`);
  console.log("  Weekdays off:");
  for (const d of weekdaysOff(year)) console.log(`    ${d.date} ${DAYS[weekday(d.date)]}  ${d.why}`);
  const worked = data.transfers.filter((t) => [0, 6].includes(weekday(t.from)));
  if (worked.length > 0) {
    console.log("  Weekends worked:");
    for (const t of worked) console.log(`    ${t.from} ${DAYS[weekday(t.from)]}  instead of ${t.to} (${t.source})`);
  }
  if (!data.confirmed) console.log("  Unconfirmed: the year as a whole (no decree on transfers seen yet)");
  for (const h of unconfirmed) console.log(`  Unconfirmed: ${h.name} on ${h.date}`);
  console.log(`  Note: ${data.note}`);
}

// A year asked for must be there; without --year, the years deadlines need now must be.
const missing = yearArg
  ? years.filter((y) => !calendarYear(y)).map((y) => `no working-day calendar for ${y}`)
  : checkCalendar(new Date()).flatMap((c) => (c.readiness === "missing" ? [c.warning!] : []));
for (const m of missing) console.error(`\n${m}`);
process.exit(missing.length > 0 ? 1 : 0);
