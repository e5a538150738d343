/**
 * What went wrong with a signature, in the parent's terms: the verifier reports its checks
 * (flows/signatures), and the signing page, the parent's bot and eGov mobile's notices each
 * explain a problem, not a check. One list and one mapping, so every route says the same thing
 * about the same signature (the staff's words build on it: flows/staff-signature.ts).
 */
import type { SignatureResult } from "./signatures/index.ts";

/**
 * What went wrong with a signature, in the parent's terms (the page and the bot explain each).
 * Derived from the verifier's failed checks by {@link problemsOf}.
 */
export type SigningProblem =
  | "unreadable"
  | "wrong_content"
  | "authentication_key"
  | "not_individual"
  | "other_person"
  | "certificate_expired"
  | "untrusted"
  | "revoked"
  /** the CA's OCSP responder could not be asked or believed: try again, or sign on paper */
  | "revocation_unavailable"
  /** the signing time is not inside this signing session (a wrong clock, or a back-dated signature) */
  | "signing_time"
  | "gost_needs_paper"
  | "unsupported_key"
  | "verification_unavailable"
  /** eGov mobile through SIGEX: signed with a QR code since replaced (a new one, an edit), or run out; not taken */
  | "qr_replaced"
  | "qr_expired"
  | "other";

/** The parent-facing problems behind a failed verification, most useful first, without repeats. */
export function problemsOf(result: SignatureResult): SigningProblem[] {
  const out = new Set<SigningProblem>();
  for (const check of result.checks) {
    if (check.ok) continue;
    switch (check.name) {
      case "parse":
        out.add("unreadable");
        break;
      case "algorithm_supported":
        out.add(check.reason === "gost_needs_ncanode" ? "gost_needs_paper" : "unsupported_key");
        break;
      case "content_match":
      case "message_digest":
        out.add("wrong_content");
        break;
      case "signature":
        out.add(check.reason === "ncanode_unavailable" || check.reason === "ncanode_failed" ? "verification_unavailable" : "wrong_content");
        break;
      case "signing_key":
        out.add("authentication_key");
        break;
      case "individual_eku":
        out.add("not_individual");
        break;
      case "iin_match":
      case "iin_checksum":
        out.add("other_person");
        break;
      case "certificate_validity":
        out.add("certificate_expired");
        break;
      case "chain":
        out.add("untrusted");
        break;
      case "revocation":
        out.add(check.reason === "revoked" ? "revoked" : check.reason === "unknown" ? "untrusted" : "revocation_unavailable");
        break;
      case "signing_time":
        out.add("signing_time");
        break;
      default:
        out.add("other");
    }
  }
  return [...out];
}
