/**
 * X.509 certificate facts read straight from the ASN.1, so that GOST certificates (whose keys
 * node-forge refuses to load) still give us the signer's IIN, name and key usage.
 */
import {
  algorithmOid,
  asn1,
  bitString,
  children,
  contextChildren,
  derOf,
  isContext,
  isType,
  octets,
  oid,
  parseDer,
  primitive,
  rawChildren,
  rawOr,
  time,
  type Node,
} from "./asn1.ts";
import { formatName, nameField, OID_CN, OID_GIVENNAME, OID_SERIALNUMBER, OID_SURNAME, readName, type NameAttribute } from "./names.ts";
import type { SignerFacts } from "./types.ts";

/** A parsed certificate: what verification needs, with bytes as forge binary strings. */
export interface Certificate {
  /** DER of the whole certificate. */
  der: string;
  /** DER of the TBSCertificate, the bytes the issuer signed. */
  tbsDer: string;
  /** The issuer's signature algorithm and value. */
  signatureOid: string;
  signature: string;
  /** Serial number content bytes (for issuerAndSerialNumber matching) and its hex form. */
  serialRaw: string;
  serialHex: string;
  issuerDer: string;
  issuer: NameAttribute[];
  subject: NameAttribute[];
  notBefore: Date;
  notAfter: Date;
  publicKeyOid: string;
  /** The SubjectPublicKeyInfo's key bytes (an RSAPublicKey for RSA). */
  publicKeyBits: string;
  /** Undefined when the certificate has no keyUsage extension. */
  keyUsage: string[] | undefined;
  /** Dotted OIDs; undefined when the certificate has no extendedKeyUsage extension. */
  extKeyUsage: string[] | undefined;
  isCa: boolean;
  subjectKeyId: string | undefined;
  /** Critical extensions we do not process: RFC 5280 says such a certificate must be rejected. */
  unknownCritical: string[];
}

const KEY_USAGE_BITS = [
  "digitalSignature",
  "nonRepudiation",
  "keyEncipherment",
  "dataEncipherment",
  "keyAgreement",
  "keyCertSign",
  "cRLSign",
  "encipherOnly",
  "decipherOnly",
] as const;

/** Extended key usages with RFC 5280 names; anything else is reported as its OID. */
const EKU_NAMES: Record<string, string> = {
  "1.3.6.1.5.5.7.3.1": "serverAuth",
  "1.3.6.1.5.5.7.3.2": "clientAuth",
  "1.3.6.1.5.5.7.3.3": "codeSigning",
  "1.3.6.1.5.5.7.3.4": "emailProtection",
  "1.3.6.1.5.5.7.3.8": "timeStamping",
  "1.3.6.1.5.5.7.3.9": "OCSPSigning",
};

export const EKU_CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
export const EKU_TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
export const EKU_OCSP_SIGNING = "1.3.6.1.5.5.7.3.9";
/** NCA's "individual" (физическое лицо) certificate policy-purpose. */
export const EKU_KZ_INDIVIDUAL = "1.2.398.3.3.4.1.1";

const EXT = {
  subjectKeyId: "2.5.29.14",
  keyUsage: "2.5.29.15",
  subjectAltName: "2.5.29.17",
  basicConstraints: "2.5.29.19",
  crlDistributionPoints: "2.5.29.31",
  certificatePolicies: "2.5.29.32",
  authorityKeyId: "2.5.29.35",
  extKeyUsage: "2.5.29.37",
  freshestCrl: "2.5.29.46",
  authorityInfoAccess: "1.3.6.1.5.5.7.1.1",
};
/** Extensions that are safe to see as critical: we either process them or they only inform. */
const KNOWN_EXTENSIONS = new Set(Object.values(EXT));

/**
 * Parse a certificate node (from a CMS `certificates` set or a trust file). `raw` is its DER as
 * received, from which the signed TBSCertificate bytes are taken verbatim.
 */
