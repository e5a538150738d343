import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import forge from "node-forge";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadTrustStore, trustStoreFrom, verifyCms, type SignatureResult } from "#root/flows/signatures/index.ts";
import { signCms, testPki, type TestPki } from "#root/test/helpers/eds-test-ca.ts";

const data = new TextEncoder().encode("statement bytes");
const chainOf = (r: SignatureResult) => r.checks.find((c) => c.name === "chain");
const derOf = (cert: forge.pki.Certificate) =>
  new Uint8Array(Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(cert)).getBytes(), "latin1"));

let pki: TestPki;
let dir: string;

beforeAll(() => {
  pki = testPki();
  dir = mkdtempSync(join(tmpdir(), "eds-trust-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("loadTrustStore", () => {
  it("gives an empty store without a path, so nothing chains", async () => {
    const store = loadTrustStore(undefined);
    expect(store.certificates).toHaveLength(0);
    expect(chainOf(await verifyCms({ cms: signCms(data), data, trust: store }))?.ok).toBe(false);
  });

  it("reads PEM and DER files from a directory and ignores other files", async () => {
    const sub = mkdtempSync(join(dir, "mixed-"));
    writeFileSync(join(sub, "root.pem"), pki.ca.certPem);
    writeFileSync(join(sub, "other.cer"), derOf(pki.untrustedCa.cert));
    writeFileSync(join(sub, "README.txt"), "not a certificate");
    const store = loadTrustStore(sub);
    expect(store.certificates).toHaveLength(2);
    expect(chainOf(await verifyCms({ cms: signCms(data), data, trust: store }))?.ok).toBe(true);
    expect(chainOf(await verifyCms({ cms: signCms(data, { signer: pki.foreign }), data, trust: store }))?.ok).toBe(true);
  });

  it("reads a single PEM file holding several certificates", () => {
    const file = join(dir, "bundle.pem");
    writeFileSync(file, pki.ca.certPem + pki.untrustedCa.certPem);
    expect(loadTrustStore(file).certificates).toHaveLength(2);
  });

  it("refuses a certificate file that is not a certificate, naming the file", () => {
    const sub = mkdtempSync(join(dir, "bad-"));
    writeFileSync(join(sub, "broken.crt"), "garbage");
    expect(() => loadTrustStore(sub)).toThrow(/broken\.crt/);
  });

  it("refuses a path that does not exist", () => {
    expect(() => loadTrustStore(join(dir, "missing"))).toThrow(/missing/);
  });
});

describe("the certificate chain", () => {
  it("follows an intermediate CA carried in the CMS up to the trusted root", async () => {
    const cms = signCms(data, { signer: pki.viaIntermediate, extraCertificates: [pki.intermediate.cert] });
    const result = await verifyCms({ cms, data, trust: trustStoreFrom([pki.ca.certPem]) });
    expect(result.valid).toBe(true);
    expect(chainOf(result)?.detail).toContain("ТЕСТ АРАЛЫҚ ОРТАЛЫҚ");
  });

  it("does not chain when the intermediate is missing", async () => {
    const cms = signCms(data, { signer: pki.viaIntermediate });
    const result = await verifyCms({ cms, data, trust: trustStoreFrom([pki.ca.certPem]) });
    expect(chainOf(result)).toMatchObject({ ok: false, reason: "untrusted_issuer" });
  });

  it("does not let a CA certificate in the CMS stand in for a trusted one", async () => {
    // the untrusted CA travels in the message, but only the store's certificates end a path
    const cms = signCms(data, { signer: pki.foreign, extraCertificates: [pki.untrustedCa.cert] });
    const result = await verifyCms({ cms, data, trust: trustStoreFrom([pki.ca.certPem]) });
    expect(chainOf(result)?.ok).toBe(false);
  });

  it("rejects a certificate whose named issuer is trusted but did not sign it", async () => {
    // a self-made CA with the trusted CA's exact name: the name matches, the key does not
    const keys = forge.pki.rsa.generateKeyPair({ bits: 1024, e: 0x10001 });
    const impostor = forge.pki.createCertificate();
    impostor.publicKey = keys.publicKey;
    impostor.serialNumber = "0badca";
    impostor.validity.notBefore = pki.ca.cert.validity.notBefore;
    impostor.validity.notAfter = pki.ca.cert.validity.notAfter;
    impostor.setSubject(pki.ca.cert.subject.attributes);
    impostor.setIssuer(pki.ca.cert.subject.attributes);
    impostor.setExtensions([
      { name: "basicConstraints", cA: true },
      { name: "keyUsage", keyCertSign: true },
    ]);
    impostor.sign(keys.privateKey, forge.md.sha256.create());
    const result = await verifyCms({ cms: signCms(data), data, trust: trustStoreFrom([forge.pki.certificateToPem(impostor)]) });
    expect(chainOf(result)).toMatchObject({ ok: false, reason: "bad_certificate_signature" });
  });

  it("rejects a chain whose CA is not valid at the verification time, whatever time the signer claims", async () => {
    // the test CA is valid for five years from now; verified after that, a signature claiming today does not chain
    const afterCa = new Date(pki.ca.cert.validity.notAfter.getTime() + 1000);
    const cms = signCms(data, { signingTime: new Date() });
    const result = await verifyCms({ cms, data, trust: trustStoreFrom([pki.ca.certPem]), now: afterCa });
    expect(chainOf(result)).toMatchObject({ ok: false, reason: "ca_not_valid" });
  });
});
