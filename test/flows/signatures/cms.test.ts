import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { fromBinary } from "#root/flows/signatures/asn1.ts";
import { cmsToDer, detachedCms, parseSignedData } from "#root/flows/signatures/cms.ts";
import { trustStoreFrom, verifyCms, type SignatureResult } from "#root/flows/signatures/index.ts";
import { signCmsDer } from "#root/test/helpers/eds-test-ca.ts";

/** A real CMS made with an NCA-issued test key, its content attached (the six bytes `asdasd`). */
const sample = fromBinary(cmsToDer(readFileSync(new URL("../../fixtures/eds/nca-rsa-attached-sample.cms.b64", import.meta.url), "utf8")));
const document = new TextEncoder().encode("%PDF-1.7\nАнықтама / Справка: Петров Алихан, ЖСН 150309500123\n%%EOF");

const byName = (r: SignatureResult) => Object.fromEntries(r.checks.map((c) => [c.name, c]));

describe("detachedCms: a published signature does not carry the document it signs", () => {
  it("takes the content out of the real NCA sample, and the signature still verifies against the content held apart", async () => {
    const detached = detachedCms(sample);
    const [before, after] = [parseSignedData(cmsToDer(sample)), parseSignedData(cmsToDer(detached))];
    expect(before.content).toBe("asdasd");
    expect(after.content).toBeUndefined();
    expect(after.eContentType).toBe(before.eContentType);
    expect(after.certificates.map((c) => c.subject)).toEqual(before.certificates.map((c) => c.subject));
    expect(detached.length).toBe(sample.length - "asdasd".length - 4); // [0] { OCTET STRING } gone, nothing else

    const checks = byName(await verifyCms({ cms: detached, data: new TextEncoder().encode("asdasd"), trust: trustStoreFrom([]) }));
    expect(checks.message_digest?.ok).toBe(true);
    expect(checks.signature?.ok).toBe(true);
  });

  it("keeps a document of any size out (long DER lengths), and only that document verifies", async () => {
    const big = new Uint8Array(70_000).map((_, i) => document[i % document.length]!);
    const detached = detachedCms(signCmsDer(big, { detached: false }));
    expect(Buffer.from(detached).includes(Buffer.from(document))).toBe(false);
    const trust = trustStoreFrom([]);
    const same = byName(await verifyCms({ cms: detached, data: big, trust }));
    expect([same.message_digest?.ok, same.signature?.ok]).toEqual([true, true]);
    const other = byName(await verifyCms({ cms: detached, data: document, trust }));
    expect(other.message_digest?.ok).toBe(false);
  });

  it("leaves a detached signature byte for byte as it is", () => {
    const detached = signCmsDer(document);
    expect(Buffer.from(detachedCms(detached)).equals(Buffer.from(detached))).toBe(true);
  });

  it("refuses what is not a signature", () => {
    expect(() => detachedCms(document)).toThrow(/CMS/);
  });
});
