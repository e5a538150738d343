/**
 * Staff onboarding: `/start <token>` from an invite deep link binds this Telegram account to
 * the invite's school and role (once). Everybody who is not active staff is told, politely,
 * that the bot is for school staff — see {@link strangerGate}.
 */
import { Composer, type NextFunction } from "grammy";
import { redeemStaffInvite } from "../../db/queries/staff.ts";
import { getSchool } from "../../db/queries/schools.ts";
import type { BotDeps } from "../shared/deps.ts";
import { esc } from "../shared/html.ts";
import type { ProviderContext } from "./context.ts";

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export function onboarding(deps: BotDeps): Composer<ProviderContext> {
  const composer = new Composer<ProviderContext>();
  composer.command("start", async (ctx, next) => {
    const token = ctx.match.trim();
    if (!token) return next();
    if (!TOKEN.test(token)) {
      await ctx.reply(ctx.t("provider-invite-invalid"));
      return;
    }
    const from = ctx.from!;
    const fullName = [from.first_name, from.last_name].filter(Boolean).join(" ").slice(0, 200);
    const lang = ctx.staff?.lang ?? (from.language_code === "ru" ? "ru" : "kk");
    const result = await redeemStaffInvite(deps.db, { token, telegramId: from.id, fullName, lang, now: deps.now() });
    if (!result.ok) {
      await ctx.reply(ctx.t(`provider-invite-${result.reason}`));
      return;
    }
    ctx.staff = result.staff;
    ctx.i18n.useLocale(result.staff.lang);
    const school = await getSchool(deps.db, result.staff.schoolId);
    const schoolName = result.staff.lang === "ru" ? school?.nameRu : school?.nameKk;
    await ctx.reply(
      ctx.t("provider-welcome", { name: esc(result.staff.fullName), school: esc(schoolName ?? ""), role: ctx.t(`provider-role-${result.staff.role}`) }),
      { parse_mode: "HTML" },
    );
    deps.log.info({ staffId: result.staff.id, schoolId: result.staff.schoolId, role: result.staff.role }, "staff invite redeemed");
  });
  return composer;
}

/** Only active staff get past this point; everybody else gets the polite explanation. */
export async function strangerGate(ctx: ProviderContext, next: NextFunction): Promise<void> {
  if (ctx.staff) return next();
  if (ctx.callbackQuery) {
    // Alerts hold 200 characters: the short form.
    await ctx.answerCallbackQuery({ text: ctx.t("provider-staff-only-short"), show_alert: true });
    return;
  }
  if (ctx.message) await ctx.reply(ctx.t("provider-staff-only"));
}
