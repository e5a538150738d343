import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { trustStoreFrom, verifyCms, type SignatureResult } from "#root/flows/signatures/index.ts";

/** A real CMS made with an NCA-issued test key (NCANode's documentation example); see its README. */
const sample = readFileSync(new URL("../../fixtures/eds/nca-rsa-attached-sample.cms.b64", import.meta.url), "utf8");

const byName = (r: SignatureResult) => Object.fromEntries(r.checks.map((c) => [c.name, c]));

describe("the real NCA-issued sample signature", () => {
  it("has a mathematically valid signature over its attached content", async () => {
    const checks = byName(await verifyCms({ cms: sample, trust: trustStoreFrom([]) }));
    expect(checks.parse?.ok).toBe(true);
    expect(checks.message_digest?.ok).toBe(true);
    expect(checks.signature?.ok).toBe(true);
  });

  it("is not acceptable as a statement signature: expired, an authentication key, a test IIN", async () => {
    const result = await verifyCms({ cms: sample, trust: trustStoreFrom([]) });
    const checks = byName(result);
    expect(result.valid).toBe(false);
    expect(checks.certificate_validity).toMatchObject({ ok: false, reason: "expired" });
    expect(checks.signing_key).toMatchObject({ ok: false, reason: "authentication_key" });
    expect(checks.iin_checksum).toMatchObject({ ok: false, reason: "iin_checksum" });
    expect(checks.chain?.ok).toBe(false); // its CA is not in the store
  });

  it("is judged now, and was already expired at the time it claims to have been signed", async () => {
    const now = await verifyCms({ cms: sample, trust: trustStoreFrom([]) });
    expect(byName(now).certificate_validity?.detail).toContain(`checked at ${now.verifiedAt}`);
    const then = await verifyCms({ cms: sample, trust: trustStoreFrom([]), now: new Date(now.signingTime!) });
    expect(byName(then).certificate_validity).toMatchObject({ ok: false, reason: "expired" }); // notAfter 2019-08-22, signed 2020-07-04
    expect(now.timestampTime).toBeUndefined(); // no timestamp token: the signing time is only the signer's claim
  });

  it("reads the signer's IIN and Cyrillic/Kazakh names correctly", async () => {
    const result = await verifyCms({ cms: sample, trust: trustStoreFrom([]), expectedIin: "123456789011" });
    expect(result.signer).toMatchObject({
      iin: "123456789011",
      commonName: "ТЕСТОВ ТЕСТ",
      surname: "ТЕСТОВ",
      givenName: "ТЕСТОВИЧ",
      notBefore: "2018-08-22T12:11:36.000Z",
      notAfter: "2019-08-22T12:11:36.000Z",
      keyUsage: ["digitalSignature", "keyEncipherment"],
      extKeyUsage: ["clientAuth", "1.2.398.3.3.4.1.1"],
    });
    expect(result.signer?.issuer).toBe("C=KZ, CN=ҰЛТТЫҚ КУӘЛАНДЫРУШЫ ОРТАЛЫҚ (RSA)");
    expect(result.signingTime).toBe("2020-07-04T08:44:31.000Z");
    expect(byName(result).iin_match?.ok).toBe(true);
  });

  it("notices when a different file is presented as the signed one", async () => {
    const result = await verifyCms({ cms: sample, data: new TextEncoder().encode("asdasd"), trust: trustStoreFrom([]) });
    expect(byName(result).content_match?.ok).toBe(true);
    const other = await verifyCms({ cms: sample, data: new TextEncoder().encode("qwerty"), trust: trustStoreFrom([]) });
    expect(byName(other).content_match?.ok).toBe(false);
  });
});
