/**
 * Delivering outbox rows: each payload template is rendered in the recipient's language
 * (`locales/<lang>/notify.ftl`) and sent through the right bot — parents through the parent
 * bot, staff through the provider bot — or by email. Every Telegram row is ONE Bot API call
 * (a document carries its text as the caption), so a retry never repeats half a message.
 *
 * Give this module plain `Api` instances without auto-retry: the outbox sender honours
 * `retry_after` itself, without holding a row while it waits.
 */
import { GrammyError, HttpError, InlineKeyboard, InputFile, type Api } from "grammy";
import type { Db } from "#root/db/client.ts";
import type { DeliveryOutcome } from "#root/db/outbox-sender.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { revokedIssuedByFile, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import type { OutboxRow } from "#root/db/queries/outbox.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import type { OutboxChannel } from "#root/db/schema.ts";
import { formatDate } from "#root/flows/form.ts";
import { hasTranslation, isLang, t, type Lang } from "#root/flows/i18n.ts";
import { DEFAULT_LANG, langOf } from "./i18n.ts";
import { refusalFixKey, statusLabelKey, type Status } from "#root/flows/lifecycle.ts";
import type { Mailer } from "#root/flows/mailer.ts";
import type {
  DigestItem,
  DigestPayload,
  IssuedCopyPayload,
  OutboxPayload,
  RatingPayload,
  RevokedPayload,
  SigningResultPayload,
  StaffSigningResultPayload,
  StatusPayload,
  SupportUndeliveredPayload,
  SupportUnreachedPayload,
} from "#root/flows/notify.ts";
import { revokedAttachment, revokedResultOfApplication } from "#root/flows/revocation.ts";
import { getService } from "#root/flows/services/index.ts";
import { almatyDate } from "#root/flows/sla.ts";
import type { Logger } from "#root/log.ts";
import { esc } from "./html.ts";
import { CAPTION_LIMIT, shorten, shownLength } from "./limits.ts";
import { data } from "#root/bot/parent/callbacks.ts";
import { data as staffData } from "#root/bot/provider/callbacks.ts";
import type { Action } from "#root/flows/lifecycle.ts";

export interface DeliveryDeps {
  /** The parent bot's Api (plain, without auto-retry). */
  parentApi: Api;
  /** The provider bot's Api (plain, without auto-retry). */
  providerApi: Api;
  mailer: Mailer;
  db: Db;
  log: Logger;
  /** The support relay's own deliverer, when it has one; without it support rows fail visibly. */
  support?: (row: OutboxRow) => Promise<DeliveryOutcome>;
  /**
   * The parent (by Telegram id) was just told their ticket `ticketId` did not reach support, while
   * it was open: put them back where they were (bot/support/resume.ts). Not awaited by the sender.
   */
  unreachedHandBack?: (telegramId: number, ticketId: number) => void;
}

/** A rendered Telegram message: HTML text, an optional stored file and buttons. */
interface Rendered {
  html: string;
  fileId?: string;
  keyboard?: InlineKeyboard;
  /** The message of the recipient's chat it answers (shown even when that message is gone). */
  replyTo?: number;
}

const dashed = (s: string) => s.replace(/_/g, "-");
const serviceTitle = (lang: Lang, serviceId: string) => t(lang, getService(serviceId).catalog.title);
const day = (iso: string) => formatDate(almatyDate(new Date(iso)));

/** A refusal's reason as the parent reads it: a listed reason's label, or the staff's own words (plain). */
function reasonOf(lang: Lang, p: StatusPayload): { listed: string } | { typed: string } | undefined {
  if (!p.reason) return undefined;
  const listed = getService(p.serviceId).refusalReasons.find((r) => r.id === p.reason);
  return listed ? { listed: t(lang, listed.label) } : { typed: p.reason };
}

/** The status as the parent reads it: a refusal by its reason, a receipt with its next step. */
const statusText = (lang: Lang, p: StatusPayload) => t(lang, statusLabelKey(getService(p.serviceId), p.status, p.reason));

