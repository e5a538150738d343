import { beforeAll, describe, expect, it } from "vitest";
import { checkIin } from "#root/flows/iin.ts";
import { trustStoreFrom, verifyCms, type SignatureResult, type TrustStore } from "#root/flows/signatures/index.ts";
import { signCms, signCmsDer, testPki, type TestPki } from "#root/test/helpers/eds-test-ca.ts";

/** A statement PDF stand-in: the bytes a parent signs. */
const statement = new TextEncoder().encode("%PDF-1.7\nӨтініш / Заявление: тегін тамақтану\n%%EOF");

let pki: TestPki;
let trust: TrustStore;

beforeAll(() => {
  pki = testPki();
  trust = trustStoreFrom([pki.ca.certPem]);
});

function check(result: SignatureResult, name: string) {
  const found = result.checks.find((c) => c.name === name);
  if (!found) throw new Error(`no ${name} check in ${JSON.stringify(result.checks)}`);
  return found;
}

function failedNames(result: SignatureResult): string[] {
  return result.checks.filter((c) => !c.ok).map((c) => c.name);
}

describe("verifyCms: a parent's detached signature", () => {
  it("accepts a valid signature by the parent's signing key and reports who signed", async () => {
    const result = await verifyCms({ cms: signCms(statement), data: statement, expectedIin: pki.iin, trust });
    expect(failedNames(result)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.signer).toMatchObject({
      iin: pki.iin,
      commonName: pki.commonName,
      surname: pki.surname,
      givenName: pki.givenName, // BMPString decoded
      keyUsage: ["digitalSignature", "nonRepudiation"],
      extKeyUsage: expect.arrayContaining(["emailProtection", "1.2.398.3.3.4.1.1"]),
    });
    expect(result.signer?.subject).toContain(`SERIALNUMBER=IIN${pki.iin}`);
    expect(result.signer?.issuer).toBe("C=KZ, CN=ТЕСТ ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)");
    expect(result.signer?.notAfter).toBe(pki.individual.cert.validity.notAfter.toISOString());
    expect(result.digestAlgorithm).toBe("sha256");
    expect(result.attached).toBe(false);
    expect(check(result, "iin_checksum").ok).toBe(checkIin(pki.iin).ok);
  });

  it("survives a JSON round trip unchanged (it is stored with the application)", async () => {
    const result = await verifyCms({ cms: signCms(statement), data: statement, trust });
    expect(JSON.parse(JSON.stringify(result))).toEqual(result);
  });

  it("accepts the CMS as DER bytes, base64 bytes and PEM text alike", async () => {
    const der = signCmsDer(statement);
    const b64 = Buffer.from(der).toString("base64");
    const pem = `-----BEGIN CMS-----\n${b64.replace(/(.{64})/g, "$1\n")}\n-----END CMS-----\n`;
    for (const cms of [der, new TextEncoder().encode(b64), pem]) {
      expect((await verifyCms({ cms, data: statement, trust })).valid).toBe(true);
    }
  });

  it.each(["sha1", "sha384", "sha512"] as const)("verifies a %s digest", async (digest) => {
    const result = await verifyCms({ cms: signCms(statement, { digest }), data: statement, trust });
    expect(result.digestAlgorithm).toBe(digest);
    expect(result.valid).toBe(true);
  });

  it("rejects a changed document: the digest no longer matches, the signature itself still does", async () => {
    const changed = new TextEncoder().encode("%PDF-1.7\nӨтініш / Заявление: үйде оқыту\n%%EOF");
    const result = await verifyCms({ cms: signCms(statement), data: changed, trust });
    expect(result.valid).toBe(false);
    expect(failedNames(result)).toEqual(["message_digest"]);
    expect(check(result, "message_digest").reason).toBe("digest_mismatch");
  });

  it("rejects a detached signature when the document is not supplied", async () => {
    const result = await verifyCms({ cms: signCms(statement), trust });
    expect(result.valid).toBe(false);
    expect(check(result, "message_digest").reason).toBe("data_missing");
  });

  it("rejects a forged signature value", async () => {
    const der = signCmsDer(statement);
    der[der.length - 1]! ^= 0x01; // the signature OCTET STRING ends the message
    const result = await verifyCms({ cms: der, data: statement, trust });
    expect(failedNames(result)).toEqual(["signature"]);
  });

  it("rejects a signature by someone other than the parent", async () => {
    const otherIin = "900101300019";
    const result = await verifyCms({ cms: signCms(statement), data: statement, expectedIin: otherIin, trust });
    expect(result.valid).toBe(false);
    expect(failedNames(result)).toEqual(["iin_match"]);
    expect(check(result, "iin_match").reason).toBe("other_person");
  });

  it("rejects an expired certificate and reports its validity period", async () => {
    const result = await verifyCms({ cms: signCms(statement, { signer: pki.expired }), data: statement, trust });
    expect(failedNames(result)).toEqual(["certificate_validity"]);
    const validity = check(result, "certificate_validity");
    expect(validity.reason).toBe("expired");
    expect(validity.detail).toContain("2021-01-01T00:00:00.000Z");
    expect(result.signer?.notAfter).toBe("2021-01-01T00:00:00.000Z");
  });

  it("refuses an expired certificate that claims to have signed while it and its CA were valid: validity is judged now", async () => {
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000 - 60 * 24 * 3600 * 1000);
    const result = await verifyCms({ cms: signCms(statement, { signer: pki.lapsed, signingTime }), data: statement, trust });
    expect(failedNames(result)).toEqual(["certificate_validity"]);
    expect(check(result, "certificate_validity").reason).toBe("expired");
    expect(result.signingTime).toBe(signingTime.toISOString());
    expect(result.timestampTime).toBeUndefined();
  });

  it("rejects a signing time in the future", async () => {
    const signingTime = new Date(Date.now() + 24 * 3600 * 1000);
    const result = await verifyCms({ cms: signCms(statement, { signingTime }), data: statement, trust });
    expect(failedNames(result)).toEqual(["signing_time"]);
  });

  it("rejects a signature made with the authentication key", async () => {
    const result = await verifyCms({ cms: signCms(statement, { signer: pki.auth }), data: statement, trust });
    expect(failedNames(result)).toEqual(["signing_key"]);
    expect(check(result, "signing_key").reason).toBe("authentication_key");
  });

  it("rejects a certificate from an untrusted CA, though the signature is mathematically valid", async () => {
    const result = await verifyCms({ cms: signCms(statement, { signer: pki.foreign }), data: statement, trust });
    expect(failedNames(result)).toEqual(["chain"]);
    expect(check(result, "chain").reason).toBe("untrusted_issuer");
    expect(check(result, "signature").ok).toBe(true);
  });

  it("rejects every certificate when no CA is trusted", async () => {
    const result = await verifyCms({ cms: signCms(statement), data: statement, trust: trustStoreFrom([]) });
    expect(check(result, "chain").reason).toBe("no_trust_anchors");
  });

  it("does not call a signature valid now once its certificate has expired (the CLI reports the signing time separately)", async () => {
    const later = new Date(pki.individual.cert.validity.notAfter.getTime() + 1000);
    const result = await verifyCms({ cms: signCms(statement), data: statement, trust, now: later });
    expect(check(result, "certificate_validity").reason).toBe("expired");
    expect(result.verifiedAt).toBe(later.toISOString());
  });

  it("judges validity at verification time when the signature carries no signing time", async () => {
    const cms = signCms(statement, { signingTime: null });
    const during = await verifyCms({ cms, data: statement, trust });
    expect(during.valid).toBe(true);
    expect(during.signingTime).toBeUndefined();
    const later = new Date(pki.individual.cert.validity.notAfter.getTime() + 1000);
    const after = await verifyCms({ cms, data: statement, trust, now: later });
    expect(check(after, "certificate_validity").reason).toBe("expired");
  });
});

