/**
 * A test PKI in the shape of Kazakhstan's NCA, made with node-forge: a trusted CA, an
 * untrusted one, and the certificates a parent could sign with. Keys are RSA-2048 and made
 * once per test process (forge uses Node's native key generation, still ~100 ms a key).
 *
 * Also used by the signing-page browser test: {@link signAsTestParent} produces what
 * NCALayer would hand the page — a base64 detached CMS.
 */
import forge from "node-forge";
import { makeIin } from "#root/flows/iin.ts";

const { pki, asn1 } = forge;
type Key = forge.pki.rsa.PrivateKey;

/** A certificate with its private key. */
export interface TestIdentity {
  key: Key;
  cert: forge.pki.Certificate;
  certPem: string;
}

/** The whole test PKI. All end-entity certificates belong to the same test person. */
export interface TestPki {
  /** The trusted root: put `ca.certPem` in the trust store. */
  ca: TestIdentity;
  /** A CA nobody trusts. */
  untrustedCa: TestIdentity;
  /** An intermediate CA issued by `ca` (not in the trust store; carried in the CMS). */
  intermediate: TestIdentity;
  /** The parent's signing certificate: nonRepudiation, EKU individual. */
  individual: TestIdentity;
  /** The same person's authentication certificate: digitalSignature + keyEncipherment, clientAuth. */
  auth: TestIdentity;
  /** A signing certificate that expired on 2021-01-01. */
  expired: TestIdentity;
  /** A signing certificate that expired 30 days ago, after 300 days under the (still valid) CA. */
  lapsed: TestIdentity;
  /** A signing certificate issued by `untrustedCa`. */
  foreign: TestIdentity;
  /** A signing certificate issued by `intermediate`. */
  viaIntermediate: TestIdentity;
  /** A signing certificate of the same person that the CA revoked (see {@link ocspIndex}). */
  revoked: TestIdentity;
  /** A signing certificate made with the CA's key but missing from its records: OCSP "unknown". */
  unrecorded: TestIdentity;
  /** The CA's delegated OCSP responder (EKU OCSPSigning). */
  responder: TestIdentity;
  /** An OCSP signer issued by the untrusted CA: may not answer for the trusted one. */
  rogueResponder: TestIdentity;
  /** A timestamping authority issued by the trusted CA (EKU timeStamping). */
  tsa: TestIdentity;
  /** A "TSA" certificate without EKU timeStamping. */
  notTsa: TestIdentity;
  /** A timestamping authority issued by the untrusted CA. */
  rogueTsa: TestIdentity;
  /** The test person's IIN (valid check digit). */
  iin: string;
  surname: string;
  givenName: string;
  commonName: string;
}

const EKU_INDIVIDUAL = "1.2.398.3.3.4.1.1";
const UTF8 = asn1.Type.UTF8;

function newKey(): forge.pki.rsa.KeyPair {
  return pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
}

/**
 * Serial numbers. forge writes these with non-minimal leading zero bytes and signs them that
 * way; keeping that quirk makes every chain test prove that the verifier checks signatures over
 * the certificate bytes as received rather than over a re-encoding.
 */
let serial = 0x1000;

interface CertSpec {
  subject: forge.pki.CertificateField[];
  publicKey: forge.pki.rsa.PublicKey;
  issuer: { key: Key; cert?: forge.pki.Certificate };
  notBefore: Date;
  notAfter: Date;
  extensions: object[];
}

/**
 * OpenSSL refuses to read a certificate with a non-minimal serial, so the certificates an
 * `openssl ocsp` responder loads (the CA's and its responder's) get minimal ones.
 */
function issue(spec: CertSpec, opts: { minimalSerial?: boolean } = {}): forge.pki.Certificate {
  const cert = pki.createCertificate();
  cert.publicKey = spec.publicKey;
  const hex = (serial++).toString(16);
  cert.serialNumber = opts.minimalSerial ? hex.padStart(hex.length + (hex.length % 2), "0") : hex.padStart(16, "0");
  cert.validity.notBefore = spec.notBefore;
  cert.validity.notAfter = spec.notAfter;
  cert.setSubject(spec.subject);
  cert.setIssuer(spec.issuer.cert ? spec.issuer.cert.subject.attributes : spec.subject);
  cert.setExtensions([...spec.extensions, { name: "subjectKeyIdentifier" }]);
  cert.sign(spec.issuer.key, forge.md.sha256.create());
  return cert;
}

