/**
 * The parent bot: one Composer per feature, mounted here in the order updates meet them.
 * A running conversation sees an update first, but gives way to the global commands, so
 * /cancel, /lang or /start always work, even in the middle of a form.
 */
import { createBotBase, registerCommands } from "#root/bot/shared/skeleton.ts";
import { conversations, createConversation } from "@grammyjs/conversations";
import { type Bot, type Context, type MiddlewareFn, session } from "grammy";
import { withReadCache } from "#root/db/read-cache.ts";
import type { Lang } from "#root/flows/i18n.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { fallbackLang } from "#root/bot/shared/errors.ts";
import { createI18n } from "#root/bot/shared/i18n.ts";
import { say } from "./ask.ts";
import { reviewComposer } from "./apply/review.ts";
import { pageChecks } from "./page-checks.ts";
import { answerMiddleware } from "./apply/answer.ts";
import { draftBeingFilled } from "./apply/advance.ts";
import { cancelComposer } from "./cancel.ts";
import { catalogComposer } from "./catalog.ts";
import type { ParentContext, ParentSession } from "./context.ts";
import { myApplicationsComposer } from "./my-applications.ts";
import { ratingCommentCapture, ratingComposer } from "./ratings.ts";
import { privacyComposer } from "./privacy.ts";
import { REGISTRATION_CONVERSATION, registrationConversation } from "./registration.ts";
import { PAPER_CONVERSATION, paperConversation, signingComposer } from "./signing.ts";
import { mobileSigningComposer } from "./signing-mobile.ts";
import { sendComposer } from "./send.ts";
import { startComposer } from "./start.ts";
import { translator } from "./texts.ts";
import { supportGroup, supportRelay } from "#root/bot/support/index.ts";
import { data } from "./callbacks.ts";
import { loadParent } from "./parent.ts";
import { parentReturns } from "./unblocked.ts";
import { underMessage } from "#root/bot/shared/keyboard.ts";

export interface TelegramTarget {
  token: string;
  apiRoot: string;
}

