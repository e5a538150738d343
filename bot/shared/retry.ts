/**
 * How the bots' Bot API calls are retried: one policy for both bots.
 *
 * - A call made while handling an update is retried by auto-retry on 429 (honouring
 *   `retry_after`), 5xx and network errors, a few times, so a short hiccup costs the parent
 *   nothing.
 * - The long poll (`getUpdates`) is kept out of auto-retry: during an outage auto-retry doubles
 *   its pause up to an hour, so a bot whose Telegram came back after half an hour stayed deaf
 *   for up to twenty-five minutes more. The poll instead tries again on a short, capped
 *   schedule ({@link pollRetryDelayMs}) and says once in the log when Telegram is unreachable
 *   and once when it is back.
 * - A call into the support group is not retried on 429 ({@link noWaitInto}): Telegram takes
 *   about 20 posts a minute into one group, and an update (a parent's chat, the operators' group)
 *   must not wait a minute for it; bot/support/post.ts queues those posts in the outbox instead.
 * - Outermost, a stop cancels whatever still waits (cancel.ts).
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { GrammyError, HttpError, type Transformer } from "grammy";
import type { Logger } from "#root/log.ts";
import { cancelOnStop } from "./cancel.ts";

/** The pause before the poll's `attempt`-th retry (1-based): 0.25 s, doubling, at most 15 s. */
export function pollRetryDelayMs(attempt: number): number {
  return Math.min(15_000, 250 * 2 ** Math.max(0, attempt - 1));
}

export function botApiRetry(opts: {
  maxRetryAttempts: number;
  maxDelaySeconds: number;
  cancelCalls: AbortSignal | undefined;
  log?: Logger;
  bot: string;
  /** The chat whose 429 answers are thrown at once, not waited out: the support group. */
  noWaitInto?: number | undefined;
}): Transformer[] {
  const retry = autoRetry({ maxRetryAttempts: opts.maxRetryAttempts, maxDelaySeconds: opts.maxDelaySeconds });
  const exceptPoll: Transformer = (prev, method, payload, signal) =>
    method === "getUpdates" ? prev(method, payload, signal) : retry(prev, method, payload, signal);
  // The first transformer is the innermost: a 429 it throws never reaches auto-retry's wait.
  return [noWaitInto(opts.noWaitInto), exceptPoll, pollRetry(opts.log, opts.bot), cancelOnStop(opts.cancelCalls)];
}

/** A 429 answered to a call into `chatId` thrown as it is (a GrammyError with its retry_after), before auto-retry could wait. */
export function noWaitInto(chatId: number | undefined): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (res.ok || res.error_code !== 429 || chatId === undefined) return res;
    if (String((payload as { chat_id?: unknown } | undefined)?.chat_id) !== String(chatId)) return res;
    throw new GrammyError(`Call to '${method}' failed!`, res, method, payload);
  };
}

function pollRetry(log: Logger | undefined, bot: string): Transformer {
  let downSince: number | undefined;
  return async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    for (let attempt = 1; ; attempt++) {
      let failure: string;
      /** Telegram's own wait after a 429 (`retry_after`, seconds): polling sooner is refused again. */
      let askedMs = 0;
      try {
        const res = await prev(method, payload, signal);
        const retryable = !res.ok && (res.error_code === 429 || res.error_code >= 500);
        if (!res.ok && res.error_code === 429) askedMs = (res.parameters?.retry_after ?? 0) * 1000;
        if (!retryable) {
          if (downSince !== undefined)
            log?.info({ bot, unreachableMs: Date.now() - downSince }, "Telegram is reachable again: polling goes on");
          downSince = undefined;
          return res;
        }
        failure = `${res.error_code} ${res.description}`;
      } catch (err) {
        if (!(err instanceof HttpError) || signal?.aborted) throw err;
        failure = err.message;
      }
      if (downSince === undefined) {
        downSince = Date.now();
        log?.warn({ bot, error: failure }, "Telegram is unreachable: polling retries until it is back");
      }
      await pause(Math.max(pollRetryDelayMs(attempt), askedMs), signal as unknown as AbortSignal | undefined);
    }
  };
}

/** Wait `ms`; rejects at once when `signal` is aborted (a stop). */
export function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new Error("aborted while waiting to poll again"));
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", abort);
      resolve();
    }, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(new Error("aborted while waiting to poll again"));
    };
    signal?.addEventListener("abort", abort, { once: true });
  });
}
