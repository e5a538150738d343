/**
 * mgovSign: this server answers eGov mobile itself. The parent gets a QR code whose text is
 * `mobileSign:<API №1 address>` (to scan from a second device) and a launch link that opens
 * the same address in the app on the same phone. The app then follows the mgovSign protocol:
 *
 * - API №1 `GET <address>` → who asks (the organisation), until when, and where the document is
 *   (`document.uri`, with a Bearer token);
 * - API №2 `GET document.uri` → the statement PDF (base64) to sign;
 * - API №2 `PUT document.uri` → the same structure, `documentCms` now the signed CMS.
 *
 * The CMS goes through the same verification and recording as the EDS page's
 * ({@link recordMobileSignature}); the parent's bot hears the result through the outbox.
 *
 * Staff "Sign and issue" the school's result PDF the same way: a session may refer to a staff
 * member's result signing session instead of a parent's statement, and the CMS then goes
 * through the staff verification and issuing of flows/result-signing.ts. One set of routes.
 */
import type { Config } from "#root/config.ts";
import type { Db } from "#root/db/client.ts";
import {
  authorizeMobileSigningSession,
  consumeMobileSigningSession,
  findMobileSigningSession,
  issueMobileSigningToken,
  type MobileSigningSession,
} from "#root/db/queries/mobile-signing.ts";
import type { OpenResultSigning } from "./result-signing.ts";
import { decodeCms } from "./signing.ts";
import {
  documentToSign,
  openDocument,
  recordMobileSignature,
  resultSigningDescription,
  startMobileSession,
  startStaffMobileSession,
  statementSigningDescription,
  type MgovDocument,
  type MobileOutcome,
  type MobileSigningBackend,
  type MobileSigningLink,
  type MobileSigningRefusal,
} from "./signing-mobile.ts";
import type { NcanodeOptions, RevocationPolicy, TrustStore } from "./signatures/index.ts";

/** Where API №1 lives for a session: `<publicUrl>/sign/mobile/<id>`. */
export const mobileSigningPath = (id: string) => `/sign/mobile/${id}`;

/** mgovSign: this server answers eGov mobile itself (API №1 and №2 under /sign/mobile). */
export function mgovBackend(config: Pick<Config, "publicUrl" | "mgov">): MobileSigningBackend<MobileSigningLink & { qrText: string }> {
  return {
    kind: "mgov",
    async start(db, input) {
      const session = await startMobileSession(db, { ...input, ttlMs: config.mgov.ttlMinutes * 60_000 });
      const api1 = `${config.publicUrl}${mobileSigningPath(session.id)}`;
      return {
        qrText: `mobileSign:${api1}`,
        launchUrl: config.mgov.launchUrl.replace("{link}", encodeURIComponent(api1)),
        expiresAt: session.expiresAt,
      };
    },
  };
}

/** What a staff member is shown to sign a result in eGov mobile. */
export interface StaffMobileLink {
  qrText: string;
  launchUrl: string;
  expiresAt: Date;
  signing: OpenResultSigning;
}

/**
 * An eGov mobile session over the document of a staff member's result signing session (mgovSign:
 * this server answers the app). Undefined when that session no longer works or is not theirs.
 * The QR code lives no longer than the signing link it belongs to.
 */
export async function startStaffMobileSigning(
  db: Db,
  config: Pick<Config, "publicUrl" | "mgov">,
  input: { resultSessionId: number; staffId: number; now: Date },
): Promise<StaffMobileLink | undefined> {
  const started = await startStaffMobileSession(db, { ...input, ttlMs: config.mgov.ttlMinutes * 60_000 });
  if (!started) return undefined;
  const api1 = `${config.publicUrl}${mobileSigningPath(started.id)}`;
  return {
    qrText: `mobileSign:${api1}`,
    launchUrl: config.mgov.launchUrl.replace("{link}", encodeURIComponent(api1)),
    expiresAt: started.expiresAt,
    signing: started.signing,
  };
}

/** API №1's answer. */
export interface MgovServiceInfo {
  description: string;
  expiry_date: string;
  organisation: { nameRu: string; nameKz: string; nameEn: string; bin: string };
  document: { uri: string; auth_type: "Bearer"; auth_token: string };
}

/** API №2's body, both ways. */
export interface MgovDocuments {
  signMethod: "CMS";
  documentsToSign: MgovDocument[];
}

