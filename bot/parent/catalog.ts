/** The catalog of services, each service's page ("More"), and starting or resuming an application. */
import { Composer, InlineKeyboard } from "grammy";
import { deleteDraft, findDraft, getParentApplication, openDraft, type Application } from "#root/db/queries/applications.ts";
import { formatDate } from "#root/flows/form.ts";
import { getService, listServices, periodState } from "#root/flows/services/index.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { continueDraft, continueForm } from "./apply/advance.ts";
import type { Tr } from "./ask.ts";
import type { ParentContext } from "./context.ts";
import { data, patterns } from "./callbacks.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { langOf } from "#root/bot/shared/i18n.ts";

/** The services menu: its text and buttons, in the language of `tr`. */
export function catalogMessage(tr: Tr): { text: string; keyboard: InlineKeyboard } {
  const keyboard = new InlineKeyboard();
  for (const s of listServices()) keyboard.text(tr(s.catalog.title), data.service(s.id)).row();
  keyboard.text(tr("menu-my"), data.myList).text(tr("menu-support"), data.supportOpen);
  return { text: tr("catalog-title"), keyboard };
}

export async function showCatalog(ctx: ParentContext, _deps: BotDeps): Promise<void> {
  const { text, keyboard } = catalogMessage((key, vars) => ctx.t(key, vars));
  await ctx.reply(text, { reply_markup: keyboard });
}

/** The parent's unfinished application, offered to continue (and, when asked, the way to another service instead). */
export async function offerDraft(ctx: ParentContext, draft: Application, opts: { otherService: boolean }): Promise<void> {
  const keyboard = new InlineKeyboard().text(ctx.t("draft-continue"), data.resume(draft.id));
  if (opts.otherService) keyboard.row().text(ctx.t("draft-other-service"), data.catalog);
  await ctx.reply(ctx.t("draft-found", { number: draft.number, service: ctx.t(getService(draft.serviceId).catalog.title) }), {
    reply_markup: keyboard,
  });
}

async function registeredUser(ctx: ParentContext, _deps: BotDeps) {
  const user = await ctx.parent();
  if (!user?.consentAt || !user.iin) {
    await ctx.reply(ctx.t("need-start"));
    return undefined;
  }
  return user;
}

/** Start a new application for a service, offering to continue an existing draft first. */
async function startApplication(ctx: ParentContext, deps: BotDeps, serviceId: string): Promise<void> {
  const user = await registeredUser(ctx, deps);
  if (!user) return;
  // A service taken part of the year is listed all year; outside its period it says when.
  const service = getService(serviceId);
  const period = periodState(service, deps.now());
  // The parent's registered details are the statement's applicant: kept at once, not asked
  // (the review shows them, and the parent may correct the name and IIN there).
  // A detail the profile lacks is left out: the form asks for it.
  const parent = Object.fromEntries(Object.entries({ fullName: user.fullName, iin: user.iin, phone: user.phone }).filter(([, v]) => v));
  const opened = period.open
    ? await openDraft(deps.db, { serviceId, parentId: user.id, lang: langOf(ctx.session), now: deps.now(), form: { parent } })
    : undefined;
  if (opened?.created) return continueForm(ctx, deps.db, opened.draft);
  // A draft of this service is there already: continue it or start again.
  const draft = opened?.draft ?? (await findDraft(deps.db, user.id, serviceId));
  if (draft) {
    const keyboard = new InlineKeyboard()
      .text(ctx.t("draft-continue"), data.resume(draft.id))
      .row()
      .text(ctx.t("draft-restart"), data.restart(draft.id));
    await ctx.reply(ctx.t("draft-found", { number: draft.number, service: ctx.t(getService(draft.serviceId).catalog.title) }), {
      reply_markup: keyboard,
    });
    return;
  }
  if (period.open) return; // (a draft is either continued or made above)
  // Outside the service's period, with no draft to continue.
  await ctx.reply(
    ctx.t("catalog-closed", { service: ctx.t(service.catalog.title), from: formatDate(period.from), to: formatDate(period.to) }),
    { reply_markup: new InlineKeyboard().text(ctx.t("catalog-back"), data.catalog) },
  );
}

