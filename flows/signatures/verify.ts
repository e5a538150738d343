/**
 * Verify a parent's CMS signature (NCALayer output) over a statement: the orchestration of
 * parsing, digest, signature, certificate, chain and IIN checks into one storable result.
 */
import { fromBinary, MalformedError } from "./asn1.ts";
import { checkAttributesSignature, readSignedAttributes, checkMessageDigest, type SignedAttributes } from "./attributes.ts";
import { algorithmLabel, digestName, isGost, RSA_ENCRYPTION, rsaSignatureDigest } from "./algorithms.ts";
import { iinOf, signerFacts, type Certificate } from "./certificate.ts";
import { buildChain } from "./chain.ts";
import { cmsToDer, findSignerCertificate, parseSignedData, type SignedData, type SignerInfo } from "./cms.ts";
import { gostChecks } from "./gost.ts";
import type { NcanodeOptions } from "./ncanode.ts";
import { checkRevocation, type RevocationOutcome, type RevocationPolicy } from "./ocsp.ts";
import { certificateChecks, checkSigningTime, iinChecks, type SigningTimeEvidence } from "./policy.ts";
import { checkTimestamp, type TimestampOutcome } from "./timestamp.ts";
import type { TrustStore } from "./trust.ts";
import { fail, pass, resultFrom, type SignatureCheck, type SignatureResult } from "./types.ts";

/** What to verify, and against what. */
export interface VerifyCmsInput {
  /** The CMS: DER bytes, or base64/PEM text (as bytes or a string). */
  cms: Uint8Array | string;
  /** The signed bytes, required for a detached CMS; for an attached one they must equal the content. */
  data?: Uint8Array;
  /** The IIN the signer must have (the parent's). */
  expectedIin?: string;
  trust: TrustStore;
  /**
   * The verification time; default now. The certificate, the chain and the revocation are
   * judged at it, never at the time the signer claims.
   */
  now?: Date;
  /** When the signing link was issued: the signing time must fall between it and `now`. */
  sessionStart?: Date;
  /** Revocation of RSA keys; left out, no `revocation` check is made (an offline look at a file). */
  revocation?: RevocationPolicy;
  /** NCANode, for GOST signatures. */
  ncanode?: NcanodeOptions;
}

interface Parsed {
  der: string;
  cms: SignedData;
  signer: SignerInfo;
  cert: Certificate;
  attrs: SignedAttributes;
}

/** Parse everything structural, choosing the expected person's signer when there are several. */
function parse(input: VerifyCmsInput): Parsed {
  const der = cmsToDer(input.cms);
  const cms = parseSignedData(der);
  const candidates = cms.signers.map((signer) => ({ signer, cert: findSignerCertificate(signer, cms.certificates) }));
  const chosen =
    candidates.find((c) => c.cert && input.expectedIin !== undefined && iinOf(c.cert) === input.expectedIin.trim()) ?? candidates[0]!;
  if (!chosen.cert) {
    const unreadable = cms.unreadableCertificates.length ? ` (unreadable: ${cms.unreadableCertificates.join("; ")})` : "";
    throw new MalformedError(`the signer's certificate is not in the CMS${unreadable}; sign with NCALayer so the certificate is included`);
  }
  if (!chosen.signer.signedAttrs) {
    throw new MalformedError("the signer has no signed attributes; NCALayer always adds them, so this CMS was not made by it");
  }
  return {
    der,
    cms,
    signer: chosen.signer,
    cert: chosen.cert,
    attrs: readSignedAttributes(chosen.signer.signedAttrs, chosen.signer.signedAttrsRaw),
  };
}

/**
 * Verify a CMS SignedData signature. Never throws: malformed, truncated or foreign input gives
 * `valid: false` with a failed `parse` check; GOST without NCANode gives a failed
 * `algorithm_supported` check. `valid` is true only when every check passed.
 */
export async function verifyCms(input: VerifyCmsInput): Promise<SignatureResult> {
  try {
    return await verifyParsed(input);
  } catch (e) {
    // a structure our parser let through but a later step choked on: still the input's fault
    return resultFrom([fail("parse", "unreadable", `not a readable CMS: ${(e as Error).message}`)]);
  }
}

