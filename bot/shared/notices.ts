/**
 * What each outbox notice says in Telegram: the payload a status change wrote (flows/notify.ts),
 * rendered in the recipient's language (`locales/<lang>/notify.ftl`) into ONE message — HTML text,
 * an optional stored file carried as its caption, and the buttons (built in the bots' callback
 * registries). Apart from the delivering (bot/shared/delivery.ts), which decides whether a notice
 * still goes and through which bot, because the words change with the services and the
 * delivering does not.
 */
import { InlineKeyboard } from "grammy";
import type { Db } from "#root/db/client.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import type { IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { formatDate } from "#root/flows/form.ts";
import { hasTranslation, t, type Lang } from "#root/flows/i18n.ts";
import { refusalFixKey, statusLabelKey, type Action, type Status } from "#root/flows/lifecycle.ts";
import type {
  DigestItem,
  DigestPayload,
  IssuedCopyPayload,
  OverduePayload,
  RatingPayload,
  RevokedPayload,
  SigningResultPayload,
  StaffSigningResultPayload,
  StatusPayload,
  SupportUndeliveredPayload,
  SupportUnreachedPayload,
} from "#root/flows/notify.ts";
import { getService } from "#root/flows/services/index.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { data } from "#root/bot/parent/callbacks.ts";
import { data as staffData } from "#root/bot/provider/callbacks.ts";
import { esc } from "./html.ts";
import { CAPTION_LIMIT, shorten, shownLength } from "./limits.ts";

/** A rendered Telegram message: HTML text, an optional stored file and buttons. */
export interface Rendered {
  html: string;
  fileId?: string;
  keyboard?: InlineKeyboard;
  /** The message of the recipient's chat it answers (shown even when that message is gone). */
  replyTo?: number;
}

const dashed = (s: string) => s.replace(/_/g, "-");
export const serviceTitle = (lang: Lang, serviceId: string) => t(lang, getService(serviceId).catalog.title);
const day = (iso: string) => formatDate(almatyDate(new Date(iso)));

/** A refusal's reason as the parent reads it: a listed reason's label, or the staff's own words (plain). */
function reasonOf(lang: Lang, p: StatusPayload): { listed: string } | { typed: string } | undefined {
  if (!p.reason) return undefined;
  const listed = getService(p.serviceId).refusalReasons.find((r) => r.id === p.reason);
  return listed ? { listed: t(lang, listed.label) } : { typed: p.reason };
}

/** The status as the parent reads it: a refusal by its reason, a receipt with its next step. */
export const statusText = (lang: Lang, p: StatusPayload) => t(lang, statusLabelKey(getService(p.serviceId), p.status, p.reason));

export async function renderParentStatus(db: Db, lang: Lang, p: StatusPayload): Promise<Rendered> {
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

export function renderRevoked(lang: Lang, p: RevokedPayload): Rendered {
  const html = [
    t(lang, "notify-revoked", { document: esc(p.documentNumber), number: esc(p.number), service: serviceTitle(lang, p.serviceId) }),
    t(lang, "notify-reason", { reason: esc(p.reason) }),
  ].join("\n\n");
  return { html, keyboard: new InlineKeyboard().text(t(lang, "notify-button-open"), data.myOpen(p.applicationId)) };
}

/** What a status notice attaching `document` would have said, now that the school revoked it: the revocation, without the file. */
export const revokedInstead = (lang: Lang, p: StatusPayload, document: IssuedDocumentRow): Rendered =>
  renderRevoked(lang, {
    template: "revoked",
    applicationId: p.applicationId,
    number: p.number,
    serviceId: p.serviceId,
    documentNumber: document.number,
    reason: document.revokedReason ?? "",
    lang,
  });

export function renderIssuedCopy(lang: Lang, p: IssuedCopyPayload): Rendered {
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
export function renderIssuedCopyRevoked(lang: Lang, p: IssuedCopyPayload, document: IssuedDocumentRow): Rendered {
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

export function renderStaffStatus(lang: Lang, p: StatusPayload): Rendered {
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

export function renderSigningResult(lang: Lang, p: SigningResultPayload): Rendered {
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
export function renderStaffSigningResult(lang: Lang, p: StaffSigningResultPayload): Rendered {
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

export function renderDigest(lang: Lang, p: DigestPayload): Rendered {
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

/**
 * A registered application's deadline passed undecided: when, that the school was reminded (only
 * when it has staff whose digest lists it), and where to turn if no answer comes.
 */
export function renderOverdue(lang: Lang, p: OverduePayload): Rendered {
  const lines = [
    t(lang, "notify-parent-overdue", { number: esc(p.number), service: serviceTitle(lang, p.serviceId), deadline: day(p.deadlineAt) }),
  ];
  if (p.reminded) lines.push(t(lang, "notify-parent-overdue-reminded"));
  lines.push(t(lang, "notify-parent-overdue-support"));
  return { html: lines.join("\n\n"), keyboard: new InlineKeyboard().text(t(lang, "notify-button-open"), data.myOpen(p.applicationId)) };
}

/** The parent's message the operators never saw: the same words as when it fails at once (bot/support/relay.ts). */
export function renderSupportUndelivered(lang: Lang, p: SupportUndeliveredPayload): Rendered {
  return { html: t(lang, "support-relay-failed"), replyTo: p.messageId };
}

/**
 * The parent's request for support that no operator saw (its topic could not be made): the ticket is
 * closed. A parent who had ended it is told only that nobody saw what they wrote.
 */
export function renderSupportUnreached(lang: Lang, p: SupportUnreachedPayload): Rendered {
  return { html: t(lang, p.ended ? "support-unreached-ended" : "support-unreached") };
}

/** The request to rate: one tap on a score (the parent bot's `rate:` buttons). */
export function renderRatingRequest(lang: Lang, p: RatingPayload): Rendered {
  const keyboard = new InlineKeyboard();
  for (let score = 1; score <= 5; score++) keyboard.text(`${score} ⭐`, data.rate(p.applicationId, score));
  return { html: t(lang, "notify-rating-ask", { number: esc(p.number), service: serviceTitle(lang, p.serviceId) }), keyboard };
}

/** The line before the notices queued again once the parent unblocked the bot: these are what changed meanwhile. */
export function renderUnblocked(lang: Lang): Rendered {
  return { html: t(lang, "notify-parent-unblocked") };
}
