/** `/lang`: Kazakh or Russian. Staff keep it in `staff.lang` (notifications use it too). */
import { Composer, InlineKeyboard } from "grammy";
import { isLang } from "#root/flows/i18n.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import type { ProviderContext } from "./context.ts";
import { setStaffLang } from "#root/db/queries/staff.ts";
import { data, patterns } from "./callbacks.ts";
import { editOrReply } from "#root/bot/shared/keyboard.ts";

export function languageComposer(deps: BotDeps): Composer<ProviderContext> {
  const composer = new Composer<ProviderContext>();
  composer.command("lang", (ctx) =>
    ctx.reply(ctx.t("provider-lang-choose"), {
      reply_markup: new InlineKeyboard().text("Қазақша", data.lang("kk")).text("Русский", data.lang("ru")),
    }),
  );
  composer.callbackQuery(patterns.lang, async (ctx) => {
    const lang = ctx.match[1];
    if (!isLang(lang)) return;
    if (ctx.staff) {
      await setStaffLang(deps.db, ctx.staff.id, lang);
      ctx.staff = { ...ctx.staff, lang };
    } else {
      ctx.session.lang = lang;
    }
    ctx.i18n.useLocale(lang);
    await ctx.answerCallbackQuery();
    await editOrReply(ctx, ctx.t("provider-lang-set"));
  });
  return composer;
}
