/**
 * RFC 3161 signature timestamps: a TSA's signed statement that the signer's signature value
 * existed at `genTime`. The signer writes any `signingTime` it likes; a timestamp is believed
 * only when its own CMS signature verifies, its certificate is a TSA's (EKU timeStamping)
 * chaining to the trust store, and its imprint is the hash of this signature value. The
 * TSTInfo structure is read with pkijs; the token's CMS goes through the same checks as the
 * parent's signature.
 */
import * as pkijs from "pkijs";
import { fromBinary } from "./asn1.ts";
import { algorithmLabel, digestName, hash, RSA_ENCRYPTION, rsaSignatureDigest } from "./algorithms.ts";
import { checkAttributesSignature, checkMessageDigest, readSignedAttributes } from "./attributes.ts";
import { EKU_TIME_STAMPING, type Certificate } from "./certificate.ts";
import { checkChain } from "./chain.ts";
import { findSignerCertificate, parseSignedData } from "./cms.ts";
import { formatName } from "./names.ts";
import { checkValidity } from "./policy.ts";
import type { TrustStore } from "./trust.ts";
import { fail, pass, type SignatureCheck } from "./types.ts";

/** id-ct-TSTInfo: the content type of a timestamp token's SignedData. */
const OID_TST_INFO = "1.2.840.113549.1.9.16.1.4";

/** The `timestamp` check, and the time it vouches for when it passed. */
export interface TimestampOutcome {
  check: SignatureCheck;
  time?: Date;
  /** The TSA's certificate subject, for details. */
  tsa?: string;
}

const refuse = (reason: string, detail: string): TimestampOutcome => ({ check: fail("timestamp", reason, detail) });

/**
 * Verify the timestamp token `tokenDer` (a forge binary string) over `signatureValue` at
 * `now`. Never throws: anything wrong is a failed `timestamp` check.
 */
export function checkTimestamp(tokenDer: string, signatureValue: string, trust: TrustStore, now: Date): TimestampOutcome {
  try {
    return verifyToken(tokenDer, signatureValue, trust, now);
  } catch (e) {
    return refuse("unreadable", `the signature timestamp token is not readable: ${(e as Error).message}`);
  }
}

function verifyToken(tokenDer: string, signatureValue: string, trust: TrustStore, now: Date): TimestampOutcome {
  const token = parseSignedData(tokenDer);
  if (token.eContentType !== OID_TST_INFO || token.content === undefined) {
    return refuse("unreadable", `the timestamp token holds ${token.eContentType}, not a TSTInfo`);
  }
  const info = pkijs.TSTInfo.fromBER(new Uint8Array(fromBinary(token.content)));
  const imprintDigest = digestName(info.messageImprint.hashAlgorithm.algorithmId);
  if (!imprintDigest)
    return refuse("unsupported_algorithm", `timestamp imprint by ${algorithmLabel(info.messageImprint.hashAlgorithm.algorithmId)}`);
  const imprint = Buffer.from(info.messageImprint.hashedMessage.valueBlock.valueHexView);
  if (!imprint.equals(Buffer.from(hash(imprintDigest, fromBinary(signatureValue))))) {
    return refuse("imprint_mismatch", "the timestamp was issued for another signature, not this one");
  }

  const signer = token.signers[0]!;
  const tsa = findSignerCertificate(signer, token.certificates);
  if (!tsa) return refuse("unreadable", "the timestamp token does not carry its TSA's certificate");
  if (!signer.signedAttrs) return refuse("unreadable", "the timestamp token has no signed attributes");
  const digest = digestName(signer.digestOid);
  if (!digest || tsa.publicKeyOid !== RSA_ENCRYPTION || rsaSignatureDigest(signer.signatureOid, digest) !== digest) {
    return refuse(
      "unsupported_algorithm",
      `timestamp signed with ${algorithmLabel(signer.signatureOid)}: only RSA with SHA-1/2 is verified here`,
    );
  }
  const attrs = readSignedAttributes(signer.signedAttrs, signer.signedAttrsRaw);
  const steps: SignatureCheck[] = [
    checkMessageDigest(attrs, digest, OID_TST_INFO, fromBinary(token.content)),
    checkAttributesSignature(tsa, attrs, digest, signer.signature),
    checkTsaCertificate(tsa),
    checkValidity(tsa, now),
    checkChain(
      tsa,
      token.certificates.filter((c) => c !== tsa),
      trust,
      now,
    ),
  ];
  const failed = steps.find((c) => !c.ok);
  const name = formatName(tsa.subject);
  if (failed)
    return {
      check: fail("timestamp", `tsa_${failed.reason ?? failed.name}`, `timestamp by ${name}: ${failed.detail ?? failed.reason}`),
      tsa: name,
    };
  return { check: pass("timestamp", `${info.genTime.toISOString()} by ${name}`), time: info.genTime, tsa: name };
}

/** RFC 3161 §2.3: a TSA's certificate names timeStamping as its purpose. */
function checkTsaCertificate(cert: Certificate): SignatureCheck {
  return (cert.extKeyUsage ?? []).includes(EKU_TIME_STAMPING)
    ? pass("timestamp")
    : fail("timestamp", "not_a_tsa", "the certificate that signed the timestamp is not a timestamping authority's (no EKU timeStamping)");
}
