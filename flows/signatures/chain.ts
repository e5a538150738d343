/**
 * Certificate path validation, in the simple form Kazakhstan's PKI needs (RFC 5280 §6 without
 * policies or name constraints): from the signer certificate, find an issuer by name whose key
 * verifies the certificate's signature, through CA certificates carried in the CMS, until a
 * certificate of the trust store is reached. Every CA on the way must be a valid CA at the
 * verification time.
 */
import { fromBinary, toBinary } from "./asn1.ts";
import { algorithmLabel, hash, RSA_ENCRYPTION, rsaSignatureDigest } from "./algorithms.ts";
import type { Certificate } from "./certificate.ts";
import { formatName, nameField, OID_CN, sameName } from "./names.ts";
import { verifyRsa } from "./rsa.ts";
import type { TrustStore } from "./trust.ts";
import { fail, pass, type SignatureCheck } from "./types.ts";

/** NCA's chain is root → intermediate → person; leave room for one more level. */
const MAX_DEPTH = 5;

/** Whether `issuer`'s key made `cert`'s signature. Undefined when the algorithm is not RSA. */
export function issuedBy(cert: Certificate, issuer: Certificate): boolean | undefined {
  const digest = rsaSignatureDigest(cert.signatureOid);
  if (digest === undefined || issuer.publicKeyOid !== RSA_ENCRYPTION) return undefined;
  try {
    return verifyRsa(issuer.publicKeyBits, digest, toBinary(hash(digest, fromBinary(cert.tbsDer))), cert.signature);
  } catch {
    return false; // an unreadable issuer key cannot vouch for anything
  }
}

/** Why a CA certificate may not issue at time `at`, or undefined when it may. */
function caProblem(ca: Certificate, at: Date): { reason: string; detail: string } | undefined {
  const name = label(ca);
  if (at < ca.notBefore || at > ca.notAfter) {
    return {
      reason: "ca_not_valid",
      detail: `CA ${name} is valid ${ca.notBefore.toISOString()} – ${ca.notAfter.toISOString()}, not at ${at.toISOString()}`,
    };
  }
  if (!ca.isCa || (ca.keyUsage !== undefined && !ca.keyUsage.includes("keyCertSign"))) {
    return { reason: "not_a_ca", detail: `${name} is not a CA certificate (basicConstraints cA / keyCertSign missing)` };
  }
  if (ca.unknownCritical.length > 0) {
    return {
      reason: "unknown_critical_extension",
      detail: `${name} has critical extensions we cannot process: ${ca.unknownCritical.join(", ")}`,
    };
  }
  return undefined;
}

function label(cert: Certificate): string {
  return nameField(cert.subject, OID_CN) ?? formatName(cert.subject);
}

/** The `chain` check, and on success the certificate that issued the leaf (to ask about revocation). */
export interface ChainOutcome {
  check: SignatureCheck;
  issuer?: Certificate;
}

/** The `chain` check alone; see {@link buildChain}. */
export function checkChain(leaf: Certificate, intermediates: readonly Certificate[], trust: TrustStore, at: Date): SignatureCheck {
  return buildChain(leaf, intermediates, trust, at).check;
}

/**
 * The path from `leaf` to a trust anchor at time `at`. `intermediates` are the other
 * certificates the CMS carries; they can link the path but never end it — only the trust
 * store can.
 */
export function buildChain(leaf: Certificate, intermediates: readonly Certificate[], trust: TrustStore, at: Date): ChainOutcome {
  if (trust.certificates.length === 0) {
    return { check: fail("chain", "no_trust_anchors", "no trusted CA certificates are configured, so no certificate can be trusted") };
  }
  if (leaf.unknownCritical.length > 0) {
    return {
      check: fail(
        "chain",
        "unknown_critical_extension",
        `the signer certificate has critical extensions we cannot process: ${leaf.unknownCritical.join(", ")}`,
      ),
    };
  }
  const path: Certificate[] = [leaf];
  let current = leaf;
  let lastProblem: { reason: string; detail: string } | undefined;
  for (let depth = 0; depth < MAX_DEPTH; depth++) {
    // a trusted issuer ends the path
    for (const anchor of trust.certificates) {
      if (!sameName(anchor.subject, current.issuer)) continue;
      const signed = issuedBy(current, anchor);
      if (signed === undefined) {
        lastProblem = {
          reason: "unsupported_algorithm",
          detail: `cannot check a ${algorithmLabel(current.signatureOid)} signature by ${label(anchor)}`,
        };
        continue;
      }
      if (!signed) {
        lastProblem = {
          reason: "bad_certificate_signature",
          detail: `${label(current)} names ${label(anchor)} as issuer, but that CA's key did not sign it`,
        };
        continue;
      }
      const problem = caProblem(anchor, at);
      if (problem) {
        lastProblem = problem;
        continue;
      }
      return { check: pass("chain", [...path, anchor].map(label).join(" ← ")), issuer: path[1] ?? anchor };
    }
    // otherwise an intermediate from the message may extend it
    const next = intermediates.find(
      (c) => !path.includes(c) && sameName(c.subject, current.issuer) && issuedBy(current, c) === true && caProblem(c, at) === undefined,
    );
    if (!next) break;
    path.push(next);
    current = next;
  }
  return {
    check: fail(
      "chain",
      lastProblem?.reason ?? "untrusted_issuer",
      lastProblem?.detail ?? `no trusted CA certificate for issuer "${formatName(current.issuer)}"`,
    ),
  };
}
