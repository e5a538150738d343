/**
 * `/staff`: the school's team — a director invites specialists (a one-time link to forward) and
 * switches staff off, with a confirmation; everybody sees who is on the team, {@link TEAM_PAGE} to a
 * page (◀ ▶ turn it). `/help`: what the bot does for the staff member's role.
 */
import { Composer, InlineKeyboard } from "grammy";
import { getSchool } from "#root/db/queries/schools.ts";
import { getStaffMember, staffMembership, type Staff } from "#root/db/queries/staff.ts";
import { formatDate } from "#root/flows/form/date.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { inviteSpecialist, switchOff, teamOf } from "#root/flows/team.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import { shorten } from "#root/bot/shared/limits.ts";
import { editOrReply } from "#root/bot/shared/keyboard.ts";
import { data, patterns } from "./callbacks.ts";
import type { ProviderContext } from "./context.ts";
import { langOf, nameIn } from "#root/bot/shared/i18n.ts";

/**
 * Members on one page of /staff: a large school's team (70 and more) overflows Telegram's 4096 characters and 100
 * buttons in one message; 20 lines and their switch-off buttons fit with room to spare.
 */
export const TEAM_PAGE = 20;
/** A name as the list shows it, at most: a name not yet typed at onboarding is Telegram's, up to 129 characters. */
const LISTED_NAME = 100;

async function renderTeam(deps: BotDeps, ctx: ProviderContext, asked = 0): Promise<{ html: string; keyboard?: InlineKeyboard }> {
  const me = ctx.staff!;
  const [team, school] = await Promise.all([teamOf(deps.db, me, deps.now()), getSchool(deps.db, me.schoolId)]);
  const pages = Math.max(1, Math.ceil(team.members.length / TEAM_PAGE));
  // A page past the end (members left since the list was sent) shows the last one.
  const page = Math.min(asked, pages - 1);
  const shown = team.members.slice(page * TEAM_PAGE, (page + 1) * TEAM_PAGE);
  const lines = [ctx.t("provider-team-title", { school: esc(school ? nameIn(langOf(ctx.staff), school) : "") })];
  if (pages > 1) {
    const from = page * TEAM_PAGE + 1;
    lines.push(ctx.t("provider-team-page", { page: page + 1, pages, from, to: from + shown.length - 1, count: team.members.length }));
  }
  for (const m of shown) {
    const you = m.id === me.id ? ` ${ctx.t("provider-team-you")}` : "";
    lines.push(
      ctx.t("provider-team-member", {
        name: esc(shorten(m.fullName, LISTED_NAME)) + you,
        role: ctx.t(`provider-role-${m.role}`),
        since: formatDate(almatyDate(m.createdAt)),
      }),
    );
  }
  if (team.pending > 0) lines.push(ctx.t("provider-team-pending", { count: team.pending }));
  lines.push("", ctx.t(me.role === "director" ? "provider-team-director-hint" : "provider-team-specialist-hint"));
  const keyboard = new InlineKeyboard();
  if (me.role === "director") {
    keyboard.text(ctx.t("provider-team-button-invite"), data.teamInvite).row();
    for (const m of shown.filter((x) => x.id !== me.id))
      keyboard.text(shorten(ctx.t("provider-team-button-off", { name: m.fullName }), 60), data.teamOff(m.id, page)).row();
  }
  if (page > 0) keyboard.text(ctx.t("provider-team-prev"), data.teamList(page - 1));
  if (page < pages - 1) keyboard.text(ctx.t("provider-team-next"), data.teamList(page + 1));
  const any = keyboard.inline_keyboard.some((row) => row.length > 0);
  return { html: lines.join("\n"), ...(any ? { keyboard } : {}) };
}

/** The invite's deep link: t.me for a real bot, the playground's chat otherwise. */
function inviteLink(deps: BotDeps, ctx: ProviderContext, token: string): string {
  return deps.config.telegram.mode === "telegram"
    ? `https://t.me/${ctx.me.username}?start=${token}`
    : `${deps.config.publicUrl}/playground?bot=provider&start=${token}`;
}

const denial = (reason: string) => `provider-team-${reason.replace(/_/g, "-")}`;

export function teamComposer(deps: BotDeps): Composer<ProviderContext> {
  const composer = new Composer<ProviderContext>();

  composer.command("staff", async (ctx) => {
    const view = await renderTeam(deps, ctx);
    await ctx.reply(view.html, { reply_markup: view.keyboard });
  });

  composer.command("help", (ctx) => ctx.reply(ctx.t(`provider-help-${ctx.staff!.role}`)));

  // A page turned, or the list again after a cancelled switch-off: this message becomes that page.
  composer.callbackQuery(patterns.teamList, async (ctx) => {
    await ctx.answerCallbackQuery();
    const view = await renderTeam(deps, ctx, Number(ctx.match[1] ?? 0));
    await editOrReply(ctx, view.html, { reply_markup: view.keyboard });
  });

  composer.callbackQuery(patterns.teamInvite, async (ctx) => {
    const result = await inviteSpecialist(deps.db, { by: ctx.staff!, now: deps.now() });
    if (!result.ok) return void (await ctx.answerCallbackQuery({ text: ctx.t(denial(result.reason)), show_alert: true }));
    await ctx.answerCallbackQuery();
    const school = await getSchool(deps.db, ctx.staff!.schoolId);
    await ctx.reply(
      ctx.t("provider-team-invite", {
        school: esc(school ? nameIn(langOf(ctx.staff), school) : ""),
        date: formatDate(almatyDate(result.expiresAt)),
        link: inviteLink(deps, ctx, result.token),
      }),
      { link_preview_options: { is_disabled: true } },
    );
    deps.log.info({ staffId: ctx.staff!.id, schoolId: ctx.staff!.schoolId }, "staff invite created by a director");
  });

  composer.callbackQuery(patterns.teamOff, async (ctx) => {
    await ctx.answerCallbackQuery();
    const me: Staff = ctx.staff!;
    if (me.role !== "director") return void (await ctx.reply(ctx.t("provider-team-not-director")));
    const target = await getStaffMember(deps.db, Number(ctx.match[1]));
    if (!target || !target.active || target.schoolId !== me.schoolId) return void (await ctx.reply(ctx.t("provider-team-not-found")));
    // The confirmation names this membership of theirs: if they leave and are invited back, it no longer switches them off.
    const membership = await staffMembership(deps.db, target.id);
    const keyboard = new InlineKeyboard()
      .text(ctx.t("provider-team-button-confirm-off"), data.teamOffConfirm(target.id, membership))
      .text(ctx.t("provider-button-cancel"), data.teamList(Number(ctx.match[2] ?? 0)));
    await ctx.reply(ctx.t("provider-team-confirm-off", { name: esc(target.fullName), role: ctx.t(`provider-role-${target.role}`) }), {
      reply_markup: keyboard,
    });
  });

  composer.callbackQuery(patterns.teamOffConfirm, async (ctx) => {
    const [targetId, membership] = [Number(ctx.match[1]), Number(ctx.match[2])];
    const result = await switchOff(deps.db, { by: ctx.staff!, targetId, membership, now: deps.now() });
    await ctx.answerCallbackQuery();
    if (!result.ok) return void (await editOrReply(ctx, ctx.t(denial(result.reason))));
    await editOrReply(ctx, ctx.t("provider-team-off-done", { name: esc(result.member.fullName) }));
    deps.log.info(
      { staffId: ctx.staff!.id, targetStaffId: result.member.id, schoolId: ctx.staff!.schoolId },
      "staff member switched off by a director",
    );
  });

  return composer;
}
