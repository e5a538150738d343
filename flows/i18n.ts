/**
 * Translations for the domain (PDF documents, notification texts) from the same Fluent files
 * the bots use: `locales/<lang>/*.ftl`. The bots read the same files through @grammyjs/i18n;
 * this module exists because `flows/` must not import grammY.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";

/** The two languages of the service. Kazakh first: it is the state language. */
export const LANGS = ["kk", "ru"] as const;
export type Lang = (typeof LANGS)[number];

export function isLang(value: unknown): value is Lang {
  return value === "kk" || value === "ru";
}

/** A school's, a district's or a region's name in a language. */
export const nameIn = (lang: Lang, named: { nameKk: string; nameRu: string }): string => (lang === "ru" ? named.nameRu : named.nameKk);

/** Absolute path of the `locales/` directory. */
export const LOCALES_DIR = fileURLToPath(new URL("../locales/", import.meta.url));

const bundles = new Map<Lang, FluentBundle>();

function bundleFor(lang: Lang): FluentBundle {
  let bundle = bundles.get(lang);
  if (bundle) return bundle;
  // useIsolating: false — no Unicode bidi marks around placeables; they would end up in PDFs
  // and in Telegram messages as invisible characters.
  bundle = new FluentBundle(lang, { useIsolating: false });
  const dir = join(LOCALES_DIR, lang);
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith(".ftl"))
    .sort()) {
    const errors = bundle.addResource(new FluentResource(readFileSync(join(dir, file), "utf8")));
    if (errors.length > 0) {
      throw new Error(`locales/${lang}/${file}: ${errors.map((e) => e.message).join("; ")}`);
    }
  }
  bundles.set(lang, bundle);
  return bundle;
}

/**
 * Translate `key` into `lang`. A missing key throws: a missing translation is a bug that the
 * locale parity test must catch, not a string to show a parent.
 */
export function t(lang: Lang, key: string, args?: Record<string, FluentVariable>): string {
  const bundle = bundleFor(lang);
  const message = bundle.getMessage(key);
  if (!message?.value) throw new Error(`Missing translation "${key}" in locales/${lang}`);
  const errors: Error[] = [];
  const text = bundle.formatPattern(message.value, args, errors);
  if (errors.length > 0) throw new Error(`Translation "${key}" (${lang}): ${errors[0]!.message}`);
  return text;
}

/** True when `key` exists in `lang` (for optional texts). */
export function hasTranslation(lang: Lang, key: string): boolean {
  return bundleFor(lang).hasMessage(key);
}
