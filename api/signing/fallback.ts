/**
 * What a browser gets under /sign when no route answers (a shortened or mistyped link) or a page
 * fails on the server's side: the signing pages' own HTML, in Kazakh and Russian — never Hono's
 * bare English text nor a JSON body. eGov mobile's routes (/sign/mobile/…) and the signature a
 * page posts (JSON both ways) keep their JSON answers, and a missing static file stays a plain 404.
 */
import type { Context } from "hono";
import { assetsFrom, renderErrorPage, renderRefusedPage } from "./page.ts";
import { renderStaffRefusedPage } from "./staff.ts";

/** The answer for `c` under /sign, or undefined when it is not a page's to give. */
export function signingFallback(c: Context, what: "not-found" | "error"): Response | undefined {
  const path = c.req.path;
  if (!/^\/sign(\/|$)/.test(path) || /^\/sign\/mobile(\/|$)/.test(path) || /^\/sign\/(staff\/)?assets\//.test(path)) return undefined;
  const staff = /^\/sign\/staff(\/|$)/.test(path);
  const assets = assetsFrom(path, staff);
  if (what === "not-found") {
    // A link cut short or mistyped is a link that does not exist: the page says so, as for an unknown token.
    const page = staff ? renderStaffRefusedPage("invalid", assets) : renderRefusedPage("invalid", assets);
    return c.html(page, 404, { "X-Signing-Refused": "invalid" });
  }
  if (c.req.method !== "GET" && c.req.method !== "HEAD") return undefined;
  return c.html(renderErrorPage(staff, assets), 500);
}
