import { beforeAll, describe, expect, it } from "vitest";
import { trustStoreFrom, verifyCms, type SignatureResult } from "#root/flows/signatures/index.ts";
import { gostify, signCmsDer, testPki, type TestPki } from "#root/test/helpers/eds-test-ca.ts";

const data = new TextEncoder().encode("GOST-signed statement");
const byName = (r: SignatureResult) => Object.fromEntries(r.checks.map((c) => [c.name, c]));

let pki: TestPki;
let gostCms: Uint8Array;

beforeAll(() => {
  pki = testPki();
  gostCms = gostify(signCmsDer(data));
});

/** A fetch that answers like NCANode and records what it was asked. */
function fakeNcanode(answer: { status?: number; body: unknown } | Error) {
  const calls: Array<{ url: string; body: Record<string, unknown> }> = [];
  const fetch = (async (url: string | URL | Request, init?: RequestInit) => {
    calls.push({ url: String(url), body: JSON.parse(String(init?.body)) as Record<string, unknown> });
    if (answer instanceof Error) throw answer;
    return new Response(JSON.stringify(answer.body), { status: answer.status ?? 200, headers: { "content-type": "application/json" } });
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

function ncanodeAnswer(valid: boolean, revoked = false) {
  return {
    status: 200,
    message: "OK",
    valid,
    signers: [
      {
        certificates: [
          {
            valid: !revoked && valid,
            revocations: [
              { revoked, by: "OCSP", revocationTime: revoked ? "2025-01-01T00:00:00Z" : null, reason: revoked ? "keyCompromise" : null },
            ],
            serialNumber: pki.individual.cert.serialNumber,
            keyUsage: "SIGN",
            keyUser: ["INDIVIDUAL"],
            subject: { iin: pki.iin },
          },
        ],
      },
    ],
  };
}

describe("GOST signatures", () => {
  it("are reported as needing NCANode when none is configured, with the signer still identified", async () => {
    const result = await verifyCms({ cms: gostCms, data, trust: trustStoreFrom([pki.ca.certPem]), expectedIin: pki.iin });
    expect(result.valid).toBe(false);
    expect(byName(result).algorithm_supported).toMatchObject({ ok: false, reason: "gost_needs_ncanode" });
    expect(result.signer?.iin).toBe(pki.iin);
    expect(byName(result).iin_match?.ok).toBe(true);
  });

  it("are sent to NCANode's /cms/verify with the data and OCSP checking, and accepted when it says valid", async () => {
    const node = fakeNcanode({ body: ncanodeAnswer(true) });
    const result = await verifyCms({
      cms: gostCms,
      data,
      trust: trustStoreFrom([]),
      expectedIin: pki.iin,
      ncanode: { url: "http://ncanode.test:14579/", fetch: node.fetch },
    });
    expect(node.calls).toHaveLength(1);
    expect(node.calls[0]?.url).toBe("http://ncanode.test:14579/cms/verify");
    expect(node.calls[0]?.body).toEqual({
      cms: Buffer.from(gostCms).toString("base64"),
      data: Buffer.from(data).toString("base64"),
      revocationCheck: ["OCSP"],
    });
    expect(result.checks.filter((c) => !c.ok)).toEqual([]);
    expect(result.valid).toBe(true);
    expect(result.verifiedBy).toBe("ncanode");
  });

  it("are rejected when NCANode says the signature is not valid", async () => {
    const node = fakeNcanode({ body: ncanodeAnswer(false) });
    const result = await verifyCms({ cms: gostCms, data, trust: trustStoreFrom([]), ncanode: { url: "http://n", fetch: node.fetch } });
    expect(result.valid).toBe(false);
    expect(byName(result).signature?.ok).toBe(false);
  });

  it("are rejected when the certificate is revoked", async () => {
    const node = fakeNcanode({ body: ncanodeAnswer(false, true) });
    const result = await verifyCms({ cms: gostCms, data, trust: trustStoreFrom([]), ncanode: { url: "http://n", fetch: node.fetch } });
    expect(byName(result).revocation).toMatchObject({ ok: false, reason: "revoked" });
  });

  it.each([
    ["unreachable", new Error("connect ECONNREFUSED")],
    ["answering HTTP 500", { status: 500, body: { message: "internal" } }],
    ["answering something else", { body: { hello: "world" } }],
  ] as const)("are reported as unverified, not thrown, with NCANode %s", async (_label, answer) => {
    const node = fakeNcanode(answer as Error | { status?: number; body: unknown });
    const result = await verifyCms({ cms: gostCms, data, trust: trustStoreFrom([]), ncanode: { url: "http://n", fetch: node.fetch } });
    expect(result.valid).toBe(false);
    expect(byName(result).signature).toMatchObject({ ok: false, reason: "ncanode_unavailable" });
  });

  it("do not go to NCANode when the signature is RSA", async () => {
    const node = fakeNcanode({ body: ncanodeAnswer(true) });
    const result = await verifyCms({
      cms: signCmsDer(data),
      data,
      trust: trustStoreFrom([pki.ca.certPem]),
      ncanode: { url: "http://n", fetch: node.fetch },
    });
    expect(result.valid).toBe(true);
    expect(node.calls).toHaveLength(0);
  });
});
