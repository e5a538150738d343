/**
 * Fixing a refused application: a new draft with every answer and document of the refused
 * one, opened where the refusal's reason points (the school, the service's answers, the
 * documents, or the review). What the reason puts in doubt is asked again; the rest is kept.
 * The parent signs and sends the new draft as any other.
 */
import type { Db } from "#root/db/client.ts";
import { createResubmission, getParentApplication, type Application } from "#root/db/queries/applications.ts";
import { getService } from "./services/index.ts";
import { stagesFor } from "./stages.ts";

export type ResubmitResult = { ok: true; draft: Application } | { ok: false; reason: "not_found" | "not_refused" };

export async function startResubmission(db: Db, input: { parentId: number; applicationId: string; now: Date }): Promise<ResubmitResult> {
  const app = await getParentApplication(db, input.parentId, input.applicationId);
  if (!app) return { ok: false, reason: "not_found" };
  if (app.status !== "refused") return { ok: false, reason: "not_refused" };
  const service = getService(app.serviceId);
  const fix = service.refusalReasons.find((r) => r.id === app.reason)?.fix ?? "review";
  const stages = stagesFor(service);
  const form = structuredClone(app.form);
  let schoolId = app.schoolId;
  let stage: string | null;
  if (fix === "review" || !stages.includes(fix)) {
    stage = stages.at(-1)!; // every stage finished: the draft opens at its review
  } else {
    // The stages before it are kept as finished; its own answers go, so it is asked again.
    stage = stages[stages.indexOf(fix) - 1] ?? null;
    delete form[fix];
    if (fix === "school") schoolId = null;
    // The documents are confirmed again ("Done" per document, with the pages already sent).
    if (fix !== "school") delete form.documents;
  }
  const draft = await createResubmission(db, { source: app, form, stage, schoolId, now: input.now });
  return { ok: true, draft };
}
