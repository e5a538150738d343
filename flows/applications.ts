/**
 * Changing an application's status: the one way it happens. Checks the lifecycle and who is
 * asking (a parent only their own, staff only their school's), computes the deadline on
 * registration, and writes the row, its event and its notifications in one transaction.
 */
import { randomUUID } from "node:crypto";
import type { Db } from "#root/db/client.ts";
import {
  applyTransition,
  getApplication,
  isChildInProgressConflict,
  lastEvent,
  lockChildSend,
  type Application,
  type ApplicationEvent,
  type TransitionInput,
  type TransitionResult,
} from "#root/db/queries/applications.ts";
import { storeFile } from "#root/db/queries/files.ts";
import { revokedResultOf, type NewIssuedDocument } from "#root/db/queries/issued.ts";
import { listSchoolStaff } from "#root/db/queries/staff.ts";
import type { Signature } from "#root/db/queries/signatures.ts";
import { getUser } from "#root/db/queries/users.ts";
import { isLang } from "./i18n.ts";
import { canTransition, type Action, type Status, type TransitionDenial } from "./lifecycle.ts";
import { checkFile } from "./files.ts";
import { notificationsFor, staffHear, type Recipients, type SignedBy } from "./notify.ts";
import { renderDocument } from "./results.ts";
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
  | { ok: true; application: Application; event: ApplicationEvent; signature?: Signature }
  /** Not found, or not this principal's to see — the two are indistinguishable on purpose. */
  | { ok: false; reason: "not_found" }
  /** `period`: sending outside the service's period — the next period's first and last days (ISO). */
  | { ok: false; reason: TransitionDenial; status: Status; period?: { from: string; to: string } }
  /** Somebody else changed it first: `by` is the event that won. */
  | { ok: false; reason: "conflict"; application: Application; by?: ApplicationEvent }
  /** Sending: the same child's application for this service stands at this school already. */
  | { ok: false; reason: "duplicate"; existing: Application }
  /**
   * Withdrawing: the school revoked the result the application holds (a receipt an order was to follow),
   * so it stands for nothing and nothing more is decided on it — there is nothing to withdraw.
   */
  | { ok: false; reason: "result_revoked"; status: Status };

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
    /** The address documents print (the check page), for a send that issues its result at once. */
    publicUrl?: string;
    /** The parent's signature the change rests on: recorded by the same statement, or not at all. */
    signature?: TransitionInput["signature"];
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
  // A revocation after this read moves the version on: the write below then loses as a conflict.
  if (input.action === "cancel" && app.resultFileId && (await revokedResultOf(db, app))) {
    return { ok: false, reason: "result_revoked", status: from };
  }

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
  // Sending hands the parent's data to a school: not once they have withdrawn their consent (/privacy).
  if (to === "submitted" && p.kind === "parent" && !parent?.consentAt) return { ok: false, reason: "no_consent", status: from };
  // The email given in this application's form is where its results go, and the profile keeps
  // it from the moment the application is sent (the next form offers it). Only that one: "no
  // email" in the form means none, whatever address the profile holds (imported, or given for
  // another application).
  const formEmail = formOf(app).parent?.email?.trim() || undefined;
  const email = formEmail ?? null;
  // The school's staff, read only when the change tells them or hands its issuer a copy (not for a parent's signing).
  const staff =
    app.schoolId && (staffHear(from, to) || (p.kind === "staff" && input.fileId)) ? await listSchoolStaff(db, app.schoolId) : [];
  const issuer = p.kind === "staff" && input.fileId ? staff.find((s) => s.id === p.staffId) : undefined;
  const recipients = {
    parent: { telegramId: parent?.telegramId ?? null, lang: isLang(parent?.lang) ? parent.lang : (app.lang as "kk" | "ru"), email },
    staff: staff.map((s) => ({ telegramId: s.telegramId, lang: s.lang, role: s.role })),
  };
  const notifications = notificationsFor({
    application: { ...app, version: app.version + 1 },
    from,
    to,
    reason: patch.reason ?? undefined,
    comment: patch.reasonComment ?? undefined,
    fileId: input.fileId,
    recipients,
    ...(issuer ? { issuer: { telegramId: issuer.telegramId, lang: issuer.lang } } : {}),
    ...(input.signed && input.issued ? { signed: input.signed } : {}),
  });

  const step: TransitionInput = {
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
    ...(input.signature ? { signature: input.signature } : {}),
    now: input.now,
  };
  if (to === "submitted" && service.result.atOnce)
    return sendWithResult(db, { app, step, recipients, now: input.now, publicUrl: input.publicUrl ?? "http://localhost" });
  const transition = applyTransition(db, step);
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

/** Thrown inside a transaction to roll it back with the answer `changeStatus` gives. */
class Refused extends Error {
  constructor(readonly result: ChangeResult) {
    super("refused");
  }
}

const lost = (r: Extract<TransitionResult, { ok: false }>): ChangeResult =>
  r.reason === "not_found"
    ? { ok: false, reason: "not_found" }
    : { ok: false, reason: "conflict", application: r.current!, by: r.lastEvent };

/**
 * Sending an application whose result is given at once (the receipt of the documents handed
 * in): the send issues it. The result's PDF, its checkable record, both status changes
 * (sent, then issued by the system) and their notices are written in one transaction, so the
 * parent never holds a sent application without its receipt, nor a receipt of an application
 * that was not sent — and a failed send leaves no stored file behind.
 */
async function sendWithResult(
  db: Db,
  input: { app: Application; step: TransitionInput; recipients: Recipients; now: Date; publicUrl: string },
): Promise<ChangeResult> {
  const { app, step, now } = input;
  const service = getService(app.serviceId);
  // Rendered before the transaction: it is slow, and an embedded database has one connection.
  const prepared = await renderDocument(db, {
    application: { ...app, submittedAt: now },
    kind: service.result.kind,
    issuer: null,
    now,
    publicUrl: input.publicUrl,
  });
  const checked = checkFile(prepared.bytes);
  if (!checked.ok) throw new Error(`The ${service.result.kind} of ${app.number} is not a storable file: ${checked.reason}`);
  // The file's id is chosen here: the parent's notice names it before it is stored.
  const fileId = randomUUID();
  const notices = notificationsFor({
    application: { ...app, version: app.version + 2 },
    from: "submitted",
    to: "completed",
    fileId,
    recipients: input.recipients,
  });
  try {
    return await db.transaction(async (tx) => {
      // Two sends for one child at once: the second waits here, then finds the first standing
      // (the database's own guard sees only applications still on their way).
      const child = formOf(app).child?.iin ?? app.id;
      await lockChildSend(tx, { serviceId: app.serviceId, schoolId: app.schoolId, child });
      const standing = (await childsOtherApplications(tx, app, now)).sameSchool;
      if (standing) throw new Refused({ ok: false, reason: "duplicate", existing: standing });
      const sent = await applyTransition(tx, step);
      if (!sent.ok) throw new Refused(lost(sent));
      await storeFile(tx, { id: fileId, bytes: prepared.bytes, name: prepared.name });
      const issued = await applyTransition(tx, {
        applicationId: app.id,
        action: "issue",
        from: "submitted",
        to: "completed",
        expectedVersion: sent.application.version,
        actor: { kind: "system" },
        patch: { decidedAt: now, resultFileId: fileId },
        notifications: notices,
        issued: { ...prepared.record, fileId, sha256: checked.sha256 },
        now,
      });
      if (!issued.ok) throw new Refused(lost(issued));
      return issued;
    });
  } catch (err) {
    if (err instanceof Refused) return err.result;
    throw err;
  }
}
