/**
 * The review actions: a tap on an action button asks for a confirmation (or a refusal reason,
 * or typed input), and the confirmation performs it. Every step checks the staff member and
 * the application again: callback data can be forged, so it is only ever a name.
 */
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { listIssued } from "#root/db/queries/issued.ts";
import { queueAhead } from "#root/flows/enrolment.ts";
import { checkDecision } from "#root/flows/decisions.ts";
import { isLang } from "#root/flows/i18n.ts";
import { denialKey } from "#root/flows/lifecycle.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import { staffAccess, type StaffAccess } from "./access.ts";
import { data, parseAction, patterns } from "./callbacks.ts";
import { applicantText } from "./applicant.ts";
import { actionLabel } from "./card.ts";
import type { ProviderContext } from "./context.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { INPUT_CONVERSATION, inputFor, type InputArgs } from "./input.ts";
import { conflictText, performAction, resultRevokedText } from "./perform.ts";
import { performSignStart } from "./sign.ts";
import { issuedKindOf } from "#root/flows/results.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { startStaffMobileSigning } from "#root/flows/signing-mgov.ts";
import { SigexUnavailableError } from "#root/flows/signing-sigex.ts";
import { sigexFor } from "#root/bot/shared/sigex.ts";
import { qrPng } from "#root/bot/shared/qr.ts";
import { editOrReply } from "#root/bot/shared/keyboard.ts";

