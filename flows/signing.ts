/**
 * Signing the statement: by EDS on the signing page (a single-use link from the bot, a detached
 * CMS from NCALayer, verified here), or on paper (a photo/scan uploaded in the bot). Either way
 * the application moves draft → signed through `changeStatus`, and the signature is recorded
 * with the application so staff can see it — failed EDS attempts included.
 */
import type { Db } from "#root/db/client.ts";
import { getApplication, getParentApplication, type Application } from "#root/db/queries/applications.ts";
import { getFileInfo, getStoredFile, storeSignatureFile, type StoredFile } from "#root/db/queries/files.ts";
import { enqueue, type OutboxMessage } from "#root/db/queries/outbox.ts";
import {
  consumeSigningSession,
  createSigningSession,
  findSigningSession,
  recordSignature,
  type Signature,
  type SigningSession,
} from "#root/db/queries/signatures.ts";
import { getUser } from "#root/db/queries/users.ts";
import { changeStatus, type ChangeResult } from "./applications.ts";
import { type AcceptedUpload, isCmsSignedData } from "./files.ts";
import { isLang, type Lang } from "./i18n.ts";
import type { SigningResultPayload } from "./notify.ts";
import { problemsOf, type SigningProblem } from "./signing-problems.ts";
import { verifyCms, type NcanodeOptions, type RevocationPolicy, type SignatureResult, type TrustStore } from "./signatures/index.ts";
import { formOf, prepareStatement } from "./statement.ts";

/** Why a signing link or an upload is refused before any signature is looked at. */
export type SigningRefusal =
  /** no such link */
  | "invalid"
  /** the link's 30 minutes are over */
  | "expired"
  /** the link was used already (each link takes one signature attempt) */
  | "used"
  /** a newer link was issued for the same application, or its statement was made again (an edit) */
  | "replaced"
  /** the application is no longer this parent's draft (signed, cancelled, deleted) */
  | "not_draft"
  /** the posted data is not a base64 CMS SignedData (a broken page or client, not a signature) */
  | "malformed";

/** Signing cannot start: the application is not this parent's, or no longer a draft. */
export class SigningUnavailableError extends Error {
  override name = "SigningUnavailableError";
  constructor(readonly reason: "not_found" | "not_draft") {
    super(
      reason === "not_found"
        ? "No such application of this parent: offer signing only for the parent's own draft"
        : "The application is no longer a draft: only drafts are signed",
    );
  }
}

/**
 * Start signing a draft: make sure its statement exists, and issue a single-use signing link
 * (30 minutes). The page lives at `config.publicUrl + path`. Throws {@link SigningUnavailableError}
 * for another parent's application or one that is no longer a draft.
 */
export async function startEdsSigning(
  db: Db,
  input: { applicationId: string; parentId: number; now: Date },
): Promise<{ token: string; path: string; expiresAt: Date }> {
  const app = await getParentApplication(db, input.parentId, input.applicationId);
  if (!app) throw new SigningUnavailableError("not_found");
  if (app.status !== "draft") throw new SigningUnavailableError("not_draft");
  const statement = app.statementFileId ? await getFileInfo(db, app.statementFileId) : undefined;
  const statementSha256 = statement?.sha256 ?? (await prepareStatement(db, app.id)).sha256;
  const { token, expiresAt } = await createSigningSession(db, { ...input, statementSha256 });
  return { token, path: `/sign/${token}`, expiresAt };
}

/** A valid link's application and the statement to show and sign. */
export interface OpenSigning {
  application: Application;
  statement: StoredFile;
  lang: Lang;
  expiresAt: Date;
}

/** Look a link up without using it (the page, the PDF): the application must still be the parent's draft. */
export async function openSigningSession(
  db: Db,
  input: { token: string; now: Date },
): Promise<{ ok: true; signing: OpenSigning } | { ok: false; reason: SigningRefusal }> {
  const found = await findSigningSession(db, input.token, input.now);
  if (!found.ok) return found;
  const open = await sessionStatement(db, found.session);
  if (!open.ok) return open;
  const { application, statement } = open;
  return { ok: true, signing: { application, statement, lang: langOf(application.lang), expiresAt: found.session.expiresAt } };
}

/**
 * A link's application, still the parent's draft, with the very statement the link was issued
 * for: answers changed since (the statement gone, or made again) end the link as `replaced`.
 */
