/**
 * Signing in eGov mobile, whichever backend answers the app: a session over a parent's statement
 * (or over a staff member's result to sign and issue, flows/result-signing.ts), the document it
 * offers and how eGov mobile names it, and the CMS that comes back — verified and recorded as the
 * EDS page's ({@link recordEdsSignature}); the parent's bot hears the result through the outbox.
 *
 * A signing backend starts a session and says what to show the parent. mgovSign (this server
 * answers the app: flows/signing-mgov.ts) is one; SIGEX's egovQr flow, which relays the same
 * protocol for an operator without their own mgovSign registration, is the other
 * (flows/signing-sigex.ts). Both end here, so a signature is judged the same whichever came.
 */
import type { Db } from "#root/db/client.ts";
import { getApplication, getParentApplication, type Application } from "#root/db/queries/applications.ts";
import { getFileInfo, getStoredFile, type StoredFile } from "#root/db/queries/files.ts";
import {
  createMobileSigningSession,
  getMobileSigningSession,
  type findMobileSigningSession,
  type MobileLookup,
  type MobileRefusal,
  type MobileSigningSession,
} from "#root/db/queries/mobile-signing.ts";
import { enqueue } from "#root/db/queries/outbox.ts";
import { getUser } from "#root/db/queries/users.ts";
import { isLang, t, type Lang } from "./i18n.ts";
import type { EnrolmentRefusalReason } from "./enrolment.ts";
import type { SigningResultPayload } from "./notify.ts";
import { acceptResultSignatureById, openResultSigningById, type OpenResultSigning, type ResultSigningOutcome } from "./result-signing.ts";
import { getService } from "./services/index.ts";
import { recordEdsSignature, SigningUnavailableError, type EdsOutcome } from "./signing.ts";
import type { SigningProblem } from "./signing-problems.ts";
import type { NcanodeOptions, RevocationPolicy, TrustStore } from "./signatures/index.ts";
import { prepareStatement } from "./statement.ts";

/** What the parent is shown to sign on the phone. */
export interface MobileSigningLink {
  /** The QR code's text, for eGov mobile's scanner on another device. */
  qrText?: string;
  /** The QR code as a picture, when the backend draws it (SIGEX) rather than giving its text. */
  qrImage?: Uint8Array;
  /** Opens eGov mobile on this phone at the same signing session. */
  launchUrl: string;
  expiresAt: Date;
}

/** A way of getting a parent's statement signed in eGov mobile. */
export interface MobileSigningBackend<Link extends MobileSigningLink = MobileSigningLink> {
  readonly kind: "mgov" | "sigex";
  /**
   * Start a session for the parent's draft (its statement made first if need be), ending the
   * draft's earlier one. Throws {@link SigningUnavailableError} for another parent's application
   * or one that is no longer a draft.
   */
  start(db: Db, input: { applicationId: string; parentId: number; now: Date }): Promise<Link>;
}

/**
 * Why the app's request is refused before any signature is looked at (`not_pending`: the staff
 * member's document was decided otherwise meanwhile, or they are no longer the school's staff),
 * or why a staff member's signature issued nothing (an enrolment order that may not be made now:
 * `places_not_set`, `no_places`, `enrolled_elsewhere`, see {@link EnrolmentRefusalReason}).
 */
export type MobileSigningRefusal = MobileRefusal | "not_draft" | "not_pending" | EnrolmentRefusalReason | "malformed";

/**
 * A new session for the parent's draft, its statement made first if need be. Throws
 * {@link SigningUnavailableError} for another parent's application or one that is no longer a draft.
 */
export async function startMobileSession(
  db: Db,
  input: { applicationId: string; parentId: number; now: Date; ttlMs: number },
): Promise<{ id: string; idHash: string; expiresAt: Date; application: Application }> {
  const app = await getParentApplication(db, input.parentId, input.applicationId);
  if (!app) throw new SigningUnavailableError("not_found");
  if (app.status !== "draft") throw new SigningUnavailableError("not_draft");
  const statement = app.statementFileId ? await getFileInfo(db, app.statementFileId) : undefined;
  const sha256 = statement?.sha256 ?? (await prepareStatement(db, app.id)).sha256;
  const session = await createMobileSigningSession(db, { ...input, statementSha256: sha256 });
  return { ...session, application: app };
}

/**
 * A session over the document of a staff member's result signing session, whichever backend
 * answers eGov mobile. Undefined when that session no longer works or is not theirs. It lives
 * no longer than the signing link it belongs to.
 */
