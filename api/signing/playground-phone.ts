/**
 * The playground's pretend eGov mobile, so the eGov mobile route can be tried by hand without a
 * phone: given the QR code's text or the launch link, it does what the app does — API №1,
 * API №2 `GET`, a CMS with the statement attached, API №2 `PUT` — signing as the chat's parent
 * with a demo key. The demo CA is made once per data directory and is trusted only by a
 * playground (no real bots, no real parents); with EDS_OCSP_URL=off the signature then passes,
 * otherwise the CA's OCSP responder does not know the demo certificate and says so.
 *
 * Requests go to the signing router in this process (never over the network), so the helper
 * cannot be pointed anywhere else.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import forge from "node-forge";
import type { Db } from "#root/db/client.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";

const { pki, asn1 } = forge;
const EKU_INDIVIDUAL = "1.2.398.3.3.4.1.1";
const YEAR = 365 * 24 * 3600 * 1000;

type Request = (url: string, init?: RequestInit) => Response | Promise<Response>;

export interface PlaygroundPhone {
  /** The demo CA certificate (PEM) the playground's signing routes trust. */
  caPem: string;
  /** Sign the statement behind a QR code's text or launch link as the chat's parent would in eGov mobile. */
  sign(input: { telegramId: number; link: string }): Promise<{ ok: boolean; status: number; body: unknown }>;
}

/** forge's typings lack `valueTagClass`, which is how a UTF8String name is asked for. */
const utf8 = (f: { name?: string; type?: string; shortName?: string; value: string }) =>
  ({ ...f, valueTagClass: asn1.Type.UTF8 }) as unknown as forge.pki.CertificateField;

function certificate(input: {
  subject: forge.pki.CertificateField[];
  publicKey: forge.pki.rsa.PublicKey;
  issuer: { key: forge.pki.rsa.PrivateKey; cert?: forge.pki.Certificate };
  extensions: object[];
  years: number;
}): forge.pki.Certificate {
  const cert = pki.createCertificate();
  cert.publicKey = input.publicKey;
  cert.serialNumber = `01${forge.util.bytesToHex(forge.random.getBytesSync(15))}`;
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600 * 1000);
  cert.validity.notAfter = new Date(Date.now() + input.years * YEAR);
  cert.setSubject(input.subject);
  cert.setIssuer(input.issuer.cert ? input.issuer.cert.subject.attributes : input.subject);
  cert.setExtensions([...input.extensions, { name: "subjectKeyIdentifier" }]);
  cert.sign(input.issuer.key, forge.md.sha256.create());
  return cert;
}

/** The demo CA of this data directory: read, or made and kept (key 0600) on first use. */
function demoCa(dir: string): { key: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate; pem: string } {
  const keyFile = join(dir, "demo-ca-key.pem");
  const certFile = join(dir, "demo-ca.pem");
  if (existsSync(keyFile) && existsSync(certFile)) {
    const pem = readFileSync(certFile, "utf8");
    return { key: pki.privateKeyFromPem(readFileSync(keyFile, "utf8")), cert: pki.certificateFromPem(pem), pem };
  }
  mkdirSync(dir, { recursive: true });
  const keys = pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
  const subject = [
    { shortName: "C", value: "KZ" } as forge.pki.CertificateField,
    utf8({ name: "commonName", value: "PLAYGROUND DEMO CA — NOT THE NCA" }),
  ];
  const cert = certificate({
    subject,
    publicKey: keys.publicKey,
    issuer: { key: keys.privateKey },
    extensions: [
      { name: "basicConstraints", cA: true, critical: true },
      { name: "keyUsage", keyCertSign: true, cRLSign: true, critical: true },
    ],
    years: 10,
  });
  const pem = pki.certificateToPem(cert);
  writeFileSync(keyFile, pki.privateKeyToPem(keys.privateKey), { mode: 0o600 });
  writeFileSync(certFile, pem);
  return { key: keys.privateKey, cert, pem };
}

