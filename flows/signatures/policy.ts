/**
 * Whether the signer certificate is acceptable for a parent's statement: valid now, a
 * signing (not authentication) key of an individual, with a well-formed IIN that is the
 * parent's. These checks need no cryptography, so they run for GOST certificates too.
 */
import { checkIin, maskIin } from "#root/flows/iin.ts";
import { EKU_CLIENT_AUTH, EKU_KZ_INDIVIDUAL, iinOf, type Certificate } from "./certificate.ts";
import { fail, pass, type SignatureCheck } from "./types.ts";

/**
 * How far a signer's clock may be from ours. A signing time beyond it, either way, is a wrong
 * clock or a signature made outside this signing session, not skew.
 */
export const CLOCK_SKEW_MS = 5 * 60_000;

/** When the signature was made, and how we know: a verified timestamp token, or the signer's word. */
export interface SigningTimeEvidence {
  time: Date;
  source: "timestamp" | "claimed";
}

/**
 * The `signing_time` check. The time must not be in the future, and when the signature answers
 * a signing link (`sessionStart`), it must fall between the link's issue and now: a signature
 * made a year ago with a since-expired key is not a signature made in this session. A claimed
 * time is only a bound here; the certificate is judged at the verification time either way.
 */
export function checkSigningTime(evidence: SigningTimeEvidence | undefined, now: Date, sessionStart?: Date): SignatureCheck {
  if (evidence === undefined) {
    return sessionStart === undefined
      ? pass("signing_time", "no signingTime attribute; the certificate is checked at verification time")
      : fail("signing_time", "missing", "the signature carries no signing time, so it cannot be placed inside the signing session");
  }
  const { time, source } = evidence;
  const what = `${source === "timestamp" ? "timestamped" : "claimed"} signing time ${time.toISOString()}`;
  if (time.getTime() > now.getTime() + CLOCK_SKEW_MS) {
    return fail("signing_time", "in_future", `${what} is later than now (${now.toISOString()})`);
  }
  if (sessionStart !== undefined && time.getTime() < sessionStart.getTime() - CLOCK_SKEW_MS) {
    return fail(
      "signing_time",
      "before_session",
      `${what} is before the signing link was issued (${sessionStart.toISOString()}): ` +
        `the signer's clock is wrong or the signature was made earlier`,
    );
  }
  return pass("signing_time", `${time.toISOString()} (${source})`);
}

/** The `certificate_validity` check at `at`: the verification time, so an expired key never signs. */
export function checkValidity(cert: Certificate, at: Date): SignatureCheck {
  const period = `valid ${cert.notBefore.toISOString()} – ${cert.notAfter.toISOString()}, checked at ${at.toISOString()}`;
  if (at < cert.notBefore) return fail("certificate_validity", "not_yet_valid", period);
  if (at > cert.notAfter) return fail("certificate_validity", "expired", period);
  return pass("certificate_validity", period);
}

/**
 * The `signing_key` check. NCA issues every person two keys: AUTH (digitalSignature +
 * keyEncipherment, EKU clientAuth) for logging in, and RSA/GOST signing keys with
 * nonRepudiation. Only the latter may sign a statement.
 */
export function checkSigningKey(cert: Certificate): SignatureCheck {
  const usage = cert.keyUsage ?? [];
  if (usage.includes("nonRepudiation")) return pass("signing_key", usage.join(", "));
  const looksLikeAuth = usage.includes("keyEncipherment") || (cert.extKeyUsage ?? []).includes(EKU_CLIENT_AUTH);
  return fail(
    "signing_key",
    looksLikeAuth ? "authentication_key" : "no_non_repudiation",
    `keyUsage ${usage.join(", ") || "absent"}: ` +
      (looksLikeAuth
        ? "this is an authentication (AUTH) key; sign with the signing key (RSA/GOST) instead"
        : "nonRepudiation is required to sign"),
  );
}

/** The `individual_eku` check: the certificate was issued to an individual (физическое лицо). */
export function checkIndividual(cert: Certificate): SignatureCheck {
  return (cert.extKeyUsage ?? []).includes(EKU_KZ_INDIVIDUAL)
    ? pass("individual_eku")
    : fail(
        "individual_eku",
        "not_individual",
        `extendedKeyUsage lacks ${EKU_KZ_INDIVIDUAL} (individual): an organisation's or employee's certificate`,
      );
}

/** The `iin_checksum` check: the certificate carries an IIN that passes the check digit. */
export function checkIinChecksum(cert: Certificate): SignatureCheck {
  const iin = iinOf(cert);
  if (iin === undefined) return fail("iin_checksum", "iin_missing", "the subject has no SERIALNUMBER=IIN… attribute");
  const result = checkIin(iin);
  return result.ok
    ? pass("iin_checksum")
    : fail("iin_checksum", `iin_${result.reason}`, `IIN ${maskIin(iin)} fails the ${result.reason} check`);
}

/** The `iin_match` check: the certificate's IIN is the expected one (the parent's). */
export function checkIinMatch(cert: Certificate, expectedIin: string): SignatureCheck {
  const iin = iinOf(cert);
  if (iin === undefined) return fail("iin_match", "iin_missing", "the certificate has no IIN to compare");
  return iin === expectedIin.trim()
    ? pass("iin_match")
    : fail("iin_match", "other_person", `signed by IIN ${maskIin(iin)}, expected ${maskIin(expectedIin.trim())}`);
}

/**
 * The certificate checks in their reporting order: validity at `at`, key type, individual,
 * then (by the caller, between these) the chain, then the IIN checks.
 */
export function certificateChecks(cert: Certificate, at: Date): SignatureCheck[] {
  return [checkValidity(cert, at), checkSigningKey(cert), checkIndividual(cert)];
}

/** The IIN checks; `iin_match` only when an expected IIN is given. */
export function iinChecks(cert: Certificate, expectedIin: string | undefined): SignatureCheck[] {
  const checks = [checkIinChecksum(cert)];
  if (expectedIin !== undefined) checks.push(checkIinMatch(cert, expectedIin));
  return checks;
}