const identity = (key: Key, cert: forge.pki.Certificate): TestIdentity => ({ key, cert, certPem: pki.certificateToPem(cert) });

const DAY = 24 * 3600 * 1000;
const YEAR = 365 * DAY;

/** forge's typings lack `valueTagClass`, which is how a UTF8String/BMPString name is asked for. */
const field = (f: { name?: string; type?: string; shortName?: string; value: string; valueTagClass?: number }) =>
  f as unknown as forge.pki.CertificateField;

function caSubject(cn: string): forge.pki.CertificateField[] {
  return [field({ shortName: "C", value: "KZ" }), field({ name: "commonName", value: cn, valueTagClass: UTF8 })];
}

const CA_EXTENSIONS = [
  { name: "basicConstraints", cA: true, critical: true },
  { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
];

let cached: TestPki | undefined;

/** The test PKI, generated on first use and shared by the test file. */
export function testPki(): TestPki {
  if (cached) return cached;
  const now = Math.floor(Date.now() / 1000) * 1000; // certificates keep whole seconds
  const valid = { notBefore: new Date(now - YEAR), notAfter: new Date(now + YEAR) };
  const caKeys = newKey();
  const otherCaKeys = newKey();
  const personKeys = newKey();
  const authKeys = newKey();

  const caCert = issue(
    {
      subject: caSubject("ТЕСТ ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)"),
      publicKey: caKeys.publicKey,
      issuer: { key: caKeys.privateKey },
      ...valid,
      notAfter: new Date(now + 5 * YEAR),
      extensions: CA_EXTENSIONS,
    },
    { minimalSerial: true },
  );
  const otherCaCert = issue({
    subject: caSubject("ЖАЛҒАН ОРТАЛЫҚ"),
    publicKey: otherCaKeys.publicKey,
    issuer: { key: otherCaKeys.privateKey },
    ...valid,
    extensions: CA_EXTENSIONS,
  });
  // the intermediate reuses the untrusted CA's key: one key fewer to generate, and the names differ
  const intermediateCert = issue({
    subject: caSubject("ТЕСТ АРАЛЫҚ ОРТАЛЫҚ"),
    publicKey: otherCaKeys.publicKey,
    issuer: { key: caKeys.privateKey, cert: caCert },
    ...valid,
    extensions: CA_EXTENSIONS,
  });

  const iin = makeIin("1988-04-12", "female", 417);
  const surname = "ӘБІЛҚАСЫМОВА";
  const commonName = `${surname} ГҮЛНҰР`;
  // NCA puts the patronymic in GIVENNAME (G); BMPString here exercises the second string type
  const givenName = "ЕРЛАНҚЫЗЫ";
  const person: forge.pki.CertificateField[] = [
    field({ name: "commonName", value: commonName, valueTagClass: UTF8 }),
    field({ type: "2.5.4.4", value: surname, valueTagClass: UTF8 }),
    field({ type: "2.5.4.5", value: `IIN${iin}` }),
    field({ shortName: "C", value: "KZ" }),
    field({ type: "2.5.4.42", value: givenName, valueTagClass: asn1.Type.BMPSTRING }),
  ];
  const signing = [
    { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
    { name: "extKeyUsage", emailProtection: true, [EKU_INDIVIDUAL]: true },
  ];
  const authentication = [
    { name: "keyUsage", digitalSignature: true, keyEncipherment: true, critical: true },
    { name: "extKeyUsage", clientAuth: true, [EKU_INDIVIDUAL]: true },
  ];
  const ca = { key: caKeys.privateKey, cert: caCert };
  const serviceKeys = newKey();
  const service = (cn: string, issuer: { key: Key; cert: forge.pki.Certificate }, extKeyUsage: object) =>
    identity(
      serviceKeys.privateKey,
      issue(
        {
          subject: caSubject(cn),
          publicKey: serviceKeys.publicKey,
          issuer,
          ...valid,
          extensions: [
            { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
            { name: "extKeyUsage", critical: true, ...extKeyUsage },
          ],
        },
        { minimalSerial: true },
      ),
    );
  cached = {
    ca: identity(caKeys.privateKey, caCert),
    untrustedCa: identity(otherCaKeys.privateKey, otherCaCert),
    intermediate: identity(otherCaKeys.privateKey, intermediateCert),
    individual: identity(
      personKeys.privateKey,
      issue({ subject: person, publicKey: personKeys.publicKey, issuer: ca, ...valid, extensions: signing }),
    ),
    auth: identity(
      authKeys.privateKey,
      issue({ subject: person, publicKey: authKeys.publicKey, issuer: ca, ...valid, extensions: authentication }),
    ),
    expired: identity(
      personKeys.privateKey,
      issue({
        subject: person,
        publicKey: personKeys.publicKey,
        issuer: ca,
        notBefore: new Date("2020-01-01T00:00:00Z"),
        notAfter: new Date("2021-01-01T00:00:00Z"),
        extensions: signing,
      }),
    ),
    foreign: identity(
      personKeys.privateKey,
      issue({
        subject: person,
        publicKey: personKeys.publicKey,
        issuer: { key: otherCaKeys.privateKey, cert: otherCaCert },
        ...valid,
        extensions: signing,
      }),
    ),
    viaIntermediate: identity(
      personKeys.privateKey,
      issue({
        subject: person,
        publicKey: personKeys.publicKey,
        issuer: { key: otherCaKeys.privateKey, cert: intermediateCert },
        ...valid,
        extensions: signing,
      }),
    ),
    lapsed: identity(
      personKeys.privateKey,
      issue({
        subject: person,
        publicKey: personKeys.publicKey,
        issuer: ca,
        notBefore: new Date(now - 330 * DAY),
        notAfter: new Date(now - 30 * DAY),
        extensions: signing,
      }),
    ),
    revoked: identity(
      personKeys.privateKey,
      issue({ subject: person, publicKey: personKeys.publicKey, issuer: ca, ...valid, extensions: signing }),
    ),
    unrecorded: identity(
      personKeys.privateKey,
      issue({ subject: person, publicKey: personKeys.publicKey, issuer: ca, ...valid, extensions: signing }),
    ),
    responder: service("ТЕСТ OCSP", ca, { "1.3.6.1.5.5.7.3.9": true }),
    rogueResponder: service("ЖАЛҒАН OCSP", { key: otherCaKeys.privateKey, cert: otherCaCert }, { "1.3.6.1.5.5.7.3.9": true }),
    tsa: service("ТЕСТ TSA", ca, { timeStamping: true }),
    notTsa: service("ТЕСТ ЖАЛҒАН TSA", ca, { emailProtection: true }),
    rogueTsa: service("ЖАЛҒАН TSA", { key: otherCaKeys.privateKey, cert: otherCaCert }, { timeStamping: true }),
    iin,
    surname,
    givenName,
    commonName,
  };
  return cached;
}

/** How to sign in {@link signCms}. */
export interface SignOptions {
  signer?: TestIdentity;
  /** Default true (what parents send); false puts the data inside the CMS. */
  detached?: boolean;
  /** Default now; `null` leaves the signingTime attribute out. */
  signingTime?: Date | null;
  digest?: "sha1" | "sha256" | "sha384" | "sha512";
  /** Extra certificates to carry (e.g. an intermediate CA). */
  extraCertificates?: forge.pki.Certificate[];
}

/** Sign bytes the way NCALayer does: CMS SignedData with contentType, messageDigest and signingTime. DER bytes. */
export function signCmsDer(data: Uint8Array, options: SignOptions = {}): Uint8Array {
  const signer = options.signer ?? testPki().individual;
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(Buffer.from(data).toString("latin1"));
  p7.addCertificate(signer.cert);
  for (const c of options.extraCertificates ?? []) p7.addCertificate(c);
  p7.addSigner({
    key: signer.key,
    certificate: signer.cert,
    digestAlgorithm: pki.oids[options.digest ?? "sha256"]!,
    authenticatedAttributes: [
      { type: pki.oids.contentType!, value: pki.oids.data! },
      { type: pki.oids.messageDigest! },
      ...(options.signingTime === null ? [] : [{ type: pki.oids.signingTime!, value: (options.signingTime ?? new Date()).toISOString() }]),
    ],
  });
  p7.sign({ detached: options.detached ?? true });
  return new Uint8Array(Buffer.from(asn1.toDer(p7.toAsn1()).getBytes(), "latin1"));
}

/** {@link signCmsDer} as base64, the form NCALayer returns. */
export function signCms(data: Uint8Array, options: SignOptions = {}): string {
  return Buffer.from(signCmsDer(data, options)).toString("base64");
}

/** Sign arbitrary bytes as the test parent (signing key, trusted CA): base64 detached CMS. */
export function signAsTestParent(data: Uint8Array): string {
  return signCms(data, { signer: testPki().individual, detached: true });
}

/**
 * Rewrite an RSA CMS so that it claims GOST algorithms (digest, signature and the signer's key),
 * as a CMS from a Kazakh GOST key would. The cryptography is then meaningless — which is the
 * point: only routing to NCANode can be tested without a GOST implementation.
 */
export function gostify(cmsDer: Uint8Array): Uint8Array {
  const oid = (o: string) => asn1.create(asn1.Class.UNIVERSAL, asn1.Type.OID, false, asn1.oidToDer(o).getBytes());
  const root = asn1.fromDer(Buffer.from(cmsDer).toString("latin1"));
  const signedData = ((root.value as forge.asn1.Asn1[])[1]!.value as forge.asn1.Asn1[])[0]!.value as forge.asn1.Asn1[];
  const seq = (n: forge.asn1.Asn1) => n.value as forge.asn1.Asn1[];
  const certs = signedData.find((n) => n.tagClass === asn1.Class.CONTEXT_SPECIFIC && n.type === 0)!;
  const tbs = seq(seq(certs)[0]!)[0]!;
  const spki = seq(tbs)[6]!; // [0] version, serial, signature, issuer, validity, subject, subjectPublicKeyInfo
  seq(seq(spki)[0]!)[0] = oid("1.2.398.3.10.1.1.1.1");
  const signerInfo = seq(signedData[signedData.length - 1]!)[0]!;
  seq(seq(signerInfo)[2]!)[0] = oid("1.2.398.3.10.1.3.1");
  seq(seq(signerInfo)[4]!)[0] = oid("1.2.398.3.10.1.1.1.2");
  return new Uint8Array(Buffer.from(asn1.toDer(root).getBytes(), "latin1"));
}

let signerKeys: forge.pki.rsa.KeyPair | undefined;

/**
 * A signing certificate from the trusted test CA for someone other than the test person: a
 * school's staff member (their IIN, EKU individual), or an organisation's key (`bin`: OU=BIN…,
 * O=…, EKU legal entity), optionally naming the employee's IIN too. One key pair serves them all.
 */
export function issueTestSigner(spec: {
  commonName: string;
  iin?: string;
  bin?: string;
  organisation?: string;
  notBefore?: Date;
  notAfter?: Date;
}): TestIdentity {
  const pki = testPki();
  signerKeys ??= newKey();
  const now = Math.floor(Date.now() / 1000) * 1000;
  const subject: forge.pki.CertificateField[] = [
    field({ name: "commonName", value: spec.commonName, valueTagClass: UTF8 }),
    ...(spec.iin ? [field({ type: "2.5.4.5", value: `IIN${spec.iin}` })] : []),
    field({ shortName: "C", value: "KZ" }),
    ...(spec.bin
      ? [
          field({ type: "2.5.4.10", value: spec.organisation ?? "ТЕСТ ОРГАНИЗАЦИЯ", valueTagClass: UTF8 }),
          field({ type: "2.5.4.11", value: `BIN${spec.bin}` }),
        ]
      : []),
  ];
  const eku = spec.bin ? "1.2.398.3.3.4.1.2" : EKU_INDIVIDUAL;
  const cert = issue({
    subject,
    publicKey: signerKeys.publicKey,
    issuer: { key: pki.ca.key, cert: pki.ca.cert },
    notBefore: spec.notBefore ?? new Date(now - YEAR),
    notAfter: spec.notAfter ?? new Date(now + YEAR),
    extensions: [
      { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
      { name: "extKeyUsage", emailProtection: true, [eku]: true },
    ],
  });
  return identity(signerKeys.privateKey, cert);
}
