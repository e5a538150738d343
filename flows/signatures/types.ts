/**
 * The shape of a signature verification result. It is plain JSON on purpose: the result is
 * stored next to the application and shown to school staff later, so it must survive
 * `JSON.stringify` / `JSON.parse` unchanged (ISO strings, no Dates, no class instances).
 */

/** The name of one verification step. The bot maps these names to texts for staff. */
export type SignatureCheckName =
  /** the input is a well-formed CMS SignedData with one usable signer and its certificate */
  | "parse"
  /** the signature and digest algorithms can be verified here (RSA) or by NCANode (GOST) */
  | "algorithm_supported"
  /** attached content and separately supplied data are the same bytes */
  | "content_match"
  /** the `messageDigest` signed attribute equals the hash of the signed bytes */
  | "message_digest"
  /** the signer's key produced the signature over the signed attributes */
  | "signature"
  /** an RFC 3161 timestamp token over the signature verifies (only when the signer added one) */
  | "timestamp"
  /** the signing time (timestamped, else claimed) is not in the future and inside the signing session */
  | "signing_time"
  /** the signer certificate is valid at the verification time */
  | "certificate_validity"
  /** the certificate is a signing key (nonRepudiation), not an authentication key */
  | "signing_key"
  /** the certificate belongs to an individual (EKU 1.2.398.3.3.4.1.1) */
  | "individual_eku"
  /** the certificate chains to a trusted CA certificate */
  | "chain"
  /** the certificate is not revoked (OCSP for RSA, NCANode for GOST) */
  | "revocation"
  /** the signer IIN from the certificate passes the IIN check digit */
  | "iin_checksum"
  /** the signer IIN equals the expected IIN (the parent's) */
  | "iin_match"
  /** an organisation's key: its BIN is the expected organisation's (the school signing a document) */
  | "bin_match";

/** One verification step and its outcome. */
export interface SignatureCheck {
  name: SignatureCheckName;
  ok: boolean;
  /** A stable machine-readable code for a failure (or a notable pass), e.g. `expired`, `gost_needs_ncanode`. */
  reason?: string;
  /** A short English explanation for staff and logs. */
  detail?: string;
}

/** Facts about the signer certificate, as shown to staff. Names are decoded (Cyrillic intact). */
export interface SignerFacts {
  /** 12 digits from the subject `SERIALNUMBER=IIN…`, when present. */
  iin?: string;
  commonName?: string;
  surname?: string;
  givenName?: string;
  /** The subject as `CN=…, SURNAME=…, SERIALNUMBER=…` in certificate order. */
  subject: string;
  issuer: string;
  /** Lower-case hex, no sign byte. */
  serialNumber: string;
  /** ISO 8601. */
  notBefore: string;
  /** ISO 8601. */
  notAfter: string;
  /** Named key usage bits, e.g. `digitalSignature`, `nonRepudiation`. */
  keyUsage: string[];
  /** RFC 5280 names for the well-known purposes (`clientAuth`), dotted OIDs otherwise. */
  extKeyUsage: string[];
}

/** The outcome of verifying one CMS signature. */
export interface SignatureResult {
  /** True only when every check passed. */
  valid: boolean;
  checks: SignatureCheck[];
  signer?: SignerFacts;
  /** ISO 8601, from the `signingTime` signed attribute: the signer's claim. */
  signingTime?: string;
  /** ISO 8601, from a verified timestamp token: the time we believe. */
  timestampTime?: string;
  /** ISO 8601: when the certificate, the chain and the revocation were judged. */
  verifiedAt?: string;
  /** The OCSP responder's DER answer, base64 (the signing flow stores it in its own column). */
  ocspResponse?: string;
  /** `sha256`, `sha1`, … or the dotted OID when unknown. */
  digestAlgorithm?: string;
  /** Whether the signed bytes were inside the CMS. */
  attached?: boolean;
  /** Who verified the cryptography: this process (`local`) or an NCANode server (`ncanode`). */
  verifiedBy?: "local" | "ncanode";
}

/** Build a result from its checks: `valid` is derived, never set by hand. */
export function resultFrom(checks: SignatureCheck[], rest: Omit<SignatureResult, "valid" | "checks"> = {}): SignatureResult {
  return { valid: checks.length > 0 && checks.every((c) => c.ok), checks, ...rest };
}

/** A failed check with its reason code and explanation. */
export function fail(name: SignatureCheckName, reason: string, detail?: string): SignatureCheck {
  return detail === undefined ? { name, ok: false, reason } : { name, ok: false, reason, detail };
}

/** A passed check, optionally with an explanation. */
export function pass(name: SignatureCheckName, detail?: string): SignatureCheck {
  return detail === undefined ? { name, ok: true } : { name, ok: true, detail };
}
