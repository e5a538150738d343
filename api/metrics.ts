import { Hono } from "hono";
import { bearerAuth } from "hono/bearer-auth";
import type { Metrics } from "#root/metrics.ts";

/**
 * `GET /metrics` in the Prometheus text format (no personal data in any label). With `token`
 * (METRICS_TOKEN) only `Authorization: Bearer <token>` is answered: a deployment that serves this
 * port to others need not rely on its proxy alone to keep the figures in.
 */
export function metricsRoutes(metrics: Metrics, token?: string): Hono {
  const app = new Hono();
  if (token) app.use("/metrics", bearerAuth({ token }));
  app.get("/metrics", async (c) => c.text(await metrics.render(), 200, { "Content-Type": metrics.contentType }));
  return app;
}
