/**
 * Signing in eGov mobile: the QR code (to scan with eGov mobile on another phone) as a photo,
 * a button that opens eGov mobile on this phone at the same session, a new QR code when this
 * one has run out, and the paper route. The result comes back through the outbox
 * ('signing-result'), as for the EDS page.
 */
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { qrPng } from "#root/bot/shared/qr.ts";
import { mgovBackend } from "#root/flows/signing-mgov.ts";
import type { MobileSigningBackend } from "#root/flows/signing-mobile.ts";
import { SigexUnavailableError } from "#root/flows/signing-sigex.ts";
import { sigexFor } from "#root/bot/shared/sigex.ts";
import { SigningUnavailableError } from "#root/flows/signing.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import type { ParentContext } from "./context.ts";
import { data, patterns } from "./callbacks.ts";
import { awaitsSignature, ownApplication } from "./parent.ts";
import { answerWayToSign } from "./signing.ts";

export function mobileSigningComposer(deps: BotDeps) {
  const composer = new Composer<ParentContext>();
  // SIGEX relays eGov mobile for operators without their own mgovSign registration.
  const sigex: MobileSigningBackend | undefined = sigexFor(deps);
  composer.callbackQuery(patterns.sign.mobile, async (ctx) => {
    const app = await ownApplication(ctx, deps.db, ctx.match[1]!, awaitsSignature);
    if (!app) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await answerWayToSign(ctx);
    // The bot's own address may be known only once it listens (the playground): read it now.
    const backend = sigex ?? mgovBackend(deps.config);
    let link;
    try {
      link = await backend.start(deps.db, { applicationId: app.id, parentId: app.parentId, now: deps.now() });
    } catch (err) {
      // cancelled or signed a moment ago, in another chat or on another device
      if (err instanceof SigningUnavailableError) return ctx.reply(ctx.t("button-outdated"));
      if (err instanceof SigexUnavailableError) {
        deps.log.warn({ error: err.message }, "eGov mobile signing through SIGEX unavailable");
        return ctx.reply(ctx.t("sign-mobile-unavailable"), {
          reply_markup: new InlineKeyboard()
            .text(ctx.t("sign-eds"), data.sign("eds", app.id))
            .row()
            .text(ctx.t("sign-paper"), data.sign("paper", app.id)),
        });
      }
      throw err;
    }
    const keyboard = new InlineKeyboard()
      .url(ctx.t("sign-mobile-open"), link.launchUrl)
      .row()
      .text(ctx.t("sign-mobile-refresh"), data.sign("mobile", app.id))
      .row()
      .text(ctx.t("sign-paper"), data.sign("paper", app.id));
    await ctx.replyWithPhoto(new InputFile(link.qrImage ?? (await qrPng(link.qrText!)), "egov-mobile-qr.png"), {
      caption: ctx.t("sign-mobile-qr", { number: app.number, minutes: deps.config.mgov.ttlMinutes }),
      reply_markup: keyboard,
    });
  });
  return composer;
}
