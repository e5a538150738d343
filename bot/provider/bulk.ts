/**
 * `/orders`: the school's queue of a service whose result ends in an order — applicants in
 * registration order, those with the service's priority first, with their priority answers, the
 * places set for the year — and its buttons: one order for many (the director picks how many, in
 * order, types the order's number and date, and confirms once), the year's places, and, once the
 * places are taken, the refusal of the rest on the service's "no places" ground in one action. Each
 * button opens the dialog (bot/provider/bulk-dialog.ts). The work is `flows/bulk.ts`; this is its screen.
 */
import { applicantVars } from "./applicant.ts";
import { Composer, InlineKeyboard } from "grammy";
import type { Application } from "#root/db/queries/applications.ts";
import type { Staff } from "#root/db/queries/staff.ts";
import { formatDate } from "#root/flows/form.ts";
import { maySetPlaces, orderedServices, orderQueue, type OrderQueue } from "#root/flows/places.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { listServices, type ServiceDefinition } from "#root/flows/services/index.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import { linesThatFit, shownLength, TEXT_LIMIT } from "#root/bot/shared/limits.ts";
import type { ProviderContext } from "./context.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { data, patterns } from "./callbacks.ts";

export const BULK_CONVERSATION = "provider-bulk";

/**
 * What one message of the queue holds, as shown: a Telegram message takes 4096 characters, and the
 * rest is left for the page line. Pages are filled line by line — long names take more of them.
 */
export const PAGE_ROOM = TEXT_LIMIT - 196;

/** The service's ground for refusing when the places are taken, if it has one. */
export const noPlacesReason = (service: ServiceDefinition) => service.refusalReasons.find((r) => r.status === "no-places");

export const bulkService = (id: string): ServiceDefinition | undefined => orderedServices(listServices()).find((s) => s.id === id);

/** One applicant's line: the place in the queue, the child, the number, the day sent, and the service's queue answers. */
export function line(service: ServiceDefinition, app: Application, n: number, lang: Lang): string {
  return t(lang, "provider-bulk-line", { n, ...applicantVars(service, app, lang) });
}

/** Where each page of `lines` starts, each page filled up to `room` characters as shown. */
function pageStarts(lines: readonly string[], room: number): number[] {
  const starts = [0];
  for (let at = linesThatFit(lines, room); at < lines.length; at += linesThatFit(lines.slice(at), room)) starts.push(at);
  return starts;
}

/** The queue's title: the service, how many await the order, and the order they are in (the priority first). */
function queueTitle(service: ServiceDefinition, queue: OrderQueue, lang: Lang): string {
  const vars = { service: t(lang, service.catalog.title), count: queue.awaiting.length };
  const priority = service.queuePriority;
  const field = service.fields.find((f) => f.id === priority?.field);
  if (!priority || field?.kind !== "choice") return t(lang, "provider-bulk-title", vars);
  const first = field.options.filter((o) => priority.first.includes(o.value)).map((o) => t(lang, o.label));
  return t(lang, "provider-bulk-title-priority", { ...vars, first: esc(first.join(", ")) });
}

/** The queue screen: places, one page of the applicants in order, and what this staff member may do. */
function queueScreen(service: ServiceDefinition, queue: OrderQueue, staff: Staff, lang: Lang, page = 0) {
  const lines = [queueTitle(service, queue, lang)];
  if (queue.limited) {
    lines.push(
      queue.places === null
        ? t(lang, "provider-bulk-places-unset", { year: String(queue.year) })
        : t(lang, "provider-bulk-places", { year: String(queue.year), places: queue.places, taken: queue.taken, free: queue.free ?? 0 }),
    );
  }
  const dueBy = service.result.then?.dueBy;
  if (dueBy) lines.push(t(lang, "provider-bulk-due", { date: formatDate(`${queue.year}-${dueBy}`) }));
  lines.push("");
  // Numbered across pages: the number is the place in the queue the order follows.
  const all = queue.awaiting.map((app, i) => line(service, app, i + 1, lang));
  const starts = pageStarts(all, PAGE_ROOM - shownLength(lines.join("\n")));
  const at = { pages: starts.length, page: Math.min(Math.max(0, page), starts.length - 1) };
  const from = starts[at.page]!;
  const to = starts[at.page + 1] ?? all.length;
  lines.push(...all.slice(from, to));
  if (at.pages > 1) lines.push("", t(lang, "provider-bulk-page", { page: at.page + 1, pages: at.pages, from: from + 1, to }));
  return { text: lines.join("\n"), reply_markup: queueKeyboard(service, queue, staff, lang, at) };
}

