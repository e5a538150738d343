import { almatyDate } from "#root/flows/sla.ts";

/**
 * The year of the last admission campaign whose August is over (a campaign is a calendar year's:
 * applications from April, the order by 31 August). Tests that play a campaign play this one, so
 * that its May applications and its August are in the past on every day the test may run, and an
 * order dated today is never dated before them.
 */
export function lastCampaignYear(now = new Date()): number {
  const today = almatyDate(now);
  return Number(today.slice(0, 4)) - (today.slice(5) >= "09-01" ? 0 : 1);
}
