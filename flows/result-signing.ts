/**
 * "Sign and issue": a staff member signs the school's document (certificate, receipt, order
 * notice) with EDS before it is issued. The PDF is rendered and stored first — with its number
 * and check code — and a single-use link opens the signing page over exactly those bytes. Only
 * a signature that verifies (the staff member's own key, or the school's organisation key:
 * flows/staff-signature.ts) issues the document: the status change, the issued-document row, the
 * signature row and the notices are written in one transaction. Anything else issues nothing.
 */
import type { Db } from "#root/db/client.ts";
import { getApplication, type Application } from "#root/db/queries/applications.ts";
import { getStoredFile, storeSignatureFile, type StoredFile } from "#root/db/queries/files.ts";
import { issuedIdByCode, type NewIssuedDocument } from "#root/db/queries/issued.ts";
import { enqueue } from "#root/db/queries/outbox.ts";
import {
  consumeResultSigningSession,
  consumeResultSigningSessionById,
  createResultSigningSession,
  findResultSigningSession,
  findResultSigningSessionById,
  insertDocumentSignature,
  type DocumentSignature,
  type ResultSigningLookup,
  type ResultSigningSession,
} from "#root/db/queries/result-signing.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { getStaffMember, type Staff } from "#root/db/queries/staff.ts";
import { changeStatus, type ChangeResult } from "./applications.ts";
import { checkEnrolment, outOfTurnNote, type EnrolmentRefusal, type EnrolmentRefusalReason } from "./enrolment.ts";
import { isLang, t, type Lang } from "./i18n.ts";
import type { Action } from "./lifecycle.ts";
import type { SignedBy, StaffSigningResultPayload } from "./notify.ts";
import { issueDocument, type IssuedKind, type OrderDetails } from "./results.ts";
import { getService } from "./services/index.ts";
import { decodeCms } from "./signing.ts";
import { detachedCms } from "./signatures/cms.ts";
import type { NcanodeOptions, RevocationPolicy, SignatureResult, TrustStore } from "./signatures/index.ts";
import { staffProblemsOf, verifyStaffCms, type StaffSigningProblem } from "./staff-signature.ts";

/** Why a staff signing link or post is refused before (or instead of) looking at a signature. */
export type ResultSigningRefusal =
  | "invalid"
  | "expired"
  | "used"
  | "replaced"
  /** the application moved on, or the staff member is no longer the school's active staff */
  | "not_pending"
  /**
   * an enrolment order that may not be made now ({@link EnrolmentRefusal}): the year's places not set, every place
   * taken by orders, or the child already enrolled by an order at another school
   */
  | EnrolmentRefusalReason
  | "malformed";

/** The name and position a staff member signs documents as. */
export function signedByOf(member: Pick<Staff, "fullName" | "position" | "role">, lang: Lang): SignedBy {
  return { name: member.fullName, position: member.position || t(lang, `provider-position-${member.role}`) };
}

const langOf = (value: unknown): Lang => (isLang(value) ? value : "kk");

/** The issued document's record as stored with the link (JSON), and back. */
const pendingJson = (issued: NewIssuedDocument): Record<string, unknown> => ({
  ...issued,
  issuedAt: (issued.issuedAt as Date).toISOString(),
});
const pendingRecord = (json: Record<string, unknown>): NewIssuedDocument => ({
  ...(json as unknown as NewIssuedDocument),
  issuedAt: new Date(json.issuedAt as string),
});

/**
 * Render and store the document the action issues and make a signing link for it. The caller
 * has checked the staff member, the school, the version and the lifecycle (bot/provider).
 * Nothing is issued or sent yet.
 */
export async function startResultSigning(
  db: Db,
  input: { staff: Staff; application: Application; action: Action; kind: IssuedKind; order?: OrderDetails; now: Date; publicUrl: string },
): Promise<{ sessionId: number; token: string; path: string; url: string; expiresAt: Date; documentNumber: string }> {
  const app = input.application;
  const { fileId, issued } = await issueDocument(db, {
    application: app,
    kind: input.kind,
    issuer: input.staff,
    now: input.now,
    publicUrl: input.publicUrl,
    ...(input.order ? { order: input.order } : {}),
  });
  const {
    id: sessionId,
    token,
    expiresAt,
  } = await createResultSigningSession(db, {
    applicationId: app.id,
    staffId: input.staff.id,
    schoolId: input.staff.schoolId,
    action: input.action,
    version: app.version,
    fileId,
    pending: pendingJson(issued),
    now: input.now,
  });
  const path = `/sign/staff/${token}`;
  return { sessionId, token, path, url: `${input.publicUrl}${path}`, expiresAt, documentNumber: issued.number };
}

/** A valid staff link: what is being signed, by whom. */
export interface OpenResultSigning {
  /** The result signing session's row id (eGov mobile's sessions refer to it). */
  sessionId: number;
  application: Application;
  document: StoredFile;
  staff: Staff;
  kind: IssuedKind;
  documentNumber: string;
  lang: Lang;
  expiresAt: Date;
}

