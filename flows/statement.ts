/**
 * The application statement: built from the draft's answers, rendered as the PDF the parent
 * signs, and stored. The same answers give the same bytes, so a signature made over them can
 * be verified later against the stored file.
 */
import type { Db } from "#root/db/client.ts";
import { getApplication, listDocuments, type Application, type ApplicationDocument } from "#root/db/queries/applications.ts";
import { documentIdsKey, storeStatement } from "#root/db/queries/files.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { writing } from "#root/db/read-cache.ts";
import type { StatementData } from "./documents/index.ts";
import { renderOffThread } from "./documents/off-thread.ts";
import type { FormAnswers } from "./form/answers.ts";
import { t, type Lang } from "./i18n.ts";
import { applicableFields } from "./form/engine.ts";
import { answersDay, shownAnswers } from "./form/shown.ts";
import { getService, requiredDocuments } from "./services/index.ts";

export type { FormAnswers };

export const formOf = (app: Pick<Application, "form">): FormAnswers => app.form as FormAnswers;

/**
 * The service's answers that apply, counted on the day the application was sent (not sent yet: on `now`'s, as its
 * questions are asked, {@link answersDay}): an answer left from before the child was changed, or an age reason the
 * child does not need for this admission, is not printed, and asks for no document.
 */
export function effectiveFields(
  app: Pick<Application, "form" | "serviceId"> & Partial<Pick<Application, "submittedAt">>,
  now: Date = new Date(),
): Record<string, string> {
  return applicableFields(getService(app.serviceId), formOf(app), answersDay(app, now));
}

/**
 * The service-specific answers as label/value pairs in `lang` (`flows/form/shown.ts`). Choices
 * show their option's button text in chats; documents (`official`) print the option's official
 * name where it has one.
 */
export function fieldAnswers(
  app: Pick<Application, "form" | "serviceId"> & Partial<Pick<Application, "submittedAt">>,
  lang: Lang,
  opts: { official?: boolean; now?: Date } = {},
): Array<{ label: string; value: string }> {
  const { now, ...shown } = opts;
  return shownAnswers(getService(app.serviceId), formOf(app), lang, { at: answersDay(app, now), ...shown })
    .filter((a) => a.stage === "fields")
    .map(({ label, value }) => ({ label, value }));
}

/**
 * Everything the statement shows, from the database, its answers counted on `now`'s day (a sent application's: on its
 * sending's). Throws when the draft is incomplete.
 */
export async function statementData(db: Db, app: Application, now: Date = new Date()): Promise<StatementData> {
  return (await statementDataAndDocuments(db, app, now)).data;
}

/** {@link statementData}, and the document pages it counted. */
async function statementDataAndDocuments(
  db: Db,
  app: Application,
  now: Date = new Date(),
): Promise<{ data: StatementData; docs: ApplicationDocument[] }> {
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
  // A photo still being checked (`form/pages.ts`) may yet be refused: the statement counts pages the school gets.
  if (docs.some((d) => !d.fileId)) throw new PagesBeingChecked(app.number);
  const attachments = requiredDocuments(service, effectiveFields(app, now))
    .map((req) => ({ label: t(lang, req.label), pages: docs.filter((d) => d.requirementId === req.id).reduce((n, d) => n + d.pages, 0) }))
    .filter((a) => a.pages > 0);
  const data: StatementData = {
    lang,
    number: app.number,
    date: app.createdAt.toISOString(),
    school: { nameKk: school.nameKk, nameRu: school.nameRu, bin: school.bin },
    service: { title: t(lang, service.catalog.officialName) },
    parent: { fullName: p.fullName, iin: p.iin, phone: p.phone, email: p.email },
    child: { fullName: c.fullName, iin: c.iin, birthDate: c.birthDate, grade: c.grade },
    answers: fieldAnswers(app, lang, { official: true, now }),
    attachments,
  };
  return { data, docs };
}

/** The draft has a page whose photo is still being checked (`form/pages.ts`): no statement until it is stored. */
export class PagesBeingChecked extends Error {
  override name = "PagesBeingChecked";
  constructor(number: string) {
    super(`Application ${number} has a page still being checked`);
  }
}

/** A statement rendered ahead (when the review was shown), for the draft as it was then. */
interface Rendered {
  updatedAt: number;
  documentIds: string;
  bytes: Uint8Array;
}

/**
 * Statements rendered ahead, by application, in this process: a parent reads the review for
 * seconds, so the PDF is ready when they confirm it. Kept until used, replaced by a newer render
 * of the same draft, dropped after {@link AHEAD_TTL_MS} or oldest first past {@link AHEAD_MAX}
 * (~60 KB each; a confirmation then renders as it would have without it).
 */
const ahead = new Map<string, { at: number; rendered: Promise<Rendered | undefined> }>();
const AHEAD_MAX = 200;
const AHEAD_TTL_MS = 15 * 60_000;

async function render(db: Db, app: Application): Promise<Rendered> {
  const { data, docs } = await statementDataAndDocuments(db, app);
  const bytes = await renderOffThread({ kind: "statement", data });
  return { updatedAt: app.updatedAt.getTime(), documentIds: documentIdsKey(docs), bytes };
}

/**
 * Start rendering the statement of the draft `app` as it is now (the review is on screen), off
 * the update: {@link prepareStatement} then stores these bytes instead of rendering. A draft
 * that cannot have a statement yet is left alone (the confirmation says why, as before).
 */
export function renderAhead(db: Db, app: Application): void {
  const now = Date.now();
  ahead.delete(app.id);
  ahead.set(app.id, { at: now, rendered: render(db, app).catch(() => undefined) });
  // Oldest first (insertion order): the ones past their time, then any past the cap.
  for (const [id, entry] of ahead) {
    if (now - entry.at <= AHEAD_TTL_MS && ahead.size <= AHEAD_MAX) break;
    ahead.delete(id);
  }
}

/**
 * Render the statement of a draft, store it and remember it on the application.
 * Returns the stored file's id, its SHA-256 and the bytes (to send to the parent).
 * A statement rendered ahead from the same answers and documents is stored as it is, in one
 * statement; otherwise (none, or the draft changed since) it is rendered now.
 */
export async function prepareStatement(
  db: Db,
  application: string | Application,
): Promise<{ fileId: string; sha256: string; bytes: Uint8Array }> {
  // The caller's row when it has just read it; otherwise read here.
  const app = typeof application === "string" ? await getApplication(db, application) : application;
  if (!app) throw new Error(`No application ${String(application)}`);
  const pending = ahead.get(app.id);
  if (pending) {
    ahead.delete(app.id);
    const rendered = await pending.rendered;
    if (rendered && rendered.updatedAt === app.updatedAt.getTime()) {
      writing("applications");
      const stored = await storeStatement(db, {
        applicationId: app.id,
        bytes: rendered.bytes,
        name: `statement-${app.number}.pdf`,
        unchanged: { updatedAt: app.updatedAt, documentIds: rendered.documentIds },
      });
      if (stored) return { fileId: stored.id, sha256: stored.sha256, bytes: rendered.bytes };
    }
  }
  const bytes = await renderOffThread({ kind: "statement", data: await statementData(db, app) });
  // The file and the application's link to it together (one statement).
  writing("applications");
  const stored = (await storeStatement(db, { applicationId: app.id, bytes, name: `statement-${app.number}.pdf` }))!;
  return { fileId: stored.id, sha256: stored.sha256, bytes };
}
