/**
 * The provider bot: school staff register or refuse applications and issue the results.
 * One Composer per feature, mounted here; the bot is created, not started (system.ts starts it).
 */
import { createBotBase, registerCommands } from "#root/bot/shared/skeleton.ts";
import { conversations, createConversation } from "@grammyjs/conversations";
import { type Bot, type Context, session } from "grammy";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { fallbackLang } from "#root/bot/shared/errors.ts";
import { createI18n } from "#root/bot/shared/i18n.ts";
import { actionsComposer } from "./actions.ts";
import { BULK_CONVERSATION, bulkComposer } from "./bulk.ts";
import { bulkConversation } from "./bulk-dialog.ts";
import type { ProviderContext, ProviderSession } from "./context.ts";
import { inboxComposer } from "./inbox.ts";
import { INPUT_CONVERSATION, inputConversation } from "./input.ts";
import { languageComposer } from "./language.ts";
import { onboardingComposer, profileGate, strangerGate } from "./onboarding.ts";
import { teamComposer } from "./team.ts";
import { staffReturns } from "./unblocked.ts";
import { statsComposer } from "./stats.ts";
import { reportsComposer } from "./report.ts";
import { underMessage } from "#root/bot/shared/keyboard.ts";

export type { ProviderContext } from "./context.ts";

/** Build the provider bot against `telegram.apiRoot` (Telegram, a local Bot API server or the playground). */
export function createProviderBot(deps: BotDeps, telegram: { token: string; apiRoot: string }): Bot<ProviderContext> {
  const i18n = createI18n<ProviderContext>((ctx) => ctx.staff?.lang ?? ctx.session.lang);
  const langHint = (ctx: Context) =>
    fallbackLang(ctx, () => (ctx as ProviderContext).staff?.lang ?? (ctx as ProviderContext).session?.lang);
  const { bot, conversationApi } = createBotBase<ProviderContext>(deps, telegram, {
    name: "provider",
    slowDown: (ctx) => i18n.t(langHint(ctx), "provider-rate-limited"),
    errorText: (ctx, kind) =>
      i18n.t(langHint(ctx), kind === "storage" || kind === "database" ? "provider-error-unavailable" : "provider-error-generic"),
  });

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
  // Back after blocking the bot: what waits is said first. Blocking and unblocking reach no dialog.
  chats.use(staffReturns(deps));
  // Before onboarding, which ends a dialog left open by a member who comes back by an invite (perhaps to another school).
  chats.use(
    conversations<ProviderContext, ProviderContext>({
      storage: deps.sessions.adapter("provider-conv:"),
      plugins: [conversationApi],
    }),
  );
  chats.use(onboardingComposer(deps));
  chats.use(languageComposer(deps));
  chats.use(strangerGate);
  chats.use(profileGate(deps));
  chats.use(createConversation(inputConversation(deps), INPUT_CONVERSATION));
  chats.use(createConversation(bulkConversation(deps), BULK_CONVERSATION));
  chats.use(inboxComposer(deps));
  chats.use(actionsComposer(deps));
  chats.use(teamComposer(deps));
  chats.use(statsComposer(deps));
  chats.use(reportsComposer(deps));
  chats.use(bulkComposer(deps));
  // Whatever is left: an old button, or a message that is not a command.
  chats.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("provider-button-outdated") }));
  chats.on("message", (ctx) => ctx.reply(ctx.t("provider-fallback")));
  chats.on("edited_message", (ctx) => ctx.reply(ctx.t("provider-edited-not-read"), underMessage(ctx.editedMessage.message_id)));
  // A tap with no chat (an inline message's: this bot sends none, so an old or a forged one), or in a group: the spinner stops.
  bot.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: i18n.t(langHint(ctx), "provider-button-outdated") }));

  return bot;
}

/** The provider bot's menu of commands, per language. */
export async function registerProviderCommands(bot: Bot<ProviderContext>): Promise<void> {
  await registerCommands(bot as never, ["inbox", "orders", "report", "stats", "staff", "help", "lang"], "provider-command-");
}