export function catalogComposer(deps: BotDeps) {
  const composer = new Composer<ParentContext>();

  composer.command("apply", async (ctx) => {
    const user = await registeredUser(ctx, deps);
    if (!user) return;
    const draft = await findDraft(deps.db, user.id);
    if (!draft) return showCatalog(ctx, deps);
    await offerDraft(ctx, draft, { otherService: true });
  });

  composer.callbackQuery(data.catalog, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showCatalog(ctx, deps);
  });

  // A phone shows the service's page whole: the title, what it gives and the way to apply. The
  // rules (who, which documents, how long, what comes back) wait behind "More".
  composer.callbackQuery(patterns.service, async (ctx) => {
    const service = listServices().find((s) => s.id === ctx.match[1]);
    if (!service) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await ctx.answerCallbackQuery();
    const c = service.catalog;
    // Outside the service's period the page says so before the parent taps to apply.
    const period = periodState(service, deps.now());
    const closed = period.open ? [] : [ctx.t("catalog-closed-note", { from: formatDate(period.from), to: formatDate(period.to) })];
    const text = [`<b>${ctx.t(c.title)}</b>`, ctx.t(c.summary), "", ...closed, ctx.t("catalog-more-hint")].join("\n");
    const keyboard = new InlineKeyboard()
      .text(ctx.t("catalog-apply"), data.applyNew(service.id))
      .row()
      .text(ctx.t("catalog-more"), data.serviceMore(service.id))
      .row()
      .text(ctx.t("catalog-back"), data.catalog);
    await ctx.reply(text, { reply_markup: keyboard });
  });

  composer.callbackQuery(patterns.serviceMore, async (ctx) => {
    const service = listServices().find((s) => s.id === ctx.match[1]);
    if (!service) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await ctx.answerCallbackQuery();
    const c = service.catalog;
    const text = [
      `<b>${ctx.t(c.title)}</b>`,
      `\n<b>${ctx.t("catalog-eligibility")}</b>\n${ctx.t(c.eligibility)}`,
      `\n<b>${ctx.t("catalog-documents")}</b>\n${ctx.t(c.documents)}`,
      `\n<b>${ctx.t("catalog-term")}</b>\n${ctx.t(c.term)}`,
      `\n<b>${ctx.t("catalog-result")}</b>\n${ctx.t(c.result)}`,
      `\n<b>${ctx.t("catalog-how")}</b>\n${ctx.t(c.howToApply)}`,
    ].join("\n");
    const keyboard = new InlineKeyboard()
      .text(ctx.t("catalog-apply"), data.applyNew(service.id))
      .row()
      .text(ctx.t("catalog-back"), data.catalog);
    await ctx.reply(text, { reply_markup: keyboard });
  });

  composer.callbackQuery(patterns.applyNew, async (ctx) => {
    if (!listServices().some((s) => s.id === ctx.match[1])) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    await startApplication(ctx, deps, ctx.match[1]!);
  });

  composer.callbackQuery(patterns.resume, async (ctx) => {
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    await continueDraft(ctx, deps.db, ctx.match[1]!);
  });

  composer.callbackQuery(patterns.restart, async (ctx) => {
    const user = await registeredUser(ctx, deps);
    // Not registered (the consent withdrawn since): told to /start, and the spinner stops.
    if (!user) return ctx.answerCallbackQuery();
    const draft = await getParentApplication(deps.db, user.id, ctx.match[1]!);
    // Another parent's, a forged id, or a draft sent or discarded since: the button is out of date, and said so.
    await ctx.answerCallbackQuery(draft?.status === "draft" ? undefined : { text: ctx.t("button-outdated") });
    await removeButtons(ctx);
    if (draft?.status !== "draft") return;
    await deleteDraft(deps.db, user.id, draft.id);
    await startApplication(ctx, deps, draft.serviceId);
  });

  return composer;
}