async function sessionStatement(
  db: Db,
  session: SigningSession,
): Promise<{ ok: true; application: Application; statement: StoredFile } | { ok: false; reason: "not_draft" | "replaced" }> {
  const app = await getApplication(db, session.applicationId);
  if (!app || app.parentId !== session.parentId || app.status !== "draft") return { ok: false, reason: "not_draft" };
  const statement = app.statementFileId ? await getStoredFile(db, app.statementFileId) : undefined;
  if (!statement || statement.sha256 !== session.statementSha256) return { ok: false, reason: "replaced" };
  return { ok: true, application: app, statement };
}

/**
 * A posted signature, before its body is read: the link exists and still works (one indexed read
 * of the token's hash). The body (up to 256 KB of JSON) is read for no one else; the refusal is
 * the one {@link acceptEdsSignature} would give, which checks it all again.
 */
export async function mayPostSignature(
  db: Db,
  input: { token: string; now: Date },
): Promise<{ ok: true } | { ok: false; reason: SigningRefusal }> {
  const found = await findSigningSession(db, input.token, input.now);
  return found.ok ? { ok: true } : found;
}

/** The outcome of a signature posted by the signing page. */
export type EdsOutcome =
  | { status: "signed"; application: Application; signature: Signature; result: SignatureResult }
  | { status: "invalid"; application: Application; signature: Signature; result: SignatureResult; problems: SigningProblem[] }
  | { status: "refused"; reason: SigningRefusal };

/**
 * Accept a CMS from the signing page. The link is used up by the attempt, valid or not. A
 * valid signature (the parent's own signing key, over exactly the stored statement) signs the
 * application; either way the attempt is recorded and the parent's bot is told — the signature
 * record, the status change and the outbox row are written together or not at all.
 */
export async function acceptEdsSignature(
  db: Db,
  input: { token: string; cms: string; now: Date; trust: TrustStore; revocation: RevocationPolicy; ncanode?: NcanodeOptions },
): Promise<EdsOutcome> {
  const der = decodeCms(input.cms);
  // Checked before the link is used: garbage is a broken client, not a signature attempt.
  if (!der) return { status: "refused", reason: "malformed" };
  const used = await consumeSigningSession(db, input.token, input.now);
  if (!used.ok) return { status: "refused", reason: used.reason };
  const session = used.session;
  const open = await sessionStatement(db, session);
  if (!open.ok) return { status: "refused", reason: open.reason };
  return recordEdsSignature(db, {
    application: open.application,
    statement: open.statement,
    der,
    sessionStart: session.createdAt,
    noticeKey: `signing:${session.id}`,
    now: input.now,
    trust: input.trust,
    revocation: input.revocation,
    ...(input.ncanode ? { ncanode: input.ncanode } : {}),
  });
}

/**
 * Verify a CMS over a draft's statement for its parent, and record the attempt: the signature
 * row (valid or not), the draft → signed change when valid, and the parent's 'signing-result'
 * notice, written together or not at all. Every EDS route ends here (the signing page, eGov
 * mobile), once it has used up its single-use session. `noticeKey` names that session so the
 * notice is sent once; `sessionStart` bounds the signing time the CMS may claim.
 */
