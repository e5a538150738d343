/**
 * The inbox: the school's open applications (new first, then by deadline), counts per status
 * and paging — one message, edited in place. Opening an application sends its files and card.
 */
import { Composer, InlineKeyboard } from "grammy";
import { formatDate } from "../../flows/form.ts";
import { isLang, type Lang } from "../../flows/i18n.ts";
import { STATUSES, statusKey, type Status } from "../../flows/lifecycle.ts";
import { almatyDate, isOverdue } from "../../flows/sla.ts";
import { formOf } from "../../flows/statement.ts";
import { getService } from "../../flows/services/index.ts";
import { getSchool } from "../../db/queries/schools.ts";
import type { BotDeps } from "../shared/deps.ts";
import { esc } from "../shared/html.ts";
import { staffAccess } from "./access.ts";
import { data, patterns } from "./callbacks.ts";
import { renderCard, sendFiles } from "./card.ts";
import type { ProviderContext } from "./context.ts";
import { countByStatus, findByNumber, listInbox } from "./queries.ts";

export const PAGE_SIZE = 5;

export const langOf = (ctx: ProviderContext): Lang => (isLang(ctx.staff?.lang) ? ctx.staff.lang : "kk");

/** The inbox page `page` of the staff member's school: text and keyboard. */
export async function renderInbox(deps: BotDeps, ctx: ProviderContext, page: number): Promise<{ html: string; keyboard: InlineKeyboard }> {
  const staff = ctx.staff!;
  const lang = langOf(ctx);
  const [counts, school] = await Promise.all([countByStatus(deps.db, staff.schoolId), getSchool(deps.db, staff.schoolId)]);
  const { items, total } = await listInbox(deps.db, staff.schoolId, page, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const now = deps.now();
  const lines = [ctx.t("provider-inbox-title", { school: esc(lang === "ru" ? (school?.nameRu ?? "") : (school?.nameKk ?? "")) })];
  const shown = STATUSES.filter((s) => counts[s]);
  lines.push(shown.length ? shown.map((s: Status) => `${ctx.t(statusKey(s))}: <b>${counts[s]}</b>`).join("\n") : ctx.t("provider-inbox-no-applications"));
  lines.push("");
  if (total === 0) lines.push(ctx.t("provider-inbox-empty"));
  else lines.push(ctx.t("provider-inbox-page", { page: Math.min(page, pages - 1) + 1, pages }));
  const keyboard = new InlineKeyboard();
  for (const app of items) {
    const child = formOf(app).child?.fullName ?? "";
    const service = ctx.t(getService(app.serviceId).catalog.title);
    const due = app.deadlineAt
      ? ctx.t(isOverdue(app.deadlineAt, now) && app.status === "registered" ? "provider-inbox-overdue" : "provider-inbox-due", { date: formatDate(almatyDate(app.deadlineAt)) })
      : ctx.t("provider-inbox-new");
    lines.push(`• <b>№${esc(app.number)}</b> — ${esc(service)}, ${esc(child)} — ${due}`);
    keyboard.text(`№${app.number} · ${child}`.slice(0, 60), data.open(app.id)).row();
  }
  if (page > 0) keyboard.text("◀", data.page(page - 1));
  keyboard.text("🔄", data.page(page));
  if (page + 1 < pages) keyboard.text("▶", data.page(page + 1));
  return { html: lines.join("\n"), keyboard };
}

/** Reply with the card of an application (the caller checked access). */
export async function showCard(deps: BotDeps, ctx: ProviderContext, applicationId: string, opts: { withFiles: boolean; edit: boolean }): Promise<void> {
  const access = await staffAccess(deps.db, ctx.from!.id, applicationId);
  if ("error" in access) {
    await ctx.reply(ctx.t("provider-not-found"));
    return;
  }
  if (opts.withFiles) await sendFiles(ctx, deps.db, access);
  const card = await renderCard(deps.db, ctx.t, langOf(ctx), access, deps.now());
  const options = { parse_mode: "HTML" as const, reply_markup: card.keyboard };
  if (opts.edit) await ctx.editMessageText(card.html, options).catch(() => ctx.reply(card.html, options));
  else await ctx.reply(card.html, options);
}

export function inbox(deps: BotDeps): Composer<ProviderContext> {
  const composer = new Composer<ProviderContext>();

  composer.command(["start", "inbox"], async (ctx) => {
    const view = await renderInbox(deps, ctx, 0);
    await ctx.reply(view.html, { parse_mode: "HTML", reply_markup: view.keyboard });
  });

  // An application's number, or an issued document's, typed (with or without "№") opens its card.
  composer.hears(/^№?\s*(\d{4}[-/]\d{6})$/, async (ctx) => {
    const app = await findByNumber(deps.db, ctx.staff!.schoolId, ctx.match[1]!);
    if (!app) {
      await ctx.reply(ctx.t("provider-not-found"));
      return;
    }
    await showCard(deps, ctx, app.id, { withFiles: false, edit: false });
  });

  composer.callbackQuery(patterns.page, async (ctx) => {
    await ctx.answerCallbackQuery();
    const view = await renderInbox(deps, ctx, Number(ctx.match[1]));
    // Unchanged content ("message is not modified") is fine: the inbox is already current.
    await ctx.editMessageText(view.html, { parse_mode: "HTML", reply_markup: view.keyboard }).catch(() => undefined);
  });

  composer.callbackQuery(patterns.open, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showCard(deps, ctx, ctx.match[1]!, { withFiles: true, edit: false });
  });

  composer.callbackQuery(patterns.card, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showCard(deps, ctx, ctx.match[1]!, { withFiles: false, edit: true });
  });

  return composer;
}
