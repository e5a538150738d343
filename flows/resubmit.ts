/**
 * Fixing a refused application: a new draft with every answer and document of the refused
 * one, opened where the refusal's reason points (the school, the service's answers, the
 * documents, or the review). What the reason puts in doubt is asked again; the rest is kept.
 * The parent signs and sends the new draft as any other. A second tap (at once, or days later)
 * opens the same draft while it is not sent.
 *
 * A refusal the school revoked no longer stands, and neither does its reason: nothing is put in
 * doubt. The application itself stays refused (a revocation changes no status, and nothing is decided
 * on a revoked document: flows/revocation.ts), so the way on is to apply again — with everything
 * copied as it was, to the same school, opened at the review.
 */
import type { Db } from "#root/db/client.ts";
import { createResubmission, getParentApplication, type Application } from "#root/db/queries/applications.ts";
import { revokedResultOf, type IssuedDocumentRow } from "#root/db/queries/issued.ts";
import { getUser } from "#root/db/queries/users.ts";
import { getService } from "./services/index.ts";
import { stagesFor } from "./stages.ts";

/** `no_consent`: the parent has withdrawn their consent (/privacy); the answers are not copied. */
/**
 * `existing`: the parent's fix of this application not sent yet (a draft, or signed), opened again rather than made twice.
 * `revoked`: the refusal's document, which the school revoked — the draft applies again with nothing dropped.
 */
export type ResubmitResult =
  | { ok: true; draft: Application; existing: boolean; revoked?: IssuedDocumentRow }
  | { ok: false; reason: "not_found" | "not_refused" | "no_consent" };

export async function startResubmission(db: Db, input: { parentId: number; applicationId: string; now: Date }): Promise<ResubmitResult> {
  const app = await getParentApplication(db, input.parentId, input.applicationId);
  if (!app) return { ok: false, reason: "not_found" };
  if (app.status !== "refused") return { ok: false, reason: "not_refused" };
  if (!(await getUser(db, input.parentId))?.consentAt) return { ok: false, reason: "no_consent" };
  const service = getService(app.serviceId);
  const revoked = await revokedResultOf(db, app);
  const fix = revoked ? "review" : (service.refusalReasons.find((r) => r.id === app.reason)?.fix ?? "review");
  const form = structuredClone(app.form);
  let schoolId = app.schoolId;
  // What the reason puts in doubt is dropped, so the form asks it again; "review": nothing is.
  if (fix !== "review" && stagesFor(service).includes(fix)) {
    delete form[fix];
    if (fix === "school") schoolId = null;
    // The documents are confirmed again (their pages already sent are kept).
    if (fix !== "school") delete form.documents;
  }
  const made = await createResubmission(db, { source: app, form, schoolId, now: input.now });
  return { ok: true, ...made, ...(revoked ? { revoked } : {}) };
}
