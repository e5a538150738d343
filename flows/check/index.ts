/**
 * The public check of an issued document: what anyone holding the paper may learn from its
 * check code — the kind, number and date, the school, whether it holds today, the SHA-256 of
 * the PDF and the child's initials. Nothing else about the person, and nothing at all for a
 * code that is malformed or unknown (the two are answered alike).
 */
import type { Db } from "#root/db/client.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { detachedCms } from "#root/flows/signatures/cms.ts";
import { findIssuedByCode } from "#root/db/queries/issued.ts";
import { documentSignaturesOf } from "#root/db/queries/result-signing.ts";
import type { IssuedDocumentKind } from "#root/db/schema.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { formatCheckCode, normalizeCheckCode } from "./code.ts";

export { checkUrl, formatCheckCode, newCheckCode, normalizeCheckCode } from "./code.ts";

/** Whether the document holds today, and if not, why. */
export type Validity =
  | { state: "valid" }
  /** Its period is over (a meals certificate after its school year). */
  | { state: "expired"; on: string }
  /** The school revoked it, with its reason. */
  | { state: "revoked"; at: Date; reason: string }
  /** The parent withdrew the application it answers. */
  | { state: "withdrawn" };

export interface CheckedDocument {
  code: string;
  kind: IssuedDocumentKind;
  number: string;
  issuedAt: Date;
  school: { nameKk: string; nameRu: string };
  validFrom: string | null;
  validTo: string | null;
  validity: Validity;
  sha256: string;
  childInitials: string;
  /** The school's EDS signature, verified when it was made; absent when issued without one. */
  signature?: { name: string; position: string; signedAt: Date };
}

/** Look a typed code up. Undefined for anything that is not an issued document's code. */
export async function checkDocument(db: Db, typed: string, now: Date): Promise<CheckedDocument | undefined> {
  const code = normalizeCheckCode(typed);
  if (!code) return undefined;
  const found = await findIssuedByCode(db, code);
  if (!found) return undefined;
  const d = found.document;
  const today = almatyDate(now);
  let validity: Validity;
  if (d.revokedAt) validity = { state: "revoked", at: d.revokedAt, reason: d.revokedReason ?? "" };
  else if (found.applicationStatus === "cancelled") validity = { state: "withdrawn" };
  else if (d.validTo && d.validTo < today) validity = { state: "expired", on: d.validTo };
  else validity = { state: "valid" };
  return {
    code: formatCheckCode(code),
    kind: d.kind,
    number: d.number,
    issuedAt: d.issuedAt,
    school: found.school,
    validFrom: d.validFrom,
    validTo: d.validTo,
    validity,
    sha256: d.sha256,
    childInitials: d.childInitials,
    ...(await signatureOf(db, d.id)),
  };
}

async function signatureOf(db: Db, issuedId: number): Promise<Pick<CheckedDocument, "signature">> {
  const sig = (await documentSignaturesOf(db, [issuedId])).get(issuedId);
  return sig ? { signature: { name: sig.signerName, position: sig.signerPosition, signedAt: sig.createdAt } } : {};
}

/**
 * The school's signature file (.p7s) of the document with this check code: whoever holds the
 * code may verify the signature themselves, against the document they hold. Detached: eGov
 * mobile signs with the document inside (CMS), and the code's holder is not given the document
 * (the child's name and IIN) by it. Undefined for unknown codes and unsigned documents.
 */
export async function signatureFileByCode(db: Db, typed: string): Promise<{ bytes: Uint8Array; number: string } | undefined> {
  const code = normalizeCheckCode(typed);
  if (!code) return undefined;
  const found = await findIssuedByCode(db, code);
  if (!found) return undefined;
  const sig = (await documentSignaturesOf(db, [found.document.id])).get(found.document.id);
  const file = sig ? await getStoredFile(db, sig.fileId) : undefined;
  return file ? { bytes: detachedCms(file.bytes), number: found.document.number } : undefined;
}
