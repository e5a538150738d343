/**
 * Staff onboarding: `/start <token>` from an invite deep link binds this Telegram account to
 * the invite's school and role (once); then the staff member gives their full name and
 * position, which the documents they issue are signed with (never the Telegram name). Until
 * they have, that is all the bot asks ({@link profileGate}). Everybody who is not active staff
 * is told, politely, that the bot is for school staff — see {@link strangerGate}.
 */
import { Composer, type NextFunction } from "grammy";
import { redeemStaffInvite, setStaffProfile } from "#root/db/queries/staff.ts";
import { validateField } from "#root/flows/form.ts";
import { cleanText } from "#root/flows/form/clean.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import { shorten } from "#root/bot/shared/limits.ts";
import type { ProviderContext } from "./context.ts";
import { langOf, nameIn, telegramLang } from "#root/bot/shared/i18n.ts";
import { underMessage } from "#root/bot/shared/keyboard.ts";

const TOKEN = /^[A-Za-z0-9_-]{16,64}$/;

export function onboardingComposer(deps: BotDeps): Composer<ProviderContext> {
  const composer = new Composer<ProviderContext>();
  composer.command("start", async (ctx, next) => {
    const token = ctx.match.trim();
    if (!token) return next();
    if (!TOKEN.test(token)) {
      await ctx.reply(ctx.t("provider-invite-invalid"));
      return;
    }
    const from = ctx.from!;
    const fullName = shorten([from.first_name, from.last_name].filter(Boolean).join(" "), 200);
    const lang = ctx.staff?.lang ?? telegramLang(from.language_code) ?? "kk";
    const result = await redeemStaffInvite(deps.db, { token, telegramId: from.id, fullName, lang, now: deps.now() });
    if (!result.ok && "staff" in result) {
      // Already active staff: their school and role stay as they are; the invite is not used up.
      const school = await getSchool(deps.db, result.staff.schoolId);
      const args = { school: esc(school ? nameIn(langOf(result.staff), school) : ""), role: ctx.t(`provider-role-${result.staff.role}`) };
      await ctx.reply(ctx.t(result.reason === "member" ? "provider-invite-member" : "provider-invite-other-school", args));
      return;
    }
    if (!result.ok) {
      await ctx.reply(ctx.t(`provider-invite-${result.reason.replaceAll("_", "-")}`));
      return;
    }
    ctx.staff = result.staff;
    ctx.i18n.useLocale(result.staff.lang);
    // A dialog left open before they were switched off (a reason asked for an application of the school they left) is over:
    // what they type next is read afresh, not taken as its answer.
    await ctx.conversation.exitAll();
    const school = await getSchool(deps.db, result.staff.schoolId);
    const schoolName = school ? nameIn(langOf(result.staff), school) : "";
    await ctx.reply(
      ctx.t("provider-welcome", {
        name: esc(result.staff.fullName),
        school: esc(schoolName),
        role: ctx.t(`provider-role-${result.staff.role}`),
      }),
    );
    if (!result.staff.nameConfirmedAt) {
      ctx.session.profileStep = "name";
      await ctx.reply(ctx.t("provider-profile-ask-name"));
    }
    deps.log.info({ staffId: result.staff.id, schoolId: result.staff.schoolId, role: result.staff.role }, "staff invite redeemed");
  });
  return composer;
}

/** Longest position accepted: it is printed beside the name on one line of a document. */
const POSITION_MAX = 120;

/**
 * Staff who have not given their full name and position are asked for them, one at a time,
 * before anything else (a button asks the step again; a command asks from the name). The step lives in the session; a
 * lost session only means the name is asked again.
 */
export function profileGate(deps: BotDeps) {
  return async (ctx: ProviderContext, next: NextFunction): Promise<void> => {
    const member = ctx.staff!;
    if (member.nameConfirmedAt) return next();
    // Only a message, an edit or a tap is the profile's: the bot blocked or unblocked (my_chat_member) keeps the step as it is.
    if (!ctx.message && !ctx.editedMessage && !ctx.callbackQuery) return;
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("provider-profile-first"), show_alert: true });
    // An edit of the name already given is not read: the step stays, and the staff member is told.
    const edited = ctx.editedMessage?.message_id;
    if (edited) return void (await ctx.reply(ctx.t("provider-edited-not-read"), underMessage(edited)));
    const text = ctx.message?.text;
    const typed = text !== undefined && !text.startsWith("/") ? text : undefined;
    if (typed !== undefined && ctx.session.profileStep === "name") {
      const name = validateField(
        { kind: "text", format: "fullName", id: "staff-name", label: "provider-profile-ask-name" },
        typed,
        langOf(ctx.staff),
      );
      if (!name.ok) {
        await ctx.reply(ctx.t(name.error, name.args));
        return;
      }
      ctx.session.profileName = name.value;
      ctx.session.profileStep = "position";
      await ctx.reply(ctx.t("provider-profile-ask-position"));
      return;
    }
    if (typed !== undefined && ctx.session.profileStep === "position" && ctx.session.profileName) {
      const position = cleanText(typed, { multiline: false });
      if (position.length < 3 || position.length > POSITION_MAX || !/\p{L}{2}/u.test(position)) {
        await ctx.reply(ctx.t("provider-profile-position-invalid", { max: POSITION_MAX }));
        return;
      }
      const updated = await setStaffProfile(deps.db, { staffId: member.id, fullName: ctx.session.profileName, position, now: deps.now() });
      ctx.session.profileStep = undefined;
      ctx.session.profileName = undefined;
      await ctx.reply(ctx.t("provider-profile-done", { name: esc(updated.fullName), position: esc(position) }));
      return;
    }
    // A sticker, a photo or a tap at the position: the position is asked again, the name given kept. A command starts over.
    if (ctx.session.profileStep === "position" && ctx.session.profileName && !text?.startsWith("/")) {
      await ctx.reply(ctx.t("provider-profile-ask-position"));
      return;
    }
    ctx.session.profileStep = "name";
    ctx.session.profileName = undefined;
    await ctx.reply(ctx.t("provider-profile-ask-name"));
  };
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
