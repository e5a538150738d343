/**
 * Delivering outbox rows: each payload template is rendered in the recipient's language
 * (bot/shared/notices.ts) and sent through the right bot — parents through the parent
 * bot, staff through the provider bot — or by email. Every Telegram row is ONE Bot API call
 * (a document carries its text as the caption), so a retry never repeats half a message.
 *
 * Give this module plain `Api` instances without auto-retry: the outbox sender honours
 * `retry_after` itself, without holding a row while it waits.
 */
import { GrammyError, HttpError, InputFile, type Api } from "grammy";
import type { Db } from "#root/db/client.ts";
import type { DeliveryOutcome } from "#root/db/outbox-sender.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { revokedIssuedByFile } from "#root/db/queries/issued.ts";
import { getOutboxRow, type OutboxRow } from "#root/db/queries/outbox.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import type { OutboxChannel } from "#root/db/schema.ts";
import { isLang, t, type Lang } from "#root/flows/i18n.ts";
import { DEFAULT_LANG, langOf } from "./i18n.ts";
import type { Mailer } from "#root/flows/mailer.ts";
import type { OutboxPayload } from "#root/flows/notify.ts";
import { parentNoticeNow, supersededBy } from "#root/flows/stale-notices.ts";
import type { Logger } from "#root/log.ts";
import {
  renderDigest,
  renderIssuedCopy,
  renderIssuedCopyRevoked,
  renderOverdue,
  renderParentStatus,
  renderRatingRequest,
  renderRevoked,
  renderSigningResult,
  renderStaffSigningResult,
  renderStaffStatus,
  renderSupportUndelivered,
  renderSupportUnreached,
  renderUnblocked,
  revokedInstead,
  serviceTitle,
  statusText,
  type Rendered,
} from "./notices.ts";

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
      // A notice queued again after the parent unblocked the bot goes after the line that says so.
      if (typeof p.resentAfter === "string") {
        const line = await getOutboxRow(db, p.resentAfter);
        if (line?.status === "pending") {
          const soon = Date.now() + 1000;
          const until = new Date(line.claimedAt ? soon : Math.max(line.nextAttemptAt.getTime(), soon));
          return { status: "later", until, reason: `queued again after an unblock: waits for outbox row ${line.id}, the line before it` };
        }
      }
      // Written earlier (it waited behind others, to be tried again, or while the bot was blocked):
      // what it says may no longer hold (flows/stale-notices.ts).
      const fate = await parentNoticeNow(db, { recipient: row.recipient, payload: p });
      if (fate.go === "superseded") return { status: "superseded", reason: fate.reason };
      if (fate.go === "later") return { status: "later", until: fate.until, reason: fate.reason };
      let rendered: Rendered;
      if (p.template === "status")
        rendered = fate.go === "instead" ? revokedInstead(lang, p, fate.document) : await renderParentStatus(db, lang, p);
      else if (p.template === "signing-result") rendered = renderSigningResult(lang, p);
      else if (p.template === "rating") rendered = renderRatingRequest(lang, p);
      else if (p.template === "overdue") rendered = renderOverdue(lang, p);
      else if (p.template === "unblocked") rendered = renderUnblocked(lang);
      else if (p.template === "revoked") rendered = renderRevoked(lang, p);
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
