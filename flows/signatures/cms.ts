/**
 * CMS SignedData parsing (RFC 5652 §5). We walk the ASN.1 ourselves instead of using
 * `forge.pkcs7.messageFromAsn1`, because forge refuses a whole message as soon as one
 * certificate has a non-RSA (GOST) key — and those are exactly the messages we must route
 * to NCANode with the signer's facts intact.
 */
import {
  algorithmOid,
  asn1,
  children,
  contextChildren,
  derElement,
  derOf,
  fromBinary,
  isContext,
  isType,
  MalformedError,
  octets,
  oid,
  parseDer,
  primitive,
  rawChildren,
  toBinary,
  type Node,
} from "./asn1.ts";
import { readCertificate, type Certificate } from "./certificate.ts";

const OID_SIGNED_DATA = "1.2.840.113549.1.7.2";

/** One SignerInfo. */
export interface SignerInfo {
  /** issuerAndSerialNumber form of the signer identifier… */
  issuerDer?: string;
  serialRaw?: string;
  /** …or the subjectKeyIdentifier form. */
  subjectKeyId?: string;
  digestOid: string;
  /** The `[0] IMPLICIT SET OF Attribute` node, when present… */
  signedAttrs?: Node;
  /** …and its DER exactly as received (undefined for BER input). */
  signedAttrsRaw?: string;
  signatureOid: string;
  signature: string;
  /** DER of an RFC 3161 timestamp token over the signature (unsigned attribute), as received. */
  timestampToken?: string;
}

/** id-aa-signatureTimeStampToken (RFC 3161 appendix A): a TSA's token over the signature value. */
const OID_SIGNATURE_TIMESTAMP = "1.2.840.113549.1.9.16.2.14";

/** A parsed SignedData. Byte strings are forge binary strings. */
export interface SignedData {
  eContentType: string;
  /** The encapsulated content; undefined for a detached signature. */
  content?: string;
  certificates: Certificate[];
  /** Certificates in the message that could not be read, with why (for details). */
  unreadableCertificates: string[];
  signers: SignerInfo[];
}

/**
 * Turn what a client sent into DER: raw DER bytes, base64 text (as NCALayer returns it),
 * or PEM (`-----BEGIN CMS-----`). Throws {@link MalformedError} for anything else.
 */
export function cmsToDer(input: Uint8Array | string): string {
  const text = typeof input === "string" ? input : looksLikeBase64(input) ? Buffer.from(input).toString("latin1") : undefined;
  if (text === undefined) {
    if (input.length === 0) throw new MalformedError("the CMS is empty");
    return toBinary(input as Uint8Array);
  }
  const body = text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, "").replace(/\s+/g, "");
  if (body.length === 0) throw new MalformedError("the CMS is empty");
  if (!/^[A-Za-z0-9+/_-]+={0,2}$/.test(body)) throw new MalformedError("the CMS text is not base64");
  return Buffer.from(body, body.includes("-") || body.includes("_") ? "base64url" : "base64").toString("latin1");
}

/** A DER CMS starts with SEQUENCE (0x30); base64 text of one starts with "MI". */
function looksLikeBase64(bytes: Uint8Array): boolean {
  if (bytes.length === 0 || bytes[0] === 0x30) return false;
  for (const b of bytes) {
    const ok =
      (b >= 0x41 && b <= 0x5a) ||
      (b >= 0x61 && b <= 0x7a) ||
      (b >= 0x30 && b <= 0x39) ||
      b === 0x2b ||
      b === 0x2f ||
      b === 0x3d ||
      b === 0x2d ||
      b === 0x5f ||
      b === 0x20 ||
      b === 0x0a ||
      b === 0x0d ||
      b === 0x09;
    if (!ok) return false;
  }
  return true;
}

/** Parse ContentInfo → SignedData. Throws {@link MalformedError} when it is not one. */
export function parseSignedData(der: string): SignedData {
  const [contentType, explicit] = children(parseDer(der, "CMS"), asn1.Type.SEQUENCE, "ContentInfo");
  const type = oid(contentType, "ContentInfo.contentType");
  if (type !== OID_SIGNED_DATA) throw new MalformedError(`ContentInfo: type ${type} is not SignedData`);
  const fields = children(contextChildren(explicit, 0, "ContentInfo.content")[0], asn1.Type.SEQUENCE, "SignedData");

  // version, digestAlgorithms, encapContentInfo, [0] certificates, [1] crls, signerInfos
  primitive(fields[0], asn1.Type.INTEGER, "SignedData.version");
  children(fields[1], asn1.Type.SET, "SignedData.digestAlgorithms");
  const [eType, eContent] = children(fields[2], asn1.Type.SEQUENCE, "encapContentInfo");
  const result: SignedData = {
    eContentType: oid(eType, "eContentType"),
    certificates: [],
    unreadableCertificates: [],
    signers: [],
  };
  if (eContent !== undefined) {
    const inner = contextChildren(eContent, 0, "eContent")[0];
    result.content = octets(inner, "eContent");
  }

  // the same structure as raw bytes, index for index, where lengths are definite
  const raw = rawSignedData(der);
  let i = 3;
  if (isContext(fields[i], 0)) {
    const rawCerts = raw ? rawChildren(raw[i]!) : [];
    contextChildren(fields[i], 0, "certificates").forEach((choice, k) => {
      if (!isType(choice, asn1.Type.SEQUENCE)) return; // attribute certificates are not ours to read
      try {
        result.certificates.push(readCertificate(choice, rawCerts[k]));
      } catch (e) {
        result.unreadableCertificates.push((e as Error).message);
      }
    });
    i++;
  }
  if (isContext(fields[i], 1)) i++; // CRLs: revocation is NCANode's business
  const rawSigners = raw ? rawChildren(raw[i]!) : [];
  result.signers = children(fields[i], asn1.Type.SET, "SignedData.signerInfos").map((n, k) => readSignerInfo(n, rawSigners[k]));
  if (result.signers.length === 0) throw new MalformedError("SignedData has no signers");
  return result;
}

