/**
 * "✍️ Sign and issue" for a staff member: the same checks as issuing (who, which school, the
 * version on screen, the lifecycle), then the document is rendered and stored and a signing
 * link is made instead of issuing. The document is issued when the signature comes back
 * verified (flows/result-signing.ts). No grammY here: buttons and conversations share it.
 */
import { InlineKeyboard } from "grammy";
import type { Config } from "#root/config.ts";
import type { Db } from "#root/db/client.ts";
import { lastEvent } from "#root/db/queries/applications.ts";
import { isLang, t, type Lang } from "#root/flows/i18n.ts";
import { maskIin } from "#root/flows/iin.ts";
import { canTransition, denialKey, type Status } from "#root/flows/lifecycle.ts";
import { enrolmentRefusalNow } from "#root/flows/enrolment.ts";
import { startResultSigning } from "#root/flows/result-signing.ts";
import { issuedKindOf } from "#root/flows/results.ts";
import { esc } from "#root/bot/shared/html.ts";
import { staffAccess } from "./access.ts";
import { data } from "./callbacks.ts";
import { conflictText, enrolmentRefusalText, type ActionRequest } from "./perform.ts";
import { langOf } from "#root/bot/shared/i18n.ts";

export interface SignStartReply {
  ok: boolean;
  html: string;
  keyboard: InlineKeyboard;
}

function until(date: Date, lang: Lang): string {
  return new Intl.DateTimeFormat(lang === "kk" ? "kk-KZ" : "ru-RU", { timeZone: "Asia/Almaty", hour: "2-digit", minute: "2-digit" }).format(
    date,
  );
}

/** Prepare the document `req` would issue and answer with its signing link. */
export async function performSignStart(
  deps: { db: Db; now: () => Date; config: Pick<Config, "publicUrl" | "mgov"> },
  telegramId: number,
  req: ActionRequest,
  fallback: Lang = "kk",
): Promise<SignStartReply> {
  const { db } = deps;
  const back = (lang: Lang) =>
    new InlineKeyboard()
      .text(t(lang, "provider-button-open"), data.card(req.applicationId))
      .text(t(lang, "provider-button-inbox"), data.page(0));
  const access = await staffAccess(db, telegramId, req.applicationId);
  if ("error" in access) {
    if (access.error === "not_staff") return { ok: false, html: t(fallback, "provider-not-staff"), keyboard: new InlineKeyboard() };
    const lang = isLang(access.staff.lang) ? access.staff.lang : fallback;
    return { ok: false, html: t(lang, "provider-not-found"), keyboard: back(lang) };
  }
  const { staff, application: app, service } = access;
  const lang: Lang = langOf(staff);
  if (app.version !== req.version) {
    const last = await lastEvent(db, app.id);
    return { ok: false, html: await conflictText(db, lang, app, last, staff), keyboard: back(lang) };
  }
  const check = canTransition(service, app.status as Status, req.action, { kind: "staff", role: staff.role });
  if (!check.ok) return { ok: false, html: t(lang, denialKey(check.reason)), keyboard: back(lang) };
  const kind = issuedKindOf(service, req.action);
  // Refusals are issued unsigned for now: their reason is asked in a conversation that offers no signing.
  if (!kind || kind === "refusal") return { ok: false, html: t(lang, denialKey("forbidden_for_actor")), keyboard: back(lang) };
  if (kind === "order" && !req.order) return { ok: false, html: t(lang, "provider-order-missing"), keyboard: back(lang) };
  // No order is prepared for a signature that could not issue it (checked again when it comes).
  if (kind === "order") {
    const passOver = { count: req.passOver ?? 0 };
    const refusal = await enrolmentRefusalNow(db, { app, schoolId: staff.schoolId, service, now: deps.now(), passOver });
    if (refusal) return { ok: false, html: await enrolmentRefusalText(db, lang, refusal), keyboard: back(lang) };
  }
  const link = await startResultSigning(db, {
    staff,
    application: app,
    action: req.action,
    kind,
    now: deps.now(),
    publicUrl: deps.config.publicUrl,
    ...(req.order ? { order: req.order } : {}),
  });
  const html = [
    t(lang, "provider-sign-link", {
      kind: t(lang, `provider-doc-${kind}`),
      document: esc(link.documentNumber),
      number: esc(app.number),
      until: until(link.expiresAt, lang),
    }),
    ...(staff.iin ? [t(lang, "provider-sign-iin-on-record", { iin: maskIin(staff.iin) })] : []),
  ].join("\n\n");
  const keyboard = new InlineKeyboard().url(t(lang, "provider-sign-open"), link.url).row();
  // eGov mobile: answered by this server (mgovSign), or relayed by SIGEX.
  keyboard.text(t(lang, "provider-sign-mobile"), data.signMobile(link.sessionId)).row();
  keyboard.text(t(lang, "provider-sign-change-iin"), data.signIin(app.id)).row().text(t(lang, "provider-button-open"), data.card(app.id));
  return { ok: true, html, keyboard };
}