describe("verifyCms: an attached signature", () => {
  it("verifies the content carried inside the CMS", async () => {
    const result = await verifyCms({ cms: signCms(statement, { detached: false }), trust });
    expect(result.attached).toBe(true);
    expect(result.valid).toBe(true);
  });

  it("accepts the same file supplied alongside, and rejects a different one", async () => {
    const cms = signCms(statement, { detached: false });
    const same = await verifyCms({ cms, data: statement, trust });
    expect(check(same, "content_match").ok).toBe(true);
    expect(same.valid).toBe(true);
    const other = await verifyCms({ cms, data: new TextEncoder().encode("басқа файл"), trust });
    expect(failedNames(other)).toEqual(["content_match"]);
  });
});

describe("verifyCms: input that is not a signature", () => {
  const cases: Array<[string, () => Uint8Array | string]> = [
    ["empty bytes", () => new Uint8Array()],
    ["an empty string", () => ""],
    ["garbage bytes", () => new Uint8Array([0xde, 0xad, 0xbe, 0xef, 0x00, 0x01])],
    ["garbage text", () => "this is not a signature at all!"],
    ["a truncated CMS", () => signCmsDer(statement).slice(0, 700)],
    ["a CMS cut by one byte", () => signCmsDer(statement).slice(0, -1)],
    ["a certificate instead of a CMS", () => testPki().individual.certPem.replace(/CERTIFICATE/g, "CMS")],
    ["a PDF", () => statement],
  ];
  it.each(cases)("reports %s as unparseable instead of throwing", async (_label, make) => {
    const result = await verifyCms({ cms: make(), data: statement, trust });
    expect(result.valid).toBe(false);
    expect(result.checks).toHaveLength(1);
    expect(result.checks[0]).toMatchObject({ name: "parse", ok: false });
    expect(result.checks[0]?.detail).toBeTruthy();
  });
});
