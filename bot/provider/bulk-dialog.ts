/**
 * The `/orders` dialog: the places for the year, one order for the first N of the queue (how
 * many, then the order's number and date, then one confirmation of the applicants it covers), or
 * the refusal on the "no places" ground of those the places did not reach. Its own file because it
 * is a conversation — a step at a time, each answer checked, every decision made on the queue as
 * confirmed — while the queue's screen and its buttons (bot/provider/bulk.ts) answer one tap each.
 *
 * Texts come from `t(lang, …)` in the conversation: its context has no i18n plugin inside.
 */
import { randomBytes } from "node:crypto";
import type { Conversation } from "@grammyjs/conversations";
import { InlineKeyboard, type Context } from "grammy";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { decideInBulk, type BulkResult, type Shown } from "#root/flows/bulk.ts";
import { formatDate } from "#root/flows/form.ts";
import { t } from "#root/flows/i18n.ts";
import { changeYearPlaces, MAX_PLACES, orderQueue, type OrderQueue } from "#root/flows/places.ts";
import { almatyDate } from "#root/flows/sla.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import { linesThatFit, shownLength } from "#root/bot/shared/limits.ts";
import { bulkService, line, noPlacesReason, PAGE_ROOM, type BulkArgs } from "./bulk.ts";
import { data, patterns } from "./callbacks.ts";
import type { ProviderContext } from "./context.ts";
import { isCancel, waitForAnswer } from "./input.ts";
import { askOrderDetails } from "./order-details.ts";

/** "5 × 25", "5x25", "5*25" or "125": the places, or undefined. */
export function parsePlaces(text: string): number | undefined {
  const m = /^\s*(\d{1,4})\s*(?:[×xх*]\s*(\d{1,4}))?\s*$/iu.exec(text);
  if (!m) return undefined;
  const places = Number(m[1]) * (m[2] === undefined ? 1 : Number(m[2]));
  return places <= MAX_PLACES ? places : undefined;
}

/** Most applicants one order may take now: the queue, within the places left. */
const maxCount = (queue: OrderQueue): number => Math.min(queue.awaiting.length, queue.limited ? (queue.free ?? 0) : queue.awaiting.length);

type Conv = Conversation<ProviderContext, Context>;