async function renderParentStatus(db: Db, lang: Lang, p: StatusPayload): Promise<Rendered> {
  const head = [t(lang, "notify-status", { number: esc(p.number), service: serviceTitle(lang, p.serviceId), status: statusText(lang, p) })];
  const then = getService(p.serviceId).result.then;
  const awaiting = p.status === "completed" && then ? `notify-parent-completed-awaiting-${then.kind}` : undefined;
  // A refusal says what the parent can do, by where its reason points (the school: apply elsewhere).
  const refused = p.status === "refused" ? refusalFixKey(getService(p.serviceId), p.reason, "notify-parent-refused", lang) : undefined;
  const detailKey = awaiting ?? refused ?? `notify-parent-${dashed(p.status)}`;
  if (p.status === "registered") {
    const app = await getApplication(db, p.applicationId);
    if (app?.deadlineAt) head.push(t(lang, "notify-parent-registered", { deadline: day(app.deadlineAt.toISOString()) }));
  } else if (hasTranslation(lang, detailKey)) {
    head.push(t(lang, detailKey));
  }
  const reason = reasonOf(lang, p);
  /** The notice with the staff's typed words as given (`cut`: shortened, and a line saying where they are whole). */
  const compose = (typed: { reason?: string; comment?: string }, cut = false) => {
    const lines = [...head];
    if (reason) lines.push(t(lang, "notify-reason", { reason: "listed" in reason ? reason.listed : esc(typed.reason ?? "") }));
    if (p.comment) lines.push(t(lang, "notify-comment", { comment: esc(typed.comment ?? "") }));
    if (cut) lines.push(t(lang, "notify-text-cut"));
    if (p.signed) lines.push(t(lang, "notify-signed-eds", { name: esc(p.signed.name), position: esc(p.signed.position) }));
    return lines.join("\n\n");
  };
  const typed = { reason: reason && "typed" in reason ? reason.typed : undefined, comment: p.comment };
  let html = compose(typed);
  // A caption holds 1024 characters and a comment may take 1000: the document attached says the
  // reason and the comment in full, and the application in the parent's bot shows them too.
  if (p.fileId && shownLength(html) > CAPTION_LIMIT) {
    const room = CAPTION_LIMIT - shownLength(compose({ reason: "", comment: "" }, true));
    const reasonRoom = typed.reason ? Math.min(typed.reason.length, Math.max(Math.floor(room / 2), room - (p.comment?.length ?? 0))) : 0;
    html = compose(
      {
        ...(typed.reason ? { reason: shorten(typed.reason, reasonRoom) } : {}),
        ...(typed.comment ? { comment: shorten(typed.comment, room - reasonRoom) } : {}),
      },
      true,
    );
  }
  return {
    html,
    fileId: p.fileId,
    keyboard: new InlineKeyboard().text(t(lang, "notify-button-open"), data.myOpen(p.applicationId)),
  };
}

function renderRevoked(lang: Lang, p: RevokedPayload): Rendered {
  const html = [
    t(lang, "notify-revoked", { document: esc(p.documentNumber), number: esc(p.number), service: serviceTitle(lang, p.serviceId) }),
    t(lang, "notify-reason", { reason: esc(p.reason) }),
  ].join("\n\n");
  return { html, keyboard: new InlineKeyboard().text(t(lang, "notify-button-open"), data.myOpen(p.applicationId)) };
}

/** What a status notice attaching `document` would have said, now that the school revoked it: the revocation, without the file. */
const revokedInstead = (lang: Lang, p: StatusPayload, document: IssuedDocumentRow): Rendered =>
  renderRevoked(lang, {
    template: "revoked",
    applicationId: p.applicationId,
    number: p.number,
    serviceId: p.serviceId,
    documentNumber: document.number,
    reason: document.revokedReason ?? "",
    lang,
  });

/** When the school revoked `document`, as a row's `last_error` says it. */
const revokedOn = (document: IssuedDocumentRow) => document.revokedAt?.toISOString() ?? "?";

/** Why a notice attaching a revoked document is not sent (the row's `last_error`). */
const supersededBy = (document: IssuedDocumentRow, told: string) =>
  `superseded: the attached document ${document.number} was revoked on ${revokedOn(document)}; ${told}`;

