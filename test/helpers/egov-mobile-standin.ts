/**
 * A stand-in for eGov mobile: given what the parent's phone sees (the QR code's text
 * `mobileSign:<url>`, or the launch link with the URL in `link`), it does what the app does —
 * API №1, API №2 `GET`, signs the document with a test PKI key, API №2 `PUT` — over any
 * `fetch` (a real server, or a Hono app's `request`).
 */
import { signCms, testPki, type TestIdentity } from "./eds-test-ca.ts";

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface ServiceInfo {
  description: string;
  expiry_date: string;
  organisation: { nameRu: string; nameKz: string; nameEn: string; bin: string };
  document: { uri: string; auth_type: string; auth_token: string };
}

export interface DocumentsToSign {
  signMethod: string;
  documentsToSign: Array<{
    id: string;
    nameRu: string;
    nameKz: string;
    nameEn: string;
    meta: Array<{ name: string; value: string }>;
    documentCms: string;
  }>;
}

/** API №1's address from a QR code's text or a launch link. */
export function api1Address(scannedOrLaunch: string): string {
  if (scannedOrLaunch.startsWith("mobileSign:")) return scannedOrLaunch.slice("mobileSign:".length);
  const link = new URL(scannedOrLaunch).searchParams.get("link");
  if (!link) throw new Error(`Neither a mobileSign: QR text nor a launch link with ?link=: ${scannedOrLaunch}`);
  return link;
}

export interface SignOptions {
  /** The key the person holding the phone signs with (default the test parent's signing key). */
  signer?: TestIdentity;
  /** Default false: eGov mobile returns the document inside the CMS. */
  detached?: boolean;
  /** What is signed instead of the document it was given. */
  tamper?: (pdf: Uint8Array) => Uint8Array;
  /** What is PUT instead of the signed CMS. */
  replaceCms?: (cms: string) => string;
}

/** The app, step by step (tests of refusals call the steps themselves). */
export class EgovMobileStandin {
  constructor(private readonly fetch: Fetch) {}

  async serviceInfo(scannedOrLaunch: string): Promise<{ status: number; info: ServiceInfo }> {
    const res = await this.fetch(api1Address(scannedOrLaunch));
    return { status: res.status, info: (await res.json()) as ServiceInfo };
  }

  /** API №2 `GET`; `token` null sends no Authorization at all. */
  async documents(info: ServiceInfo, token: string | null = info.document.auth_token): Promise<{ status: number; body: DocumentsToSign }> {
    const res = await this.fetch(info.document.uri, { headers: token === null ? {} : { Authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as DocumentsToSign };
  }

  /** The documents with each `documentCms` signed (a CMS, base64), as the app PUTs them. */
  sign(docs: DocumentsToSign, options: SignOptions = {}): DocumentsToSign {
    return {
      ...docs,
      documentsToSign: docs.documentsToSign.map((d) => {
        const pdf = new Uint8Array(Buffer.from(d.documentCms, "base64"));
        const cms = signCms(options.tamper ? options.tamper(pdf) : pdf, {
          signer: options.signer ?? testPki().individual,
          detached: options.detached ?? false,
        });
        // the app may add its own meta
        return {
          ...d,
          meta: [...d.meta, { name: "signedBy", value: "eGov mobile" }],
          documentCms: options.replaceCms ? options.replaceCms(cms) : cms,
        };
      }),
    };
  }

  async put(
    info: ServiceInfo,
    body: unknown,
    token: string | null = info.document.auth_token,
  ): Promise<{ status: number; body: Record<string, unknown> }> {
    const res = await this.fetch(info.document.uri, {
      method: "PUT",
      headers: { "Content-Type": "application/json", ...(token === null ? {} : { Authorization: `Bearer ${token}` }) },
      body: typeof body === "string" ? body : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  }

  /** Everything the app does after a scan: the PUT's answer, and what was shown and signed. */
  async scanAndSign(scannedOrLaunch: string, options: SignOptions = {}) {
    const { status: infoStatus, info } = await this.serviceInfo(scannedOrLaunch);
    if (infoStatus !== 200) throw new Error(`API №1 answered ${infoStatus}: ${JSON.stringify(info)}`);
    const { status: docStatus, body: docs } = await this.documents(info);
    if (docStatus !== 200) throw new Error(`API №2 GET answered ${docStatus}: ${JSON.stringify(docs)}`);
    const put = await this.put(info, this.sign(docs, options));
    return { info, docs, put };
  }
}
