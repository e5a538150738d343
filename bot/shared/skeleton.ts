/**
 * What both bots are built on, once: the Bot API's retry policy, HTML by default and a tap's late
 * answer taken as answered (on the bot and inside its conversations), the update guard (measure,
 * de-duplicate, rate-limit), one update at a time per chat, the error handler, and the menu of
 * commands per language. A bot adds its own session, language, features and texts on top.
 */
import { sequentialize } from "@grammyjs/runner";
import { Bot, type Context, type MiddlewareFn } from "grammy";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { errorHandler, type ErrorKind } from "#root/bot/shared/errors.ts";
import { tolerateExpiredAnswers } from "#root/bot/shared/expired-answer.ts";
import { updateGuard } from "#root/bot/shared/guard.ts";
import { htmlByDefault } from "#root/bot/shared/html.ts";
import { compactKeyboards } from "#root/bot/shared/keyboard.ts";
import { botApiRetry } from "#root/bot/shared/retry.ts";
import { t } from "#root/flows/i18n.ts";
import { WEBHOOK_ANSWER_WITHIN_MS } from "#root/api/webhooks.ts";
import { Metrics } from "#root/metrics.ts";

/**
 * One retry policy for both bots: up to 5 more tries, and Telegram's `retry_after` honoured up
 * to 60 s — except in the support group, whose 429 is not waited out (bot/support/post.ts). A
 * parent or a staff member is waiting on the update, so a longer wait is worse than the error's
 * answer ("try again"); the outbox, which nobody waits on, retries for longer.
 */
const RETRY = { maxRetryAttempts: 5, maxDelaySeconds: 60 };

export interface BotBase<C extends Context> {
  bot: Bot<C>;
  metrics: Metrics;
  /** The conversations plugin that gives a conversation's own Api the same policy. */
  conversationApi: MiddlewareFn<C>;
}

/**
 * A bot named `name` with the shared skeleton installed: its handlers come next. `slowDown` is
 * the rate limit's answer; `errorText` what a failed update tells the user.
 */
export function createBotBase<C extends Context>(
  deps: BotDeps,
  telegram: { token: string; apiRoot: string },
  opts: { name: "parent" | "provider"; slowDown: (ctx: Context) => string; errorText: (ctx: C, kind: ErrorKind) => string },
): BotBase<C> {
  const bot = new Bot<C>(telegram.token, { client: { apiRoot: telegram.apiRoot } });
  const transformers = () => [
    ...botApiRetry({ ...RETRY, cancelCalls: deps.cancelCalls, log: deps.log, bot: opts.name, noWaitInto: deps.config.supportChatId }),
    htmlByDefault,
    compactKeyboards,
    tolerateExpiredAnswers(deps.log, opts.name),
  ];
  bot.api.config.use(...transformers());
  const metrics = deps.metrics ?? new Metrics();
  // Measure, de-duplicate (webhook retries, several instances) and rate-limit every update; with
  // webhooks, an update answered early holds its chat until it ends, on every instance.
  const holdChatAfterMs = deps.config.botMode === "webhook" ? WEBHOOK_ANSWER_WITHIN_MS - 1_000 : undefined;
  bot.use(
    updateGuard({
      bot: opts.name,
      sessions: deps.sessions,
      metrics,
      log: deps.log,
      limit: deps.rateLimit,
      slowDown: opts.slowDown,
      ...(holdChatAfterMs !== undefined ? { holdChatAfterMs } : {}),
    }),
  );
  // One update at a time per chat (the runner handles different chats concurrently): two taps
  // of one person never race each other.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));
  bot.catch(errorHandler<C>(deps.log, opts.name, opts.errorText, metrics));
  // A conversation calls Telegram through an Api of its own: the same policy, and a stop cancels it.
  const conversationApi: MiddlewareFn<C> = async (ctx, next) => {
    ctx.api.config.use(...transformers());
    await next();
  };
  return { bot, metrics, conversationApi };
}

/**
 * The bot's menu of commands in Kazakh and Russian (Kazakh also as the default), described by
 * `keyPrefix + command`; and what Telegram shows of the bot before the first message and in its
 * profile: its description and short description (`<keyPrefix>bot-description`, `…-short-description`
 * with the prefix's "command-" left out), in the same languages.
 */
export async function registerCommands(bot: Bot<Context> | Bot<never>, commands: readonly string[], keyPrefix: string): Promise<void> {
  const api = (bot as Bot<Context>).api;
  const about = keyPrefix.replace(/command-$/, "bot-");
  // Kazakh is also what a user of any other language sees.
  const languages = [
    ["kk", "kk"],
    ["kk", undefined],
    ["ru", "ru"],
  ] as const;
  for (const [lang, language_code] of languages) {
    const menu = commands.map((command) => ({ command, description: t(lang, `${keyPrefix}${command}`) }));
    await api.setMyCommands(menu, language_code ? { language_code } : {});
  }
  // The menu is in place whatever happens here. Telegram limits how often these change: they are
  // written only when they differ.
  for (const [lang, language_code] of languages) {
    const opts = language_code ? { language_code } : {};
    const description = t(lang, `${about}description`);
    const short = t(lang, `${about}short-description`);
    if ((await api.getMyDescription(opts)).description !== description) await api.setMyDescription(description, opts);
    if ((await api.getMyShortDescription(opts)).short_description !== short) await api.setMyShortDescription(short, opts);
  }
}
