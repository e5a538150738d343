/**
 * GOST signatures (Kazakhstan's GOST 34.310 keys, OIDs under 1.2.398.3.10) cannot be verified
 * with node-forge. With an NCANode server configured we ask it; without one we say so in the
 * result — the certificate facts are still read and checked locally.
 */
import type { Certificate } from "./certificate.ts";
import { ncanodeVerifyCms, NcanodeError, type NcanodeCertificate, type NcanodeOptions } from "./ncanode.ts";
import { fail, pass, type SignatureCheck } from "./types.ts";

export interface GostContext {
  /** DER of the CMS as received. */
  cms: Uint8Array;
  cert: Certificate;
  /** Data to send along for a detached CMS. */
  data?: Uint8Array;
  ncanode?: NcanodeOptions;
}

/** The certificate NCANode reported for our signer (matched by serial), else its first one. */
function signerEntry(certs: readonly NcanodeCertificate[], serialHex: string): NcanodeCertificate | undefined {
  const norm = (s: string | undefined) => (s ?? "").toLowerCase().replace(/^0+/, "");
  return certs.find((c) => norm(c.serialNumber) === norm(serialHex)) ?? certs[0];
}

/**
 * The cryptographic checks for a GOST signature: `algorithm_supported`, then, from NCANode,
 * `signature`, `chain` and `revocation`. Never throws: an unreachable NCANode is a failed check.
 */
export async function gostChecks(ctx: GostContext): Promise<SignatureCheck[]> {
  if (!ctx.ncanode) {
    return [fail("algorithm_supported", "gost_needs_ncanode", "GOST signatures are verified by an NCANode server; configure NCANODE_URL")];
  }
  const checks: SignatureCheck[] = [pass("algorithm_supported", "GOST, verified by NCANode")];
  let answer;
  try {
    answer = await ncanodeVerifyCms(ctx.ncanode, ctx.cms, ctx.data);
  } catch (e) {
    const reason = e instanceof NcanodeError ? "ncanode_unavailable" : "ncanode_failed";
    return [...checks, fail("signature", reason, (e as Error).message)];
  }
  const signerCerts = answer.signers?.[0]?.certificates ?? [];
  const entry = signerEntry(signerCerts, ctx.cert.serialHex);
  checks.push(
    answer.valid
      ? pass("signature", "NCANode: valid")
      : fail(
          "signature",
          "ncanode_rejected",
          `NCANode: not valid${answer.message ? ` (${answer.message})` : ""}; see the certificate checks for the cause`,
        ),
  );
  checks.push(
    entry?.valid === true
      ? pass("chain", "NCANode: certificate trusted")
      : fail("chain", "ncanode_untrusted", "NCANode did not confirm the certificate (expired, untrusted issuer or revoked)"),
  );
  const revocations = entry?.revocations ?? [];
  const revoked = revocations.find((r) => r.revoked);
  checks.push(
    revoked
      ? fail(
          "revocation",
          "revoked",
          `revoked${revoked.revocationTime ? ` at ${revoked.revocationTime}` : ""}` +
            `${revoked.reason ? `: ${revoked.reason}` : ""} (by ${revoked.by ?? "OCSP"})`,
        )
      : revocations.length > 0
        ? pass("revocation", `not revoked (${revocations.map((r) => r.by ?? "OCSP").join(", ")})`)
        : fail("revocation", "not_checked", "NCANode reported no revocation status"),
  );
  return checks;
}
