/**
 * Whose signature may issue a school's document, and what went wrong with one in the staff's
 * words. The cryptography, the certificate, the key usage, the chain and the revocation are
 * judged as for a parent (flows/signatures); who may sign is the school's own rule: the staff
 * member's personal key, or the school's organisation key (its BIN). Apart from the signing link
 * (flows/result-signing.ts) because it is a policy over the verifier, the same whichever way the
 * signature came (the staff page, eGov mobile, SIGEX).
 */
import type { Certificate } from "./signatures/certificate.ts";
import { cmsToDer, findSignerCertificate, parseSignedData } from "./signatures/cms.ts";
import { verifyCms, type NcanodeOptions, type RevocationPolicy, type SignatureResult, type TrustStore } from "./signatures/index.ts";
import { nameField } from "./signatures/names.ts";
import { checkIinMatch } from "./signatures/policy.ts";
import { fail, pass, resultFrom, type SignatureCheck } from "./signatures/types.ts";
import { problemsOf, type SigningProblem } from "./signing-problems.ts";

/** What went wrong with a staff signature: the parent's problems, and the school's own. */
export type StaffSigningProblem =
  | Exclude<SigningProblem, "not_individual" | "gost_needs_paper">
  /** an organisation key of another organisation */
  | "other_organisation"
  /** neither a personal key nor an organisation's key */
  | "not_school_key"
  | "gost_unsupported";

/** OU=BIN… in an NCA organisation certificate's subject. */
const OID_OU = "2.5.4.11";

/** The organisation's BIN an NCA certificate names (`OU=BIN…`), if it is an organisation's. */
export function binOf(cert: Certificate): string | undefined {
  return nameField(cert.subject, OID_OU)?.match(/^BIN(\d{12})$/)?.[1];
}

/**
 * Verify a CMS made by school staff over a document. The cryptography, the certificate's
 * validity now, the signing-key usage, the chain and the revocation are the parent's checks;
 * who may sign differs: the staff member's own key (its IIN is theirs), or an organisation key
 * of the school (its BIN is the school's). Never throws.
 */
export async function verifyStaffCms(input: {
  cms: Uint8Array;
  data: Uint8Array;
  staffIin: string | null;
  schoolBin: string;
  trust: TrustStore;
  now: Date;
  sessionStart: Date;
  revocation: RevocationPolicy;
  ncanode?: NcanodeOptions;
}): Promise<SignatureResult & { bin?: string }> {
  const { ocspResponse, ...result } = await verifyCms({
    cms: input.cms,
    data: input.data,
    trust: input.trust,
    now: input.now,
    sessionStart: input.sessionStart,
    revocation: input.revocation,
    ...(input.ncanode ? { ncanode: input.ncanode } : {}),
  });
  const cert = signerCertificate(input.cms);
  if (!cert) return { ...result, ...(ocspResponse ? { ocspResponse } : {}) };
  const bin = binOf(cert);
  const checks: SignatureCheck[] = [];
  for (const check of result.checks) {
    if (bin !== undefined && check.name === "individual_eku") continue; // an organisation key is not an individual's, by design
    if (bin !== undefined && check.name === "iin_checksum" && check.reason === "iin_missing") continue; // the school's seal names no person
    checks.push(check);
  }
  if (bin !== undefined) {
    checks.push(
      bin === input.schoolBin
        ? pass("bin_match")
        : fail("bin_match", "other_organisation", `signed with the key of BIN ${bin}, not the school's`),
    );
  } else if (input.staffIin) {
    checks.push(checkIinMatch(cert, input.staffIin));
  } else {
    checks.push(fail("iin_match", "iin_missing", "the staff member has no IIN on record to compare the key's with"));
  }
  const { valid: _valid, checks: _checks, ...rest } = result;
  return { ...resultFrom(checks, rest), ...(ocspResponse ? { ocspResponse } : {}), ...(bin ? { bin } : {}) };
}

/** The certificate verifyCms judged: the first signer's (it is told no IIN to choose by). */
function signerCertificate(der: Uint8Array): Certificate | undefined {
  try {
    const cms = parseSignedData(cmsToDer(der));
    const first = cms.signers[0];
    return first ? findSignerCertificate(first, cms.certificates) : undefined;
  } catch {
    return undefined;
  }
}

/** The staff-facing problems behind a failed verification. */
export function staffProblemsOf(result: SignatureResult): StaffSigningProblem[] {
  const out = new Set<StaffSigningProblem>();
  for (const check of result.checks) {
    if (check.ok) continue;
    if (check.name === "bin_match") out.add("other_organisation");
    else if (check.name === "individual_eku") out.add("not_school_key");
    else if (check.name === "algorithm_supported" && check.reason === "gost_needs_ncanode") out.add("gost_unsupported");
  }
  for (const p of problemsOf(result)) {
    if (p === "not_individual") out.add("not_school_key");
    else if (p === "gost_needs_paper") out.add("gost_unsupported");
    else if (p === "other" && result.checks.some((c) => !c.ok && c.name === "bin_match")) continue;
    else out.add(p);
  }
  return [...out];
}
