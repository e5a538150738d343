/**
 * The provider bot: school staff register or refuse applications and issue the results.
 * One Composer per feature, mounted here; the bot is created, not started (system.ts starts it).
 */
import { botApiRetry } from "#root/bot/shared/retry.ts";
import { conversations, createConversation } from "@grammyjs/conversations";
import { sequentialize } from "@grammyjs/runner";
import { Bot, session } from "grammy";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { t } from "#root/flows/i18n.ts";
import { Metrics } from "#root/metrics.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { errorHandler, fallbackLang } from "#root/bot/shared/errors.ts";
import { updateGuard } from "#root/bot/shared/guard.ts";
import { createI18n } from "#root/bot/shared/i18n.ts";
import { actions } from "./actions.ts";
import { BULK_CONVERSATION, bulk, bulkConversation } from "./bulk.ts";
import type { ProviderContext, ProviderSession } from "./context.ts";
import { inbox } from "./inbox.ts";
import { INPUT_CONVERSATION, inputConversation } from "./input.ts";
import { language } from "./language.ts";
import { onboarding, profileGate, strangerGate } from "./onboarding.ts";
import { team } from "./team.ts";
import { stats } from "./stats.ts";
import { reports } from "./report.ts";
import { htmlByDefault } from "#root/bot/shared/html.ts";

export type { ProviderContext } from "./context.ts";

/** Build the provider bot against `telegram.apiRoot` (Telegram, a local Bot API server or the playground). */
export function createProviderBot(deps: BotDeps, telegram: { token: string; apiRoot: string }): Bot<ProviderContext> {
  const bot = new Bot<ProviderContext>(telegram.token, { client: { apiRoot: telegram.apiRoot } });
  // The retry policy (bot/shared/retry.ts), on the bot and inside conversations.
  const retry = () =>
    botApiRetry({ maxRetryAttempts: 3, maxDelaySeconds: 30, cancelCalls: deps.cancelCalls, log: deps.log, bot: "provider" });
  bot.api.config.use(...retry());
  bot.api.config.use(htmlByDefault);

  const i18n = createI18n<ProviderContext>((ctx) => ctx.staff?.lang ?? ctx.session.lang);
  const langHint = (ctx: ProviderContext) => fallbackLang(ctx, () => ctx.staff?.lang ?? ctx.session?.lang);
  const metrics = deps.metrics ?? new Metrics();
  // Measure, de-duplicate (webhook retries, several instances) and rate-limit every update.
  bot.use(
    updateGuard({
      bot: "provider",
      sessions: deps.sessions,
      metrics,
      log: deps.log,
      limit: deps.rateLimit,
      slowDown: (ctx) => i18n.t(langHint(ctx as ProviderContext), "provider-rate-limited"),
    }),
  );
  // One update at a time per chat: two taps of one staff member never race each other.
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));

  const chats = bot.chatType("private");
  chats.use(
    session<ProviderSession, ProviderContext>({
      initial: () => ({}),
      storage: deps.sessions.adapter<ProviderSession>("provider:"),
    }),
  );
  // Who is writing, fresh from the database on every update: a deactivated account stops at once.
  chats.use(async (ctx, next) => {
    ctx.staff = ctx.from ? await findActiveStaff(deps.db, ctx.from.id) : undefined;
    await next();
  });
  chats.use(i18n);
  chats.use(onboarding(deps));
  chats.use(language(deps));
  chats.use(strangerGate);
  chats.use(profileGate(deps));
  chats.use(
    conversations<ProviderContext, ProviderContext>({
      storage: deps.sessions.adapter("provider-conv:"),
      // A conversation calls Telegram through an Api of its own: a stop must cancel those calls too.
      plugins: [
        async (ctx, next) => {
          ctx.api.config.use(...retry());
          ctx.api.config.use(htmlByDefault);
          await next();
        },
      ],
    }),
  );
  chats.use(createConversation(inputConversation(deps), INPUT_CONVERSATION));
  chats.use(createConversation(bulkConversation(deps), BULK_CONVERSATION));
  chats.use(inbox(deps));
  chats.use(actions(deps));
  chats.use(team(deps));
  chats.use(stats(deps));
  chats.use(reports(deps));
  chats.use(bulk(deps));
  // Whatever is left: an old button, or a message that is not a command.
  chats.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("provider-button-outdated") }));
  chats.on("message", (ctx) => ctx.reply(ctx.t("provider-fallback")));

  bot.catch(
    errorHandler<ProviderContext>(
      deps.log,
      "provider",
      (ctx, kind) =>
        i18n.t(langHint(ctx), kind === "storage" || kind === "database" ? "provider-error-unavailable" : "provider-error-generic"),
      metrics,
    ),
  );
  return bot;
}

/** The provider bot's menu of commands, per language. */
export async function registerProviderCommands(bot: Bot<ProviderContext>): Promise<void> {
  for (const lang of ["kk", "ru"] as const) {
    const commands = ["inbox", "orders", "report", "stats", "staff", "help", "lang"].map((command) => ({
      command,
      description: t(lang, `provider-command-${command}`),
    }));
    await bot.api.setMyCommands(commands, { language_code: lang });
    if (lang === "kk") await bot.api.setMyCommands(commands);
  }
}
