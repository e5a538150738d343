/**
 * The inbox: the school's open applications (new first, then by deadline), counts per status
 * and paging — one message, edited in place. Opening an application sends its files and card.
 */
import { Composer, InlineKeyboard } from "grammy";
import { formatDate } from "#root/flows/form.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { STATUSES, statusKey, type Status } from "#root/flows/lifecycle.ts";
import { almatyDate, isOverdue } from "#root/flows/sla.ts";
import { formOf } from "#root/flows/statement.ts";
import { getService } from "#root/flows/services/index.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { revokedResultsOf, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import { shorten } from "#root/bot/shared/limits.ts";
import { editOrReply } from "#root/bot/shared/keyboard.ts";
import { staffAccess } from "./access.ts";
import { data, patterns } from "./callbacks.ts";
import { renderCard, sendFiles, statusText } from "./card.ts";
import type { ProviderContext } from "./context.ts";
import {
  countByStatus,
  countViews,
  findByNumber,
  listInbox,
  listView,
  searchSchoolApplications,
  VIEWS,
  type InboxView,
} from "#root/db/queries/inbox.ts";
import { services } from "#root/flows/services/index.ts";
import { startOfAlmatyDay } from "#root/flows/calendar/almaty.ts";
import { langOf, nameIn } from "#root/bot/shared/i18n.ts";

export const PAGE_SIZE = 5;

/** The clock the views are counted on: now, and the first instant of this month in Almaty. */
function viewClock(now: Date) {
  return {
    now,
    monthStart: startOfAlmatyDay(`${almatyDate(now).slice(0, 8)}01`),
    awaitingOrder: services.filter((s) => s.result.then).map((s) => s.id),
  };
}

/** One line of the list: number, service, child, and the deadline or the status (its result revoked: `revoked`, as the card says). */
function itemLine(ctx: ProviderContext, app: Application, now: Date, revoked?: IssuedDocumentRow): string {
  const child = formOf(app).child?.fullName ?? "";
  const service = ctx.t(getService(app.serviceId).catalog.title);
  const due =
    app.deadlineAt && app.status === "registered"
      ? ctx.t(isOverdue(app.deadlineAt, now) ? "provider-inbox-overdue" : "provider-inbox-due", {
          date: formatDate(almatyDate(app.deadlineAt)),
        })
      : app.status === "submitted"
        ? ctx.t("provider-inbox-new")
        : statusText(ctx.t, getService(app.serviceId), app, revoked);
  return `• <b>№ ${esc(app.number)}</b> — ${esc(service)}, ${esc(child)} — ${due}`;
}

/** An application's button: its number and the child, shortened whole (never half an emoji, which Telegram refuses). */
const openButton = (app: Application) =>
  [shorten(`№ ${app.number} · ${formOf(app).child?.fullName ?? ""}`, 60), data.open(app.id)] as const;

/**
 * The inbox page `page` of the staff member's school: counts, the views with their counts, and
 * the list — every open application, or one view (new, in progress, overdue, decided this month).
 */
