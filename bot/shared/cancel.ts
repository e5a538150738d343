import type { Transformer } from "grammy";

/** A Bot API call given up because the process is stopping. Not retried by anything. */
export class StoppingError extends Error {
  override name = "StoppingError";
  constructor(method: string) {
    super(`Bot API call ${method} cancelled: the system is stopping`);
  }
}

/**
 * Cancels every Bot API call — waiting on Telegram, or between auto-retry's attempts — once
 * `stop` is aborted, so a stop during a Telegram outage is not held by calls that would retry
 * for hours (auto-retry repeats network errors forever) or wait 500 s for an answer.
 *
 * Install it after (outside) auto-retry: auto-retry then sees the aborted signal, stops retrying
 * and its pause ends at once; the error it gets is turned into a {@link StoppingError}.
 */
export function cancelOnStop(stop: AbortSignal | undefined): Transformer {
  if (!stop) return (prev, method, payload, signal) => prev(method, payload, signal);
  return async (prev, method, payload, signal) => {
    if (stop.aborted) throw new StoppingError(method);
    const either = signal ? anyOf(signal as unknown as AbortSignal, stop) : { signal: stop, dispose: () => {} };
    try {
      // grammY types signals with a shim of its own: the same object at run time.
      return await prev(method, payload, either.signal as unknown as typeof signal);
    } catch (err) {
      if (stop.aborted && !signal?.aborted) throw new StoppingError(method);
      throw err;
    } finally {
      either.dispose();
    }
  };
}

/**
 * A signal aborted when either is. Not `AbortSignal.any`: @grammyjs/runner aborts its long poll
 * with the `abort-controller` polyfill's signal, whose abort `AbortSignal.any` never sees (it
 * accepts the object and ignores it) — a stop then did not end the poll, and an idle `npm start`
 * took its whole shutdown bound to exit.
 */
function anyOf(a: AbortSignal, b: AbortSignal): { signal: AbortSignal; dispose(): void } {
  const both = new AbortController();
  const abort = () => both.abort();
  if (a.aborted || b.aborted) both.abort();
  a.addEventListener("abort", abort);
  b.addEventListener("abort", abort);
  return {
    signal: both.signal,
    dispose: () => {
      a.removeEventListener("abort", abort);
      b.removeEventListener("abort", abort);
    },
  };
}