export async function recordEdsSignature(
  db: Db,
  input: {
    application: Application;
    statement: StoredFile;
    der: Uint8Array;
    sessionStart: Date;
    noticeKey: string;
    now: Date;
    trust: TrustStore;
    revocation: RevocationPolicy;
    ncanode?: NcanodeOptions;
  },
): Promise<EdsOutcome> {
  const { application: app, statement, der } = input;
  const parent = await getUser(db, app.parentId);
  const expectedIin = parent?.iin ?? formOf(app).parent?.iin;
  // Without an IIN any valid key would do: that must never pass silently.
  if (!expectedIin) throw new Error(`Parent ${app.parentId} has no IIN: registration must record it before signing`);

  const { ocspResponse, ...result } = await verifyCms({
    cms: der,
    data: statement.bytes,
    expectedIin,
    trust: input.trust,
    now: input.now,
    sessionStart: input.sessionStart,
    revocation: input.revocation,
    ...(input.ncanode ? { ncanode: input.ncanode } : {}),
  });
  // What the parent is told: the same problems the signing page shows (locales/*/signing.ftl).
  const failed = problemsOf(result);
  const notice: OutboxMessage[] = [];
  if (parent?.telegramId != null) {
    const payload: SigningResultPayload = {
      template: "signing-result",
      applicationId: app.id,
      number: app.number,
      lang: langOf(parent.lang ?? app.lang),
      valid: result.valid,
      failed,
    };
    notice.push({ channel: "parent", recipient: String(parent.telegramId), payload, dedupeKey: `${input.noticeKey}:parent` });
  }

  try {
    return await db.transaction(async (tx) => {
      const file = await storeSignatureFile(tx, { bytes: der, name: `signature-${app.number}.p7s` });
      const signature = await recordSignature(tx, {
        applicationId: app.id,
        method: "eds",
        fileId: file.id,
        statementSha256: statement.sha256,
        valid: result.valid,
        result: result as unknown as Record<string, unknown>,
        signerIin: result.signer?.iin ?? null,
        ocspResponse: ocspResponse === undefined ? null : new Uint8Array(Buffer.from(ocspResponse, "base64")),
      });
      let application = app;
      if (result.valid) {
        const change = await changeStatus(tx, {
          applicationId: app.id,
          action: "sign",
          principal: { kind: "system" },
          expectedVersion: app.version,
          now: input.now,
        });
        if (!change.ok) throw new StatusChangeFailed(change);
        application = change.application;
      }
      await enqueue(tx, notice);
      return result.valid
        ? { status: "signed" as const, application, signature, result }
        : { status: "invalid" as const, application, signature, result, problems: failed };
    });
  } catch (e) {
    // The parent cancelled (or anything else moved the draft on) while the signer was busy:
    // nothing was written, and nothing claims the statement was signed.
    if (e instanceof StatusChangeFailed) return { status: "refused", reason: "not_draft" };
    throw e;
  }
}

/** Thrown inside the transaction to roll it back when `changeStatus` refuses. */
class StatusChangeFailed extends Error {
  constructor(readonly change: ChangeResult) {
    super(`sign refused: ${change.ok ? "ok" : change.reason}`);
  }
}

/**
 * The paper route: the parent uploaded a photo or scan of the signed statement in the bot
 * (`photo`, checked and re-encoded by `acceptUpload`). The photo, the signature (valid, pending
 * staff review) and the draft's status change are written by one statement: all of them, or
 * nothing — a refused or lost signing stores no photo. `not_found`: another parent's application.
 */
export async function acceptPaperSignature(
  db: Db,
  input: { applicationId: string; parentId: number; photo: AcceptedUpload; now: Date },
): Promise<
  { ok: true; application: Application; signature: Signature } | { ok: false; reason: "not_found" | "not_draft" | "no_statement" }
> {
  const app = await getParentApplication(db, input.parentId, input.applicationId);
  if (!app) return { ok: false, reason: "not_found" };
  if (app.status !== "draft") return { ok: false, reason: "not_draft" };
  const statement = app.statementFileId ? await getFileInfo(db, app.statementFileId) : undefined;
  // The parent must have had a statement to print and sign.
  if (!statement) return { ok: false, reason: "no_statement" };
  const { photo } = input;
  const change = await changeStatus(db, {
    applicationId: app.id,
    application: app,
    action: "sign",
    principal: { kind: "parent", userId: input.parentId },
    expectedVersion: app.version,
    signature: {
      method: "paper",
      upload: photo,
      statementSha256: statement.sha256,
      valid: true,
      result: { method: "paper", review: "pending", mime: photo.mime, fileSha256: photo.sha256 },
      signerIin: null,
    },
    now: input.now,
  });
  if (!change.ok || !change.signature) return { ok: false, reason: "not_draft" };
  return { ok: true, application: change.application, signature: change.signature };
}

/**
 * What `EDS_OCSP_URL` (config's `edsOcspUrl`) means for verification: ask that responder, or,
 * when it is off (the playground only), record that revocation was not checked.
 */
export function revocationPolicy(ocspUrl: string | undefined): RevocationPolicy {
  return ocspUrl === undefined
    ? { mode: "off", why: "EDS_OCSP_URL=off (the playground): revocation was not checked" }
    : { mode: "ocsp", ocsp: { url: ocspUrl } };
}

/** NCALayer's base64 (whitespace tolerated) → DER, or null when it is not a CMS SignedData. */
export function decodeCms(text: string): Uint8Array | null {
  const compact = text.replace(/\s+/g, "");
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  const der = new Uint8Array(Buffer.from(compact, "base64"));
  return isCmsSignedData(der) ? der : null;
}

const langOf = (value: unknown): Lang => (isLang(value) ? value : "kk");
