/**
 * Warns the operator, in the log, while a year the deadlines need is missing or unconfirmed:
 * at start and then once a day (from 1 December the next year counts too). /metrics shows the
 * same through `desk_calendar_year_ready`.
 */
import type { Logger } from "#root/log.ts";
import { checkCalendar } from "./index.ts";

const HOUR_MS = 60 * 60 * 1000;

export function startCalendarMonitor(opts: { log: Logger; now: () => Date; everyMs?: number }): { stop(): void } {
  let lastWarned = "";
  const check = () => {
    const warnings = checkCalendar(opts.now()).flatMap((c) => (c.warning ? [c.warning] : []));
    // Once a day for the same warnings; at once when they change.
    const key = `${opts.now().toISOString().slice(0, 10)} ${warnings.join("|")}`;
    if (warnings.length > 0 && key !== lastWarned) for (const w of warnings) opts.log.warn(`working-day calendar: ${w}`);
    lastWarned = key;
  };
  check();
  const timer = setInterval(check, opts.everyMs ?? HOUR_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** The value of `desk_calendar_year_ready` for a year's readiness. */
export const readinessGauge = { confirmed: 1, unconfirmed: 0.5, missing: 0 } as const;