export function readCertificate(node: Node, raw?: string): Certificate {
  const [tbs, sigAlg, sigValue] = children(node, asn1.Type.SEQUENCE, "Certificate");
  const fields = children(tbs, asn1.Type.SEQUENCE, "TBSCertificate");
  let i = isContext(fields[0], 0) ? 1 : 0; // [0] EXPLICIT version, absent for v1
  const serialRaw = primitive(fields[i++], asn1.Type.INTEGER, "serialNumber");
  i++; // the inner signature AlgorithmIdentifier repeats the outer one
  const issuerNode = fields[i++];
  const issuer = readName(issuerNode, "issuer");
  const [from, to] = children(fields[i++], asn1.Type.SEQUENCE, "validity");
  const subject = readName(fields[i++], "subject");
  const [spkiAlg, spkiKey] = children(fields[i++], asn1.Type.SEQUENCE, "subjectPublicKeyInfo");

  const cert: Certificate = {
    der: raw ?? derOf(node),
    tbsDer: rawOr(
      () => (raw === undefined ? derOf(tbs!) : rawChildren(raw)[0]!),
      () => derOf(tbs!),
    ),
    signatureOid: algorithmOid(sigAlg, "signatureAlgorithm"),
    signature: bitString(sigValue, "signatureValue").bytes,
    serialRaw,
    serialHex: Buffer.from(serialRaw.replace(/^\0+(?=[\s\S])/, ""), "latin1").toString("hex"),
    issuerDer: derOf(issuerNode!),
    issuer,
    subject,
    notBefore: time(from, "notBefore"),
    notAfter: time(to, "notAfter"),
    publicKeyOid: algorithmOid(spkiAlg, "subjectPublicKeyInfo.algorithm"),
    publicKeyBits: bitString(spkiKey, "subjectPublicKey").bytes,
    keyUsage: undefined,
    extKeyUsage: undefined,
    isCa: false,
    subjectKeyId: undefined,
    unknownCritical: [],
  };
  for (; i < fields.length; i++) {
    if (isContext(fields[i], 3)) readExtensions(contextChildren(fields[i], 3, "extensions")[0], cert);
  }
  return cert;
}

/** Parse a DER certificate given as a forge binary string. */
export function readCertificateDer(binary: string, what = "certificate"): Certificate {
  return readCertificate(parseDer(binary, what), binary);
}

function readExtensions(node: Node | undefined, cert: Certificate): void {
  for (const ext of children(node, asn1.Type.SEQUENCE, "extensions")) {
    const parts = children(ext, asn1.Type.SEQUENCE, "extension");
    const id = oid(parts[0], "extension id");
    const critical = isType(parts[1], asn1.Type.BOOLEAN) && parts[1].value !== "\x00";
    const inner = parseDer(octets(parts[parts.length - 1], `extension ${id}`), `extension ${id}`);
    if (critical && !KNOWN_EXTENSIONS.has(id)) cert.unknownCritical.push(id);
    if (id === EXT.keyUsage) cert.keyUsage = readKeyUsage(inner);
    else if (id === EXT.extKeyUsage) {
      cert.extKeyUsage = children(inner, asn1.Type.SEQUENCE, "extKeyUsage").map((n) => oid(n, "extKeyUsage"));
    } else if (id === EXT.basicConstraints) {
      const bc = children(inner, asn1.Type.SEQUENCE, "basicConstraints");
      cert.isCa = isType(bc[0], asn1.Type.BOOLEAN) && bc[0].value !== "\x00";
    } else if (id === EXT.subjectKeyId) {
      cert.subjectKeyId = primitive(inner, asn1.Type.OCTETSTRING, "subjectKeyIdentifier");
    }
  }
}

function readKeyUsage(node: Node): string[] {
  const { bytes } = bitString(node, "keyUsage");
  const names: string[] = [];
  KEY_USAGE_BITS.forEach((name, bit) => {
    const byte = bytes.charCodeAt(bit >> 3);
    if (!Number.isNaN(byte) && byte & (0x80 >> (bit & 7))) names.push(name);
  });
  return names;
}

/** The 12-digit IIN from `SERIALNUMBER=IIN…`, if the certificate carries one. */
export function iinOf(cert: Certificate): string | undefined {
  const serial = nameField(cert.subject, OID_SERIALNUMBER);
  return serial?.match(/^IIN(\d{12})$/)?.[1];
}

/** What staff see about the signer: who first, then the certificate's particulars. */
export function signerFacts(cert: Certificate): SignerFacts {
  const who = {
    iin: iinOf(cert),
    commonName: nameField(cert.subject, OID_CN),
    surname: nameField(cert.subject, OID_SURNAME),
    givenName: nameField(cert.subject, OID_GIVENNAME),
  };
  // absent names are left out rather than stored as undefined/null
  const present = Object.fromEntries(Object.entries(who).filter(([, v]) => v !== undefined)) as Partial<typeof who>;
  return {
    ...present,
    subject: formatName(cert.subject),
    issuer: formatName(cert.issuer),
    serialNumber: cert.serialHex,
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    keyUsage: cert.keyUsage ?? [],
    extKeyUsage: (cert.extKeyUsage ?? []).map((o) => EKU_NAMES[o] ?? o),
  } as SignerFacts;
}
