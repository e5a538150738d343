/**
 * The public check of issued documents: `GET /check` is a form to type a code, `GET
 * /check/<code>` shows what the document's check allows anyone to see. There is no way to list
 * documents, lookups are rate-limited per client address, and a malformed code is answered
 * exactly like an unknown one, so trying codes teaches nothing.
 */
import { isIPv6 } from "node:net";
import { getConnInfo } from "@hono/node-server/conninfo";
import { Hono, type Context } from "hono";
import { secureHeaders } from "hono/secure-headers";
import { RateLimiterMemory, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Db } from "#root/db/client.ts";
import { formatCheckCode, normalizeCheckCode } from "#root/flows/check/code.ts";
import { checkDocument, signatureFileByCode } from "#root/flows/check/index.ts";
import { isLang, type Lang } from "#root/flows/i18n.ts";
import type { Logger } from "#root/log.ts";
import { CHECK_CSS, documentPage, errorPage, formPage, notFoundPage, tooManyPage } from "./page.ts";

export interface CheckDeps {
  db: Db;
  log: Logger;
  now: () => Date;
  /** Lookups allowed per client address and window (default 30 a minute). */
  limit?: { points: number; windowSec: number };
  /** Where lookups are counted: shared by the instances (Redis) in a deployment; else this process's memory. */
  limiter?: (opts: { keyPrefix: string; points: number; duration: number }) => RateLimiterAbstract;
  /** Behind a reverse proxy: take the client from the last X-Forwarded-For entry (the proxy's own). */
  trustProxy?: boolean;
}

/** The page's language: asked for (?lang=), else the browser's first choice if Russian, else Kazakh. */
function langOf(c: Context): Lang {
  const asked = c.req.query("lang");
  if (isLang(asked)) return asked;
  return /^\s*ru\b/i.test(c.req.header("Accept-Language") ?? "") ? "ru" : "kk";
}

/**
 * What a browser gets under /check when no route answers or a page fails on the server's side:
 * the check's own page in the reader's language (never a bare text or JSON body); undefined
 * elsewhere.
 */
export function checkFallback(c: Context, what: "not-found" | "error"): Response | Promise<Response> | undefined {
  if (!/^\/check(\/|$)/.test(c.req.path) || (c.req.method !== "GET" && c.req.method !== "HEAD")) return undefined;
  const lang = langOf(c);
  return what === "not-found" ? c.html(notFoundPage(lang), 404) : c.html(errorPage(lang), 500);
}

/**
 * Whom a lookup is counted against: an IPv4 address, or an IPv6 address's /64 network. A phone or
 * a home is given a whole /64, so counting each address would give one client 2^64 allowances.
 */
function clientKey(address: string): string {
  const ip = address.replace(/%.*$/, ""); // a zone index (fe80::1%eth0)
  if (!isIPv6(ip)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return mapped[1]!; // an IPv4 client on a dual-stack socket
  const [head = "", tail] = ip.split("::");
  const groups = (part: string) => (part === "" ? [] : part.split(":").flatMap((g) => (g.includes(".") ? ["0", "0"] : [g])));
  const left = groups(head);
  const right = tail === undefined ? [] : groups(tail);
  const all = [...left, ...Array<string>(8 - left.length - right.length).fill("0"), ...right];
  return `${all
    .slice(0, 4)
    .map((g) => Number.parseInt(g, 16).toString(16))
    .join(":")}::/64`;
}

export function checkRoutes(deps: CheckDeps): Hono {
  const app = new Hono();
  const limit = deps.limit ?? { points: 30, windowSec: 60 };
  // Counted where every instance sees it: behind a load balancer, N instances must not mean N× the tries.
  const opts = { keyPrefix: "check", points: limit.points, duration: limit.windowSec };
  const limiter = deps.limiter ? deps.limiter(opts) : new RateLimiterMemory(opts);

  const client = (c: Context): string => {
    if (deps.trustProxy) {
      const forwarded = c.req.header("X-Forwarded-For")?.split(",").at(-1)?.trim();
      if (forwarded) return forwarded;
    }
    try {
      return getConnInfo(c).remote.address ?? "unknown";
    } catch {
      return "unknown"; // not served by a Node socket (app.request in tests)
    }
  };

  app.use(
    "/check*",
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'none'"],
        styleSrc: ["'self'"],
        formAction: ["'self'"],
        baseUri: ["'none'"],
        frameAncestors: ["'none'"],
      },
      // The code in the address is what opens the page: never hand it to another site.
      referrerPolicy: "no-referrer",
      xFrameOptions: "DENY",
    }),
    async (c, next) => {
      await next();
      // The pages name a document: never kept. The stylesheet holds nothing personal and keeps its own caching.
      if (!c.req.path.startsWith("/check-assets/")) c.header("Cache-Control", "no-store");
      c.header("X-Robots-Tag", "noindex, nofollow");
    },
  );

  app.get("/check-assets/check.css", (c) =>
    c.body(CHECK_CSS, 200, { "Content-Type": "text/css; charset=utf-8", "Cache-Control": "public, max-age=3600" }),
  );

  /** A lookup allowed for this client now, or the "too many" answer. */
  const admit = async (c: Context, lang: Lang): Promise<Response | undefined> => {
    try {
      await limiter.consume(clientKey(client(c)));
      return undefined;
    } catch (err) {
      if (!(err instanceof RateLimiterRes)) throw err;
      const seconds = Math.max(1, Math.ceil(err.msBeforeNext / 1000));
      return c.html(tooManyPage(lang, Math.ceil(seconds / 60)), 429, { "Retry-After": String(seconds) });
    }
  };

  app.get("/check", async (c) => {
    const lang = langOf(c);
    const typed = c.req.query("code");
    if (typed === undefined) return c.html(formPage(lang));
    // The form's answer moves to the document's own address (the one its QR code holds), as printed
    // when it reads as a code (typed in Cyrillic look-alikes, say): the address bar shows the code.
    const code = normalizeCheckCode(typed.slice(0, 80));
    const path = code ? formatCheckCode(code) : typed.replace(/\s+/g, "").slice(0, 40);
    return c.redirect(`/check/${encodeURIComponent(path || "-")}?lang=${lang}`, 303);
  });

  app.get("/check/:code", async (c) => {
    const lang = langOf(c);
    const refused = await admit(c, lang);
    if (refused) return refused;
    const doc = await checkDocument(deps.db, c.req.param("code").slice(0, 40), deps.now());
    if (!doc) return c.html(notFoundPage(lang), 404);
    return c.html(documentPage(lang, doc));
  });

  // The school's CMS over the PDF, under the check code (never a guessable id): anyone holding
  // the document can verify its signature with their own tools.
  app.get("/check/:code/signature.p7s", async (c) => {
    const lang = langOf(c);
    const refused = await admit(c, lang);
    if (refused) return refused;
    const found = await signatureFileByCode(deps.db, c.req.param("code").slice(0, 40));
    if (!found) return c.html(notFoundPage(lang), 404);
    return c.body(new Uint8Array(found.bytes), 200, {
      "Content-Type": "application/pkcs7-signature",
      "Content-Disposition": `attachment; filename="${found.number.replace(/[^0-9A-Za-z-]/g, "-")}.p7s"`,
    });
  });

  return app;
}
