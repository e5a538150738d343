/**
 * Translations for the bots: @grammyjs/i18n over the same `locales/<lang>/*.ftl` files the
 * domain uses. The language is the user's choice (session), Kazakh until they choose.
 */
import { I18n, type I18nFlavor } from "@grammyjs/i18n";
import type { Context } from "grammy";
import { LOCALES_DIR, isLang, type Lang } from "#root/flows/i18n.ts";

export { nameIn } from "#root/flows/i18n.ts";

export type { I18nFlavor };

export const DEFAULT_LANG: Lang = "kk";

/** The language of whoever carries one (a session, a parent, a staff member), the default when it is unset or unknown. */
export const langOf = (holder: { lang?: string | null } | null | undefined): Lang => (isLang(holder?.lang) ? holder.lang : DEFAULT_LANG);

/** The user's language as the session knows it. */
export interface LangSession {
  lang?: Lang;
}

/**
 * The language Telegram says a user's app is in (`language_code`, an IETF tag such as "ru" or
 * "kk-KZ"), when the bots speak it.
 */
export function telegramLang(code: string | undefined): Lang | undefined {
  const primary = code?.toLowerCase().split("-")[0];
  return primary === "kk" || primary === "ru" ? primary : undefined;
}

/** One I18n instance for a bot; `localeOf` reads the user's language. */
export function createI18n<C extends Context & I18nFlavor>(localeOf: (ctx: C) => Lang | undefined | Promise<Lang | undefined>): I18n<C> {
  return new I18n<C>({
    defaultLocale: DEFAULT_LANG,
    // Without the trailing slash: the plugin takes the locale from the first folder under it.
    directory: LOCALES_DIR.replace(/\/+$/, ""),
    // No Unicode isolation marks around variables: they show up as stray characters in Telegram.
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: async (ctx) => {
      const lang = await localeOf(ctx);
      if (isLang(lang)) return lang;
      // Until the user chooses, Telegram's interface language is the best guess.
      return telegramLang(ctx.from?.language_code) ?? DEFAULT_LANG;
    },
  });
}
