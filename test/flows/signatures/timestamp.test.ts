/**
 * When a signature was made. The certificate is judged now; the signing time (a verified RFC
 * 3161 timestamp when the signer has one, else the signer's claim) must fall inside the
 * signing session, from the link's issue to now with five minutes of clock skew. A timestamp
 * is believed only when its own signature, its TSA certificate and its imprint verify.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { trustStoreFrom, verifyCms, type SignatureResult, type TrustStore } from "#root/flows/signatures/index.ts";
import { signCmsDer, testPki } from "#root/test/helpers/eds-test-ca.ts";
import { stamped } from "#root/test/helpers/tsa.ts";

const statement = new TextEncoder().encode("%PDF-1.7\nӨтініш / Заявление\n%%EOF");
const MINUTE = 60_000;
const pki = testPki();
let trust: TrustStore;
beforeAll(() => {
  trust = trustStoreFrom([pki.ca.certPem]);
});

const failed = (r: SignatureResult) => r.checks.filter((c) => !c.ok).map((c) => [c.name, c.reason]);
const check = (r: SignatureResult, name: string) => r.checks.find((c) => c.name === name);

/** A link issued ten minutes ago, verified now. */
function inSession(cms: Uint8Array, now = new Date()) {
  return verifyCms({ cms, data: statement, expectedIin: pki.iin, trust, now, sessionStart: new Date(now.getTime() - 10 * MINUTE) });
}

describe("the signing time and the signing session", () => {
  it("accepts a signing time inside the session, and one a few minutes before the link (clock skew)", async () => {
    expect((await inSession(signCmsDer(statement))).valid).toBe(true);
    const skewed = await inSession(signCmsDer(statement, { signingTime: new Date(Date.now() - 13 * MINUTE) }));
    expect(failed(skewed)).toEqual([]);
  });

  it("refuses a signing time before the link was issued: a back-dated signature is not one made in this session", async () => {
    const result = await inSession(signCmsDer(statement, { signingTime: new Date(Date.now() - 2 * 3600_000) }));
    expect(result.valid).toBe(false);
    expect(failed(result)).toEqual([["signing_time", "before_session"]]);
  });

  it("refuses a signing time in the future", async () => {
    const result = await inSession(signCmsDer(statement, { signingTime: new Date(Date.now() + 30 * MINUTE) }));
    expect(failed(result)).toEqual([["signing_time", "in_future"]]);
  });

  it("refuses a signature with no signing time at all when it answers a signing link", async () => {
    const result = await inSession(signCmsDer(statement, { signingTime: null }));
    expect(failed(result)).toEqual([["signing_time", "missing"]]);
  });
});

describe("a timestamp token over the signature", () => {
  it("decides the signing time when it verifies, over whatever time the signer claims", async () => {
    const cms = await stamped(signCmsDer(statement, { signingTime: new Date("2020-06-01T00:00:00Z") }), { tsa: pki.tsa });
    const result = await inSession(cms);
    expect(failed(result)).toEqual([]);
    expect(check(result, "timestamp")).toMatchObject({ ok: true });
    expect(check(result, "signing_time")?.detail).toContain("(timestamp)");
    expect(result.timestampTime).toBeDefined();
    expect(result.signingTime).toBe("2020-06-01T00:00:00.000Z");
  });

  it("refuses a trusted timestamp from before the session", async () => {
    const cms = await stamped(signCmsDer(statement), { tsa: pki.tsa, genTime: new Date(Date.now() - 24 * 3600_000) });
    const result = await inSession(cms);
    expect(failed(result)).toEqual([["signing_time", "before_session"]]);
  });

  it("does not believe a timestamp issued for another signature", async () => {
    const cms = await stamped(signCmsDer(statement), { tsa: pki.tsa, imprintOver: new TextEncoder().encode("another signature") });
    expect(failed(await inSession(cms))).toEqual([["timestamp", "imprint_mismatch"]]);
  });

  it("does not believe a token whose signature is not its TSA's", async () => {
    const cms = await stamped(signCmsDer(statement), { tsa: pki.tsa, keyOf: pki.individual });
    expect(failed(await inSession(cms))).toEqual([["timestamp", "tsa_bad_signature"]]);
  });

  it("does not believe a TSA that does not chain to the trusted CAs", async () => {
    const cms = await stamped(signCmsDer(statement), { tsa: pki.rogueTsa });
    expect(failed(await inSession(cms))).toEqual([["timestamp", "tsa_untrusted_issuer"]]);
  });

  it("does not believe a certificate that is not a timestamping authority's", async () => {
    const cms = await stamped(signCmsDer(statement), { tsa: pki.notTsa });
    expect(failed(await inSession(cms))).toEqual([["timestamp", "tsa_not_a_tsa"]]);
  });
});