export async function startStaffMobileSession(
  db: Db,
  input: { resultSessionId: number; staffId: number; now: Date; ttlMs: number },
): Promise<{ id: string; idHash: string; expiresAt: Date; signing: OpenResultSigning } | undefined> {
  const open = await openResultSigningById(db, { sessionId: input.resultSessionId, now: input.now });
  if (!open.ok || open.signing.staff.id !== input.staffId) return undefined;
  const { signing } = open;
  const session = await createMobileSigningSession(db, {
    applicationId: signing.application.id,
    parentId: null,
    resultSessionId: input.resultSessionId,
    statementSha256: signing.document.sha256,
    now: input.now,
    ttlMs: Math.min(input.ttlMs, signing.expiresAt.getTime() - input.now.getTime()),
  });
  return { ...session, signing };
}

/** One document of API №2 (`documentCms`: the PDF in GET, the signed CMS in PUT). */
export interface MgovDocument {
  id: string;
  nameRu: string;
  nameKz: string;
  nameEn: string;
  meta: Array<{ name: string; value: string }>;
  documentCms: string;
}

export type Open =
  | { ok: true; session: MobileSigningSession; application: Application; statement: StoredFile }
  | { ok: false; reason: MobileSigningRefusal };

/** A session's document: a parent's statement, or a staff member's result to sign and issue. */
type OpenDocument =
  | (Extract<Open, { ok: true }> & { kind: "statement" })
  | { ok: true; kind: "result"; session: MobileSigningSession; resultSessionId: number; signing: OpenResultSigning }
  | { ok: false; reason: MobileSigningRefusal };

export async function openDocument(db: Db, found: Awaited<ReturnType<typeof findMobileSigningSession>>, now: Date): Promise<OpenDocument> {
  if (!found.ok) return found;
  const resultSessionId = found.session.resultSessionId;
  if (resultSessionId === null) {
    const open = await openSession(db, found);
    return open.ok ? { ...open, kind: "statement" } : open;
  }
  // The signing link behind it must still work: used on the page, replaced, expired or decided otherwise ends this too.
  const open = await openResultSigningById(db, { sessionId: resultSessionId, now });
  if (!open.ok) return { ok: false, reason: open.reason };
  if (open.signing.document.sha256 !== found.session.statementSha256) return { ok: false, reason: "replaced" };
  return { ok: true, kind: "result", session: found.session, resultSessionId, signing: open.signing };
}

/** The session's application, still the parent's draft with the very statement the session was issued for. */
export async function openSession(db: Db, found: Awaited<ReturnType<typeof findMobileSigningSession>>): Promise<Open> {
  if (!found.ok) return found;
  // a staff member's session is not a parent's statement (nor for a relaying backend)
  if (found.session.resultSessionId !== null) return { ok: false, reason: "not_draft" };
  const app = await getApplication(db, found.session.applicationId);
  if (!app || app.parentId !== found.session.parentId || app.status !== "draft") return { ok: false, reason: "not_draft" };
  const statement = app.statementFileId ? await getStoredFile(db, app.statementFileId) : undefined;
  // The statement was made again (an edit): this QR code offers a version that is gone.
  if (!statement || statement.sha256 !== found.session.statementSha256) return { ok: false, reason: "replaced" };
  return { ok: true, session: found.session, application: app, statement };
}

export const langOf = (value: unknown): Lang => (isLang(value) ? value : "kk");

/**
 * The PDF a session offers to sign (the parent's statement, or the staff member's result) and
 * how eGov mobile names it, or why the session no longer works: what the app is handed, by
 * API №2 or by a relaying backend (SIGEX).
 */
export async function documentToSign(
  db: Db,
  found: MobileLookup,
  now: Date,
): Promise<
  | { ok: true; session: MobileSigningSession; described: Pick<MgovDocument, "nameRu" | "nameKz" | "nameEn" | "meta">; bytes: Uint8Array }
  | { ok: false; reason: MobileSigningRefusal }
> {
  const open = await openDocument(db, found, now);
  if (!open.ok) return open;
  return open.kind === "statement"
    ? { ok: true, session: open.session, described: statementDescription(open.application), bytes: open.statement.bytes }
    : { ok: true, session: open.session, described: resultDescription(open.signing), bytes: open.signing.document.bytes };
}

/** What eGov mobile says is asked of the parent: signing the statement of which application. */
export function statementSigningDescription(app: Pick<Application, "lang" | "number">): string {
  return t(langOf(app.lang), "mgov-description", { number: app.number });
}

/** What eGov mobile says is asked of the staff member: signing which document, of which application. */
export function resultSigningDescription(signing: OpenResultSigning): string {
  const { lang, kind, documentNumber, application } = signing;
  return t(lang, "staff-mgov-description", { kind: t(lang, `provider-doc-${kind}`), document: documentNumber, number: application.number });
}

