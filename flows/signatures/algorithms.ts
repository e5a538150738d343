/**
 * Algorithm identifiers met in Kazakhstan's CMS signatures, and what we can do with each.
 * RSA with SHA-1/2 is verified here; GOST (OIDs under 1.2.398.3.10, Kazakhstan's national
 * standards) needs an NCANode server.
 */
import { createHash } from "node:crypto";

/** Digest algorithms we can compute: OID → name (also Node's hash name). */
const DIGESTS: Record<string, DigestName> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

export type DigestName = "sha1" | "sha256" | "sha384" | "sha512";

/** The digest OIDs, by name (to build a DigestInfo). */
export const DIGEST_OIDS: Record<DigestName, string> = {
  sha1: "1.3.14.3.2.26",
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
};

export const RSA_ENCRYPTION = "1.2.840.113549.1.1.1";

/** RSA PKCS#1 v1.5 signature algorithms, with the digest they imply. */
const RSA_SIGNATURES: Record<string, DigestName> = {
  "1.2.840.113549.1.1.5": "sha1",
  "1.2.840.113549.1.1.11": "sha256",
  "1.2.840.113549.1.1.12": "sha384",
  "1.2.840.113549.1.1.13": "sha512",
};

/** The arc of Kazakhstan's GOST 34.310 / 34.311 algorithm OIDs. */
const GOST_ARC = "1.2.398.3.10.";

/** The digest name for an OID, or undefined when we cannot compute it. */
export function digestName(oid: string): DigestName | undefined {
  return DIGESTS[oid];
}

/** Hash bytes with a named digest. Node's hash is used because statements can be megabytes. */
export function hash(name: DigestName, data: Uint8Array): Uint8Array {
  return createHash(name).update(data).digest();
}

/** True for Kazakhstan's GOST algorithm OIDs. */
export function isGost(oid: string): boolean {
  return oid.startsWith(GOST_ARC);
}

/**
 * The digest an RSA signature algorithm OID requires. `rsaEncryption` alone (as in most CMS
 * signer infos) defers to the given digest; a `shaXWithRSAEncryption` must agree with it.
 * Undefined when the algorithm is not RSA PKCS#1 v1.5 (e.g. RSASSA-PSS, ECDSA, GOST).
 */
export function rsaSignatureDigest(signatureOid: string, fallback?: DigestName): DigestName | undefined {
  if (signatureOid === RSA_ENCRYPTION) return fallback;
  return RSA_SIGNATURES[signatureOid];
}

/** A readable name for an algorithm OID in details; the OID itself when unknown. */
export function algorithmLabel(oid: string): string {
  const digest = DIGESTS[oid];
  if (digest) return digest;
  const rsa = RSA_SIGNATURES[oid];
  if (rsa) return `${rsa}WithRSAEncryption`;
  if (oid === RSA_ENCRYPTION) return "rsaEncryption";
  if (isGost(oid)) return `GOST (${oid})`;
  return oid;
}