async function pendingOf(
  db: Db,
  session: { applicationId: string; staffId: number; schoolId: number; version: number },
): Promise<{ app: Application; member: Staff } | undefined> {
  const app = await getApplication(db, session.applicationId);
  const member = await getStaffMember(db, session.staffId);
  if (!app || app.schoolId !== session.schoolId || app.version !== session.version) return undefined;
  if (!member?.active || member.schoolId !== session.schoolId) return undefined;
  return { app, member };
}

/** Look a link up without using it (the page, the PDF). */
export async function openResultSigning(
  db: Db,
  input: { token: string; now: Date },
): Promise<{ ok: true; signing: OpenResultSigning } | { ok: false; reason: ResultSigningRefusal }> {
  return openFound(db, await findResultSigningSession(db, input.token, input.now));
}

/** Look a session up by its row id without using it (eGov mobile, the bot's button). */
export async function openResultSigningById(
  db: Db,
  input: { sessionId: number; now: Date },
): Promise<{ ok: true; signing: OpenResultSigning } | { ok: false; reason: ResultSigningRefusal }> {
  return openFound(db, await findResultSigningSessionById(db, input.sessionId, input.now));
}

async function openFound(
  db: Db,
  found: ResultSigningLookup,
): Promise<{ ok: true; signing: OpenResultSigning } | { ok: false; reason: ResultSigningRefusal }> {
  if (!found.ok) return found;
  const s = found.session;
  const pending = await pendingOf(db, s);
  if (!pending) return { ok: false, reason: "not_pending" };
  const document = await getStoredFile(db, s.fileId);
  if (!document) throw new Error(`Staff signing link ${s.id} has lost its document`);
  const issued = pendingRecord(s.pending);
  return {
    ok: true,
    signing: {
      sessionId: s.id,
      application: pending.app,
      document,
      staff: pending.member,
      kind: issued.kind,
      documentNumber: issued.number,
      lang: langOf(pending.member.lang),
      expiresAt: s.expiresAt,
    },
  };
}

export type ResultSigningOutcome =
  | { status: "signed"; application: Application; signature: DocumentSignature; result: SignatureResult; documentNumber: string }
  | { status: "invalid"; result: SignatureResult; problems: StaffSigningProblem[] }
  | { status: "refused"; reason: ResultSigningRefusal };

/** Thrown inside the transaction to roll it back when `changeStatus` refuses. */
class IssueFailed extends Error {
  constructor(readonly change: ChangeResult) {
    super(`issue refused: ${change.ok ? "ok" : change.reason}`);
  }
}

/** Thrown inside the transaction to roll it back when the enrolment order may not be made now. */
class EnrolmentRefused extends Error {
  constructor(readonly refusal: EnrolmentRefusal) {
    super(`enrolment refused: ${refusal.reason}`);
  }
}

interface Verification {
  now: Date;
  trust: TrustStore;
  revocation: RevocationPolicy;
  ncanode?: NcanodeOptions;
}

/**
 * A posted staff signature, before its body is read: the link exists and still works (one indexed
 * read of the token's hash). The body (up to 256 KB of JSON) is read for no one else; the refusal
 * is the one {@link acceptResultSignature} would give, which checks it all again.
 */
export async function mayPostResultSignature(
  db: Db,
  input: { token: string; now: Date },
): Promise<{ ok: true } | { ok: false; reason: ResultSigningRefusal }> {
  const found = await findResultSigningSession(db, input.token, input.now);
  return found.ok ? { ok: true } : found;
}

/**
 * Accept the CMS posted by the staff signing page. The link is used up by the attempt. A valid
 * signature over exactly the stored document issues it as the staff member; an invalid one
 * issues nothing (the page says why, the bot tells the staff member and offers a new link).
 */
export async function acceptResultSignature(db: Db, input: Verification & { token: string; cms: string }): Promise<ResultSigningOutcome> {
  const der = decodeCms(input.cms);
  if (!der) return { status: "refused", reason: "malformed" };
  const used = await consumeResultSigningSession(db, input.token, input.now);
  if (!used.ok) return { status: "refused", reason: used.reason };
  return signAndIssue(db, used.session, der, input);
}

/**
 * The same for a CMS that came back from eGov mobile: the result signing session (by its row
 * id, which the eGov mobile session refers to) is used up by the attempt, as the page's link is.
 */
export async function acceptResultSignatureById(
  db: Db,
  input: Verification & { sessionId: number; der: Uint8Array },
): Promise<ResultSigningOutcome> {
  const used = await consumeResultSigningSessionById(db, input.sessionId, input.now);
  if (!used.ok) return { status: "refused", reason: used.reason };
  return signAndIssue(db, used.session, input.der, input);
}

/**
 * A signature came for a document the application no longer waits for (someone decided it
 * meanwhile), or for an enrolment order that may not be made now (no place left, the child
 * enrolled at another school meanwhile): nothing is issued, and the bot
 * says why — the page or the app only says "refused". A staff member switched off hears nothing
 * (the sender drops their rows).
 */