/** How a school's document awaiting the staff member's signature is named in eGov mobile. */
function resultDescription(signing: OpenResultSigning): Pick<MgovDocument, "nameRu" | "nameKz" | "nameEn" | "meta"> {
  const { lang, kind, application } = signing;
  // document numbers carry slashes; a file name must not
  const document = signing.documentNumber.replace(/\//g, "-");
  const name = (l: Lang) => t(l, "staff-mgov-document-name", { kind: t(l, `provider-doc-${kind}`), document });
  return {
    nameRu: name("ru"),
    nameKz: name("kk"),
    nameEn: `Document No. ${document}.pdf`,
    meta: [
      { name: t(lang, "staff-mgov-meta-document"), value: signing.documentNumber },
      { name: t(lang, "mgov-meta-number"), value: application.number },
    ],
  };
}

/** How the statement is named and described in eGov mobile. */
export function statementDescription(app: Application): Pick<MgovDocument, "nameRu" | "nameKz" | "nameEn" | "meta"> {
  const number = app.number;
  const lang = langOf(app.lang);
  const title = getService(app.serviceId).catalog.title;
  return {
    nameRu: t("ru", "mgov-document-name", { number }),
    nameKz: t("kk", "mgov-document-name", { number }),
    nameEn: `Statement No. ${number}.pdf`,
    meta: [
      { name: t(lang, "mgov-meta-service"), value: t(lang, title) },
      { name: t(lang, "mgov-meta-number"), value: number },
    ],
  };
}

/**
 * The outcome of the app's `PUT`: a parent's statement signed or not, or (`result`) a staff
 * member's document issued or not.
 */
export type MobileOutcome =
  | Exclude<EdsOutcome, { status: "refused" }>
  | { status: "result"; outcome: Exclude<ResultSigningOutcome, { status: "refused" }> }
  | { status: "refused"; reason: MobileSigningRefusal };

/**
 * A CMS from eGov mobile for the session just used up (`used`): verified and recorded as the
 * EDS page's — a parent's statement signed or the attempt kept, or a staff member's document
 * issued or not. Both the app's PUT and a relaying backend (SIGEX) end here.
 */
export async function recordMobileSignature(
  db: Db,
  used: MobileLookup,
  der: Uint8Array,
  input: { now: Date; trust: TrustStore; revocation: RevocationPolicy; ncanode?: NcanodeOptions },
): Promise<MobileOutcome> {
  const open = await openDocument(db, used, input.now);
  if (!open.ok) return { status: "refused", reason: open.reason };
  if (open.kind === "result") {
    // the staff page's verification and issuing; the signing link is used up with this session
    const outcome = await acceptResultSignatureById(db, {
      sessionId: open.resultSessionId,
      der,
      now: input.now,
      trust: input.trust,
      revocation: input.revocation,
      ...(input.ncanode ? { ncanode: input.ncanode } : {}),
    });
    return outcome.status === "refused" ? { status: "refused", reason: outcome.reason } : { status: "result", outcome };
  }
  return recordEdsSignature(db, {
    application: open.application,
    statement: open.statement,
    der,
    sessionStart: open.session.createdAt,
    noticeKey: `signing-mobile:${open.session.idHash}`,
    now: input.now,
    trust: input.trust,
    revocation: input.revocation,
    ...(input.ncanode ? { ncanode: input.ncanode } : {}),
  });
}

/** What the parent is told of a relayed signature their QR code could no longer take, by why. */
const RELAYED_REFUSALS: Partial<Record<MobileSigningRefusal, SigningProblem>> = { replaced: "qr_replaced", expired: "qr_expired" };

/**
 * A relaying backend (SIGEX) brought a signature that session `idHash` refused: eGov mobile has
 * already told the parent it was signed, so their bot says it was not taken and to scan the
 * latest QR code (a 'signing-result' notice, once per session). Nothing when the draft no longer
 * waits for a signature (signed another way, cancelled), for a staff member's session, or for a
 * session used already (that use was told). Whether the parent is told.
 */
export async function tellRelayedRefusal(db: Db, input: { idHash: string; reason: MobileSigningRefusal }): Promise<boolean> {
  const problem = RELAYED_REFUSALS[input.reason];
  if (!problem) return false;
  const session = await getMobileSigningSession(db, { idHash: input.idHash });
  if (!session || session.parentId === null || session.resultSessionId !== null) return false;
  const [parent, app] = await Promise.all([getUser(db, session.parentId), getApplication(db, session.applicationId)]);
  if (parent?.telegramId == null || !app || app.parentId !== parent.id || app.status !== "draft") return false;
  const payload: SigningResultPayload = {
    template: "signing-result",
    applicationId: app.id,
    number: app.number,
    lang: langOf(parent.lang ?? app.lang),
    valid: false,
    failed: [problem],
  };
  // the key a signature recorded for this session would have used: one notice per session
  await enqueue(db, [
    { channel: "parent", recipient: String(parent.telegramId), payload, dedupeKey: `signing-mobile:${session.idHash}:parent` },
  ]);
  return true;
}
