/**
 * A stop cancels the Bot API calls in flight, and the caller's own signal still cancels its call:
 * @grammyjs/runner ends its long poll with the `abort-controller` polyfill's signal, which must
 * reach the request (else an idle instance waits out its whole shutdown bound on a long poll).
 */
import { AbortController as PolyfillAbortController } from "abort-controller";
import { describe, expect, it } from "vitest";
import { cancelOnStop, StoppingError } from "#root/bot/shared/cancel.ts";

/** A call that waits until the signal it was given is aborted. */
function pendingCall() {
  let given: AbortSignal | undefined;
  const prev = (_method: string, _payload: unknown, signal?: AbortSignal) =>
    new Promise<never>((_, reject) => {
      given = signal;
      signal?.addEventListener("abort", () => reject(new Error("aborted")));
    });
  return { prev, given: () => given };
}

describe("cancelOnStop", () => {
  it("ends a long poll when the runner aborts it with the polyfill's signal", async () => {
    const stop = new AbortController();
    const call = pendingCall();
    const poll = new PolyfillAbortController();
    const result = cancelOnStop(stop.signal)(call.prev as never, "getUpdates", {} as never, poll.signal as never);
    poll.abort();
    await expect(result).rejects.toThrow("aborted");
    expect(call.given()?.aborted).toBe(true);
  });

  it("cancels a call in flight when the system stops, as a StoppingError", async () => {
    const stop = new AbortController();
    const call = pendingCall();
    const result = cancelOnStop(stop.signal)(call.prev as never, "sendMessage", {} as never, new PolyfillAbortController().signal as never);
    stop.abort();
    await expect(result).rejects.toBeInstanceOf(StoppingError);
  });

  it("refuses a call made after the stop without sending it", async () => {
    const stop = new AbortController();
    stop.abort();
    let sent = false;
    const prev = async () => {
      sent = true;
      return { ok: true, result: true };
    };
    await expect(cancelOnStop(stop.signal)(prev as never, "sendMessage", {} as never, undefined)).rejects.toBeInstanceOf(StoppingError);
    expect(sent).toBe(false);
  });
});
