/**
 * Revocation of RSA signing keys, asked of a real OCSP responder (`openssl ocsp` on loopback)
 * for the test CA: good, revoked and unknown certificates; answers signed by the CA, its
 * delegated responder, or someone who may not answer; a responder that is down or hangs; a
 * replayed answer. Whatever goes wrong, the signature never passes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { trustStoreFrom, verifyCms, type RevocationPolicy, type SignatureResult, type TrustStore } from "#root/flows/signatures/index.ts";
import { signCms, testPki, type TestIdentity } from "#root/test/helpers/eds-test-ca.ts";
import { deadResponderUrl, startHangingResponder, startOcspResponder, type LocalResponder } from "#root/test/helpers/ocsp-responder.ts";

const statement = new TextEncoder().encode("%PDF-1.7\nӨтініш / Заявление\n%%EOF");
const pki = testPki();
let trust: TrustStore;
const responders: Record<"delegated" | "ca" | "rogue", LocalResponder> = {} as never;

beforeAll(async () => {
  trust = trustStoreFrom([pki.ca.certPem]);
  [responders.delegated, responders.ca, responders.rogue] = await Promise.all([
    startOcspResponder("responder"),
    startOcspResponder("ca"),
    startOcspResponder("rogue"),
  ]);
});
afterAll(() => Promise.all(Object.values(responders).map((r) => r?.close())));

const ocsp = (url: string, extra: { timeoutMs?: number; fetch?: typeof fetch } = {}): RevocationPolicy => ({
  mode: "ocsp",
  ocsp: { url, ...extra },
});

async function verifyWith(signer: TestIdentity, revocation: RevocationPolicy): Promise<SignatureResult> {
  return verifyCms({ cms: signCms(statement, { signer }), data: statement, expectedIin: pki.iin, trust, revocation });
}

const failed = (r: SignatureResult) => r.checks.filter((c) => !c.ok).map((c) => [c.name, c.reason]);
const revocation = (r: SignatureResult) => r.checks.find((c) => c.name === "revocation");

describe("OCSP against the CA's responder", () => {
  it("accepts a certificate the responder calls good, and keeps its signed answer", async () => {
    const result = await verifyWith(pki.individual, ocsp(responders.delegated.url));
    expect(failed(result)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(revocation(result)).toMatchObject({ ok: true });
    expect(revocation(result)?.detail).toContain("delegated OCSP responder");
    const der = Buffer.from(result.ocspResponse!, "base64");
    expect(der[0]).toBe(0x30); // an OCSPResponse SEQUENCE, as the responder sent it
  });

  it("accepts an answer signed by the CA itself", async () => {
    const result = await verifyWith(pki.individual, ocsp(responders.ca.url));
    expect(result.valid).toBe(true);
    expect(revocation(result)?.detail).toContain("the issuing CA");
  });

  it("refuses a revoked certificate and says when it was revoked", async () => {
    const result = await verifyWith(pki.revoked, ocsp(responders.delegated.url));
    expect(result.valid).toBe(false);
    expect(failed(result)).toEqual([["revocation", "revoked"]]);
    expect(revocation(result)?.detail).toMatch(/revoked at \d{4}-/);
    expect(result.ocspResponse).toBeTruthy();
  });

  it("refuses a certificate the CA's responder does not know", async () => {
    const result = await verifyWith(pki.unrecorded, ocsp(responders.delegated.url));
    expect(failed(result)).toEqual([["revocation", "unknown"]]);
  });

  it("does not believe an answer signed by another CA's responder", async () => {
    const result = await verifyWith(pki.individual, ocsp(responders.rogue.url));
    expect(failed(result)).toEqual([["revocation", "unavailable"]]);
    expect(revocation(result)?.detail).toContain("may not answer for this CA");
  });

  it("does not believe a replayed answer: it carries another request's nonce", async () => {
    const first = await verifyWith(pki.individual, ocsp(responders.delegated.url));
    const replay: typeof fetch = async () =>
      new Response(Buffer.from(first.ocspResponse!, "base64"), { headers: { "content-type": "application/ocsp-response" } });
    const result = await verifyWith(pki.individual, ocsp(responders.delegated.url, { fetch: replay }));
    expect(failed(result)).toEqual([["revocation", "unavailable"]]);
    expect(revocation(result)?.detail).toContain("nonce");
  });

  it("never passes when the responder is down: the connection is refused", async () => {
    const url = await deadResponderUrl();
    const result = await verifyWith(pki.individual, ocsp(url));
    expect(result.valid).toBe(false);
    expect(failed(result)).toEqual([["revocation", "unavailable"]]);
    expect(revocation(result)?.detail).toContain(url);
    expect(result.ocspResponse).toBeUndefined();
  });

  it("never passes when the responder hangs: the request times out", async () => {
    const hanging = await startHangingResponder();
    try {
      const result = await verifyWith(pki.individual, ocsp(hanging.url, { timeoutMs: 300 }));
      expect(failed(result)).toEqual([["revocation", "unavailable"]]);
    } finally {
      await hanging.close();
    }
  });

  it("never passes when the responder answers with an error page", async () => {
    const broken: typeof fetch = async () => new Response("<html>502</html>", { status: 502 });
    const result = await verifyWith(pki.individual, ocsp("http://127.0.0.1:9/", { fetch: broken }));
    expect(failed(result)).toEqual([["revocation", "unavailable"]]);
  });

  it("says that revocation was not checked when it is switched off", async () => {
    const result = await verifyWith(pki.individual, { mode: "off", why: "EDS_OCSP_URL=off (playground)" });
    expect(revocation(result)).toEqual({ name: "revocation", ok: true, reason: "not_checked", detail: "EDS_OCSP_URL=off (playground)" });
  });

  it("asks nothing about a certificate that does not chain to a trusted CA", async () => {
    let asked = 0;
    const counting: typeof fetch = async (...args) => {
      asked++;
      return fetch(...args);
    };
    const result = await verifyWith(pki.foreign, ocsp(responders.delegated.url, { fetch: counting }));
    expect(failed(result)).toEqual([["chain", "untrusted_issuer"]]);
    expect(asked).toBe(0);
  });
});
