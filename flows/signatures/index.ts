/**
 * EDS (ЭЦП / ЭЦҚ) signature verification for statements signed through NCALayer.
 *
 * ```ts
 * const trust = loadTrustStore(config.edsTrustDir);
 * const result = await verifyCms({ cms, data: pdfBytes, expectedIin: parent.iin, trust });
 * if (!result.valid) … result.checks.filter((c) => !c.ok) …
 * ```
 */
export { verifyCms, type VerifyCmsInput } from "./verify.ts";
export type { OcspOptions, RevocationPolicy } from "./ocsp.ts";
export { loadTrustStore, trustStoreFrom, type TrustStore } from "./trust.ts";
export type { NcanodeOptions } from "./ncanode.ts";
export type { SignatureCheck, SignatureCheckName, SignatureResult, SignerFacts } from "./types.ts";