function renderIssuedCopy(lang: Lang, p: IssuedCopyPayload): Rendered {
  const copy = t(lang, "notify-issued-copy", {
    number: esc(p.number),
    service: serviceTitle(lang, p.serviceId),
    status: t(lang, statusLabelKey(getService(p.serviceId), p.status)),
  });
  const html = p.signed
    ? `${copy}\n\n${t(lang, "notify-signed-eds", { name: esc(p.signed.name), position: esc(p.signed.position) })}`
    : copy;
  return {
    html,
    fileId: p.fileId,
    keyboard: new InlineKeyboard().text(t(lang, "notify-button-open-staff"), staffData.open(p.applicationId)),
  };
}

/**
 * The copy of a document the staff member issued, once the school revoked it (by another staff
 * member): the revocation's words, without the file.
 */
function renderIssuedCopyRevoked(lang: Lang, p: IssuedCopyPayload, document: IssuedDocumentRow): Rendered {
  const html = [
    t(lang, "notify-issued-copy-revoked", {
      document: esc(document.number),
      number: esc(p.number),
      service: serviceTitle(lang, p.serviceId),
      date: document.revokedAt ? day(document.revokedAt.toISOString()) : "",
    }),
    t(lang, "notify-reason", { reason: esc(document.revokedReason ?? "") }),
  ].join("\n\n");
  return { html, keyboard: new InlineKeyboard().text(t(lang, "notify-button-open-staff"), staffData.open(p.applicationId)) };
}

function renderStaffStatus(lang: Lang, p: StatusPayload): Rendered {
  // A result given at once was issued by the send: the school is told it only awaits the next step.
  const atOnce = p.status === "submitted" && getService(p.serviceId).result.atOnce ? "-at-once" : "";
  const own = `notify-staff-${dashed(p.status)}${atOnce}`;
  const key = hasTranslation(lang, own)
    ? own
    : hasTranslation(lang, `notify-staff-${dashed(p.status)}`)
      ? `notify-staff-${dashed(p.status)}`
      : "notify-status";
  const html = t(lang, key, {
    number: esc(p.number),
    service: serviceTitle(lang, p.serviceId),
    status: t(lang, statusLabelKey(getService(p.serviceId), p.status as Status, p.reason)),
  });
  return { html, keyboard: new InlineKeyboard().text(t(lang, "notify-button-open-staff"), staffData.open(p.applicationId)) };
}

function renderSigningResult(lang: Lang, p: SigningResultPayload): Rendered {
  const keyboard = new InlineKeyboard();
  if (p.valid) {
    keyboard.text(t(lang, "notify-button-send-to-school"), data.send(p.applicationId)).row();
    keyboard.text(t(lang, "notify-button-open"), data.myOpen(p.applicationId));
    return { html: t(lang, "notify-signing-valid", { number: esc(p.number) }), keyboard };
  }
  const reasons = p.failed
    .map((code) => `signing-problem-${dashed(code)}`)
    .filter((key) => hasTranslation(lang, key))
    .map((key) => `• ${t(lang, key)}`);
  const html = [t(lang, "notify-signing-invalid", { number: esc(p.number) }), ...reasons].join("\n");
  return { html, keyboard: keyboard.text(t(lang, "notify-button-open"), data.myOpen(p.applicationId)) };
}

/**
 * A staff signature that issued nothing: why, in the staff member's words (the staff signing
 * page's wording where it has its own, the parents' otherwise), and a new link. An order's
 * details are asked again from the card, so its new link starts there.
 */
