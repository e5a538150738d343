/**
 * Signing in eGov mobile: the QR code (to scan with eGov mobile on another phone) as a photo,
 * a button that opens eGov mobile on this phone at the same session, a new QR code when this
 * one has run out, and the paper route. The result comes back through the outbox
 * ('signing-result'), as for the EDS page.
 */
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { qrPng } from "#root/bot/shared/qr.ts";
import { mgovBackend, type MobileSigningBackend } from "#root/flows/signing-mobile.ts";
import { sigexBackend, SigexUnavailableError } from "#root/flows/signing-sigex.ts";
import { revocationPolicy, SigningUnavailableError } from "#root/flows/signing.ts";
import { loadTrustStore } from "#root/flows/signatures/index.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import type { ParentContext } from "./context.ts";
import { data, patterns } from "./callbacks.ts";
import { awaitsSignature, ownApplication } from "./parent.ts";

export function mobileSigningComposer(deps: BotDeps) {
  const composer = new Composer<ParentContext>();
  const { config } = deps;
  // SIGEX relays eGov mobile for operators without their own mgovSign registration; its waits end
  // when the system stops, and the next start goes on with those that still work.
  const relay = config.mgov.sigexUrl
    ? sigexBackend({
        url: config.mgov.sigexUrl,
        ttlMs: config.mgov.ttlMinutes * 60_000,
        trust: loadTrustStore(config.edsTrustDir),
        revocation: revocationPolicy(config.edsOcspUrl),
        ...(config.ncanodeUrl ? { ncanode: { url: config.ncanodeUrl } } : {}),
        log: deps.log,
        ...(deps.cancelCalls ? { signal: deps.cancelCalls } : {}),
      })
    : undefined;
  void relay?.resume(deps.db).catch((err: Error) => deps.log.warn({ error: err.message }, "SIGEX waits could not be resumed"));
  const sigex: MobileSigningBackend | undefined = relay;
  composer.callbackQuery(patterns.sign.mobile, async (ctx) => {
    const app = await ownApplication(ctx, deps.db, ctx.match[1]!, awaitsSignature);
    if (!app) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await ctx.answerCallbackQuery();
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
