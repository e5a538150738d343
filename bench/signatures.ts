/**
 * How many detached RSA-2048 CMS signatures over a ~30 KB statement one process verifies per
 * second, full checks included (digest, signature, certificate, chain to a trusted CA).
 *
 *   npx tsx bench/signatures.ts
 */
import { randomBytes } from "node:crypto";
import { pathToFileURL } from "node:url";
import { trustStoreFrom, verifyCms } from "#root/flows/signatures/index.ts";
import { signCmsDer, testPki } from "#root/test/helpers/eds-test-ca.ts";

/** The measured figures. */
export interface SignaturesBenchResult {
  payloadBytes: number;
  iterations: number;
  seconds: number;
  verificationsPerSecond: number;
  meanMs: number;
}

/** Verify the same signature repeatedly for `durationMs` after a warm-up; throws if it is ever invalid. */
export async function runSignaturesBench(options: { durationMs?: number; payloadBytes?: number } = {}): Promise<SignaturesBenchResult> {
  const durationMs = options.durationMs ?? 3000;
  const data = new Uint8Array(randomBytes(options.payloadBytes ?? 30 * 1024));
  const pki = testPki();
  const cms = signCmsDer(data, { signer: pki.individual });
  const input = { cms, data, expectedIin: pki.iin, trust: trustStoreFrom([pki.ca.certPem]) };

  const once = async () => {
    const result = await verifyCms(input);
    if (!result.valid) throw new Error(`bench signature did not verify: ${JSON.stringify(result.checks)}`);
  };
  const warmUntil = performance.now() + Math.min(500, durationMs / 4);
  while (performance.now() < warmUntil) await once();

  let iterations = 0;
  const start = performance.now();
  while (performance.now() - start < durationMs) {
    await once();
    iterations++;
  }
  const seconds = (performance.now() - start) / 1000;
  return {
    payloadBytes: data.length,
    iterations,
    seconds: Number(seconds.toFixed(3)),
    verificationsPerSecond: Math.round(iterations / seconds),
    meanMs: Number(((seconds * 1000) / iterations).toFixed(3)),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await runSignaturesBench();
  console.log(
    `signatures: ${r.verificationsPerSecond} verifications/s (mean ${r.meanMs} ms, ${r.iterations} in ${r.seconds} s, ` +
      `detached RSA-2048 CMS over ${r.payloadBytes} bytes, full checks)`,
  );
}