/** The conversation: the places for the year, or one order for the first N of the queue. */
export function bulkConversation(deps: BotDeps) {
  return async function providerBulk(conversation: Conv, ctx: Context, args: BulkArgs): Promise<void> {
    const lang = args.lang;
    const tr = (key: string, vars?: Record<string, string | number>) => t(lang, key, vars);
    const service = bulkService(args.serviceId);
    if (!service) return;
    const telegramId = ctx.from!.id;
    const back = new InlineKeyboard().text(tr("provider-bulk-open"), data.bulkQueue(service.id));
    // This dialog's buttons carry its own name: one under an earlier dialog's summary is out of date, never this one's answer.
    const dialog = await conversation.external(() => randomBytes(6).toString("base64url"));
    const [ALL, YES, NO] = [data.bulkDialog("all", dialog), data.bulkDialog("yes", dialog), data.bulkDialog("no", dialog)];
    const cancelKeyboard = new InlineKeyboard().text(tr("provider-button-cancel"), NO);

    /** The next typed text, or one of our buttons; any other update but an edit or a message without text leaves the conversation. */
    const next = async (): Promise<{ text?: string; button?: string }> => {
      for (;;) {
        const u = await waitForAnswer(conversation, lang);
        const button = u.callbackQuery?.data;
        const ours = button === undefined ? null : patterns.bulkDialog.exec(button);
        if (ours && ours[2] !== dialog) {
          await u.answerCallbackQuery({ text: tr("provider-button-outdated") });
          continue;
        }
        if (ours) {
          await u.answerCallbackQuery();
          return { button };
        }
        const text = u.message?.text;
        if (isCancel(text)) return { button: NO };
        if (text !== undefined && !text.startsWith("/")) return { text: text.trim() };
        return conversation.halt({ next: true });
      }
    };
    const cancelled = () => ctx.reply(tr("provider-input-cancelled"), { reply_markup: back });
    /** The decision's title and the applicants it covers (the first lines of them), then confirm or cancel. */
    const confirmed = async (title: string, covered: ReadonlyArray<{ line: string }>): Promise<boolean> => {
      // As many lines as one message holds with the title and the "and N more" line.
      const shown = linesThatFit(
        covered.map((c) => c.line),
        PAGE_ROOM - shownLength(title) - shownLength(tr("provider-bulk-more", { count: covered.length })) - 2,
      );
      const summary = [title, ...covered.slice(0, shown).map((c) => c.line)];
      if (covered.length > shown) summary.push(tr("provider-bulk-more", { count: covered.length - shown }));
      await ctx.reply(summary.join("\n"), {
        reply_markup: new InlineKeyboard().text(tr("provider-button-confirm"), YES).text(tr("provider-button-cancel"), NO),
      });
      for (;;) {
        const r = await next();
        if (r.button === NO) return false;
        if (r.button === YES) return true;
        // Typed instead of an answer to the summary: the dialog ends and the text is read as usual (a number opens its card).
        if (r.text !== undefined) return conversation.halt({ next: true });
      }
    };

    if (args.kind === "places") {
      const year = await conversation.external(() => almatyDate(deps.now()).slice(0, 4));
      await ctx.reply(tr("provider-bulk-ask-places", { service: tr(service.catalog.title), year }), { reply_markup: cancelKeyboard });
      for (;;) {
        const r = await next();
        if (r.button === NO) return void (await cancelled());
        const places = r.text === undefined ? undefined : parsePlaces(r.text);
        if (places !== undefined) {
          const saved = await conversation.external(async () => {
            const staff = await findActiveStaff(deps.db, telegramId);
            return staff ? changeYearPlaces(deps.db, { staff, service, places, now: deps.now() }) : undefined;
          });
          // Fewer than this year's orders took: said, and asked again.
          if (saved?.ok === false && saved.reason === "below_taken") {
            await ctx.reply(tr("provider-bulk-places-below-taken", { taken: saved.taken }));
            continue;
          }
          const said = !saved ? "provider-not-staff" : saved.ok ? "provider-bulk-places-saved" : "provider-bulk-places-director";
          await ctx.reply(tr(said, { year, places }), { reply_markup: back });
          return;
        }
        await ctx.reply(tr("provider-bulk-places-invalid", { max: MAX_PLACES }));
      }
    }

    // The order: the queue as it is now, shown and confirmed as these applications and versions.
    const queue = await conversation.external(async () => {
      const staff = await findActiveStaff(deps.db, telegramId);
      if (!staff) return undefined;
      const q = await orderQueue(deps.db, staff.schoolId, service, deps.now());
      return {
        max: maxCount(q),
        placesSet: !q.limited || q.places !== null,
        items: q.awaiting.map((a, i) => ({
          id: a.id,
          version: a.version,
          number: a.number,
          sent: almatyDate(a.submittedAt ?? a.createdAt),
          line: line(service, a, i + 1, lang),
        })),
      };
    });
    if (!queue) return void (await ctx.reply(tr("provider-not-staff")));
    if (!queue.placesSet) return void (await ctx.reply(tr("provider-bulk-places-not-set"), { reply_markup: back }));

    if (args.kind === "refuse") {
      // Those the places did not reach: all who still await, on the service's "no places" ground.
      const reason = noPlacesReason(service);
      if (!reason || queue.max > 0 || queue.items.length === 0)
        return void (await ctx.reply(tr("provider-bulk-nothing"), { reply_markup: back }));
      const title = tr("provider-bulk-refuse-confirm", { reason: tr(reason.label), count: queue.items.length });
      if (!(await confirmed(title, queue.items))) return void (await cancelled());
      const shown: Shown[] = queue.items.map((c) => ({ id: c.id, version: c.version }));
      const html = await conversation.external(async () => {
        const staff = await findActiveStaff(deps.db, telegramId);
        if (!staff) return tr("provider-not-staff");
        const r = await decideInBulk(deps.db, {
          staff,
          service,
          shown,
          decision: { action: "refuse", reason: reason.id },
          now: deps.now(),
          publicUrl: deps.config.publicUrl,
        });
        if (!r.ok) return refusedWhy(tr, r);
        const lines = [tr("provider-bulk-refused", { count: r.decided.length })];
        if (r.skipped.length > 0) lines.push(tr("provider-bulk-skipped", { numbers: r.skipped.map((a) => esc(a.number)).join(", ") }));
        return lines.join("\n");
      });
      return void (await ctx.reply(html, { reply_markup: back }));
    }

    if (queue.max === 0) return void (await ctx.reply(tr("provider-bulk-nothing"), { reply_markup: back }));

    await ctx.reply(tr("provider-bulk-ask-count", { max: queue.max }), {
      reply_markup: new InlineKeyboard()
        .text(tr("provider-bulk-all", { max: queue.max }), ALL)
        .row()
        .text(tr("provider-button-cancel"), NO),
    });
    let count = 0;
    for (;;) {
      const r = await next();
      if (r.button === NO) return void (await cancelled());
      if (r.button === ALL) count = queue.max;
      else if (r.text && /^\d{1,4}$/.test(r.text) && Number(r.text) >= 1 && Number(r.text) <= queue.max) count = Number(r.text);
      if (count > 0) break;
      await ctx.reply(tr("provider-bulk-count-invalid", { max: queue.max }));
    }

    const today = () => conversation.external(() => almatyDate(deps.now()));
    const chosen = queue.items.slice(0, count);
    // The order cannot precede any application it decides: not the last of them sent.
    const sent = chosen.map((c) => c.sent).sort();
    const notBefore = { date: sent.at(-1) ?? "", key: "provider-bulk-order-date-before-sent" };

    const reply = (text: string, extra?: { reply_markup?: InlineKeyboard }) => ctx.reply(text, extra);
    const order = await askOrderDetails({ tr, reply, next, today, notBefore, cancelKeyboard, cancel: NO });
    if (!order) return void (await cancelled());
    const { number, date } = order;

    if (!(await confirmed(tr("provider-bulk-confirm", { number: esc(number), date: formatDate(date), count }), chosen)))
      return void (await cancelled());

    const shown: Shown[] = chosen.map((c) => ({ id: c.id, version: c.version }));
    const result = await conversation.external(async () => {
      const staff = await findActiveStaff(deps.db, telegramId);
      if (!staff) return { html: tr("provider-not-staff") };
      const r = await decideInBulk(deps.db, {
        staff,
        service,
        shown,
        decision: { action: "order", order: { number, date } },
        now: deps.now(),
        publicUrl: deps.config.publicUrl,
      });
      if (!r.ok) return { html: refusedWhy(tr, r) };
      const lines = [tr("provider-bulk-done", { number: esc(number), count: r.decided.length })];
      if (r.skipped.length > 0) lines.push(tr("provider-bulk-skipped", { numbers: r.skipped.map((a) => esc(a.number)).join(", ") }));
      if (r.enrolledElsewhere.length > 0)
        lines.push(tr("provider-bulk-enrolled-elsewhere", { numbers: r.enrolledElsewhere.map((a) => esc(a.number)).join(", ") }));
      if (r.outOfTurn.length > 0)
        lines.push(tr("provider-bulk-out-of-turn", { numbers: r.outOfTurn.map((a) => esc(a.number)).join(", ") }));
      return { html: lines.join("\n") };
    });
    await ctx.reply(result.html, { reply_markup: back });
  };
}

/** Why a decision in bulk was not made, in the staff member's words. */
function refusedWhy(tr: (key: string, vars?: Record<string, string | number>) => string, r: BulkResult & { ok: false }): string {
  if (r.reason === "too_many") return tr("provider-bulk-too-many", { free: r.free });
  if (r.reason === "places_free") return tr("provider-bulk-places-free", { free: r.free });
  if (r.reason === "places_not_set") return tr("provider-bulk-places-not-set");
  if (r.reason === "forbidden") return tr("provider-bulk-director-only");
  return tr("provider-bulk-nothing");
}
