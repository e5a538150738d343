/**
 * Telegram refusing the long poll (401, 409: the runner would end; any other 4xx but 429: the
 * runner would retry it silently for hours) or not answering it: the bot goes deaf with nothing
 * said and /health/ready still "ok". The poll says why in the log, is not ready meanwhile, and tries again.
 */
import { HttpError } from "grammy";
import { describe, expect, it, vi } from "vitest";
import { pollRefusals, refusedPollDelayMs } from "#root/bot/shared/polling.ts";
import { botApiRetry } from "#root/bot/shared/retry.ts";

function recording() {
  const lines: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (_obj: unknown, msg: string) => void lines.push({ level, msg });
  const refused: boolean[] = [];
  const opts = {
    name: "provider" as const,
    log: { error: at("error"), warn: at("warn"), info: at("info") } as never,
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

  it("a 404 (a malformed token), a 400 and a 403 are refusals too: each named once, not ready meanwhile, polled again", async () => {
    vi.useFakeTimers();
    try {
      const { lines, refused, opts } = recording();
      const answers = [
        answer(404, "Not Found"),
        answer(404, "Not Found"),
        answer(400, "Bad Request: can't parse allowed_updates"),
        answer(403, "Forbidden"),
        answer(),
      ];
      const timeouts: number[] = [];
      const prev = async (_method: string, payload: { timeout: number }) => {
        timeouts.push(payload.timeout);
        return answers.shift()!;
      };
      const polled = pollRefusals(opts)(prev as never, "getUpdates", { timeout: 30 } as never);
      await vi.advanceTimersByTimeAsync(1000 + 2000 + 4000 + 8000);
      await expect(polled).resolves.toEqual({ ok: true, result: [] });
      expect(lines).toEqual([
        {
          level: "error",
          msg:
            "Telegram does not know the provider bot's token (404 Not Found): polling cannot receive updates; " +
            "check PROVIDER_BOT_TOKEN is the whole token @BotFather gave (and TELEGRAM_API_ROOT a Bot API server), and restart",
        },
        {
          level: "error",
          msg:
            "Telegram refuses the provider bot's poll (400 Bad Request: can't parse allowed_updates): polling cannot receive updates; " +
            "a Bot API server that does not take this version's poll (TELEGRAM_API_ROOT), or a bug to report with this line",
        },
        {
          level: "error",
          msg:
            "Telegram forbids the provider bot's poll (403 Forbidden): polling cannot receive updates; " +
            "check the bot in @BotFather and the token in PROVIDER_BOT_TOKEN",
        },
        { level: "info", msg: "Telegram takes the provider bot's poll again: it receives updates" },
      ]);
      expect(refused).toEqual([true, false]);
      expect(timeouts).toEqual([30, 0, 0, 0, 0]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a 429 or a 5xx is no refusal: passed on to be retried, nothing said, ready all along", async () => {
    const { lines, refused, opts } = recording();
    for (const code of [429, 500, 502]) {
      const prev = async () => answer(code, "whatever");
      await expect(pollRefusals(opts)(prev as never, "getUpdates", { timeout: 30 } as never)).resolves.toMatchObject({
        error_code: code,
      });
    }
    expect(lines).toEqual([]);
    expect(refused).toEqual([]);
  });
});

/** The bots' transformers as installed: botApiRetry's (retry.ts) inside, the poll's refusals outermost. */
function installed(base: () => Promise<unknown>, opts: ReturnType<typeof recording>["opts"]) {
  let call = (_method: string, _payload: unknown, _signal?: AbortSignal) => base() as Promise<never>;
  const retry = botApiRetry({ maxRetryAttempts: 1, maxDelaySeconds: 1, cancelCalls: undefined, log: opts.log, bot: opts.name });
  for (const t of [...retry, pollRefusals(opts)]) {
    const prev = call;
    call = (method, payload, signal) => t(prev as never, method as never, payload as never, signal as never) as never;
  }
  return call;
}

describe("the long poll without an answer from Telegram", () => {
  const unreachable = () => new HttpError("Network request for 'getUpdates' failed!", new Error("ECONNREFUSED"));

  it("is not ready once Telegram has been unreachable for a minute past the poll's timeout, and ready again when it answers", async () => {
    vi.useFakeTimers();
    try {
      const { lines, refused, opts } = recording();
      let up = false;
      const polled = installed(async () => {
        if (!up) throw unreachable();
        return answer();
      }, opts)("getUpdates", { timeout: 30 });
      // A long poll's own 30 s, and then some: a blip is retried without taking the instance out.
      await vi.advanceTimersByTimeAsync(30_000 + 50_000);
      expect(refused).toEqual([]);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(refused).toEqual([true]);
      up = true;
      await vi.advanceTimersByTimeAsync(15_000);
      await expect(polled).resolves.toEqual({ ok: true, result: [] });
      expect(refused).toEqual([true, false]);
      expect(lines).toEqual([
        { level: "warn", msg: "Telegram is unreachable: polling retries until it is back" },
        {
          level: "error",
          msg:
            "Telegram has not answered the provider bot's poll for 90 s: it receives no updates; " +
            "check this host reaches Telegram (or TELEGRAM_API_ROOT)",
        },
        { level: "info", msg: "Telegram is reachable again: polling goes on" },
        { level: "info", msg: "Telegram takes the provider bot's poll again: it receives updates" },
      ]);
    } finally {
      vi.useRealTimers();
    }
  });

  it("a connection that hangs is not ready in the same way, though no error comes", async () => {
    vi.useFakeTimers();
    try {
      const { refused, opts } = recording();
      let answerNow: (v: unknown) => void = () => {};
      const polled = installed(() => new Promise((r) => (answerNow = r)), opts)("getUpdates", { timeout: 30 });
      await vi.advanceTimersByTimeAsync(90_000);
      expect(refused).toEqual([true]);
      answerNow(answer());
      await expect(polled).resolves.toEqual({ ok: true, result: [] });
      expect(refused).toEqual([true, false]);
    } finally {
      vi.useRealTimers();
    }
  });
});