function queueKeyboard(
  service: ServiceDefinition,
  queue: OrderQueue,
  staff: Staff,
  lang: Lang,
  at: { page: number; pages: number },
): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  if (at.pages > 1) {
    if (at.page > 0) keyboard.text(t(lang, "provider-bulk-prev"), data.bulkQueue(service.id, at.page - 1));
    if (at.page < at.pages - 1) keyboard.text(t(lang, "provider-bulk-next"), data.bulkQueue(service.id, at.page + 1));
    keyboard.row();
  }
  if (staff.role === "director") keyboard.text(t(lang, "provider-bulk-enrol"), data.bulkEnrol(service.id)).row();
  const full = queue.limited && queue.free === 0 && queue.awaiting.length > 0;
  const reason = noPlacesReason(service);
  if (full && reason) keyboard.text(t(lang, "provider-bulk-refuse", { reason: t(lang, reason.short) }), data.bulkRefuse(service.id)).row();
  if (service.limitedPlaces && maySetPlaces(service, staff))
    keyboard.text(t(lang, "provider-bulk-set-places"), data.bulkPlaces(service.id)).row();
  return keyboard.text(t(lang, "provider-bulk-refresh"), data.bulkQueue(service.id, at.page));
}

export function bulkComposer(deps: BotDeps): Composer<ProviderContext> {
  const composer = new Composer<ProviderContext>();

  composer.command("orders", async (ctx) => {
    const staff = ctx.staff!;
    const lang = langOf(staff);
    const keyboard = new InlineKeyboard();
    let any = false;
    for (const service of orderedServices(listServices())) {
      const queue = await orderQueue(deps.db, staff.schoolId, service, deps.now());
      // A service with places to set is listed even before anyone applied.
      if (queue.awaiting.length === 0 && !service.limitedPlaces) continue;
      any = true;
      keyboard
        .text(
          t(lang, "provider-bulk-service-button", { service: t(lang, service.catalog.title), count: queue.awaiting.length }),
          data.bulkQueue(service.id),
        )
        .row();
    }
    await ctx.reply(t(lang, any ? "provider-bulk-pick" : "provider-bulk-none"), any ? { reply_markup: keyboard } : {});
  });

  composer.callbackQuery(patterns.bulkQueue, async (ctx) => {
    const service = bulkService(ctx.match[1]!);
    const staff = ctx.staff!;
    const lang = langOf(staff);
    if (!service) return ctx.answerCallbackQuery({ text: t(lang, "provider-button-outdated") });
    await ctx.answerCallbackQuery();
    const queue = await orderQueue(deps.db, staff.schoolId, service, deps.now());
    const page = Number(ctx.match[2] ?? 0);
    const { text, ...screen } = queueScreen(service, queue, staff, lang, page);
    // Turning a page turns this message; opening the queue (or refreshing it) sends it anew.
    if (ctx.match[2] !== undefined && ctx.callbackQuery.message) {
      const turned = await ctx.editMessageText(text, screen).then(
        () => true,
        () => false,
      );
      if (turned) return;
    }
    await ctx.reply(text, screen);
  });

  composer.callbackQuery(patterns.bulkEnrol, async (ctx) => {
    const service = bulkService(ctx.match[1]!);
    const lang = langOf(ctx.staff);
    if (!service) return ctx.answerCallbackQuery({ text: t(lang, "provider-button-outdated") });
    if (ctx.staff!.role !== "director") return ctx.answerCallbackQuery({ text: t(lang, "provider-bulk-director-only"), show_alert: true });
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter(BULK_CONVERSATION, { kind: "order", serviceId: service.id, lang } satisfies BulkArgs);
  });

  composer.callbackQuery(patterns.bulkRefuse, async (ctx) => {
    const service = bulkService(ctx.match[1]!);
    const lang = langOf(ctx.staff);
    if (!service || !noPlacesReason(service)) return ctx.answerCallbackQuery({ text: t(lang, "provider-button-outdated") });
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter(BULK_CONVERSATION, { kind: "refuse", serviceId: service.id, lang } satisfies BulkArgs);
  });

  composer.callbackQuery(patterns.bulkPlaces, async (ctx) => {
    const service = bulkService(ctx.match[1]!);
    const lang = langOf(ctx.staff);
    if (!service?.limitedPlaces) return ctx.answerCallbackQuery({ text: t(lang, "provider-button-outdated") });
    if (!maySetPlaces(service, ctx.staff!))
      return ctx.answerCallbackQuery({ text: t(lang, "provider-bulk-places-director"), show_alert: true });
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter(BULK_CONVERSATION, { kind: "places", serviceId: service.id, lang } satisfies BulkArgs);
  });

  return composer;
}

/** Arguments of the conversation (JSON: they are stored with it). */
export interface BulkArgs {
  kind: "order" | "places" | "refuse";
  serviceId: string;
  lang: Lang;
}