export function actionsComposer(deps: BotDeps): Composer<ProviderContext> {
  const composer = new Composer<ProviderContext>();

  /**
   * Access, freshness and permission for `action` on the application — or an alert saying
   * why not. Reasons are asked for later, so only a missing reason does not count here.
   */
  async function allowed(
    ctx: ProviderContext,
    applicationId: string,
    version: number,
    actionName: string | undefined,
  ): Promise<StaffAccess | undefined> {
    const action = parseAction(actionName);
    const access = await staffAccess(deps.db, ctx.from!.id, applicationId);
    if (!action || "error" in access) {
      await ctx.answerCallbackQuery({ text: ctx.t("provider-not-found"), show_alert: true });
      return undefined;
    }
    const check = await checkDecision(deps.db, access.staff, access.application, { action, version });
    if (check.ok) return access;
    if (check.reason === "conflict") {
      const html = await conflictText(deps.db, langOf(ctx.staff), check.application, check.by, access.staff);
      await ctx.answerCallbackQuery();
      await ctx.reply(html, { reply_markup: new InlineKeyboard().text(ctx.t("provider-button-open"), data.card(applicationId)) });
      return undefined;
    }
    // The school revoked the result: nothing rests on it. Said in place of the step, with the card to reopen.
    if (check.reason === "result_revoked") {
      await ctx.answerCallbackQuery();
      const keyboard = new InlineKeyboard().text(ctx.t("provider-button-open"), data.card(applicationId));
      await editOrReply(ctx, resultRevokedText(langOf(ctx.staff), action, check.document), { reply_markup: keyboard });
      return undefined;
    }
    // The reason is asked next: its absence is no refusal yet.
    if (check.reason === "reason_required" || check.reason === "unknown_reason") return access;
    await ctx.answerCallbackQuery({ text: ctx.t(denialKey(check.reason)), show_alert: true });
    return undefined;
  }

  const inputArgs = (
    ctx: ProviderContext,
    access: StaffAccess,
    extra: Omit<InputArgs, "applicationId" | "version" | "number" | "lang">,
  ): InputArgs => ({
    applicationId: access.application.id,
    version: access.application.version,
    number: access.application.number,
    lang: langOf(ctx.staff),
    ...extra,
  });

  composer.callbackQuery(patterns.ask, async (ctx) => {
    const [, actionName, id, version] = ctx.match;
    const access = await allowed(ctx, id!, Number(version), actionName);
    if (!access) return;
    const action = parseAction(actionName)!;
    const app = access.application;
    await ctx.answerCallbackQuery();

    if (action === "refuse") {
      const keyboard = new InlineKeyboard();
      for (const [i, r] of access.service.refusalReasons.entries())
        keyboard.text(ctx.t(r.short), data.reason(app.id, app.version, i)).row();
      await editOrReply(ctx, ctx.t("provider-choose-reason", { number: esc(app.number) }), {
        reply_markup: keyboard.row().text(ctx.t("provider-button-cancel"), data.card(app.id)),
      });
      // Until a reason is tapped, what is typed is no search: the dialog says the reason is a button's.
      await ctx.conversation.enter(INPUT_CONVERSATION, inputArgs(ctx, access, { kind: "refusal-reason", action }));
      return;
    }
    const kind = inputFor(access.service, action);
    // An enrolment order that would pass over applicants ahead in the queue: said first, and confirmed with a second tap.
    if (kind === "order") {
      const ahead = await queueAhead(deps.db, { app, schoolId: access.staff.schoolId, service: access.service, now: deps.now() });
      if (ahead.length > 0) {
        const lang = langOf(ctx.staff);
        const warning = ctx.t("provider-order-out-of-turn-ask", {
          number: esc(app.number),
          count: ahead.length,
          first: applicantText(access.service, ahead[0]!, lang),
        });
        const keyboard = new InlineKeyboard()
          .text(ctx.t("provider-button-out-of-turn"), data.outOfTurn(app.id, app.version, ahead.length))
          .row()
          .text(ctx.t("provider-button-cancel"), data.card(app.id));
        await editOrReply(ctx, warning, { reply_markup: keyboard });
        return;
      }
    }
    if (kind) {
      await ctx.conversation.enter(INPUT_CONVERSATION, inputArgs(ctx, access, { kind, action }));
      return;
    }
    const question = ctx.t("provider-confirm-title", { number: esc(app.number), action: esc(actionLabel(ctx.t, access, action)) });
    const confirm = new InlineKeyboard().text(ctx.t("provider-button-confirm"), data.confirm(action, app.id, app.version)).row();
    // A document the school issues may be signed with EDS first; issuing without stays possible.
    if (issuedKindOf(access.service, action))
      confirm.text(ctx.t("provider-button-sign-issue"), data.sign(action, app.id, app.version)).row();
    await editOrReply(ctx, question, { reply_markup: confirm.text(ctx.t("provider-button-cancel"), data.card(app.id)) });
  });

  // The order past those ahead in the queue, confirmed: its number and date next, then the order as usual.
  composer.callbackQuery(patterns.outOfTurn, async (ctx) => {
    const [, id, version, count] = ctx.match;
    const access = await allowed(ctx, id!, Number(version), "order");
    if (!access) return;
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter(INPUT_CONVERSATION, inputArgs(ctx, access, { kind: "order", action: "order", passOver: Number(count) }));
  });

  composer.callbackQuery(patterns.reason, async (ctx) => {
    const [, id, version, index] = ctx.match;
    const access = await allowed(ctx, id!, Number(version), "refuse");
    if (!access) return;
    const reason = access.service.refusalReasons[Number(index)];
    if (!reason) {
      await ctx.answerCallbackQuery({ text: ctx.t("lifecycle-denied-unknown-reason"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter(
      INPUT_CONVERSATION,
      inputArgs(ctx, access, { kind: "refusal-comment", action: "refuse", reasonId: reason.id, reasonLabel: ctx.t(reason.label) }),
    );
  });

  composer.callbackQuery(patterns.revoke, async (ctx) => {
    const [, id, documentId] = ctx.match;
    const access = await staffAccess(deps.db, ctx.from.id, id!);
    const doc = "error" in access ? undefined : (await listIssued(deps.db, id!)).find((d) => d.id === Number(documentId));
    if ("error" in access || !doc) {
      await ctx.answerCallbackQuery({ text: ctx.t("provider-not-found"), show_alert: true });
      return;
    }
    if (doc.revokedAt) {
      await ctx.answerCallbackQuery({ text: ctx.t("provider-revoke-already"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter(
      INPUT_CONVERSATION,
      inputArgs(ctx, access, {
        kind: "revoke",
        action: "issue" /* unused by a revocation */,
        documentId: doc.id,
        documentNumber: doc.number,
      }),
    );
  });

  composer.callbackQuery(patterns.sign, async (ctx) => {
    const [, actionName, id, version] = ctx.match;
    const access = await allowed(ctx, id!, Number(version), actionName);
    if (!access) return;
    const action = parseAction(actionName)!;
    await ctx.answerCallbackQuery();
    // The key's IIN is compared with the staff member's: asked once, the first time they sign.
    if (!access.staff.iin) {
      await ctx.conversation.enter(INPUT_CONVERSATION, inputArgs(ctx, access, { kind: "sign-iin", action }));
      return;
    }
    const reply = await performSignStart(deps, ctx.from.id, { applicationId: id!, action, version: Number(version) }, langOf(ctx.staff));
    await editOrReply(ctx, reply.html, { reply_markup: reply.keyboard, link_preview_options: { is_disabled: true } });
  });

  composer.callbackQuery(patterns.signIin, async (ctx) => {
    const access = await staffAccess(deps.db, ctx.from.id, ctx.match[1]!);
    if ("error" in access) {
      await ctx.answerCallbackQuery({ text: ctx.t("provider-not-found"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    await ctx.conversation.enter(INPUT_CONVERSATION, inputArgs(ctx, access, { kind: "change-iin", action: "issue" /* unused */ }));
  });

  // The same document as the signing link's, signed in eGov mobile: a QR code to scan, or the app opened on this phone.
  composer.callbackQuery(patterns.signMobile, async (ctx) => {
    const staff = await findActiveStaff(deps.db, ctx.from.id);
    const input = staff ? { resultSessionId: Number(ctx.match[1]), staffId: staff.id, now: deps.now() } : undefined;
    // eGov mobile answered by this server (mgovSign), or relayed by SIGEX (its QR code is a picture already).
    const sigex = sigexFor(deps);
    let link;
    try {
      link = !input
        ? undefined
        : sigex
          ? await sigex.startStaff(deps.db, input)
          : await startStaffMobileSigning(deps.db, deps.config, input);
    } catch (err) {
      if (!(err instanceof SigexUnavailableError)) throw err;
      deps.log.warn({ error: err.message }, "staff eGov mobile signing through SIGEX unavailable");
      await ctx.answerCallbackQuery({ text: ctx.t("provider-sign-mobile-unavailable"), show_alert: true });
      return;
    }
    if (!link) {
      await ctx.answerCallbackQuery({ text: ctx.t("provider-sign-mobile-outdated"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    const { signing } = link;
    const app = signing.application;
    const keyboard = new InlineKeyboard()
      .url(ctx.t("provider-sign-mobile-open"), link.launchUrl)
      .row()
      .text(ctx.t("provider-sign-mobile-refresh"), data.signMobile(signing.sessionId))
      .row()
      .text(ctx.t("provider-button-open"), data.card(app.id));
    const minutes = Math.max(1, Math.round((link.expiresAt.getTime() - deps.now().getTime()) / 60_000));
    const qr = "qrImage" in link ? link.qrImage : await qrPng(link.qrText);
    await ctx.replyWithPhoto(new InputFile(qr, "egov-mobile-qr.png"), {
      caption: ctx.t("provider-sign-mobile-qr", {
        kind: ctx.t(`provider-doc-${signing.kind}`),
        document: esc(signing.documentNumber),
        number: esc(app.number),
        minutes,
      }),
      reply_markup: keyboard,
    });
  });

  composer.callbackQuery(patterns.confirm, async (ctx) => {
    const [, actionName, id, version] = ctx.match;
    const action = parseAction(actionName);
    if (!action) {
      await ctx.answerCallbackQuery({ text: ctx.t("provider-not-found"), show_alert: true });
      return;
    }
    await ctx.answerCallbackQuery();
    // performAction checks the staff member, the school, the role and the version again.
    const lang = await ctx.i18n.getLocale();
    const reply = await performAction(
      deps,
      ctx.from.id,
      { applicationId: id!, action, version: Number(version) },
      isLang(lang) ? lang : "kk",
    );
    const keyboard = new InlineKeyboard()
      .text(ctx.t("provider-button-open"), data.card(id!))
      .text(ctx.t("provider-button-inbox"), data.page(0));
    await editOrReply(ctx, reply.html, { reply_markup: keyboard });
  });

  return composer;
}
