import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Bot, Context, Transformer } from "grammy";
import type { Logger } from "#root/log.ts";
import { pause } from "./retry.ts";

export interface PollingOptions {
  name: "parent" | "provider";
  log: Logger;
  /** Called with true when the bot receives no updates (Telegram refuses its poll), with false once it does again. */
  onRefused(refused: boolean): void;
}

/**
 * Long polling with @grammyjs/runner: updates of different chats run concurrently, updates of
 * one chat in order (the bots install `sequentialize` by chat). Any webhook is removed first.
 * Telegram refusing the poll later (a webhook set by hand, another poller, a revoked token) is
 * said in the log and retried ({@link pollRefusals}); anything else that ends the runner is logged.
 */
export async function startPolling<C extends Context>(bot: Bot<C>, opts: PollingOptions): Promise<RunnerHandle> {
  await bot.api.deleteWebhook();
  await bot.init();
  bot.api.config.use(pollRefusals(opts));
  const handle = run(bot, { runner: { fetch: { allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"] } } });
  handle.task()?.catch((err: unknown) => {
    opts.log.error({ bot: opts.name, error: err }, `polling of the ${opts.name} bot ended: it receives no updates until a restart`);
    opts.onRefused(true);
  });
  return handle;
}

/** The pause before polling again while Telegram refuses the poll (`attempt` 1-based): 1 s, doubling, at most 60 s. */
export function refusedPollDelayMs(attempt: number): number {
  return Math.min(60_000, 1000 * 2 ** Math.max(0, attempt - 1));
}

/** What an operator reads when Telegram refuses `bot`'s long poll with `code`. */
function refusal(bot: string, code: number, description: string): string {
  const token = bot === "parent" ? "BOT_TOKEN" : "PROVIDER_BOT_TOKEN";
  if (code === 401) return `the ${bot} bot's token was revoked (401 Unauthorized): set the new token in ${token} and restart`;
  if (/webhook/i.test(description))
    return `a webhook is set for the ${bot} bot: polling cannot receive updates; remove it (deleteWebhook) or run with BOT_MODE=webhook`;
  const stopIt = "stop it (several instances need BOT_MODE=webhook)";
  return `another process polls with the ${bot} bot's token: polling cannot receive updates; ${stopIt}`;
}

/**
 * The runner ends for good at a 401 or 409 answer to `getUpdates`, and the bot goes deaf. Those
 * are taken here instead: said once in the log (again if the cause changes), reported through
 * `onRefused` (/health/ready is not ready), and polled again after {@link refusedPollDelayMs},
 * so the bot comes back by itself once the cause is gone. A stop ends the wait (the runner aborts
 * the poll's signal).
 */
export function pollRefusals(opts: PollingOptions): Transformer {
  let refusedAs: string | undefined;
  return async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    for (let attempt = 1; ; attempt++) {
      // After a refusal, a short poll: its answer says at once whether Telegram takes the poll again
      // (a long one answers only with an update or after 30 s).
      const res = await prev(method, refusedAs === undefined ? payload : { ...payload, timeout: 0 }, signal);
      if (res.ok || (res.error_code !== 401 && res.error_code !== 409)) {
        if (res.ok && refusedAs !== undefined) {
          opts.log.info({ bot: opts.name }, `Telegram takes the ${opts.name} bot's poll again: it receives updates`);
          refusedAs = undefined;
          opts.onRefused(false);
        }
        return res;
      }
      const why = refusal(opts.name, res.error_code, res.description);
      if (why !== refusedAs) opts.log.error({ bot: opts.name, error: `${res.error_code} ${res.description}` }, why);
      if (refusedAs === undefined) opts.onRefused(true);
      refusedAs = why;
      await pause(refusedPollDelayMs(attempt), signal as unknown as AbortSignal | undefined);
    }
  };
}

/**
 * Stop polling and wait for the updates already taken to finish, so their answers and
 * conversation state are written before the process goes away. The caller bounds the wait: a
 * stop cancels the Bot API calls that hold an update up (bot/shared/cancel.ts).
 */
export async function stopPolling(handle: RunnerHandle): Promise<void> {
  await handle.stop();
  while (handle.size() > 0) await new Promise((r) => setTimeout(r, 20));
}
