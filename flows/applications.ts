/**
 * Changing an application's status: the one way it happens. Checks the lifecycle and who is
 * asking (a parent only their own, staff only their school's), computes the deadline on
 * registration, and writes the row, its event and its notifications in one transaction.
 */
import type { Db } from "../db/client.ts";
import { applyTransition, getApplication, isChildInProgressConflict, lastEvent, type Application, type ApplicationEvent } from "../db/queries/applications.ts";
import type { NewIssuedDocument } from "../db/queries/issued.ts";
import { listSchoolStaff } from "../db/queries/staff.ts";
import { getUser } from "../db/queries/users.ts";
import { isLang } from "./i18n.ts";
import { canTransition, type Action, type Status, type TransitionDenial } from "./lifecycle.ts";
import { notificationsFor, type SignedBy } from "./notify.ts";
import { getService, periodState } from "./services/index.ts";
import { formOf } from "./statement.ts";
import { deadlineFor } from "./sla.ts";
import { childsOtherApplications } from "./duplicates.ts";

/** Who is acting, as the system knows them. */
export type Principal =
  | { kind: "parent"; userId: number }
  | { kind: "staff"; staffId: number; role: "specialist" | "director"; schoolId: number }
  | { kind: "system" };

export type ChangeResult =
  | { ok: true; application: Application; event: ApplicationEvent }
  /** Not found, or not this principal's to see — the two are indistinguishable on purpose. */
  | { ok: false; reason: "not_found" }
  /** `period`: sending outside the service's period — the next period's first and last days (ISO). */
  | { ok: false; reason: TransitionDenial; status: Status; period?: { from: string; to: string } }
  /** Somebody else changed it first: `by` is the event that won. */
  | { ok: false; reason: "conflict"; application: Application; by?: ApplicationEvent }
  /** Sending: the same child's application for this service stands at this school already. */
  | { ok: false; reason: "duplicate"; existing: Application };

/** May this principal see this application at all? */
export function canSee(principal: Principal, app: Pick<Application, "parentId" | "schoolId" | "status">): boolean {
  if (principal.kind === "parent") return app.parentId === principal.userId;
  if (principal.kind === "staff") return app.schoolId === principal.schoolId && app.status !== "draft" && app.status !== "signed";
  return true;
}

/**
 * Take `action` on an application. `expectedVersion` is the version the actor saw on screen:
 * when two staff act at once, exactly one wins and the other gets `conflict` with who won.
 */
export async function changeStatus(
  db: Db,
  input: {
    applicationId: string;
    /**
     * The application as the caller has just read it (saves reading it again). A change since
     * is still caught: the write expects this version.
     */
    application?: Application;
    action: Action;
    principal: Principal;
    reason?: string;
    comment?: string;
    fileId?: string;
    /** The issued document's record (from `issueDocument`), written in the same transaction. */
    issued?: NewIssuedDocument;
    /** The issued document is signed with EDS by this staff member (the notices say so). */
    signed?: SignedBy;
    expectedVersion?: number;
    now: Date;
  },
): Promise<ChangeResult> {
  const app = input.application?.id === input.applicationId ? input.application : await getApplication(db, input.applicationId);
  if (!app || !canSee(input.principal, app)) return { ok: false, reason: "not_found" };
  // Somebody changed it since the actor looked: that is a conflict (who won), not a refusal.
  if (input.expectedVersion !== undefined && input.expectedVersion !== app.version) {
    return { ok: false, reason: "conflict", application: app, by: await lastEvent(db, app.id) };
  }
  const service = getService(app.serviceId);
  const from = app.status as Status;
  const p = input.principal;
  const actor = p.kind === "staff" ? { kind: "staff" as const, role: p.role } : { kind: p.kind };
  const check = canTransition(service, from, input.action, actor, { reason: input.reason });
  if (!check.ok) return { ok: false, reason: check.reason, status: from };
  const to = check.to;

  // A service taken only part of the year: a draft begun in time cannot be sent after it.
  if (to === "submitted") {
    const period = periodState(service, input.now);
    if (!period.open) return { ok: false, reason: "closed_period", status: from, period: { from: period.from, to: period.to } };
  }

  // One application per child, service and school: the one that stands is shown instead.
  const duplicate = async () => (to === "submitted" ? (await childsOtherApplications(db, app, input.now)).sameSchool : undefined);
  const standing = await duplicate();
  if (standing) return { ok: false, reason: "duplicate", existing: standing };

  const patch: NonNullable<Parameters<typeof applyTransition>[1]["patch"]> = {};
  if (to === "submitted") patch.submittedAt = input.now;
  if (to === "registered") patch.deadlineAt = deadlineFor(service, input.now);
  if (to === "completed" || to === "refused" || to === "rejected" || to === "order_signed") patch.decidedAt = input.now;
  if (to === "refused" || to === "rejected") {
    patch.reason = input.reason?.trim();
    patch.reasonComment = input.comment?.trim() || null;
  }
  // A document answers the application: its result, its order, or the reasoned refusal.
  const answered = to === "completed" || to === "order_signed" || to === "refused" || to === "rejected";
  if (input.fileId && answered) patch.resultFileId = input.fileId;

  const parent = await getUser(db, app.parentId);
  // The email given in this application's form is where its results go, and the profile keeps
  // it from the moment the application is sent (the next form offers it).
  const formEmail = formOf(app).parent?.email?.trim() || undefined;
  const email = formEmail ?? parent?.email ?? null;
  const staff = app.schoolId ? await listSchoolStaff(db, app.schoolId) : [];
  const issuer = p.kind === "staff" && input.fileId ? staff.find((s) => s.id === p.staffId) : undefined;
  const notifications = notificationsFor({
    application: { ...app, version: app.version + 1 },
    from,
    to,
    reason: patch.reason ?? undefined,
    comment: patch.reasonComment ?? undefined,
    fileId: input.fileId,
    recipients: {
      parent: { telegramId: parent?.telegramId ?? null, lang: isLang(parent?.lang) ? parent.lang : (app.lang as "kk" | "ru"), email },
      staff: staff.map((s) => ({ telegramId: s.telegramId, lang: s.lang, role: s.role })),
    },
    ...(issuer ? { issuer: { telegramId: issuer.telegramId, lang: issuer.lang } } : {}),
    ...(input.signed && input.issued ? { signed: input.signed } : {}),
  });

  const transition = applyTransition(db, {
    applicationId: app.id,
    action: input.action,
    from,
    to,
    expectedVersion: input.expectedVersion ?? app.version,
    actor: { kind: p.kind, id: p.kind === "parent" ? p.userId : p.kind === "staff" ? p.staffId : undefined },
    reason: input.reason?.trim(),
    comment: input.comment?.trim(),
    patch,
    notifications,
    ...(input.issued && answered ? { issued: input.issued } : {}),
    ...(to === "submitted" && formEmail && formEmail !== parent?.email ? { keepEmail: { userId: app.parentId, email: formEmail } } : {}),
    now: input.now,
  });
  let result: Awaited<typeof transition>;
  try {
    result = await transition;
  } catch (err) {
    // Two sends for one child racing: the database let one through.
    const winner = isChildInProgressConflict(err) ? await duplicate() : undefined;
    if (winner) return { ok: false, reason: "duplicate", existing: winner };
    throw err;
  }
  if (result.ok) return result;
  if (result.reason === "not_found") return { ok: false, reason: "not_found" };
  return { ok: false, reason: "conflict", application: result.current!, by: result.lastEvent };
}
