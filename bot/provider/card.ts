/**
 * An application as staff see it: the card (parent, child, service answers, signature check,
 * deadline) with the action buttons the lifecycle allows this staff member, and the files —
 * the statement and every attached document — sent from the stored bytes.
 */
import { InlineKeyboard, InputFile } from "grammy";
import type { Db } from "#root/db/client.ts";
import { listDocuments } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { listIssued, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { documentSignaturesOf } from "#root/db/queries/result-signing.ts";
import { latestSignature } from "#root/db/queries/signatures.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { childsOtherApplications } from "#root/flows/duplicates.ts";
import { systemFileName } from "#root/flows/files.ts";
import { formatDate } from "#root/flows/form.ts";
import type { Lang } from "#root/flows/i18n.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { actionKey, availableActions, statusLabelKey, type Action, type Status } from "#root/flows/lifecycle.ts";
import type { SignatureCheck } from "#root/flows/signatures/types.ts";
import { almatyDate, isOverdue } from "#root/flows/sla.ts";
import { answersDay, shownAnswers } from "#root/flows/form/shown.ts";
import { formOf } from "#root/flows/statement.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { ServiceDefinition } from "#root/flows/services/index.ts";
import type { StaffAccess } from "./access.ts";
import { data } from "./callbacks.ts";
import type { ProviderContext } from "./context.ts";
import { nameIn } from "#root/bot/shared/i18n.ts";

type Translate = ProviderContext["t"];

const day = (d: Date) => formatDate(almatyDate(d));

/** The button text of an action: issuing names the service's result (certificate, receipt…). */
export function actionLabel(tr: Translate, access: Pick<StaffAccess, "service">, action: Action): string {
  if (action === "issue") return tr(`provider-action-issue-${access.service.result.kind}`);
  return tr(actionKey(action));
}

/**
 * The application's status as staff read it — on the card and in every list: when the school
 * revoked its result (`revoked`: the document `resultFileId` names), that, with the day; the
 * status stays as it was, but it no longer says what the application holds.
 */
export function statusText(
  tr: (key: string, vars?: Record<string, string | number>) => string,
  service: ServiceDefinition,
  app: Pick<Application, "status" | "reason">,
  revoked?: Pick<IssuedDocumentRow, "kind" | "number" | "revokedAt">,
): string {
  if (revoked?.revokedAt)
    return tr("provider-status-result-revoked", {
      kind: tr(`provider-doc-${revoked.kind}`),
      document: esc(revoked.number),
      date: day(revoked.revokedAt),
    });
  return tr(statusLabelKey(service, app.status as Status, app.reason));
}

async function signatureLines(db: Db, tr: Translate, applicationId: string): Promise<string[]> {
  const sig = await latestSignature(db, applicationId);
  if (!sig) return [tr("provider-card-signature-none")];
  if (sig.method === "paper") return [tr("provider-card-signature-paper")];
  if (sig.valid) return [tr("provider-card-signature-valid")];
  const checks = ((sig.result as { checks?: SignatureCheck[] }).checks ?? []).filter((c) => !c.ok);
  return [
    tr("provider-card-signature-invalid"),
    ...checks.map((c) => `• ${tr(`provider-check-${c.name.replace(/_/g, "-")}`)}${c.detail ? ` — <i>${esc(c.detail)}</i>` : ""}`),
  ];
}

/** The card's HTML and its buttons, for the staff member in `access`. */
export async function renderCard(
  db: Db,
  tr: Translate,
  lang: Lang,
  access: StaffAccess,
  now: Date,
): Promise<{ html: string; keyboard: InlineKeyboard }> {
  const { application: app, service, staff } = access;
  const issued = await listIssued(db, app.id);
  // The result the application holds, when the school revoked it: nothing is decided on it any more.
  const revoked = issued.find((d) => d.revokedAt && d.fileId === app.resultFileId);
  const lines = [
    tr("provider-card-title", { number: esc(app.number), service: tr(service.catalog.title) }),
    tr("provider-card-status", { status: statusText(tr, service, app, revoked) }),
  ];
  if (revoked?.revokedReason) lines.push(tr("provider-card-revoked-reason", { reason: esc(revoked.revokedReason) }));
  // Where a decision would follow the result (the order, a refusal), the card says why none is offered.
  if (revoked && service.result.then && app.status === "completed") lines.push(tr("provider-card-revoked-no-decision"));
  if (app.submittedAt) lines.push(tr("provider-card-submitted", { date: day(app.submittedAt) }));
  if (app.deadlineAt) {
    const overdue = isOverdue(app.deadlineAt, now) && app.status === "registered";
    lines.push(tr(overdue ? "provider-card-deadline-overdue" : "provider-card-deadline", { date: day(app.deadlineAt) }));
  }
  // The answers, named as on the statement (the question list's labels), under their stage's title.
  const answers = shownAnswers(service, formOf(app), lang, { at: answersDay(app, now) });
  const section = (stage: "parent" | "child" | "fields", icon: string): string[] => {
    const shown = answers.filter((a) => a.stage === stage).map((a) => `• ${esc(a.label)}: <b>${esc(a.value)}</b>`);
    return shown.length ? ["", `${icon} <b>${tr(`apply-stage-${stage}`)}</b>`, ...shown] : [];
  };
  lines.push(...section("parent", "👤"), ...section("child", "🧒"));
  // The same child at another school for this service (a move): both schools see it.
  for (const other of (await childsOtherApplications(db, app, now)).elsewhere) {
    const school = other.schoolId ? await getSchool(db, other.schoolId) : undefined;
    const name = school ? nameIn(lang, school) : "—";
    lines.push(
      tr("provider-card-other-school", {
        number: esc(other.number),
        school: esc(name),
        status: tr(statusLabelKey(service, other.status as Status, other.reason)),
      }),
    );
  }
  lines.push(...section("fields", "📋"));
  lines.push("", ...(await signatureLines(db, tr, app.id)));
  if (app.reason) {
    const listed = service.refusalReasons.find((r) => r.id === app.reason);
    lines.push("", tr("provider-card-reason", { reason: listed ? tr(listed.label) : esc(app.reason) }));
    if (app.reasonComment) lines.push(tr("provider-card-comment", { comment: esc(app.reasonComment) }));
  }

  if (issued.length) lines.push("");
  const signed = await documentSignaturesOf(
    db,
    issued.map((d) => d.id),
  );
  for (const doc of [...issued].reverse()) {
    const vars = { kind: tr(`provider-doc-${doc.kind}`), number: esc(doc.number), date: day(doc.issuedAt) };
    if (doc.revokedAt)
      lines.push(tr("provider-card-issued-revoked", { ...vars, revoked: day(doc.revokedAt), reason: esc(doc.revokedReason ?? "") }));
    else lines.push(tr("provider-card-issued", vars));
    const sig = signed.get(doc.id);
    lines.push(
      `   ${
        sig
          ? tr("provider-card-issued-signed", { name: esc(sig.signerName), position: esc(sig.signerPosition) })
          : tr("provider-card-issued-unsigned")
      }`,
    );
  }

  const keyboard = new InlineKeyboard();
  // Nothing is decided on a revoked result — no order follows it, no refusal answers it (`result_revoked`): none offered.
  for (const action of revoked ? [] : availableActions(service, app.status as Status, { kind: "staff", role: staff.role })) {
    keyboard.text(actionLabel(tr, access, action), data.ask(action, app.id, app.version)).row();
  }
  for (const doc of issued.filter((d) => !d.revokedAt))
    keyboard.text(tr("provider-revoke-button", { number: doc.number }), data.revoke(app.id, doc.id)).row();
  keyboard.text(tr("provider-button-files"), data.open(app.id)).text(tr("provider-button-inbox"), data.page(0));
  return { html: lines.join("\n"), keyboard };
}

/** Send the statement and every attached document from the stored bytes (file_ids are per bot). */
export async function sendFiles(ctx: ProviderContext, db: Db, access: StaffAccess): Promise<void> {
  const { application: app, service } = access;
  // Every file is named by the system (application number, what the file is, its place), so
  // what a parent called an upload never reaches staff.
  const files: Array<{ id: string; caption: string; part: string; index?: number }> = [];
  if (app.statementFileId)
    files.push({ id: app.statementFileId, part: "statement", caption: ctx.t("provider-file-statement", { number: esc(app.number) }) });
  for (const doc of await listDocuments(db, app.id)) {
    // A page still being checked has no bytes yet; an application reaches a school only without one.
    if (!doc.fileId) continue;
    const requirement = service.documents.find((d) => d.id === doc.requirementId);
    const label = requirement ? ctx.t(requirement.label) : doc.requirementId;
    files.push({ id: doc.fileId, part: doc.requirementId, index: doc.position, caption: `${esc(label)} (${doc.position})` });
  }
  const sig = await latestSignature(db, app.id);
  if (sig?.method === "paper") files.push({ id: sig.fileId, part: "paper-signature", caption: ctx.t("provider-file-paper-signature") });
  if (app.resultFileId) files.push({ id: app.resultFileId, part: service.result.kind, caption: ctx.t("provider-file-result") });
  for (const f of files) {
    const stored = await getStoredFile(db, f.id);
    if (!stored) continue;
    const name = systemFileName({ number: app.number, part: f.part, index: f.index, mime: stored.mime });
    await ctx.replyWithDocument(new InputFile(stored.bytes, name), { caption: f.caption });
  }
}
