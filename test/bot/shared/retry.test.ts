/**
 * The bots' retry policy: the long poll comes back soon after a Telegram outage ends (auto-retry
 * alone doubled its pause up to an hour), and says so once in the log each way; a 429 from the
 * support group is not waited out.
 */
import { GrammyError, HttpError } from "grammy";
import { describe, expect, it, vi } from "vitest";
import { botApiRetry, pollRetryDelayMs } from "#root/bot/shared/retry.ts";

function recordingLog() {
  const lines: Array<{ level: string; msg: string }> = [];
  const at = (level: string) => (_obj: unknown, msg: string) => void lines.push({ level, msg });
  return { lines, log: { warn: at("warn"), info: at("info") } as never };
}

/** The transformers composed the way grammY does (the last one outermost) around `base`. */
function compose(base: (method: string) => Promise<unknown>, opts: { log: never; cancelCalls?: AbortSignal; noWaitInto?: number }) {
  const transformers = botApiRetry({
    maxRetryAttempts: 1,
    maxDelaySeconds: 1,
    cancelCalls: opts.cancelCalls,
    log: opts.log,
    bot: "parent",
    noWaitInto: opts.noWaitInto,
  });
  let call = (method: string, _payload: unknown, _signal?: AbortSignal) => base(method) as Promise<never>;
  for (const t of transformers) {
    const prev = call;
    call = (method, payload, signal) => t(prev as never, method as never, payload as never, signal as never) as never;
  }
  return call;
}

describe("the long poll during an outage", () => {
  it("waits at most 15 s between tries however long Telegram is away", () => {
    expect([1, 2, 3, 4].map(pollRetryDelayMs)).toEqual([250, 500, 1000, 2000]);
    expect(pollRetryDelayMs(60)).toBe(15_000);
    expect(pollRetryDelayMs(10_000)).toBe(15_000);
  });

  it("polls again until Telegram answers, logging the outage once and the recovery once", async () => {
    const { lines, log } = recordingLog();
    let tries = 0;
    const call = compose(
      async () => {
        if (++tries <= 3) throw new HttpError("Network request for 'getUpdates' failed!", new Error("ECONNREFUSED"));
        return { ok: true, result: [] };
      },
      { log },
    );
    await expect(call("getUpdates", {})).resolves.toEqual({ ok: true, result: [] });
    expect(tries).toBe(4);
    expect(lines.map((l) => l.level)).toEqual(["warn", "info"]);
  });

  it("after a 429 waits as long as Telegram asks (retry_after), not its own shorter pause", async () => {
    vi.useFakeTimers();
    try {
      const { log } = recordingLog();
      let tries = 0;
      const call = compose(
        async () =>
          ++tries === 1
            ? { ok: false, error_code: 429, description: "Too Many Requests: retry after 5", parameters: { retry_after: 5 } }
            : { ok: true, result: [] },
        { log },
      );
      const polled = call("getUpdates", {});
      await vi.advanceTimersByTimeAsync(4_900); // the own pause (250 ms) is long over
      expect(tries).toBe(1);
      await vi.advanceTimersByTimeAsync(200);
      await expect(polled).resolves.toEqual({ ok: true, result: [] });
      expect(tries).toBe(2);
    } finally {
      vi.useRealTimers();
    }
  });

  it("is ended by a stop while it waits to poll again", async () => {
    const stop = new AbortController();
    const call = compose(
      async () => {
        throw new HttpError("Network request for 'getUpdates' failed!", new Error("ECONNREFUSED"));
      },
      { log: recordingLog().log, cancelCalls: stop.signal },
    );
    const polling = call("getUpdates", {});
    setTimeout(() => stop.abort(), 50);
    await expect(polling).rejects.toThrow(/stopping/);
  });
});

describe("a 429 from the support group", () => {
  it("is thrown at once with its retry_after, while another chat's is waited out and tried again", async () => {
    const GROUP = -1001000000001;
    const calls: string[] = [];
    const call = compose(
      async (method) => {
        calls.push(method);
        return calls.length === 1 || calls.length === 2
          ? { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }
          : { ok: true, result: true };
      },
      { log: recordingLog().log, noWaitInto: GROUP },
    );
    const refused = await call("sendMessage", { chat_id: GROUP, text: "в группу" }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(GrammyError);
    expect(refused).toMatchObject({ error_code: 429, parameters: { retry_after: 1 } });
    expect(calls).toHaveLength(1);
    await expect(call("sendMessage", { chat_id: 5001, text: "родителю" })).resolves.toEqual({ ok: true, result: true });
    expect(calls).toHaveLength(3);
  });
});
