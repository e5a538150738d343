/**
 * The application statement: built from the draft's answers, rendered as the PDF the parent
 * signs, and stored. The same answers give the same bytes, so a signature made over them can
 * be verified later against the stored file.
 */
import { eq } from "drizzle-orm";
import type { Db } from "../db/client.ts";
import { getApplication, listDocuments, type Application } from "../db/queries/applications.ts";
import { storeFile } from "../db/queries/files.ts";
import { getSchool } from "../db/queries/schools.ts";
import { writing } from "../db/read-cache.ts";
import { applications } from "../db/schema.ts";
import type { StatementData } from "./documents/index.ts";
import { renderOffThread } from "./documents/off-thread.ts";
import { formatDate } from "./form.ts";
import type { FormAnswers } from "./form/answers.ts";
import { t, type Lang } from "./i18n.ts";
import { getService, requiredDocuments } from "./services/index.ts";

export type { FormAnswers };

export const formOf = (app: Pick<Application, "form">): FormAnswers => app.form as FormAnswers;

/**
 * The service-specific answers as label/value pairs in `lang`. Choices show their option's button
 * text in chats; documents (`official`) print the option's official name where it has one.
 */
export function fieldAnswers(
  app: Pick<Application, "form" | "serviceId">,
  lang: Lang,
  opts: { official?: boolean } = {},
): Array<{ label: string; value: string }> {
  const service = getService(app.serviceId);
  const answers = formOf(app).fields ?? {};
  return service.fields
    .filter((f) => answers[f.id] !== undefined)
    .map((f) => {
      const raw = answers[f.id]!;
      const option = f.kind === "choice" ? f.options.find((o) => o.value === raw) : undefined;
      const value = option ? t(lang, (opts.official && option.official) || option.label) : f.kind === "date" ? formatDate(raw) : raw;
      return { label: t(lang, f.answerLabel ?? f.label), value };
    });
}

/** Everything the statement shows, from the database. Throws when the draft is incomplete. */
export async function statementData(db: Db, app: Application): Promise<StatementData> {
  const lang = app.lang as Lang;
  const service = getService(app.serviceId);
  const form = formOf(app);
  const p = form.parent;
  const c = form.child;
  const school = form.school?.schoolId ? await getSchool(db, form.school.schoolId) : undefined;
  if (!p?.fullName || !p.iin || !p.phone || !c?.fullName || !c.iin || !c.birthDate || c.grade === undefined || !school) {
    throw new Error(`Application ${app.number} is not complete enough for a statement`);
  }
  const docs = await listDocuments(db, app.id);
  const attachments = requiredDocuments(service, form.fields ?? {})
    .map((req) => ({ label: t(lang, req.label), pages: docs.filter((d) => d.requirementId === req.id).reduce((n, d) => n + d.pages, 0) }))
    .filter((a) => a.pages > 0);
  return {
    lang,
    number: app.number,
    date: app.createdAt.toISOString(),
    school: { nameKk: school.nameKk, nameRu: school.nameRu, bin: school.bin },
    service: { title: t(lang, service.catalog.officialName) },
    parent: { fullName: p.fullName, iin: p.iin, phone: p.phone, email: p.email },
    child: { fullName: c.fullName, iin: c.iin, birthDate: c.birthDate, grade: c.grade },
    answers: fieldAnswers(app, lang, { official: true }),
    attachments,
  };
}

/**
 * Render the statement of a draft, store it and remember it on the application.
 * Returns the stored file's id, its SHA-256 and the bytes (to send to the parent).
 */
export async function prepareStatement(db: Db, application: string | Application): Promise<{ fileId: string; sha256: string; bytes: Uint8Array }> {
  // The caller's row when it has just read it; otherwise read here.
  const app = typeof application === "string" ? await getApplication(db, application) : application;
  if (!app) throw new Error(`No application ${String(application)}`);
  const bytes = await renderOffThread({ kind: "statement", data: await statementData(db, app) });
  // The file and the application's link to it together (one commit: one wait for the disk).
  writing("applications");
  const stored = await db.transaction(async (tx) => {
    const file = await storeFile(tx, { bytes, name: `statement-${app.number}.pdf` });
    await tx.update(applications).set({ statementFileId: file.id }).where(eq(applications.id, app.id));
    return file;
  });
  return { fileId: stored.id, sha256: stored.sha256, bytes };
}
