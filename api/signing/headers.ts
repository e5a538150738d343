/**
 * The headers of every signing page and its files: nothing but this server and NCALayer's
 * socket may be reached, nothing framed from elsewhere, nothing cached (links are secrets).
 */
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

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