function renderStaffSigningResult(lang: Lang, p: StaffSigningResultPayload): Rendered {
  const kind = hasTranslation(lang, `provider-doc-${p.kind}`) ? t(lang, `provider-doc-${p.kind}`) : p.kind;
  const open = new InlineKeyboard().text(t(lang, "notify-button-open-staff"), staffData.open(p.applicationId));
  if (p.refused)
    return {
      html: t(lang, `notify-staff-signing-${dashed(p.refused)}`, { kind, document: esc(p.documentNumber), number: esc(p.number) }),
      keyboard: open,
    };
  const reasons = p.failed
    .map((code) => [`staff-signing-problem-${dashed(code)}`, `signing-problem-${dashed(code)}`].find((key) => hasTranslation(lang, key)))
    .filter((key): key is string => key !== undefined)
    .map((key) => `• ${t(lang, key)}`);
  const html = [t(lang, "notify-staff-signing-invalid", { kind, document: esc(p.documentNumber), number: esc(p.number) }), ...reasons].join(
    "\n",
  );
  const keyboard = new InlineKeyboard();
  if (p.action !== "order")
    keyboard.text(t(lang, "notify-button-new-sign-link"), staffData.sign(p.action as Action, p.applicationId, p.version)).row();
  keyboard.text(t(lang, "notify-button-open-staff"), staffData.open(p.applicationId));
  return { html, keyboard };
}

function digestLines(lang: Lang, items: DigestItem[]): string[] {
  return items.map((i) =>
    t(lang, "notify-digest-item", { number: esc(i.number), service: serviceTitle(lang, i.serviceId), deadline: day(i.deadlineAt) }),
  );
}

/** Buttons to open the listed applications (Telegram allows 100; ten keep the message short). */
function openButtons(lang: Lang, items: DigestItem[]): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const i of items.slice(0, 10))
    keyboard.text(t(lang, "notify-digest-open", { number: i.number }), staffData.open(i.applicationId)).row();
  return keyboard;
}

/** Applications the daily digest lists by number (about 80 characters each, within Telegram's 4096). */
const DIGEST_ITEMS = 30;

function renderDigest(lang: Lang, p: DigestPayload): Rendered {
  if (p.kind === "escalation") {
    const i = p.overdue[0]!;
    const html = t(lang, "notify-escalation", {
      number: esc(i.number),
      service: serviceTitle(lang, i.serviceId),
      deadline: day(i.deadlineAt),
    });
    return { html, keyboard: openButtons(lang, p.overdue) };
  }
  const parts = [t(lang, "notify-digest-title", { date: formatDate(p.date) })];
  // Overdue first; what the list leaves out is counted, and the inbox lists it all.
  let left = DIGEST_ITEMS;
  const section = (title: string, items: DigestItem[]) => {
    const shown = items.slice(0, left);
    left -= shown.length;
    const more = items.length - shown.length;
    parts.push([title, ...digestLines(lang, shown), ...(more > 0 ? [t(lang, "notify-digest-more", { count: more })] : [])].join("\n"));
  };
  if (p.overdue.length) section(t(lang, "notify-digest-overdue", { count: p.overdue.length }), p.overdue);
  if (p.dueToday.length) section(t(lang, "notify-digest-due-today", { count: p.dueToday.length }), p.dueToday);
  return { html: parts.join("\n\n"), keyboard: openButtons(lang, [...p.overdue, ...p.dueToday]) };
}

/** Telegram's answer → what the sender should do with the row. */
export function classifyTelegramError(err: unknown): DeliveryOutcome {
  if (err instanceof GrammyError) {
    const error = `${err.error_code}: ${err.description}`;
    if (err.error_code === 429) return { status: "retry", error, retryAfterMs: (err.parameters.retry_after ?? 1) * 1000 };
    if (err.error_code >= 500) return { status: "retry", error };
    if (err.error_code === 403 && /blocked|deactivated/i.test(err.description)) return { status: "blocked", error };
    return { status: "failed", error };
  }
  if (err instanceof HttpError) return { status: "retry", error: `network: ${err.message}` };
  return { status: "retry", error: err instanceof Error ? err.message : String(err) };
}

/** The parent's message the operators never saw: the same words as when it fails at once (bot/support/relay.ts). */
function renderSupportUndelivered(lang: Lang, p: SupportUndeliveredPayload): Rendered {
  return { html: t(lang, "support-relay-failed"), replyTo: p.messageId };
}

/**
 * The parent's request for support that no operator saw (its topic could not be made): the ticket is
 * closed. A parent who had ended it is told only that nobody saw what they wrote.
 */
