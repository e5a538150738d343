/**
 * The outbox sender's pace per bot: as fast as Telegram's limit allows, and never faster,
 * however late a request reaches Telegram.
 */
import { describe, expect, it } from "vitest";
import { SendWindow } from "#root/db/send-window.ts";

/** Telegram's side: the arrival times it counted, and whether an arrival is the 31st within a second. */
function overLimit(arrivals: number[], limit: number, windowMs: number): number {
  let over = 0;
  for (let i = 0; i < arrivals.length; i++) {
    const inWindow = arrivals.slice(0, i).filter((a) => a > arrivals[i]! - windowMs).length;
    if (inWindow >= limit) over++;
  }
  return over;
}

describe("send window", () => {
  it("a sender that starts (or takes over) sends its first message one slot after the start, then one per slot", () => {
    const w = new SendWindow(30, 1000, 10_000);
    expect(w.waitMs(10_000)).toBe(35); // ceil(1000/30) + 1: as if the previous sender sent until 10,000
    w.answeredAt(10_036);
    expect(w.waitMs(10_036)).toBeGreaterThan(30);
    expect(w.waitMs(10_036)).toBeLessThanOrEqual(35);
  });

  it("1,000 sends with requests arriving up to 40 ms late at random never exceed 30 in any second, and take about 33.3 s", () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const w = new SendWindow(30, 1000, 0);
    const arrivals: number[] = [];
    let t = 0;
    for (let i = 0; i < 1000; i++) {
      t += w.waitMs(t);
      const arrival = t + random() * 40; // the request's trip
      const answer = arrival + random() * 5; // Telegram's answer's trip
      arrivals.push(arrival);
      w.answeredAt(answer);
      t = answer;
    }
    expect(overLimit(arrivals, 30, 1000)).toBe(0);
    // Pace: within the trips' share of the physical limit (999 / 30 = 33.3 s).
    expect(t / 1000).toBeLessThan(33.3 * 1.05);
  });
});