/**
 * The same SignedData without its encapsulated content: a detached signature over the same
 * bytes. Nothing signed changes (the signed attributes hold the content's digest), so anyone
 * holding the document still verifies it; what is published no longer carries the document.
 * DER is cut byte for byte; BER with indefinite lengths is re-encoded. Throws
 * {@link MalformedError} when it is not a SignedData.
 */
export function detachedCms(input: Uint8Array): Uint8Array {
  const der = cmsToDer(input);
  const signed = parseSignedData(der);
  if (signed.content === undefined) return fromBinary(der);
  const raw = rawSignedData(der);
  if (!raw) {
    const root = parseDer(der, "CMS");
    const signedData = ((root.value as Node[])[1]!.value as Node[])[0]!;
    const encapContentInfo = (signedData.value as Node[])[2]!;
    (encapContentInfo.value as Node[]).splice(1);
    return fromBinary(derOf(root));
  }
  const [contentType] = rawChildren(raw[2]!);
  const fields = [raw[0]!, raw[1]!, derElement(0x30, contentType!), ...raw.slice(3)];
  const explicit = derElement(0xa0, derElement(0x30, fields.join("")));
  return fromBinary(derElement(0x30, rawChildren(der)[0]! + explicit));
}

/** SignedData's fields as raw TLVs, or undefined when the message uses BER indefinite lengths. */
function rawSignedData(der: string): string[] | undefined {
  try {
    const explicit = rawChildren(der)[1]!;
    return rawChildren(rawChildren(explicit)[0]!);
  } catch (e) {
    if (e instanceof MalformedError) return undefined;
    throw e;
  }
}

function readSignerInfo(node: Node, raw: string | undefined): SignerInfo {
  const f = children(node, asn1.Type.SEQUENCE, "SignerInfo");
  primitive(f[0], asn1.Type.INTEGER, "SignerInfo.version");
  const info: Partial<SignerInfo> = {};
  const sid = f[1];
  if (isContext(sid, 0) && typeof sid.value === "string") {
    info.subjectKeyId = sid.value;
  } else {
    const [issuer, serial] = children(sid, asn1.Type.SEQUENCE, "SignerInfo.sid (issuerAndSerialNumber)");
    children(issuer, asn1.Type.SEQUENCE, "issuerAndSerialNumber.issuer");
    info.issuerDer = derOf(issuer!);
    info.serialRaw = primitive(serial, asn1.Type.INTEGER, "issuerAndSerialNumber.serialNumber");
  }
  info.digestOid = algorithmOid(f[2], "SignerInfo.digestAlgorithm");
  let i = 3;
  if (isContext(f[i], 0)) {
    info.signedAttrs = f[i];
    if (raw !== undefined) info.signedAttrsRaw = rawChildren(raw)[i];
    i++;
  }
  info.signatureOid = algorithmOid(f[i++], "SignerInfo.signatureAlgorithm");
  info.signature = primitive(f[i++], asn1.Type.OCTETSTRING, "SignerInfo.signature");
  if (isContext(f[i], 1)) {
    const token = timestampToken(f[i]!, raw === undefined ? undefined : rawChildren(raw)[i]);
    if (token !== undefined) info.timestampToken = token;
  }
  return info as SignerInfo;
}

/**
 * The signature timestamp token among the `[1] IMPLICIT` unsigned attributes, as raw bytes:
 * its certificates are verified over the bytes the TSA wrote, which a re-encoding may change.
 */
function timestampToken(node: Node, raw: string | undefined): string | undefined {
  const attrs = Array.isArray(node.value) ? node.value : [];
  const rawAttrs = raw === undefined ? [] : rawChildren(raw);
  for (const [k, attr] of attrs.entries()) {
    const [type, values] = children(attr, asn1.Type.SEQUENCE, "unsigned Attribute");
    if (oid(type, "unsigned Attribute.type") !== OID_SIGNATURE_TIMESTAMP) continue;
    const token = children(values, asn1.Type.SET, "signatureTimeStampToken values")[0];
    if (!token) throw new MalformedError("signatureTimeStampToken has no value");
    const rawAttr = rawAttrs[k];
    return rawAttr === undefined ? derOf(token) : rawChildren(rawChildren(rawAttr)[1]!)[0]!;
  }
  return undefined;
}

/** The certificate a SignerInfo points at, if the message carries it. */
export function findSignerCertificate(signer: SignerInfo, certificates: readonly Certificate[]): Certificate | undefined {
  return certificates.find((c) =>
    signer.subjectKeyId !== undefined
      ? c.subjectKeyId === signer.subjectKeyId
      : c.issuerDer === signer.issuerDer && stripSign(c.serialRaw) === stripSign(signer.serialRaw ?? ""),
  );
}

function stripSign(serial: string): string {
  return serial.replace(/^\0+(?=[\s\S])/, "");
}