function renderSupportUnreached(lang: Lang, p: SupportUnreachedPayload): Rendered {
  return { html: t(lang, p.ended ? "support-unreached-ended" : "support-unreached") };
}

/** The request to rate: one tap on a score (the parent bot's `rate:` buttons). */
function renderRatingRequest(lang: Lang, p: RatingPayload): Rendered {
  const keyboard = new InlineKeyboard();
  for (let score = 1; score <= 5; score++) keyboard.text(`${score} ⭐`, data.rate(p.applicationId, score));
  return { html: t(lang, "notify-rating-ask", { number: esc(p.number), service: serviceTitle(lang, p.serviceId) }), keyboard };
}

async function sendRendered(api: Api, db: Db, chatId: number, r: Rendered): Promise<DeliveryOutcome> {
  try {
    const options = {
      parse_mode: "HTML" as const,
      ...(r.keyboard ? { reply_markup: r.keyboard } : {}),
      ...(r.replyTo !== undefined ? { reply_parameters: { message_id: r.replyTo, allow_sending_without_reply: true } } : {}),
    };
    if (r.fileId) {
      const file = await getStoredFile(db, r.fileId);
      if (!file) return { status: "failed", error: `stored file ${r.fileId} is missing` };
      await api.sendDocument(chatId, new InputFile(file.bytes, file.name ?? "document.pdf"), { caption: r.html, ...options });
    } else {
      await api.sendMessage(chatId, r.html, options);
    }
    return { status: "sent" };
  } catch (err) {
    return classifyTelegramError(err);
  }
}

const langOr = (value: unknown, fallback: unknown): Lang => (isLang(value) ? value : isLang(fallback) ? fallback : DEFAULT_LANG);

/**
 * The `deliver` map for {@link startOutboxSender}: one function per outbox channel. Texts are in
 * the recipient's current language (falling back to the one stored in the payload).
 */
