import type { I18n } from "@grammyjs/i18n";
import type { Lang } from "#root/flows/i18n.ts";
import type { Tr } from "./ask.ts";
import type { ParentContext } from "./context.ts";

/** A translator bound to one language, for use inside conversations (where `ctx.t` is not installed). */
export function translator(i18n: I18n<ParentContext>, lang: Lang): Tr {
  return (key, vars) => i18n.t(lang, key, vars);
}