/** API №1's address from a QR code's text or a launch link. */
function api1Of(link: string): string | undefined {
  try {
    const url = link.startsWith("mobileSign:") ? link.slice("mobileSign:".length) : new URL(link).searchParams.get("link");
    return url && /\/sign\/mobile\/[A-Za-z0-9_-]{43}$/.test(new URL(url).pathname) ? url : undefined;
  } catch {
    return undefined;
  }
}

/** The playground's eGov mobile, answering through `request` (the signing router's). */
export function playgroundPhone(deps: { db: Db; dir: string; request: Request }): PlaygroundPhone {
  const ca = demoCa(deps.dir);
  let personKeys: forge.pki.rsa.KeyPair | undefined;
  const certs = new Map<string, forge.pki.Certificate>();

  /** A signing certificate of the person with this IIN, as the NCA issues one for an individual. */
  function personCert(iin: string, fullName: string): { key: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate } {
    personKeys ??= pki.rsa.generateKeyPair({ bits: 2048, e: 0x10001 });
    let cert = certs.get(iin);
    if (!cert) {
      cert = certificate({
        subject: [
          utf8({ name: "commonName", value: fullName.toUpperCase() }),
          { type: "2.5.4.5", value: `IIN${iin}` } as forge.pki.CertificateField,
          { shortName: "C", value: "KZ" } as forge.pki.CertificateField,
        ],
        publicKey: personKeys.publicKey,
        issuer: { key: ca.key, cert: ca.cert },
        extensions: [
          { name: "keyUsage", digitalSignature: true, nonRepudiation: true, critical: true },
          { name: "extKeyUsage", emailProtection: true, [EKU_INDIVIDUAL]: true },
        ],
        years: 1,
      });
      certs.set(iin, cert);
    }
    return { key: personKeys.privateKey, cert };
  }

  function signAttached(data: Uint8Array, signer: { key: forge.pki.rsa.PrivateKey; cert: forge.pki.Certificate }): string {
    const p7 = forge.pkcs7.createSignedData();
    p7.content = forge.util.createBuffer(Buffer.from(data).toString("latin1"));
    p7.addCertificate(signer.cert);
    p7.addSigner({
      key: signer.key,
      certificate: signer.cert,
      digestAlgorithm: pki.oids.sha256!,
      authenticatedAttributes: [
        { type: pki.oids.contentType!, value: pki.oids.data! },
        { type: pki.oids.messageDigest! },
        { type: pki.oids.signingTime!, value: new Date().toISOString() },
      ],
    });
    p7.sign({ detached: false });
    return Buffer.from(asn1.toDer(p7.toAsn1()).getBytes(), "latin1").toString("base64");
  }

  return {
    caPem: ca.pem,
    async sign({ telegramId, link }) {
      const api1 = api1Of(link);
      if (!api1) return { ok: false, status: 400, body: { error: "not an eGov mobile QR code or launch link of this server" } };
      const parent = await findUserByTelegramId(deps.db, telegramId);
      if (!parent?.iin) return { ok: false, status: 400, body: { error: "this chat's user is not a registered parent" } };
      const infoRes = await deps.request(api1);
      const info = (await infoRes.json()) as { document?: { uri: string; auth_token: string } };
      if (!infoRes.ok || !info.document) return { ok: false, status: infoRes.status, body: info };
      const auth = { Authorization: `Bearer ${info.document.auth_token}` };
      const docsRes = await deps.request(info.document.uri, { headers: auth });
      const docs = (await docsRes.json()) as { signMethod: string; documentsToSign: Array<{ documentCms: string }> };
      if (!docsRes.ok) return { ok: false, status: docsRes.status, body: docs };
      const signer = personCert(parent.iin, parent.fullName ?? "PARENT");
      const signed = {
        ...docs,
        documentsToSign: docs.documentsToSign.map((d) => ({
          ...d,
          documentCms: signAttached(new Uint8Array(Buffer.from(d.documentCms, "base64")), signer),
        })),
      };
      const put = await deps.request(info.document.uri, {
        method: "PUT",
        headers: { ...auth, "Content-Type": "application/json" },
        body: JSON.stringify(signed),
      });
      return { ok: put.ok, status: put.status, body: await put.json() };
    },
  };
}
