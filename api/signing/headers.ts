/**
 * What every signing page (the parents' and the staff's) serves alike: the headers (nothing but
 * this server and NCALayer's socket may be reached, nothing framed from elsewhere, nothing cached:
 * links are secrets), the static files, the PDF shown in the page, and the posted signature's
 * body (JSON, size-limited).
 */
import type { Context, Handler, MiddlewareHandler } from "hono";
import { bodyLimit } from "hono/body-limit";
import { secureHeaders } from "hono/secure-headers";
import { loadSigningAssets } from "./assets.ts";

/** A CMS over a detached document is a few kilobytes; this leaves room for long chains. */
const MAX_POST_BYTES = 256 * 1024;

/** The `ws(s)://host:port` origin the page may connect to (CSP `connect-src`). */
function ncalayerOrigin(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}`;
}

export function signingPageHeaders(ncalayerUrl: string): MiddlewareHandler[] {
  return [
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'"],
        connectSrc: ["'self'", ncalayerOrigin(ncalayerUrl)],
        frameSrc: ["'self'"],
        baseUri: ["'none'"],
        formAction: ["'none'"],
        frameAncestors: ["'none'"],
      },
      referrerPolicy: "no-referrer",
      xFrameOptions: "DENY",
      // a PDF sets its own framing headers, to be shown inside the page
      overwrite: false,
    }),
    async (c, next) => {
      await next();
      c.header("Cache-Control", "no-store");
    },
  ];
}

/** Serves the page's static files (`assets/:name`). */
export function assetHandler(): Handler {
  const assets = loadSigningAssets();
  return (c) => {
    const asset = assets.get(c.req.param("name") ?? "");
    if (!asset) return c.notFound();
    return c.body(asset.body, 200, { "Content-Type": asset.contentType });
  };
}

/** The document to sign, shown inline in the page's <iframe> (same origin only). */
export function inlinePdf(c: Context, bytes: Uint8Array, fileName: string): Response {
  return c.body(new Uint8Array(bytes), 200, {
    "Content-Type": "application/pdf",
    "Content-Disposition": `inline; filename="${fileName}"`,
    "X-Frame-Options": "SAMEORIGIN",
    "Content-Security-Policy": "frame-ancestors 'self'",
  });
}

/**
 * The signing link first, with one indexed read (`check`): a wrong or spent link is refused
 * (`refuse`) before the server reads and parses up to 256 KB of its body.
 */
export function linkFirst<R>(
  check: (token: string) => Promise<{ ok: true } | { ok: false; reason: R }>,
  refuse: (c: Context, reason: R) => Response,
): MiddlewareHandler {
  return async (c, next) => {
    const may = await check(c.req.param("token") ?? "");
    if (!may.ok) return refuse(c, may.reason);
    await next();
  };
}

/** The posted signature's body is limited in size. */
export const signatureBodyLimit = bodyLimit({
  maxSize: MAX_POST_BYTES,
  onError: (c) => c.json({ status: "refused", reason: "malformed" }, 413),
});

/**
 * The CMS the page posted, or the refusal to answer with. JSON only: a cross-site form cannot
 * send it without a CORS preflight, which we never allow.
 */
export async function postedCms(c: Context): Promise<{ cms: string } | { refused: Response }> {
  if (!c.req.header("Content-Type")?.startsWith("application/json"))
    return { refused: c.json({ status: "refused", reason: "malformed" }, 415) };
  const body = (await c.req.json().catch(() => null)) as { cms?: unknown } | null;
  if (typeof body?.cms !== "string") return { refused: c.json({ status: "refused", reason: "malformed" }, 400) };
  return { cms: body.cms };
}