/** Build the parent bot (not started). */
export function createParentBot(deps: BotDeps, telegram: TelegramTarget): Bot<ParentContext> {
  const i18n = createI18n<ParentContext>((ctx) => ctx.session?.lang);
  const langHint = (ctx: Context) => fallbackLang(ctx, () => (ctx as ParentContext).session?.lang);
  const { bot, conversationApi } = createBotBase<ParentContext>(deps, telegram, {
    name: "parent",
    slowDown: (ctx) => i18n.t(langHint(ctx), "rate-limited"),
    errorText: (ctx, kind) => i18n.t(langHint(ctx), kind === "storage" || kind === "database" ? "error-unavailable" : "error-generic"),
  });
  const trFor = (lang: Lang) => translator(i18n, lang);
  const access = { api: bot.api, token: telegram.token, apiRoot: telegram.apiRoot };

  // A row the update's handlers read more than once (the parent, the draft, its documents) is
  // read once; a write drops what was kept.
  bot.use((_ctx, next) => withReadCache(deps.db, next));
  // Private chats only: the bot also sits in the support group, which has its own handlers.
  const privateOnly = bot.chatType("private");
  // The session and the conversation state of a chat are read in one round trip.
  const [sessionStorage, conversationStorage] = deps.sessions.pair<ParentSession, never>("parent:session:", "parent:conv:");
  privateOnly.use(
    session({
      initial: (): ParentSession => ({}),
      storage: sessionStorage,
    }),
  );
  privateOnly.use(loadParent(deps.db));
  // Blocking and unblocking the bot reach no feature; a parent back after blocking it is told what changed meanwhile.
  privateOnly.use(parentReturns(deps));
  const pages = pageChecks(deps, access);
  privateOnly.use((ctx, next) => {
    ctx.pages = pages;
    return next();
  });
  // The language survives a lost session (Redis flushed): it is also in the database.
  privateOnly.use(async (ctx, next) => {
    if (!ctx.session.lang) {
      const user = await ctx.parent();
      if (user?.lang) ctx.session.lang = user.lang;
    }
    await next();
  });
  privateOnly.use(i18n);
  privateOnly.use(supportRelay(deps, bot)); // support: while a ticket is open, relay to operators; the form waits
  // Ratings come before the conversations: a tap on a score or a comment never lands in a form.
  privateOnly.use(ratingCommentCapture(deps));
  privateOnly.use(ratingComposer(deps));
  privateOnly.use(
    conversations<ParentContext, Context>({
      storage: { type: "key", version: 1, adapter: conversationStorage, getStorageKey: (ctx) => ctx.chatId?.toString() },
      plugins: [conversationApi as MiddlewareFn<Context>],
    }) as unknown as MiddlewareFn<ParentContext & { chat: { type: "private" } }>,
  );

  privateOnly.use(createConversation(registrationConversation(deps.db, bot.api, trFor), REGISTRATION_CONVERSATION));
  privateOnly.use(
    createConversation(
      paperConversation(deps, access, trFor, async (step, app) => {
        await say(step, step.tr("sign-done-send", { number: app.number }), {
          reply_markup: { inline_keyboard: [[{ text: step.tr("apply-send"), callback_data: data.send(app.id) }]] },
        });
      }),
      PAPER_CONVERSATION,
    ),
  );
  // The form: an answer to the question the draft is at.
  privateOnly.use(answerMiddleware(deps, access));
  // Conversations are registered above this line: everything below may enter them. A
  // conversation gives way to the global commands (/cancel, /lang, …), which land here.
  privateOnly.use(startComposer(deps));
  privateOnly.use(cancelComposer(deps));
  privateOnly.use(privacyComposer(deps));
  privateOnly.use(myApplicationsComposer(deps));
  privateOnly.use(catalogComposer(deps));
  privateOnly.use(reviewComposer(deps));
  privateOnly.use(signingComposer(deps));
  privateOnly.use(mobileSigningComposer(deps));
  privateOnly.use(sendComposer(deps));

  // Whatever is left: an old button, or a message outside any form.
  privateOnly.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: ctx.t("button-outdated") }));
  const answer = answerMiddleware(deps, access);
  privateOnly.on("message", async (ctx) => {
    // The session lost which draft is open (a write that did not reach Redis): a draft being
    // filled lately is the form the parent is answering, and the message is taken as an answer —
    // unless the parent stepped out of the form since (/cancel, /start) and has not answered it again.
    if (!ctx.session.current && !ctx.message.text?.startsWith("/")) {
      const draft = await draftBeingFilled(ctx, deps.db, deps.now());
      if (draft) {
        ctx.session.current = { appId: draft.id, stage: "parent" };
        return answer(ctx, async () => {});
      }
    }
    await ctx.reply(ctx.t("fallback"));
  });
  // A message edited after it was sent is not read again: the parent is told, under it, what to do instead.
  privateOnly.on("edited_message", (ctx) =>
    ctx.reply(ctx.t(ctx.session.current ? "edited-not-read-form" : "edited-not-read"), underMessage(ctx.editedMessage.message_id)),
  );
  bot.use(supportGroup(deps, bot)); // support: the operators' forum group (config.supportChatId)
  // A tap with no chat (an inline message's: this bot sends none, so an old or a forged one), or an old button in a group: the
  // spinner stops.
  bot.on("callback_query", (ctx) => ctx.answerCallbackQuery({ text: i18n.t(langHint(ctx), "button-outdated") }));

  return bot;
}

/** Commands in the menu, per language. */
export async function registerParentCommands(bot: Bot<ParentContext>): Promise<void> {
  await registerCommands(bot as never, ["start", "apply", "my", "help", "lang", "support", "privacy", "cancel"], "command-");
}
