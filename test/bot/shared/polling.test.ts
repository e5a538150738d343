/**
 * Telegram refusing the long poll for good (401, 409): the runner would end and the bot go deaf
 * with nothing said. The poll says why in the log, is not ready meanwhile, and tries again.
 */
import { describe, expect, it, vi } from "vitest";
import { pollRefusals, refusedPollDelayMs } from "#root/bot/shared/polling.ts";

function recording() {
  const lines: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (_obj: unknown, msg: string) => void lines.push({ level, msg });
  const refused: boolean[] = [];
  const opts = {
    name: "provider" as const,
    log: { error: at("error"), info: at("info") } as never,
    onRefused: (r: boolean) => refused.push(r),
  };
  return { lines, refused, opts };
}

const answer = (code?: number, description = "") => (code ? { ok: false, error_code: code, description } : { ok: true, result: [] });

describe("the long poll refused by Telegram", () => {
  it("waits 1 s, doubling, at most 60 s between tries", () => {
    expect([1, 2, 3, 4].map(refusedPollDelayMs)).toEqual([1000, 2000, 4000, 8000]);
    expect(refusedPollDelayMs(7)).toBe(60_000);
    expect(refusedPollDelayMs(10_000)).toBe(60_000);
  });

  it("names each cause once, is not ready meanwhile, and takes updates again once Telegram takes the poll", async () => {
    vi.useFakeTimers();
    try {
      const { lines, refused, opts } = recording();
      const answers = [
        answer(401, "Unauthorized"),
        answer(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"),
        answer(409, "Conflict: terminated by other getUpdates request; make sure that only one bot instance is running"),
        answer(),
      ];
      const timeouts: number[] = [];
      const prev = async (_method: string, payload: { timeout: number }) => {
        timeouts.push(payload.timeout);
        return answers.shift()!;
      };
      const polled = pollRefusals(opts)(prev as never, "getUpdates", { timeout: 30 } as never);
      await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000);
      await expect(polled).resolves.toEqual({ ok: true, result: [] });
      expect(lines).toEqual([
        {
          level: "error",
          msg: "the provider bot's token was revoked (401 Unauthorized): set the new token in PROVIDER_BOT_TOKEN and restart",
        },
        {
          level: "error",
          msg:
            "another process polls with the provider bot's token: polling cannot receive updates; " +
            "stop it (several instances need BOT_MODE=webhook)",
        },
        { level: "info", msg: "Telegram takes the provider bot's poll again: it receives updates" },
      ]);
      expect(refused).toEqual([true, false]);
      // The tries after a refusal are short polls: their answer says at once whether Telegram takes it.
      expect(timeouts).toEqual([30, 0, 0, 0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("is ended by a stop while it waits to poll again", async () => {
    const stop = new AbortController();
    const prev = async () => answer(409, "Conflict: can't use getUpdates method while webhook is active");
    const polled = pollRefusals(recording().opts)(prev as never, "getUpdates", { timeout: 30 } as never, stop.signal as never);
    setTimeout(() => stop.abort(), 50);
    await expect(polled).rejects.toThrow(/aborted/);
  });
});
