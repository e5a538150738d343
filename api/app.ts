import { Hono } from "hono";
import type { Logger } from "#root/log.ts";
import { healthRoutes, type HealthDeps } from "./health.ts";

export interface AppDeps extends HealthDeps {
  log: Logger;
  /** Extra routers mounted at the root (the playground, webhooks, the signing page). */
  routes?: Hono[];
}

/** The HTTP application: one router per concern, mounted here. */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();
  app.route("/", healthRoutes(deps));
  for (const r of deps.routes ?? []) app.route("/", r);
  app.onError((err, c) => {
    // The route's pattern, never the path: under /sign the path is the link's credential itself.
    deps.log.error({ error: err, method: c.req.method, route: c.req.routePath }, "HTTP handler failed");
    return c.json({ error: "internal error" }, 500);
  });
  return app;
}
