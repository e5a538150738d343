/**
 * Taking an action on an application for a staff member: re-check who they are and what they
 * may do, render and store the school's document when the action issues one, and change the
 * status through `changeStatus` with the version the staff member saw. Returns the HTML reply.
 * No grammY here: the same function serves button handlers and conversations.
 */
import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import type { NewIssuedDocument } from "../../db/queries/issued.ts";
import { listEvents } from "../../db/queries/applications.ts";
import { changeStatus } from "../../flows/applications.ts";
import { isLang, t, type Lang } from "../../flows/i18n.ts";
import { canTransition, denialKey, statusKey, statusLabelKey, type Action, type Status } from "../../flows/lifecycle.ts";
import { issueDocument, issuedKindOf, type OrderDetails } from "../../flows/results.ts";
import { revokeDocument } from "../../flows/revocation.ts";
import { esc } from "../shared/html.ts";
import { staffAccess } from "./access.ts";
import { getStaffById } from "./queries.ts";

export interface ActionRequest {
  applicationId: string;
  action: Action;
  /** The version shown on the staff member's screen. */
  version: number;
  reason?: string;
  comment?: string;
  order?: OrderDetails;
}

export interface ActionReply {
  ok: boolean;
  html: string;
}

/** Who won a race, in words: "Aigerim Sadykova has already handled it (registered)". */
export async function conflictText(db: Db, lang: Lang, current: { status: string }, by: { actorKind: string; actorId: number | null } | undefined): Promise<string> {
  const status = t(lang, statusKey(current.status as Status));
  if (by?.actorKind === "staff" && by.actorId !== null) {
    const winner = await getStaffById(db, by.actorId);
    return t(lang, "provider-conflict-staff", { name: esc(winner?.fullName ?? "?"), status });
  }
  return t(lang, by?.actorKind === "parent" ? "provider-conflict-parent" : "provider-conflict", { status });
}

/**
 * Perform `req` as the staff member with Telegram id `telegramId`, checking everything again.
 * Replies are in the staff member's language; `fallback` is the language the bot speaks to
 * this person when they are no (active) staff member.
 */
export async function performAction(
  deps: { db: Db; now: () => Date; config: Pick<Config, "publicUrl"> },
  telegramId: number,
  req: ActionRequest,
  fallback: Lang = "kk",
): Promise<ActionReply> {
  const { db } = deps;
  const access = await staffAccess(db, telegramId, req.applicationId);
  if ("error" in access) {
    if (access.error === "not_staff") return { ok: false, html: t(fallback, "provider-not-staff") };
    return { ok: false, html: t(isLang(access.staff.lang) ? access.staff.lang : fallback, "provider-not-found") };
  }
  const { staff, principal, application: app, service } = access;
  const lang: Lang = isLang(staff.lang) ? staff.lang : "kk";
  const now = deps.now();

  // The screen is out of date: somebody acted after it was drawn. Say who, change nothing.
  if (app.version !== req.version) {
    const last = (await listEvents(db, app.id)).at(-1);
    return { ok: false, html: await conflictText(db, lang, app, last) };
  }
  // Checked before rendering a document, so a refused action stores no PDF.
  const check = canTransition(service, app.status as Status, req.action, { kind: "staff", role: staff.role }, { reason: req.reason });
  if (!check.ok) return { ok: false, html: t(lang, denialKey(check.reason)) };
  let fileId: string | undefined;
  let issued: NewIssuedDocument | undefined;
  const kind = issuedKindOf(service, req.action);
  if (kind) {
    if (kind === "order" && !req.order) return { ok: false, html: t(lang, "provider-order-missing") };
    ({ fileId, issued } = await issueDocument(db, {
      application: app,
      kind,
      issuer: staff,
      now,
      publicUrl: deps.config.publicUrl,
      ...(req.order ? { order: req.order } : {}),
      ...(kind === "refusal" && req.reason ? { refusal: { reason: req.reason, ...(req.comment ? { comment: req.comment } : {}) } } : {}),
    }));
  }
  const result = await changeStatus(db, {
    applicationId: app.id,
    action: req.action,
    principal,
    ...(req.reason !== undefined ? { reason: req.reason } : {}),
    ...(req.comment ? { comment: req.comment } : {}),
    ...(fileId ? { fileId } : {}),
    ...(issued ? { issued } : {}),
    expectedVersion: req.version,
    now,
  });
  if (result.ok) {
    const status = statusLabelKey(service, result.application.status as Status, result.application.reason);
    return { ok: true, html: t(lang, "provider-done", { number: esc(app.number), status: t(lang, status) }) };
  }
  if (result.reason === "not_found") return { ok: false, html: t(lang, "provider-not-found") };
  if (result.reason === "conflict") return { ok: false, html: await conflictText(db, lang, result.application, result.by) };
  // Only a parent's send meets another application of the same child; staff never send.
  if (result.reason === "duplicate") return { ok: false, html: t(lang, denialKey("forbidden_for_actor")) };
  return { ok: false, html: t(lang, denialKey(result.reason)) };
}

/** Revoke an issued document of `applicationId` as the staff member, checking everything again. */
export async function performRevoke(
  deps: { db: Db; now: () => Date },
  telegramId: number,
  req: { applicationId: string; documentId: number; reason: string },
): Promise<ActionReply> {
  const access = await staffAccess(deps.db, telegramId, req.applicationId);
  if ("error" in access) return { ok: false, html: t("kk", access.error === "not_staff" ? "provider-not-staff" : "provider-not-found") };
  const lang: Lang = isLang(access.staff.lang) ? access.staff.lang : "kk";
  const result = await revokeDocument(deps.db, { applicationId: req.applicationId, documentId: req.documentId, principal: access.principal, reason: req.reason, now: deps.now() });
  if (result.ok) return { ok: true, html: t(lang, "provider-revoked", { number: esc(result.document.number) }) };
  if (!result.ok && result.reason === "already_revoked") return { ok: false, html: t(lang, "provider-revoke-already") };
  return { ok: false, html: t(lang, "provider-not-found") };
}