export function createDeliverers(deps: DeliveryDeps): Record<OutboxChannel, (row: OutboxRow) => Promise<DeliveryOutcome>> {
  const { db } = deps;
  return {
    async parent(row) {
      const p = row.payload as OutboxPayload;
      const chatId = Number(row.recipient);
      const user = await findUserByTelegramId(db, chatId);
      const lang = langOr(user?.lang, p.lang);
      let rendered: Rendered;
      if (p.template === "status") {
        // Written before the school revoked the document it attaches (it waited behind others, or
        // to be tried again): never handed over as issued. Once the revocation's own notice went it
        // tells the parent, and this one goes no more; while that notice waits, this one waits for
        // it; when it could not be sent (or there is none), its words go in this one's place.
        const revoked = p.fileId ? await revokedAttachment(db, { fileId: p.fileId, recipient: row.recipient }) : undefined;
        const notice = revoked?.notice;
        if (revoked && notice?.status === "sent")
          return { status: "superseded", reason: supersededBy(revoked.document, `the parent was told by outbox row ${notice.id}`) };
        if (notice?.status === "pending") {
          // Due with it, or shortly when a sender holds it now (its lease is no due time).
          const soon = Date.now() + 1000;
          const until = new Date(notice.claimedAt ? soon : Math.max(notice.nextAttemptAt.getTime(), soon));
          return { status: "later", until, reason: `the attached document was revoked: waits for outbox row ${notice.id}, its notice` };
        }
        rendered = revoked ? revokedInstead(lang, p, revoked.document) : await renderParentStatus(db, lang, p);
      } else if (p.template === "signing-result") rendered = renderSigningResult(lang, p);
      else if (p.template === "rating") {
        // Written with the decision; the result it decided with revoked since (it waited behind
        // others, or to be tried again): the parent is not asked to rate a decision taken back.
        const revoked = await revokedResultOfApplication(db, p.applicationId);
        const why = (d: IssuedDocumentRow) => `the decision's result, document ${d.number}, was revoked on ${revokedOn(d)}`;
        if (revoked) return { status: "superseded", reason: `superseded: ${why(revoked)}; the parent is not asked to rate it` };
        rendered = renderRatingRequest(lang, p);
      } else if (p.template === "revoked") rendered = renderRevoked(lang, p);
      else if (p.template === "support-undelivered") rendered = renderSupportUndelivered(lang, p);
      else if (p.template === "support-unreached") {
        const outcome = await sendRendered(deps.parentApi, db, chatId, renderSupportUnreached(lang, p));
        // Told while the ticket was theirs: the question the form is at, asked again under it (as after a close).
        if (outcome.status === "sent" && !p.ended && p.ticketId !== undefined) deps.unreachedHandBack?.(chatId, p.ticketId);
        return outcome;
      } else return { status: "failed", error: `template "${p.template}" is not for parents` };
      return sendRendered(deps.parentApi, db, chatId, rendered);
    },

    async provider(row) {
      const p = row.payload as OutboxPayload;
      const chatId = Number(row.recipient);
      // A deactivated staff member hears nothing more about the school's applications.
      const member = await findActiveStaff(db, chatId);
      if (!member) return { status: "failed", error: "the recipient is not active staff any more" };
      const lang = langOr(member.lang, p.lang);
      if (p.template === "status") return sendRendered(deps.providerApi, db, chatId, renderStaffStatus(lang, p));
      if (p.template === "digest") return sendRendered(deps.providerApi, db, chatId, renderDigest(lang, p));
      if (p.template === "issued-copy") {
        // Written when they issued it; the school revoked it since (the copy waited behind others,
        // or to be tried again): the revoked file is not handed over as issued. Who revoked it was
        // told so when they did; anyone else gets the revocation's words in the copy's place.
        const revoked = await revokedIssuedByFile(db, p.fileId);
        if (revoked?.revokedByStaffId === member.id)
          return { status: "superseded", reason: supersededBy(revoked, "the staff member it was issued by revoked it themselves") };
        const rendered = revoked ? renderIssuedCopyRevoked(lang, p, revoked) : renderIssuedCopy(lang, p);
        return sendRendered(deps.providerApi, db, chatId, rendered);
      }
      if (p.template === "staff-signing-result") return sendRendered(deps.providerApi, db, chatId, renderStaffSigningResult(lang, p));
      return { status: "failed", error: `template "${p.template}" is not for staff` };
    },

    async email(row) {
      const p = row.payload as OutboxPayload;
      if (p.template !== "status") return { status: "failed", error: `template "${p.template}" has no email form` };
      const lang = langOf(p);
      // The order notice mailed with its PDF: not once the school has revoked it (the parent's chat is told of that).
      const revoked = p.fileId ? await revokedIssuedByFile(db, p.fileId) : undefined;
      if (revoked) return { status: "superseded", reason: supersededBy(revoked, "not mailed as issued") };
      const file = p.fileId ? await getStoredFile(db, p.fileId) : undefined;
      if (p.fileId && !file) return { status: "failed", error: `stored file ${p.fileId} is missing` };
      const vars = { number: p.number, service: serviceTitle(lang, p.serviceId), status: statusText(lang, p) };
      try {
        await deps.mailer.send({
          to: row.recipient,
          subject: t(lang, "notify-email-subject", vars),
          text: p.signed
            ? `${t(lang, "notify-email-body", vars)}\n\n` +
              t(lang, "notify-signed-eds", { name: p.signed.name, position: p.signed.position })
            : t(lang, "notify-email-body", vars),
          attachments: file ? [{ filename: file.name ?? `${p.number}.pdf`, content: file.bytes, contentType: file.mime }] : [],
        });
        return { status: "sent" };
      } catch (err) {
        const code = (err as { responseCode?: number }).responseCode;
        const error = `smtp: ${err instanceof Error ? err.message : String(err)}`;
        // 5xx from the SMTP server is a permanent refusal (bad address); anything else may pass later.
        return code !== undefined && code >= 500 ? { status: "failed", error } : { status: "retry", error };
      }
    },

    async support(row) {
      if (deps.support) return deps.support(row);
      return { status: "failed", error: `no support deliverer was given to createDeliverers (row ${row.id})` };
    },
  };
}
