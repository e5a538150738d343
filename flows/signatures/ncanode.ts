/**
 * The NCANode v3 HTTP client, `POST /cms/verify` only. NCANode (github.com/ncanode-kz) wraps
 * the NCA's Kalkan crypto provider: it verifies GOST signatures and checks revocation by OCSP.
 * `fetch` is injectable so tests can answer for the server.
 */
import { z } from "zod";

/** Where NCANode lives and how to call it. */
export interface NcanodeOptions {
  /** Base URL, e.g. `http://localhost:14579`. */
  url: string;
  fetch?: typeof fetch;
  /** Default 15 s: OCSP round-trips to pki.gov.kz can be slow. */
  timeoutMs?: number;
}

const revocation = z.object({
  revoked: z.boolean(),
  by: z.string().optional(),
  revocationTime: z.string().nullish(),
  reason: z.string().nullish(),
});

const certificate = z.object({
  valid: z.boolean().optional(),
  revocations: z.array(revocation).nullish(),
  notBefore: z.string().optional(),
  notAfter: z.string().optional(),
  keyUsage: z.string().nullish(),
  keyUser: z.array(z.string()).nullish(),
  serialNumber: z.string().optional(),
  signAlg: z.string().nullish(),
  subject: z.record(z.string(), z.unknown()).optional(),
  issuer: z.record(z.string(), z.unknown()).optional(),
});

/** The parts of NCANode's `CmsVerificationResponse` we use (extra fields are ignored). */
const verifyResponse = z.object({
  status: z.number().optional(),
  message: z.string().nullish(),
  valid: z.boolean(),
  signers: z.array(z.object({ certificates: z.array(certificate).default([]) })).nullish(),
});

export type NcanodeVerifyResponse = z.infer<typeof verifyResponse>;
export type NcanodeCertificate = z.infer<typeof certificate>;

/** NCANode could not be asked or gave no usable answer. */
export class NcanodeError extends Error {
  override name = "NcanodeError";
}

/**
 * Ask NCANode to verify a CMS, with OCSP revocation checking. `data` is sent for a detached
 * signature. Throws {@link NcanodeError} on network errors, timeouts, HTTP errors and
 * answers that are not a verification response.
 */
export async function ncanodeVerifyCms(options: NcanodeOptions, cms: Uint8Array, data?: Uint8Array): Promise<NcanodeVerifyResponse> {
  const doFetch = options.fetch ?? fetch;
  const url = `${options.url.replace(/\/+$/, "")}/cms/verify`;
  const body: Record<string, unknown> = { cms: Buffer.from(cms).toString("base64"), revocationCheck: ["OCSP"] };
  if (data !== undefined) body.data = Buffer.from(data).toString("base64");
  let response: Response;
  try {
    response = await doFetch(url, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 15_000),
    });
  } catch (e) {
    throw new NcanodeError(`NCANode at ${url} is unreachable (${(e as Error).message}); check NCANODE_URL and that the server runs`);
  }
  const text = await response.text().catch(() => "");
  if (!response.ok) throw new NcanodeError(`NCANode answered HTTP ${response.status}: ${text.slice(0, 200)}`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new NcanodeError(`NCANode answered with non-JSON: ${text.slice(0, 200)}`);
  }
  const parsed = verifyResponse.safeParse(json);
  if (!parsed.success) throw new NcanodeError(`NCANode's answer is not a CMS verification result: ${parsed.error.message.slice(0, 200)}`);
  return parsed.data;
}
