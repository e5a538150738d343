/**
 * Revocation of RSA signing keys by OCSP (RFC 6960), asked of the CA's responder at the moment
 * of signing. The request and the answer are built and read with pkijs; the answer is believed
 * only when it carries our nonce (or is fresh), is signed by the issuing CA itself, by a
 * responder it delegated (EKU OCSPSigning) or by a responder in the trust store, and speaks
 * about this very certificate. An answer we cannot get or cannot believe is never a pass.
 *
 * The responder is the configured one, not the certificate's AIA address: the certificate is
 * the signer's, and a URL chosen by the signer would make this server fetch it.
 */
import { randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import * as pkijs from "pkijs";
import { fromBinary, toBinary } from "./asn1.ts";
import { algorithmLabel, hash, rsaSignatureDigest } from "./algorithms.ts";
import { EKU_OCSP_SIGNING, readCertificateDer, type Certificate } from "./certificate.ts";
import { issuedBy } from "./chain.ts";
import { CLOCK_SKEW_MS } from "./policy.ts";
import { verifyRsa } from "./rsa.ts";
import type { TrustStore } from "./trust.ts";
import { fail, pass, type SignatureCheck } from "./types.ts";

/** Where to ask. */
export interface OcspOptions {
  url: string;
  /** Default 10 s; a parent is waiting on the signing page. */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/** Whether revocation is asked: by OCSP, or (the playground only, see config) not at all. */
export type RevocationPolicy = { mode: "ocsp"; ocsp: OcspOptions } | { mode: "off"; why: string };

/** The `revocation` check and the responder's answer as received (kept beside the signature). */
export interface RevocationOutcome {
  check: SignatureCheck;
  response?: Uint8Array;
}

const OID_NONCE = "1.3.6.1.5.5.7.48.1.2";
const OID_BASIC = "1.3.6.1.5.5.7.48.1.1";
const RESPONSE_STATUS = ["successful", "malformedRequest", "internalError", "tryLater", "", "sigRequired", "unauthorized"];

/** The responder could not be asked or gave no answer we can believe: "cannot check now". */
const unavailable = (detail: string, response?: Uint8Array): RevocationOutcome => ({
  check: fail("revocation", "unavailable", detail),
  ...(response ? { response } : {}),
});

const pkijsCert = (cert: Certificate) => pkijs.Certificate.fromBER(new Uint8Array(fromBinary(cert.der)));

/**
 * Ask the responder about `cert`, issued by `issuer`, at `now`. Never throws: a network error,
 * a timeout, an error status or an answer that fails its checks is `unavailable`.
 */
export async function checkRevocation(
  cert: Certificate,
  issuer: Certificate,
  trust: TrustStore,
  options: OcspOptions,
  now: Date,
): Promise<RevocationOutcome> {
  const nonce = new Uint8Array(randomBytes(16));
  let request: { der: Uint8Array<ArrayBuffer>; certId: pkijs.CertID };
  try {
    request = await buildRequest(cert, issuer, nonce);
  } catch (e) {
    return unavailable(`cannot build an OCSP request for this certificate: ${(e as Error).message}`);
  }
  let der: Uint8Array<ArrayBuffer>;
  try {
    const response = await (options.fetch ?? fetch)(options.url, {
      method: "POST",
      headers: { "content-type": "application/ocsp-request", accept: "application/ocsp-response" },
      body: request.der,
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    der = new Uint8Array(await response.arrayBuffer());
    if (!response.ok) return unavailable(`the OCSP responder ${options.url} answered HTTP ${response.status}`);
  } catch (e) {
    return unavailable(`the OCSP responder ${options.url} did not answer: ${(e as Error).message}`);
  }
  try {
    return { ...judge(der, request.certId, issuer, trust, nonce, now, options.url), response: der };
  } catch (e) {
    return unavailable(`the OCSP answer is not readable: ${(e as Error).message}`, der);
  }
}

/** DER wants an INTEGER's shortest form; some issuers pad serials, which strict responders refuse. */
function minimal(serial: Uint8Array): Uint8Array<ArrayBuffer> {
  let i = 0;
  while (i < serial.length - 1 && serial[i] === 0 && serial[i + 1]! < 0x80) i++;
  return new Uint8Array(serial.subarray(i));
}

const bytesOf = (view: Uint8Array) => Buffer.from(view);

async function buildRequest(
  cert: Certificate,
  issuer: Certificate,
  nonce: Uint8Array<ArrayBuffer>,
): Promise<{ der: Uint8Array<ArrayBuffer>; certId: pkijs.CertID }> {
  const request = new pkijs.OCSPRequest();
  // SHA-1 CertIDs are what every responder understands (RFC 5019); they identify, not protect
  await request.createForCertificate(pkijsCert(cert), { hashAlgorithm: "SHA-1", issuerCertificate: pkijsCert(issuer) });
  const certId = request.tbsRequest.requestList[0]!.reqCert;
  certId.serialNumber = new asn1js.Integer({ valueHex: minimal(fromBinary(cert.serialRaw)) });
  request.tbsRequest.requestExtensions = [
    new pkijs.Extension({ extnID: OID_NONCE, extnValue: new asn1js.OctetString({ valueHex: nonce }).toBER() }),
  ];
  return { der: new Uint8Array(request.toSchema(true).toBER()), certId };
}

/** The same CertID: the responder speaks about the certificate we asked about. */
function sameCertId(a: pkijs.CertID, b: pkijs.CertID): boolean {
  return (
    a.hashAlgorithm.algorithmId === b.hashAlgorithm.algorithmId &&
    bytesOf(a.issuerNameHash.valueBlock.valueHexView).equals(bytesOf(b.issuerNameHash.valueBlock.valueHexView)) &&
    bytesOf(a.issuerKeyHash.valueBlock.valueHexView).equals(bytesOf(b.issuerKeyHash.valueBlock.valueHexView)) &&
    bytesOf(minimal(a.serialNumber.valueBlock.valueHexView)).equals(bytesOf(minimal(b.serialNumber.valueBlock.valueHexView)))
  );
}

function judge(
  der: Uint8Array<ArrayBuffer>,
  certId: pkijs.CertID,
  issuer: Certificate,
  trust: TrustStore,
  nonce: Uint8Array<ArrayBuffer>,
  now: Date,
  url: string,
): Omit<RevocationOutcome, "response"> {
  const answer = pkijs.OCSPResponse.fromBER(der);
  const answered = answer.responseStatus.valueBlock.valueDec;
  if (answered !== 0) return unavailable(`the OCSP responder ${url} answered ${RESPONSE_STATUS[answered] || `status ${answered}`}`);
  if (answer.responseBytes?.responseType !== OID_BASIC) return unavailable("the OCSP answer is not a basic response");
  const basic = pkijs.BasicOCSPResponse.fromBER(new Uint8Array(answer.responseBytes.response.valueBlock.valueHexView));
  const data = basic.tbsResponseData;

  const echoed = data.responseExtensions?.find((e) => e.extnID === OID_NONCE);
  if (echoed) {
    const sent = new asn1js.OctetString({ valueHex: nonce }).toBER();
    if (!Buffer.from(echoed.extnValue.valueBlock.valueHexView).equals(Buffer.from(sent))) {
      return unavailable("the OCSP answer carries another request's nonce: a replayed or misrouted answer");
    }
  } else if (Math.abs(now.getTime() - data.producedAt.getTime()) > CLOCK_SKEW_MS) {
    return unavailable(`the OCSP answer has no nonce and was produced at ${data.producedAt.toISOString()}, not now`);
  }

  const signer = responderOf(basic, issuer, trust, now);
  if ("problem" in signer) return unavailable(signer.problem);

  const entry = data.responses.find((r) => sameCertId(r.certID, certId));
  if (!entry) return unavailable("the OCSP answer does not speak about this certificate");
  if (
    entry.thisUpdate.getTime() > now.getTime() + CLOCK_SKEW_MS ||
    (entry.nextUpdate && entry.nextUpdate.getTime() < now.getTime() - CLOCK_SKEW_MS)
  ) {
    return unavailable(`the OCSP answer is valid ${entry.thisUpdate.toISOString()} – ${entry.nextUpdate?.toISOString() ?? "…"}, not now`);
  }
  const by = `OCSP ${url}, signed by ${signer.by}`;
  // CertStatus ::= CHOICE { good [0], revoked [1], unknown [2] }
  const status = (entry.certStatus as { idBlock?: { tagNumber?: number } }).idBlock?.tagNumber;
  if (status === 0) return { check: pass("revocation", `good (${by})`) };
  if (status === 1) {
    const revokedAt = revocationTime(entry);
    return { check: fail("revocation", "revoked", `revoked${revokedAt ? ` at ${revokedAt}` : ""} (${by})`) };
  }
  if (status === 2)
    return {
      check: fail("revocation", "unknown", `the CA's responder does not know this certificate: it was not issued by that CA (${by})`),
    };
  return unavailable("the OCSP answer's certificate status is none of good, revoked, unknown");
}

/** The revokedInfo's time of a SingleResponse, when pkijs left it readable. */
function revocationTime(entry: pkijs.SingleResponse): string | undefined {
  const info = entry.certStatus as { valueBlock?: { value?: Array<{ toDate?: () => Date }> } } | undefined;
  const date = info?.valueBlock?.value?.[0]?.toDate?.();
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : undefined;
}

/**
 * Who signed the answer, if they may: the issuing CA; a certificate the CA issued for OCSP
 * signing (valid now); or an OCSP signer placed in the trust store. Else why not.
 */
function responderOf(
  basic: pkijs.BasicOCSPResponse,
  issuer: Certificate,
  trust: TrustStore,
  now: Date,
): { by: string } | { problem: string } {
  const digest = rsaSignatureDigest(basic.signatureAlgorithm.algorithmId);
  if (!digest)
    return {
      problem: `the OCSP answer is signed with ${algorithmLabel(basic.signatureAlgorithm.algorithmId)}, which is not verified here`,
    };
  const tbsHash = toBinary(hash(digest, basic.tbsResponseData.tbsView));
  const signature = toBinary(basic.signature.valueBlock.valueHexView);
  const carried = (basic.certs ?? []).map((c) =>
    readCertificateDer(toBinary(new Uint8Array(c.toSchema().toBER())), "OCSP responder certificate"),
  );
  for (const candidate of [issuer, ...carried]) {
    let signed = false;
    try {
      signed = verifyRsa(candidate.publicKeyBits, digest, tbsHash, signature);
    } catch {
      continue; // not an RSA key: not the signer
    }
    if (!signed) continue;
    if (candidate.der === issuer.der) return { by: "the issuing CA" };
    const ocspSigner = (candidate.extKeyUsage ?? []).includes(EKU_OCSP_SIGNING);
    const validNow = now >= candidate.notBefore && now <= candidate.notAfter;
    if (ocspSigner && validNow && trust.certificates.some((t) => t.der === candidate.der)) return { by: "a trusted OCSP responder" };
    if (ocspSigner && validNow && issuedBy(candidate, issuer) === true) return { by: "the CA's delegated OCSP responder" };
    return {
      problem:
        "the OCSP answer is signed by a certificate that may not answer for this CA (not the CA, no OCSPSigning delegation, or expired)",
    };
  }
  return { problem: "the OCSP answer's signature does not verify with the CA's key or a responder certificate it carries" };
}
