/**
 * /start and /lang: the language (Telegram's own when it is Kazakh or Russian, with a one-tap
 * switch; asked otherwise; remembered), the consent to the processing of personal data, then
 * registration or the services menu.
 */
import { Composer, InlineKeyboard } from "grammy";
import { giveConsent, setUserLang, type User } from "#root/db/queries/users.ts";
import { isStaffInviteToken } from "#root/db/queries/staff.ts";
import { findDraft, setDraftLang } from "#root/db/queries/applications.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { continueDraft, draftBeingFilled } from "./apply/advance.ts";
import { offerDraft, showCatalog } from "./catalog.ts";
import type { ParentContext } from "./context.ts";
import { REGISTRATION_CONVERSATION } from "./registration.ts";
import { data, patterns } from "./callbacks.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { langOf, telegramLang } from "#root/bot/shared/i18n.ts";

/** What a staff invite's deep link carries (`npm run staff:invite`, /staff in the staff bot). */
const STAFF_INVITE = /^[A-Za-z0-9_-]{16,64}$/;

const languageKeyboard = () => new InlineKeyboard().text("Қазақша", data.lang("kk")).text("Русский", data.lang("ru"));

/**
 * After a language is known: consent, registration, or the menu — whichever is next. `known` is
 * the parent's row a write of this update returned (nothing to read again). The registered parent when the menu came.
 */
export async function proceed(ctx: ParentContext, deps: BotDeps, known?: User): Promise<User | undefined> {
  // Read again: this update may have just recorded the consent or the language.
  const user = known ?? (await ctx.parent({ fresh: true }));
  if (!user?.consentAt) {
    const keyboard = new InlineKeyboard()
      .text(ctx.t("consent-agree"), data.consentYes)
      .row()
      .text(ctx.t("consent-decline"), data.consentNo);
    // The language was taken from Telegram or chosen: the other one is a tap away.
    const other = ctx.session.lang === "ru" ? "kk" : "ru";
    keyboard.row().text(other === "kk" ? "🔁 Қазақша" : "🔁 Русский", data.lang(other));
    await ctx.reply(ctx.t("consent-text"), { reply_markup: keyboard });
    return;
  }
  if (!user.iin || !user.phone) {
    await ctx.conversation.exitAll();
    await ctx.conversation.enter(REGISTRATION_CONVERSATION, { lang: langOf(ctx.session) });
    return;
  }
  await showCatalog(ctx, deps);
  return user;
}

export function startComposer(deps: BotDeps) {
  const composer = new Composer<ParentContext>();

  composer.command("start", async (ctx) => {
    // A school staff invite opened here (its link is for the staff bot, or "/start <token>" sent to the wrong bot): said so,
    // and nothing of the parents' bot begins — its consent to the processing of a parent's data is not for them.
    const payload = ctx.match.trim();
    if (STAFF_INVITE.test(payload) && (await isStaffInviteToken(deps.db, payload)))
      return void (await ctx.reply(ctx.t("staff-invite-here")));
    await ctx.conversation.exitAll();
    ctx.session.current = undefined;
    ctx.session.leftFormAt = deps.now().getTime();
    if (!ctx.session.lang) {
      const lang = telegramLang(ctx.from?.language_code);
      if (lang) {
        // Telegram's language is one the bot speaks: no question (the consent offers the other).
        ctx.session.lang = lang;
        await ctx.i18n.renegotiateLocale();
      } else {
        // Both languages at once: the parent has not chosen yet.
        await ctx.reply("Тілді таңдаңыз / Выберите язык", { reply_markup: languageKeyboard() });
        return;
      }
    }
    const registered = await proceed(ctx, deps);
    // A returning parent with an unfinished application: offered to continue it, as /apply does.
    const draft = registered ? await findDraft(deps.db, registered.id) : undefined;
    if (draft) await offerDraft(ctx, draft, { otherService: false });
  });

  composer.command("lang", async (ctx) => {
    await ctx.reply(ctx.t("lang-choose"), { reply_markup: languageKeyboard() });
  });

  composer.callbackQuery(patterns.lang, async (ctx) => {
    const lang = ctx.match[1] as "kk" | "ru";
    if (ctx.session.lang === lang) {
      // Already this language (a double tap, or an old keyboard): nothing happens twice.
      await ctx.answerCallbackQuery({ text: ctx.t("lang-set") });
      await removeButtons(ctx);
      return;
    }
    const first = !ctx.session.lang;
    ctx.session.lang = lang;
    await ctx.i18n.renegotiateLocale();
    await setUserLang(deps.db, ctx.from.id, lang);
    await ctx.answerCallbackQuery();
    await ctx.editMessageText(ctx.t("lang-set")).catch(() => {});
    // A form in progress continues in the new language at the same question, or its review is shown again in it; its
    // statement, not formed yet, will be in it too.
    const current = ctx.session.current;
    const reviewed = current || first ? undefined : await draftBeingFilled(ctx, deps.db, deps.now());
    const user = current || reviewed ? await ctx.parent() : undefined;
    const open = current?.appId ?? reviewed?.id;
    if (user && open) await setDraftLang(deps.db, user.id, open, lang);
    if (current) return continueDraft(ctx, deps.db, current.appId);
    if (reviewed) return continueDraft(ctx, deps.db, reviewed.id);
    if (first || !(await ctx.conversation.active(REGISTRATION_CONVERSATION))) await proceed(ctx, deps);
    else {
      await ctx.conversation.exitAll();
      await ctx.conversation.enter(REGISTRATION_CONVERSATION, { lang });
    }
  });

  composer.callbackQuery(data.consentYes, async (ctx) => {
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    // The language and the consent in one write; a second tap does nothing twice (no row back).
    const user = await giveConsent(deps.db, ctx.from.id, langOf(ctx.session), deps.now());
    if (!user) return;
    await proceed(ctx, deps, user);
  });

  composer.callbackQuery(data.consentNo, async (ctx) => {
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    // Under an older consent message, the consent given since (the parent may be registered): it stands, and is
    // withdrawn with /privacy — "without consent the school cannot consider it" would be untrue.
    if ((await ctx.parent())?.consentAt) return void (await ctx.reply(ctx.t("consent-already-given")));
    await ctx.reply(ctx.t("consent-declined"));
  });

  composer.command("help", (ctx) => ctx.reply(ctx.t("help-text")));
  return composer;
}
