/**
 * /my: the parent's applications — status, history with dates, deadline, result PDF, refusal
 * reason — and "Cancel application" while the school has not decided. The list is paged.
 */
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { listEvents, listParentApplications, type Application } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { revokedResultsOf, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { formatDate } from "#root/flows/form.ts";
import { availableActions, refusalFixKey, statusLabelKey, type Status } from "#root/flows/lifecycle.ts";
import { getService } from "#root/flows/services/index.ts";
import { almatyDate, isOverdue } from "#root/flows/sla.ts";
import { startResubmission, type ResubmitResult } from "#root/flows/resubmit.ts";
import { formOf } from "#root/flows/statement.ts";
import { esc } from "#root/bot/shared/html.ts";
import { shorten } from "#root/bot/shared/limits.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import type { ParentContext } from "./context.ts";
import { continueDraft } from "./apply/advance.ts";
import { sayStanding } from "./apply/standing.ts";
import { data, patterns } from "./callbacks.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { langOf, nameIn } from "#root/bot/shared/i18n.ts";
import { ownApplication } from "./parent.ts";

const when = (d: Date) => {
  const almaty = new Date(d.getTime() + 5 * 3600_000);
  return `${formatDate(almatyDate(d))} ${almaty.toISOString().slice(11, 16)}`;
};

/** Applications per page of the list: ten stay well within a Telegram message (4096 characters). */
export const MY_PAGE_SIZE = 10;
/** A child's name in the list is cut to this many characters (the card shows it whole). */
const LIST_NAME_CHARS = 40;

async function showList(ctx: ParentContext, deps: BotDeps, page = 0): Promise<void> {
  const user = await ctx.parent();
  const apps = user ? await listParentApplications(deps.db, user.id) : [];
  if (apps.length === 0) {
    await ctx.reply(ctx.t("my-empty"), { reply_markup: new InlineKeyboard().text(ctx.t("menu-services"), data.catalog) });
    return;
  }
  const pages = Math.ceil(apps.length / MY_PAGE_SIZE);
  const at = Math.min(Math.max(page, 0), pages - 1);
  const shown = apps.slice(at * MY_PAGE_SIZE, (at + 1) * MY_PAGE_SIZE);
  const revoked = await revokedResultsOf(deps.db, shown);
  const keyboard = new InlineKeyboard();
  const lines = [`<b>${ctx.t("my-title")}</b>`];
  for (const app of shown) {
    const child = shorten(formOf(app).child?.fullName ?? "—", LIST_NAME_CHARS);
    const service = ctx.t(getService(app.serviceId).catalog.title);
    lines.push(
      `\n№ ${esc(app.number)} · ${formatDate(almatyDate(app.createdAt))}\n${service}\n${esc(child)} ` +
        `— <b>${statusOf(ctx, app, revoked.get(app.id))}</b>`,
    );
    keyboard.text(`№ ${app.number}`, data.myOpen(app.id)).row();
  }
  if (pages > 1) {
    // More than a page: which ones these are, and the way to the others.
    const from = at * MY_PAGE_SIZE + 1;
    lines.push(`\n${ctx.t("my-page", { from, to: from + shown.length - 1, total: apps.length })}`);
    if (at > 0) keyboard.text(ctx.t("my-page-prev"), data.myPage(at - 1));
    if (at < pages - 1) keyboard.text(ctx.t("my-page-next"), data.myPage(at + 1));
  }
  await ctx.reply(lines.join("\n"), { reply_markup: keyboard });
}

/**
 * The status as the parent reads it (in /my, and as support's card shows it to the operators). A
 * result the school revoked is no longer a result: the status says so (the application itself
 * stays as it was decided).
 */
export function parentStatusText(
  tr: (key: string, vars?: Record<string, string | number>) => string,
  app: Pick<Application, "serviceId" | "status" | "reason">,
  revoked: Pick<IssuedDocumentRow, "number" | "revokedAt"> | undefined,
): string {
  if (revoked?.revokedAt)
    return tr("my-status-revoked", { document: esc(revoked.number), date: formatDate(almatyDate(revoked.revokedAt)) });
  return tr(statusLabelKey(getService(app.serviceId), app.status as Status, app.reason));
}

const statusOf = (ctx: ParentContext, app: Application, revoked: IssuedDocumentRow | undefined) => parentStatusText(ctx.t, app, revoked);

async function showOne(ctx: ParentContext, deps: BotDeps, app: Application): Promise<void> {
  const lang = langOf(ctx.session);
  const service = getService(app.serviceId);
  const revoked = (await revokedResultsOf(deps.db, [app])).get(app.id);
  const form = formOf(app);
  const school = app.schoolId ? await getSchool(deps.db, app.schoolId) : undefined;
  const events = await listEvents(deps.db, app.id);
  const status = app.status as Status;
  const lines = [
    `<b>${ctx.t(service.catalog.title)}</b> · № ${esc(app.number)}`,
    `${ctx.t("my-child")}: ${esc(form.child?.fullName ?? "—")}`,
    `${ctx.t("my-school")}: ${school ? esc(nameIn(lang, school)) : "—"}`,
    `${ctx.t("my-status")}: <b>${statusOf(ctx, app, revoked)}</b>`,
  ];
  if (revoked) {
    if (revoked.revokedReason) lines.push(`${ctx.t("my-revoked-reason")}: ${esc(revoked.revokedReason)}`);
    lines.push(ctx.t("my-revoked-next"));
  }
  if (app.deadlineAt && status === "registered") {
    // Past its deadline, still undecided: the card says so (the parent was told once by a notice, too).
    const deadline = formatDate(almatyDate(app.deadlineAt));
    lines.push(
      isOverdue(app.deadlineAt, deps.now()) ? ctx.t("my-deadline-passed", { date: deadline }) : `${ctx.t("my-deadline")}: ${deadline}`,
    );
  }
  if ((status === "refused" || status === "rejected") && app.reason) {
    const listed = service.refusalReasons.find((r) => r.id === app.reason);
    lines.push(`${ctx.t("my-reason")}: ${listed ? ctx.t(listed.label) : esc(app.reason)}`);
    if (app.reasonComment) lines.push(`${ctx.t("my-comment")}: ${esc(app.reasonComment)}`);
  }
  lines.push(`\n<b>${ctx.t("my-history")}</b>`);
  for (const e of events) {
    // A revocation leaves the status as it was: the line says what happened instead.
    const what = e.action === "revoke" ? ctx.t("my-history-revoked") : ctx.t(statusLabelKey(service, e.toStatus as Status, app.reason));
    lines.push(`${when(e.createdAt)} — ${what}`);
  }
  const keyboard = new InlineKeyboard();
  if (status === "draft") keyboard.text(ctx.t("draft-continue"), data.resume(app.id)).row();
  if (status === "signed") keyboard.text(ctx.t("apply-send"), data.send(app.id)).row();
  // A revoked document is not offered as the result: it is no longer valid.
  if (app.resultFileId && !revoked) keyboard.text(ctx.t("my-download-result"), data.myFile(app.id)).row();
  // Where the reason points says what the button offers: to correct, or (the school) to apply elsewhere. A result
  // the school revoked — a refusal, a certificate, a receipt — no longer stands, nor a refusal's reason: nothing to
  // correct — apply again, everything copied.
  const fixKey = revoked ? "my-apply-again" : refusalFixKey(service, app.reason, "my-fix-resubmit", lang);
  if (status === "refused" || revoked) keyboard.text(ctx.t(fixKey), data.myFix(app.id)).row();
  // A result the school revoked leaves nothing to withdraw (no decision follows it): the way on is "Apply again" above.
  if (!revoked && availableActions(service, status, { kind: "parent" }).includes("cancel") && status !== "draft") {
    keyboard.text(ctx.t("my-cancel"), data.myCancel(app.id)).row();
  }
  keyboard.text(ctx.t("my-back"), data.myList);
  await ctx.reply(lines.join("\n"), { reply_markup: keyboard });
}

/**
 * What the parent is told of the draft "Fix and resubmit" or "Apply again" opens: a fix begun, the one begun already (or,
 * the refusal revoked since, continued with what it dropped filled back), or a new application after a revoked result.
 */
function startedKey(ctx: ParentContext, app: Application, result: Extract<ResubmitResult, { ok: true }>): string {
  if (result.refilled) return "my-fix-existing-revoked";
  if (result.existing) return result.revoked ? "my-again-existing" : "my-fix-existing";
  if (result.revoked) return app.status === "refused" ? "my-fix-started-revoked" : "my-again-started-revoked";
  return refusalFixKey(getService(app.serviceId), app.reason, "my-fix-started", langOf(ctx.session));
}

export function myApplicationsComposer(deps: BotDeps) {
  const composer = new Composer<ParentContext>();
  composer.command("my", (ctx) => showList(ctx, deps));
  composer.callbackQuery(data.myList, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showList(ctx, deps);
  });
  composer.callbackQuery(patterns.myPage, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showList(ctx, deps, Number(ctx.match[1]));
  });
  composer.callbackQuery(patterns.myOpen, async (ctx) => {
    const app = await ownApplication(ctx, deps.db, ctx.match[1]!);
    if (!app) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await ctx.answerCallbackQuery();
    await showOne(ctx, deps, app);
  });
  composer.callbackQuery(patterns.myFile, async (ctx) => {
    const app = await ownApplication(ctx, deps.db, ctx.match[1]!);
    const revoked = app ? (await revokedResultsOf(deps.db, [app])).has(app.id) : false;
    const file = app?.resultFileId && !revoked ? await getStoredFile(deps.db, app.resultFileId) : undefined;
    if (revoked) return ctx.answerCallbackQuery({ text: ctx.t("my-result-revoked-file"), show_alert: true });
    if (!app || !file) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await ctx.answerCallbackQuery();
    await ctx.replyWithDocument(new InputFile(file.bytes, file.name ?? `${app.number}.pdf`));
  });
  // A refused application: a new draft with everything copied, opened where the reason points — or, a result the
  // school revoked (a refusal, a certificate, a receipt; since the card was drawn, too), at the review with nothing
  // dropped, and the parent told why: where the service takes a new application now.
  composer.callbackQuery(patterns.myFix, async (ctx) => {
    const app = await ownApplication(ctx, deps.db, ctx.match[1]!);
    const result = app ? await startResubmission(deps.db, { parentId: app.parentId, applicationId: app.id, now: deps.now() }) : undefined;
    if (result && !result.ok && result.reason === "no_consent") {
      // Consent withdrawn (/privacy): nothing is copied; /start asks for it again.
      await ctx.answerCallbackQuery();
      await ctx.reply(ctx.t(result.revoked ? "no-consent-again" : "no-consent-fix"));
      return;
    }
    if (result && !result.ok && result.reason === "closed_period") {
      // Outside the service's period: said as the catalog says it, nothing copied.
      await ctx.answerCallbackQuery();
      const { from, to } = result.period;
      const service = ctx.t(getService(app!.serviceId).catalog.title);
      await ctx.reply(ctx.t("catalog-closed", { service, from: formatDate(from), to: formatDate(to) }), {
        reply_markup: new InlineKeyboard().text(ctx.t("catalog-back"), data.catalog),
      });
      return;
    }
    if (result && !result.ok && result.reason === "standing") {
      // One application per child and service at a school: the one that stands is named (the parent's own opens).
      await ctx.answerCallbackQuery();
      const other = result.standing;
      const status = { key: statusLabelKey(getService(other.serviceId), other.status as Status, other.reason) };
      await sayStanding(ctx, app!, other, { key: "my-again-standing", args: { number: other.number, status } });
      return;
    }
    if (result && !result.ok && result.reason === "child_age") {
      // The child grew out of the service's ages: said why nothing is copied, and the way on for another child.
      await ctx.answerCallbackQuery();
      const { child, born: date, min, max } = result;
      const service = ctx.t(getService(app!.serviceId).catalog.title);
      await ctx.reply(ctx.t("my-again-child-age", { number: app!.number, child: esc(child), date, service, min, max }), {
        reply_markup: new InlineKeyboard().text(ctx.t("catalog-back"), data.catalog),
      });
      return;
    }
    if (!result?.ok) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    const draft = result.draft;
    const vars = { number: app!.number, draft: draft.number, document: esc(result.revoked?.number ?? "") };
    if (result.existing && draft.status !== "draft") {
      // The fix (or the new application) is signed already: its card, with "Send to school".
      await ctx.reply(ctx.t(result.revoked ? "my-again-existing-signed" : "my-fix-existing-signed", vars));
      await showOne(ctx, deps, draft);
      return;
    }
    await ctx.reply(ctx.t(startedKey(ctx, app!, result), vars));
    await continueDraft(ctx, deps.db, draft.id);
  });
  composer.callbackQuery(patterns.myCancel, async (ctx) => {
    const app = await ownApplication(ctx, deps.db, ctx.match[1]!);
    if (!app) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    // A card drawn before the school revoked its result: nothing to withdraw.
    if ((await revokedResultsOf(deps.db, [app])).has(app.id))
      return ctx.answerCallbackQuery({ text: ctx.t("my-cancel-revoked"), show_alert: true });
    // A card drawn before it was withdrawn, or before the school decided: no confirmation that could only be refused.
    if (!availableActions(getService(app.serviceId), app.status as Status, { kind: "parent" }).includes("cancel")) {
      const key = app.status === "cancelled" ? "my-cancel-already" : "my-cancel-too-late";
      return ctx.answerCallbackQuery({ text: ctx.t(key, { number: app.number }), show_alert: true });
    }
    await ctx.answerCallbackQuery();
    const keyboard = new InlineKeyboard()
      .text(ctx.t("my-cancel-yes"), data.myCancelYes(app.id, app.version))
      .text(ctx.t("my-cancel-no"), data.myOpen(app.id));
    // Signed but never sent, the school has nothing to stop considering.
    const confirm = app.submittedAt ? "my-cancel-confirm" : "my-cancel-confirm-unsent";
    await ctx.reply(ctx.t(confirm, { number: app.number }), { reply_markup: keyboard });
  });
  composer.callbackQuery(patterns.myCancelYes, async (ctx) => {
    const app = await ownApplication(ctx, deps.db, ctx.match[1]!);
    if (!app) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    // Answered first: what the withdrawal comes to is said in messages.
    await ctx.answerCallbackQuery();
    const result = await changeStatus(deps.db, {
      applicationId: app.id,
      action: "cancel",
      principal: { kind: "parent", userId: app.parentId },
      expectedVersion: Number(ctx.match[2]),
      now: deps.now(),
    });
    await removeButtons(ctx);
    const now = !result.ok && result.reason === "conflict" ? result.application : undefined;
    // Withdrawn already (a double tap, or another confirmation tapped first): said so, not that the school decided.
    if (!result.ok && (now ?? app).status === "cancelled")
      return void (await ctx.reply(ctx.t("my-cancel-already", { number: app.number })));
    const service = getService(app.serviceId);
    // The school revoked its result meanwhile (the status stays): nothing to withdraw; the way on is a new application.
    const revoked = now?.resultFileId ? (await revokedResultsOf(deps.db, [now])).get(now.id) : undefined;
    if (revoked || (!result.ok && result.reason === "result_revoked")) {
      const vars = { number: app.number, document: esc(revoked?.number ?? "") };
      const key = revoked ? "my-cancel-revoked-meanwhile" : "my-cancel-revoked";
      await ctx.reply(ctx.t(key, vars), { reply_markup: new InlineKeyboard().text(ctx.t("my-apply-again"), data.myFix(app.id)) });
      return;
    }
    if (now && availableActions(service, now.status as Status, { kind: "parent" }).includes("cancel")) {
      // The school moved it on meanwhile (registered it), and it may still be withdrawn: ask again.
      const keyboard = new InlineKeyboard()
        .text(ctx.t("my-cancel-yes"), data.myCancelYes(now.id, now.version))
        .text(ctx.t("my-cancel-no"), data.myOpen(now.id));
      await ctx.reply(ctx.t("my-cancel-changed", { number: now.number, status: statusOf(ctx, now, undefined) }), {
        reply_markup: keyboard,
      });
      return;
    }
    if (!result.ok) {
      await ctx.reply(ctx.t("my-cancel-too-late", { number: app.number }));
      return;
    }
    await ctx.reply(ctx.t("my-cancelled", { number: app.number }));
  });
  return composer;
}
