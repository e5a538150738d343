import { Hono } from "hono";
import type { Metrics } from "#root/metrics.ts";

/** `GET /metrics` in the Prometheus text format (no personal data in any label). */
export function metricsRoutes(metrics: Metrics): Hono {
  const app = new Hono();
  app.get("/metrics", async (c) => c.text(await metrics.render(), 200, { "Content-Type": metrics.contentType }));
  return app;
}
