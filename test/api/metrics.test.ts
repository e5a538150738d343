/**
 * `/metrics` is open by default (the proxy keeps it in), and with METRICS_TOKEN answers only the
 * scraper that sends it as a Bearer token — a wrong or missing one gets 401 (400 for another scheme), and no figure.
 */
import { describe, expect, it } from "vitest";
import { metricsRoutes } from "#root/api/metrics.ts";
import { loadConfig } from "#root/config.ts";
import { Metrics } from "#root/metrics.ts";

const TOKEN = "scrape-me-0123456789abcdef";

describe("/metrics", () => {
  it("without METRICS_TOKEN: answers the Prometheus text to anyone who reaches it", async () => {
    const res = await metricsRoutes(new Metrics()).request("/metrics");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("desk_updates_total");
  });

  it("with METRICS_TOKEN: only the Bearer token opens it", async () => {
    const app = metricsRoutes(new Metrics(), loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken);
    for (const headers of [
      {} as Record<string, string>,
      { Authorization: "Bearer wrong-token-0123456789" },
      { Authorization: `Basic ${TOKEN}` },
    ]) {
      const res = await app.request("/metrics", { headers });
      expect([400, 401]).toContain(res.status); // 400: not a Bearer header at all (RFC 6750)
      expect(await res.text()).not.toContain("desk_");
    }
    const ok = await app.request("/metrics", { headers: { Authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("desk_updates_total");
  });

  it("a METRICS_TOKEN too short to guard anything stops the start with one line naming it", () => {
    expect(() => loadConfig({ METRICS_TOKEN: "short" })).toThrow(/METRICS_TOKEN/);
  });
});