async function verifyParsed(input: VerifyCmsInput): Promise<SignatureResult> {
  const now = input.now ?? new Date();
  let p: Parsed;
  try {
    p = parse(input);
  } catch (e) {
    const known = e instanceof MalformedError;
    return resultFrom([
      fail("parse", known ? "malformed" : "unreadable", known ? e.message : `not a readable CMS: ${(e as Error).message}`),
    ]);
  }

  const attached = p.cms.content !== undefined;
  const content = attached ? fromBinary(p.cms.content!) : input.data;
  const digest = digestName(p.signer.digestOid);
  const meta = {
    signer: signerFacts(p.cert),
    ...(p.attrs.signingTime ? { signingTime: p.attrs.signingTime.toISOString() } : {}),
    verifiedAt: now.toISOString(),
    digestAlgorithm: algorithmLabel(p.signer.digestOid),
    attached,
  };
  const checks: SignatureCheck[] = [pass("parse", `${attached ? "attached" : "detached"} SignedData, ${p.cms.signers.length} signer(s)`)];
  const contentMatch = (): SignatureCheck[] =>
    attached && input.data !== undefined
      ? [
          Buffer.from(input.data).equals(Buffer.from(content!))
            ? pass("content_match")
            : fail("content_match", "content_differs", "the supplied file differs from the content inside the CMS"),
        ]
      : [];
  const others = p.cms.certificates.filter((c) => c !== p.cert);
  const claimed: SigningTimeEvidence | undefined = p.attrs.signingTime ? { time: p.attrs.signingTime, source: "claimed" } : undefined;

  if (isGost(p.signer.digestOid) || isGost(p.signer.signatureOid) || isGost(p.cert.publicKeyOid)) {
    const crypto = await gostChecks({
      cms: fromBinary(p.der),
      cert: p.cert,
      ...(!attached && input.data ? { data: input.data } : {}),
      ...(input.ncanode ? { ncanode: input.ncanode } : {}),
    });
    checks.push(crypto[0]!, ...contentMatch(), ...crypto.slice(1), checkSigningTime(claimed, now, input.sessionStart));
    checks.push(...certificateChecks(p.cert, now), ...iinChecks(p.cert, input.expectedIin));
    return resultFrom(checks, { ...meta, verifiedBy: input.ncanode ? "ncanode" : "local" });
  }

  const rsaDigest = rsaSignatureDigest(p.signer.signatureOid, digest);
  if (!digest || p.cert.publicKeyOid !== RSA_ENCRYPTION || rsaDigest !== digest) {
    checks.push(
      fail(
        "algorithm_supported",
        "unsupported_algorithm",
        `digest ${algorithmLabel(p.signer.digestOid)}, signature ${algorithmLabel(p.signer.signatureOid)}, ` +
          `key ${algorithmLabel(p.cert.publicKeyOid)}: only RSA with SHA-1/2 is verified here`,
      ),
    );
    checks.push(...certificateChecks(p.cert, now), ...iinChecks(p.cert, input.expectedIin));
    return resultFrom(checks, { ...meta, verifiedBy: "local" });
  }

  checks.push(pass("algorithm_supported", `RSA ${digest}`), ...contentMatch());
  checks.push(checkMessageDigest(p.attrs, digest, p.cms.eContentType, content));
  checks.push(checkAttributesSignature(p.cert, p.attrs, digest, p.signer.signature));
  const stamp: TimestampOutcome | undefined =
    p.signer.timestampToken === undefined ? undefined : checkTimestamp(p.signer.timestampToken, p.signer.signature, input.trust, now);
  if (stamp) checks.push(stamp.check);
  checks.push(checkSigningTime(stamp?.time ? { time: stamp.time, source: "timestamp" } : claimed, now, input.sessionStart));
  const chain = buildChain(p.cert, others, input.trust, now);
  const certificate = certificateChecks(p.cert, now);
  checks.push(...certificate, chain.check);
  // responders may forget certificates once they expire: an expired one is refused for that alone
  const revocation = certificate[0]!.ok ? await revocationOf(p.cert, chain.issuer, input, now) : undefined;
  if (revocation) checks.push(revocation.check);
  checks.push(...iinChecks(p.cert, input.expectedIin));
  return resultFrom(checks, {
    ...meta,
    ...(stamp?.time ? { timestampTime: stamp.time.toISOString() } : {}),
    ...(revocation?.response ? { ocspResponse: Buffer.from(revocation.response).toString("base64") } : {}),
    verifiedBy: "local",
  });
}

/**
 * The `revocation` check, asked only of a certificate that chains to a trusted CA (an unknown
 * issuer has no responder to ask, and the signature is refused for its chain anyway).
 */
async function revocationOf(
  cert: Certificate,
  issuer: Certificate | undefined,
  input: VerifyCmsInput,
  now: Date,
): Promise<RevocationOutcome | undefined> {
  if (input.revocation === undefined || issuer === undefined) return undefined;
  if (input.revocation.mode === "off")
    return { check: { name: "revocation", ok: true, reason: "not_checked", detail: input.revocation.why } };
  return checkRevocation(cert, issuer, input.trust, input.revocation.ocsp, now);
}