async function tellRefused(
  db: Db,
  session: ResultSigningSession,
  refused: "not_pending" | EnrolmentRefusal["reason"] = "not_pending",
): Promise<ResultSigningOutcome> {
  const app = await getApplication(db, session.applicationId);
  const member = await getStaffMember(db, session.staffId);
  if (app && member?.active) {
    const issued = pendingRecord(session.pending);
    const payload: StaffSigningResultPayload = {
      template: "staff-signing-result",
      applicationId: app.id,
      number: app.number,
      documentNumber: issued.number,
      kind: issued.kind,
      action: session.action,
      version: session.version,
      lang: langOf(member.lang),
      failed: [],
      refused,
    };
    const dedupeKey = `result-signing:${session.id}:${refused.replace(/_/g, "-")}`;
    await enqueue(db, [{ channel: "provider", recipient: String(member.telegramId), payload, dedupeKey }]);
  }
  return { status: "refused", reason: refused };
}

/** Verify the CMS over the session's document and issue it when valid; the session is used already. */
async function signAndIssue(db: Db, session: ResultSigningSession, der: Uint8Array, input: Verification): Promise<ResultSigningOutcome> {
  const pending = await pendingOf(db, session);
  if (!pending) return tellRefused(db, session);
  const { app, member } = pending;
  const school = await getSchool(db, session.schoolId);
  const document = await getStoredFile(db, session.fileId);
  if (!school || !document) throw new Error(`Staff signing link ${session.id} has lost its school or document`);

  const { ocspResponse, bin, ...result } = await verifyStaffCms({
    cms: der,
    data: document.bytes,
    staffIin: member.iin,
    schoolBin: school.bin,
    trust: input.trust,
    now: input.now,
    sessionStart: session.createdAt,
    revocation: input.revocation,
    ...(input.ncanode ? { ncanode: input.ncanode } : {}),
  });
  const issued = pendingRecord(session.pending);
  if (!result.valid) {
    const problems = staffProblemsOf(result);
    // Whichever route the signature came by, the bot says why and offers a new link.
    const payload: StaffSigningResultPayload = {
      template: "staff-signing-result",
      applicationId: app.id,
      number: app.number,
      documentNumber: issued.number,
      kind: issued.kind,
      action: session.action,
      version: session.version,
      lang: langOf(member.lang),
      failed: problems,
    };
    await enqueue(db, [
      { channel: "provider", recipient: String(member.telegramId), payload, dedupeKey: `result-signing:${session.id}:invalid` },
    ]);
    return { status: "invalid", result, problems };
  }

  const signed = signedByOf(member, langOf(app.lang));
  try {
    return await db.transaction(async (tx) => {
      // An enrolment order takes a place: counted with the places row locked, as from the card. It
      // passes over those ahead in the queue the card showed when the link was made (the staff member
      // confirmed them then), never one who came ahead since.
      let passedOver = {};
      if (issued.kind === "order") {
        const service = getService(app.serviceId);
        const passOver = { sentBefore: session.createdAt };
        const check = await checkEnrolment(tx, { app, schoolId: member.schoolId, service, now: input.now, passOver });
        if (!check.ok) throw new EnrolmentRefused(check);
        passedOver = outOfTurnNote(check.passedOver);
      }
      const change = await changeStatus(tx, {
        ...passedOver,
        applicationId: app.id,
        application: app,
        action: session.action as Action,
        principal: { kind: "staff", staffId: member.id, role: member.role, schoolId: member.schoolId },
        fileId: session.fileId,
        issued,
        signed,
        expectedVersion: session.version,
        now: input.now,
      });
      if (!change.ok) throw new IssueFailed(change);
      const issuedId = await issuedIdByCode(tx, issued.checkCode);
      if (issuedId === undefined) throw new Error(`The issued document ${issued.number} was not recorded with the status change`);
      // Kept detached: the document is stored once, as the issued file (see `detachedCms`).
      const file = await storeSignatureFile(tx, { bytes: detachedCms(der), name: `signature-${issued.number.replace(/\//g, "-")}.p7s` });
      const signature = await insertDocumentSignature(tx, {
        issuedDocumentId: issuedId,
        staffId: member.id,
        signerName: signed.name,
        signerPosition: signed.position,
        fileId: file.id,
        sha256: document.sha256,
        signerIin: result.signer?.iin ?? null,
        signerBin: bin ?? null,
        result: result as unknown as Record<string, unknown>,
        ocspResponse: ocspResponse === undefined ? null : new Uint8Array(Buffer.from(ocspResponse, "base64")),
      });
      return { status: "signed" as const, application: change.application, signature, result, documentNumber: issued.number };
    });
  } catch (e) {
    // Someone acted on the application while NCALayer was open: nothing was issued.
    if (e instanceof IssueFailed) return tellRefused(db, session);
    // Every place was taken, or the child enrolled elsewhere, while the order waited for its signature.
    if (e instanceof EnrolmentRefused) return tellRefused(db, session, e.refusal.reason);
    throw e;
  }
}