/**
 * API №1: who asks the parent to sign what, until when, and where the app fetches it. The id
 * is the credential here (it is what the QR code carries). Each call hands out a new Bearer
 * token for API №2 and ends the one before: the latest reader of the QR code holds the session.
 */
export async function mgovServiceInfo(
  db: Db,
  input: { id: string; baseUrl: string; organisation: Config["mgov"]["organisation"]; now: Date },
): Promise<{ ok: true; info: MgovServiceInfo } | { ok: false; reason: MobileSigningRefusal }> {
  const open = await openDocument(db, await findMobileSigningSession(db, input), input.now);
  if (!open.ok) return open;
  const token = await issueMobileSigningToken(db, input);
  // used or ended between the two statements
  if (token === undefined) return { ok: false, reason: "used" };
  const description = open.kind === "statement" ? statementSigningDescription(open.application) : resultSigningDescription(open.signing);
  return {
    ok: true,
    info: {
      description,
      // ISO 8601 with the offset written out, as the protocol's examples give it
      expiry_date: open.session.expiresAt.toISOString().replace("Z", "+00:00"),
      organisation: input.organisation,
      document: { uri: `${input.baseUrl}${mobileSigningPath(input.id)}/document`, auth_type: "Bearer", auth_token: token },
    },
  };
}

/** API №2 `GET`: the statement (or the staff member's result) PDF to sign, with the Bearer token of API №1. */
export async function mgovDocuments(
  db: Db,
  input: { id: string; token: string | undefined; now: Date },
): Promise<{ ok: true; documents: MgovDocuments } | { ok: false; reason: MobileSigningRefusal }> {
  const doc = await documentToSign(db, await authorizeMobileSigningSession(db, input), input.now);
  if (!doc.ok) return doc;
  return {
    ok: true,
    documents: {
      signMethod: "CMS",
      documentsToSign: [
        { id: doc.session.statementSha256.slice(0, 16), ...doc.described, documentCms: Buffer.from(doc.bytes).toString("base64") },
      ],
    },
  };
}

/**
 * API №2 `PUT`, before its body is read: the Bearer token is this session's and the session still
 * works. The body (megabytes of JSON) is read for no one else.
 */
export async function mgovMayPut(
  db: Db,
  input: { id: string; token: string | undefined; now: Date },
): Promise<{ ok: true } | { ok: false; reason: MobileSigningRefusal }> {
  const authorized = await authorizeMobileSigningSession(db, input);
  return authorized.ok ? { ok: true } : authorized;
}

/**
 * API №2 `PUT`: the signed statement. The token is checked first; then a body that is not one
 * CMS is refused without using the session; then the session is used up by the attempt, valid
 * or not, and the CMS (the statement attached or detached) is verified and recorded as the EDS
 * page's is: signed when valid, the failed attempt kept for staff otherwise, the parent told.
 */
export async function acceptMobileSignature(
  db: Db,
  input: {
    id: string;
    token: string | undefined;
    body: unknown;
    now: Date;
    trust: TrustStore;
    revocation: RevocationPolicy;
    ncanode?: NcanodeOptions;
  },
): Promise<MobileOutcome> {
  const authorized = await authorizeMobileSigningSession(db, input);
  if (!authorized.ok) return { status: "refused", reason: authorized.reason };
  const cms = signedCmsOf(input.body, authorized.session);
  const der = cms === undefined ? null : decodeCms(cms);
  if (!der) return { status: "refused", reason: "malformed" };
  return recordMobileSignature(db, await consumeMobileSigningSession(db, input), der, input);
}

/** The one signed document of a PUT body (the app may have changed its names or meta), or undefined. */
function signedCmsOf(body: unknown, session: MobileSigningSession): string | undefined {
  if (typeof body !== "object" || body === null) return undefined;
  const { signMethod, documentsToSign } = body as Partial<MgovDocuments>;
  if (signMethod !== "CMS" || !Array.isArray(documentsToSign) || documentsToSign.length !== 1) return undefined;
  const doc = documentsToSign[0] as Partial<MgovDocument> | undefined;
  if (String(doc?.id) !== session.statementSha256.slice(0, 16) || typeof doc?.documentCms !== "string") return undefined;
  return doc.documentCms;
}
