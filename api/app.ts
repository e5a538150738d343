import { Hono } from "hono";
import { HTTPException } from "hono/http-exception";
import type { Logger } from "#root/log.ts";
import { checkFallback } from "./check/index.ts";
import { healthRoutes, type HealthDeps } from "./health.ts";
import { signingFallback } from "./signing/fallback.ts";

export interface AppDeps extends HealthDeps {
  log: Logger;
  /** Extra routers mounted at the root (the playground, webhooks, the signing page). */
  routes?: Hono[];
}

/** The HTTP application: one router per concern, mounted here. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  // Browsers ask every page's site for an icon (the signing and check pages, the playground): none,
  // rather than a 404 on each load.
  app.get("/favicon.ico", (c) => c.body(null, 204, { "cache-control": "public, max-age=86400" }));
  app.route("/", healthRoutes(deps));
  for (const r of deps.routes ?? []) app.route("/", r);
  // The pages people open (signing links, the check) answer with their own HTML; the rest as Hono does.
  app.notFound((c) => signingFallback(c, "not-found") ?? checkFallback(c, "not-found") ?? c.text("404 Not Found", 404));
  app.onError((err, c) => {
    // An answer a middleware chose (a missing or wrong METRICS_TOKEN: 401), not a failure.
    if (err instanceof HTTPException) return err.getResponse();
    // The route's pattern, never the path: under /sign the path is the link's credential itself.
    deps.log.error({ error: err, method: c.req.method, route: c.req.routePath }, "HTTP handler failed");
    // A page gets a page (nothing about the failure); JSON routes (eGov mobile, webhooks, a posted signature) keep JSON.
    return signingFallback(c, "error") ?? checkFallback(c, "error") ?? c.json({ error: "internal error" }, 500);
  });
  return app;
}
