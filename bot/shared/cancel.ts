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
    try {
      // grammY types signals with a shim of its own: the same object at run time.
      const either = signal ? AbortSignal.any([signal as unknown as AbortSignal, stop]) : stop;
      return await prev(method, payload, either as unknown as typeof signal);
    } catch (err) {
      if (stop.aborted && !signal?.aborted) throw new StoppingError(method);
      throw err;
    }
  };
}