export async function renderInbox(
  deps: BotDeps,
  ctx: ProviderContext,
  page: number,
  view?: InboxView,
): Promise<{ html: string; keyboard: InlineKeyboard }> {
  const staff = ctx.staff!;
  const lang = langOf(ctx.staff);
  const now = deps.now();
  const clock = viewClock(now);
  const [counts, views, school] = await Promise.all([
    countByStatus(deps.db, staff.schoolId, clock.awaitingOrder),
    countViews(deps.db, staff.schoolId, clock),
    getSchool(deps.db, staff.schoolId),
  ]);
  const list = (p: number) =>
    view
      ? listView(deps.db, staff.schoolId, view, clock, p, PAGE_SIZE)
      : listInbox(deps.db, staff.schoolId, clock.awaitingOrder, p, PAGE_SIZE);
  let at = page;
  let { items, total } = await list(at);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  // A page past the end (applications decided since this list was sent, then 🔄 or ▶): the last page, not an empty one.
  if (at >= pages) {
    at = pages - 1;
    ({ items, total } = await list(at));
  }
  const lines = [ctx.t("provider-inbox-title", { school: esc(school ? nameIn(lang, school) : "") })];
  const counted = STATUSES.flatMap((s: Status) => [
    ...(counts.byStatus[s] ? [`${ctx.t(statusKey(s))}: <b>${counts.byStatus[s]}</b>`] : []),
    // A result the order still follows (a receipt) is counted as its lines read, not as "result issued".
    ...(s === "completed" && counts.awaitingOrder
      ? [`${ctx.t("lifecycle-status-completed-awaiting-order")}: <b>${counts.awaitingOrder}</b>`]
      : []),
  ]);
  // Those whose result the school revoked: apart, as their lines and cards say.
  if (counts.revoked) counted.push(`${ctx.t("provider-inbox-revoked")}: <b>${counts.revoked}</b>`);
  lines.push(counted.length ? counted.join("\n") : ctx.t("provider-inbox-no-applications"));
  // What the list holds — unless the school has no applications at all, which is said above.
  if (total > 0 || view || counted.length) {
    lines.push("");
    if (total === 0) lines.push(ctx.t(view ? "provider-view-empty" : "provider-inbox-empty"));
    else if (view) lines.push(ctx.t("provider-view-page", { view: ctx.t(`provider-view-${view}`), page: at + 1, pages }));
    else lines.push(ctx.t("provider-inbox-page", { page: at + 1, pages }));
  }
  const keyboard = new InlineKeyboard();
  const revoked = await revokedResultsOf(deps.db, items);
  for (const app of items) {
    lines.push(itemLine(ctx, app, now, revoked.get(app.id)));
    keyboard.text(...openButton(app)).row();
  }
  const go = (p: number) => (view ? data.view(view, p) : data.page(p));
  if (at > 0) keyboard.text("◀", go(at - 1));
  keyboard.text("🔄", go(at));
  if (at + 1 < pages) keyboard.text("▶", go(at + 1));
  keyboard.row();
  VIEWS.forEach((v, i) => {
    keyboard.text(`${v === view ? "• " : ""}${ctx.t(`provider-view-${v}`)}: ${views[v]}`, data.view(v, 0));
    if (i % 2 === 1) keyboard.row();
  });
  if (view) keyboard.text(ctx.t("provider-view-all"), data.page(0));
  lines.push("", ctx.t("provider-search-hint"));
  return { html: lines.join("\n"), keyboard };
}

/** The school's applications matching a typed number, IIN or name. */
async function renderSearch(deps: BotDeps, ctx: ProviderContext, query: string): Promise<{ html: string; keyboard: InlineKeyboard }> {
  const found = await searchSchoolApplications(deps.db, ctx.staff!.schoolId, query, SEARCH_LIMIT);
  const now = deps.now();
  const keyboard = new InlineKeyboard();
  if (found.length === 0) return { html: ctx.t("provider-search-none", { query: esc(query) }), keyboard };
  const lines = [
    ctx.t(found.length === SEARCH_LIMIT ? "provider-search-many" : "provider-search-found", { query: esc(query), count: found.length }),
  ];
  const revoked = await revokedResultsOf(deps.db, found);
  for (const app of found) {
    lines.push(itemLine(ctx, app, now, revoked.get(app.id)));
    keyboard.text(...openButton(app)).row();
  }
  return { html: lines.join("\n"), keyboard };
}

const SEARCH_LIMIT = 10;

/** Reply with the card of an application (the caller checked access). */
export async function showCard(
  deps: BotDeps,
  ctx: ProviderContext,
  applicationId: string,
  opts: { withFiles: boolean; edit: boolean },
): Promise<void> {
  const access = await staffAccess(deps.db, ctx.from!.id, applicationId);
  if ("error" in access) {
    await ctx.reply(ctx.t("provider-not-found"));
    return;
  }
  if (opts.withFiles) await sendFiles(ctx, deps.db, access);
  const card = await renderCard(deps.db, ctx.t, langOf(ctx.staff), access, deps.now());
  const options = { reply_markup: card.keyboard };
  if (opts.edit) await editOrReply(ctx, card.html, options);
  else await ctx.reply(card.html, options);
}

export function inboxComposer(deps: BotDeps): Composer<ProviderContext> {
  const composer = new Composer<ProviderContext>();

  composer.command(["start", "inbox"], async (ctx) => {
    const view = await renderInbox(deps, ctx, 0);
    await ctx.reply(view.html, { reply_markup: view.keyboard });
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
    await editOrReply(ctx, view.html, { reply_markup: view.keyboard });
  });

  composer.callbackQuery(patterns.view, async (ctx) => {
    await ctx.answerCallbackQuery();
    const view = await renderInbox(deps, ctx, Number(ctx.match[2]), ctx.match[1] as InboxView);
    await editOrReply(ctx, view.html, { reply_markup: view.keyboard });
  });

  // Anything typed that is not a command searches the school's applications (only spaces: nothing to search, the help).
  composer.on("message:text", async (ctx, next) => {
    const text = ctx.message.text.trim();
    if (!text || text.startsWith("/") || text.length > 100) return next();
    const result = await renderSearch(deps, ctx, text);
    await ctx.reply(result.html, { reply_markup: result.keyboard });
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
