/**
 * A staff member's decision from the provider bot, in words: find the active staff member behind
 * the Telegram account, take the decision through `flows/decisions.ts`, and put its outcome into
 * an HTML reply in their language. No grammY here: the same function serves button handlers and
 * conversations.
 */
import type { Config } from "#root/config.ts";
import type { Db } from "#root/db/client.ts";
import type { Application, ApplicationEvent } from "#root/db/queries/applications.ts";
import { revokedResultOf, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { findActiveStaff, getStaffMember, type Staff } from "#root/db/queries/staff.ts";
import { isEnrolmentRefusal, type EnrolmentRefusal } from "#root/flows/enrolment.ts";
import { decide, revoke, type Decision } from "#root/flows/decisions.ts";
import { isLang, nameIn, t, type Lang } from "#root/flows/i18n.ts";
import { denialKey, statusLabelKey, type Action, type Status } from "#root/flows/lifecycle.ts";
import { getService } from "#root/flows/services/index.ts";
import { esc } from "#root/bot/shared/html.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { applicantText } from "./applicant.ts";
import { statusText } from "./card.ts";

export type ActionRequest = Decision;

/** What a decision needs from the system: the database, the clock and the public address its documents link to. */
export type DecisionDeps = { db: Db; now: () => Date; config: Pick<Config, "publicUrl"> };

export interface Reply {
  ok: boolean;
  html: string;
}

/**
 * Who won a race, in words: "Aigerim Sadykova has already handled it (registered)" — the status as
 * the card says it (a result the school revoked meanwhile: that). To the staff member `viewer` who
 * made that change themselves (a Confirm tapped twice, an older card), "you have already handled it".
 */
export async function conflictText(
  db: Db,
  lang: Lang,
  current: Pick<Application, "id" | "status" | "serviceId" | "reason" | "resultFileId">,
  by?: Pick<ApplicationEvent, "actorKind" | "actorId">,
  viewer?: Pick<Staff, "id">,
): Promise<string> {
  const revoked = await revokedResultOf(db, current);
  const status = statusText((key, vars) => t(lang, key, vars), getService(current.serviceId), current, revoked);
  if (by?.actorKind === "staff" && viewer !== undefined && by.actorId === viewer.id) return t(lang, "provider-conflict-self", { status });
  if (by?.actorKind === "staff" && by.actorId !== null) {
    const winner = await getStaffMember(db, by.actorId);
    return t(lang, "provider-conflict-staff", { name: esc(winner?.fullName ?? "?"), status });
  }
  return t(lang, by?.actorKind === "parent" ? "provider-conflict-parent" : "provider-conflict", { status });
}

/**
 * Why `action` was not taken on an application whose result the school revoked: no order follows
 * the revoked document, and no other decision (a refusal after it) is taken on it.
 */
export function resultRevokedText(lang: Lang, action: Action, document: Pick<IssuedDocumentRow, "kind" | "number">): string {
  const vars = { kind: t(lang, `provider-doc-${document.kind}`), document: esc(document.number) };
  return t(lang, action === "order" ? "provider-order-result-revoked" : "provider-decision-result-revoked", vars);
}

/**
 * Why an enrolment order was not made, in the staff member's words: of the other school's
 * application, only what the card shows of it (its number and the school's name); of those ahead
 * in this school's queue, how many and the first, as the queue shows them.
 */
export async function enrolmentRefusalText(db: Db, lang: Lang, refusal: EnrolmentRefusal): Promise<string> {
  if (refusal.reason === "result_revoked") return resultRevokedText(lang, "order", refusal.document);
  if (refusal.reason === "out_of_turn") {
    const [first] = refusal.ahead;
    const service = getService(first!.serviceId);
    return t(lang, "provider-order-out-of-turn", { count: refusal.ahead.length, first: applicantText(service, first!, lang) });
  }
  if (refusal.reason === "places_not_set") return t(lang, "provider-order-places-not-set", { year: String(refusal.year) });
  if (refusal.reason === "no_places") return t(lang, "provider-order-no-places", { year: String(refusal.year) });
  const school = refusal.other.schoolId ? await getSchool(db, refusal.other.schoolId) : undefined;
  return t(lang, "provider-order-enrolled-elsewhere", {
    number: esc(refusal.other.number),
    school: esc(school ? nameIn(lang, school) : "—"),
  });
}

/**
 * Take `req` as the staff member with Telegram id `telegramId`, checking everything again.
 * Replies are in the staff member's language; `fallback` is the language the bot speaks to
 * this person when they are no (active) staff member.
 */
export async function performAction(deps: DecisionDeps, telegramId: number, req: ActionRequest, fallback: Lang = "kk"): Promise<Reply> {
  const staff = await findActiveStaff(deps.db, telegramId);
  if (!staff) return { ok: false, html: t(fallback, "provider-not-staff") };
  const lang: Lang = isLang(staff.lang) ? staff.lang : fallback;
  const outcome = await decide(deps.db, { staff, decision: req, now: deps.now(), publicUrl: deps.config.publicUrl });
  if (outcome.ok) {
    const { application: app, service } = outcome;
    const status = statusLabelKey(service, app.status as Status, app.reason);
    return { ok: true, html: t(lang, "provider-done", { number: esc(app.number), status: t(lang, status) }) };
  }
  if (outcome.reason === "not_found") return { ok: false, html: t(lang, "provider-not-found") };
  if (outcome.reason === "conflict") return { ok: false, html: await conflictText(deps.db, lang, outcome.application, outcome.by, staff) };
  if (outcome.reason === "order_missing") return { ok: false, html: t(lang, "provider-order-missing") };
  if (outcome.reason === "result_revoked") return { ok: false, html: resultRevokedText(lang, req.action, outcome.document) };
  if (isEnrolmentRefusal(outcome)) return { ok: false, html: await enrolmentRefusalText(deps.db, lang, outcome) };
  if (outcome.reason === "places_free") {
    const why =
      outcome.free === null ? t(lang, "provider-bulk-places-not-set") : t(lang, "provider-bulk-places-free", { free: outcome.free });
    return { ok: false, html: why };
  }
  return { ok: false, html: t(lang, denialKey(outcome.reason)) };
}

/** Revoke an issued document of `applicationId` as the staff member, checking everything again. */
export async function performRevoke(
  deps: { db: Db; now: () => Date },
  telegramId: number,
  req: { applicationId: string; documentId: number; reason: string },
): Promise<Reply> {
  const staff = await findActiveStaff(deps.db, telegramId);
  if (!staff) return { ok: false, html: t("kk", "provider-not-staff") };
  const lang: Lang = langOf(staff);
  const result = await revoke(deps.db, { staff, ...req, now: deps.now() });
  if (result.ok) return { ok: true, html: t(lang, "provider-revoked", { number: esc(result.document.number) }) };
  if (result.reason === "already_revoked") return { ok: false, html: t(lang, "provider-revoke-already") };
  return { ok: false, html: t(lang, "provider-not-found") };
}
