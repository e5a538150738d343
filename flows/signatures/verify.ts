/**
 * Verify a parent's CMS signature (NCALayer output) over a statement: the orchestration of
 * parsing, digest, signature, certificate, chain and IIN checks into one storable result.
 */
import { fromBinary, MalformedError, toBinary } from "./asn1.ts";
import { readSignedAttributes, checkMessageDigest, type SignedAttributes } from "./attributes.ts";
import { algorithmLabel, digestName, hash, isGost, RSA_ENCRYPTION, rsaSignatureDigest, type DigestName } from "./algorithms.ts";
import { iinOf, signerFacts, type Certificate } from "./certificate.ts";
import { checkChain } from "./chain.ts";
import { cmsToDer, findSignerCertificate, parseSignedData, type SignedData, type SignerInfo } from "./cms.ts";
import { gostChecks } from "./gost.ts";
import type { NcanodeOptions } from "./ncanode.ts";
import { certificateChecks, checkSigningTime, iinChecks } from "./policy.ts";
import { verifyRsa } from "./rsa.ts";
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
  /** The verification time; default now. */
  now?: Date;
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
  return { der, cms, signer: chosen.signer, cert: chosen.cert, attrs: readSignedAttributes(chosen.signer.signedAttrs, chosen.signer.signedAttrsRaw) };
}

/** The `signature` check for RSA: the certificate's key signed the DER of the signed attributes. */
function rsaSignatureCheck(p: Parsed, digest: DigestName): SignatureCheck {
  const signedHash = toBinary(hash(digest, fromBinary(p.attrs.signedBytes)));
  let ok: boolean;
  try {
    ok = verifyRsa(p.cert.publicKeyBits, digest, signedHash, p.signer.signature);
  } catch (e) {
    return fail("signature", "bad_public_key", (e as Error).message);
  }
  return ok
    ? pass("signature", `RSA ${digest}`)
    : fail("signature", "bad_signature", "the signature does not match the signed attributes and the signer's key");
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
    return resultFrom([fail("parse", known ? "malformed" : "unreadable", known ? e.message : `not a readable CMS: ${(e as Error).message}`)]);
  }

  const attached = p.cms.content !== undefined;
  const content = attached ? fromBinary(p.cms.content!) : input.data;
  const at = p.attrs.signingTime ?? now;
  const digest = digestName(p.signer.digestOid);
  const meta = {
    signer: signerFacts(p.cert),
    ...(p.attrs.signingTime ? { signingTime: p.attrs.signingTime.toISOString() } : {}),
    digestAlgorithm: algorithmLabel(p.signer.digestOid),
    attached,
  };
  const checks: SignatureCheck[] = [
    pass("parse", `${attached ? "attached" : "detached"} SignedData, ${p.cms.signers.length} signer(s)`),
  ];
  const contentMatch = (): SignatureCheck[] =>
    attached && input.data !== undefined
      ? [Buffer.from(input.data).equals(Buffer.from(content!))
          ? pass("content_match")
          : fail("content_match", "content_differs", "the supplied file differs from the content inside the CMS")]
      : [];
  const others = p.cms.certificates.filter((c) => c !== p.cert);

  if (isGost(p.signer.digestOid) || isGost(p.signer.signatureOid) || isGost(p.cert.publicKeyOid)) {
    const crypto = await gostChecks({
      cms: fromBinary(p.der),
      cert: p.cert,
      ...(!attached && input.data ? { data: input.data } : {}),
      ...(input.ncanode ? { ncanode: input.ncanode } : {}),
    });
    checks.push(crypto[0]!, ...contentMatch(), ...crypto.slice(1), checkSigningTime(p.attrs.signingTime, now));
    checks.push(...certificateChecks(p.cert, at), ...iinChecks(p.cert, input.expectedIin));
    return resultFrom(checks, { ...meta, verifiedBy: input.ncanode ? "ncanode" : "local" });
  }

  const rsaDigest = rsaSignatureDigest(p.signer.signatureOid, digest);
  if (!digest || p.cert.publicKeyOid !== RSA_ENCRYPTION || rsaDigest !== digest) {
    checks.push(fail(
      "algorithm_supported",
      "unsupported_algorithm",
      `digest ${algorithmLabel(p.signer.digestOid)}, signature ${algorithmLabel(p.signer.signatureOid)}, key ${algorithmLabel(p.cert.publicKeyOid)}: only RSA with SHA-1/2 is verified here`,
    ));
    checks.push(...certificateChecks(p.cert, at), ...iinChecks(p.cert, input.expectedIin));
    return resultFrom(checks, { ...meta, verifiedBy: "local" });
  }

  checks.push(pass("algorithm_supported", `RSA ${digest}`), ...contentMatch());
  checks.push(checkMessageDigest(p.attrs, digest, p.cms.eContentType, content));
  checks.push(rsaSignatureCheck(p, digest), checkSigningTime(p.attrs.signingTime, now));
  checks.push(...certificateChecks(p.cert, at), checkChain(p.cert, others, input.trust, at));
  checks.push(...iinChecks(p.cert, input.expectedIin));
  return resultFrom(checks, { ...meta, verifiedBy: "local" });
}
