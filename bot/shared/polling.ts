import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Bot, Context, Transformer } from "grammy";
import type { Logger } from "#root/log.ts";
import { pause } from "./retry.ts";

export interface PollingOptions {
  name: "parent" | "provider";
  log: Logger;
  /**
   * Called with true when the bot receives no updates (Telegram refuses its poll, or has not answered it for
   * {@link UNANSWERED_POLL_MS} past the poll's own timeout), with false once it does again.
   */
  onRefused(refused: boolean): void;
}

/**
 * Long polling with @grammyjs/runner: updates of different chats run concurrently, updates of
 * one chat in order (the bots install `sequentialize` by chat). Any webhook is removed first.
 * Telegram refusing the poll later (a webhook set by hand, another poller, a revoked or malformed
 * token, any 4xx but 429) or not answering it for long is said in the log and retried
 * ({@link pollRefusals}); anything else that ends the runner is logged.
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

/**
 * How long past its own timeout a poll may go without an answer before the bot counts as deaf (not
 * ready): Telegram unreachable, answering 5xx or 429 (retried inside the call, bot/shared/retry.ts),
 * or a connection that hangs. A minute rides out a blip — Telegram's 502s while it restarts, a
 * network flap: some six tries on retry.ts's schedule — without taking the instance out of the
 * proxy; a longer outage shows on /health/ready.
 */
export const UNANSWERED_POLL_MS = 60_000;

/** What an operator reads when Telegram refuses `bot`'s long poll with `code` (4xx but 429). */
function refusal(bot: string, code: number, description: string): string {
  const token = bot === "parent" ? "BOT_TOKEN" : "PROVIDER_BOT_TOKEN";
  const deaf = "polling cannot receive updates";
  if (code === 401) return `the ${bot} bot's token was revoked (401 Unauthorized): set the new token in ${token} and restart`;
  if (code === 404)
    return (
      `Telegram does not know the ${bot} bot's token (404 Not Found): ${deaf}; ` +
      `check ${token} is the whole token @BotFather gave (and TELEGRAM_API_ROOT a Bot API server), and restart`
    );
  if (code === 403)
    return `Telegram forbids the ${bot} bot's poll (403 ${description}): ${deaf}; check the bot in @BotFather and the token in ${token}`;
  if (code === 409 && /webhook/i.test(description))
    return `a webhook is set for the ${bot} bot: ${deaf}; remove it (deleteWebhook) or run with BOT_MODE=webhook`;
  if (code === 409) return `another process polls with the ${bot} bot's token: ${deaf}; stop it (several instances need BOT_MODE=webhook)`;
  return (
    `Telegram refuses the ${bot} bot's poll (${code} ${description}): ${deaf}; ` +
    "a Bot API server that does not take this version's poll (TELEGRAM_API_ROOT), or a bug to report with this line"
  );
}

/** Telegram's answer says the poll will not be taken as it is: any 4xx but 429 (too many requests: retry.ts waits). */
function isRefusal(code: number): boolean {
  return code >= 400 && code < 500 && code !== 429;
}

/**
 * The runner ends for good at a 401 or 409 answer to `getUpdates`, and retries any other error
 * silently, with a pause that doubles without bound, for 15 hours: either way the bot goes deaf
 * while /health/ready says it is fine. Every 4xx but 429 is taken here instead: said once in the
 * log (again if the cause changes), reported through `onRefused` (/health/ready is not ready),
 * and polled again after {@link refusedPollDelayMs}, so the bot comes back by itself once the
 * cause is gone. A poll without an answer for {@link UNANSWERED_POLL_MS} past its timeout is
 * reported the same way until an answer comes. A stop ends the wait (the runner aborts the poll's signal).
 */
export function pollRefusals(opts: PollingOptions): Transformer {
  let refusedAs: string | undefined;
  let unanswered = false;
  let reported = false;
  const report = () => {
    const deaf = refusedAs !== undefined || unanswered;
    if (deaf !== reported) opts.onRefused(deaf);
    reported = deaf;
  };
  return async (prev, method, payload, signal) => {
    if (method !== "getUpdates") return prev(method, payload, signal);
    for (let attempt = 1; ; attempt++) {
      // After a refusal, a short poll: its answer says at once whether Telegram takes the poll again
      // (a long one answers only with an update or after 30 s).
      const asked = refusedAs === undefined ? payload : { ...payload, timeout: 0 };
      const waitMs = ((asked as { timeout?: number }).timeout ?? 0) * 1000 + UNANSWERED_POLL_MS;
      const watch = setTimeout(() => {
        if (unanswered) return;
        unanswered = true;
        const why = `Telegram has not answered the ${opts.name} bot's poll for ${Math.round(waitMs / 1000)} s: it receives no updates`;
        opts.log.error({ bot: opts.name }, `${why}; check this host reaches Telegram (or TELEGRAM_API_ROOT)`);
        report();
      }, waitMs);
      let res: Awaited<ReturnType<typeof prev>>;
      try {
        res = await prev(method, asked, signal);
      } finally {
        clearTimeout(watch);
      }
      if (res.ok || !isRefusal(res.error_code)) {
        if (res.ok && (refusedAs !== undefined || unanswered)) {
          opts.log.info({ bot: opts.name }, `Telegram takes the ${opts.name} bot's poll again: it receives updates`);
          refusedAs = undefined;
          unanswered = false;
          report();
        }
        return res;
      }
      const why = refusal(opts.name, res.error_code, res.description);
      if (why !== refusedAs) opts.log.error({ bot: opts.name, error: `${res.error_code} ${res.description}` }, why);
      refusedAs = why;
      unanswered = false;
      report();
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
