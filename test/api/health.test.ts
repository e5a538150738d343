/**
 * What an orchestrator reads from /health/live and /health/ready: ready only when the instance
 * can take work, and a 503 that names what is missing.
 */
import { describe, expect, it } from "vitest";
import { healthRoutes, type Readiness } from "#root/api/health.ts";
import { loadConfig } from "#root/config.ts";

function app(
  over: { db?: () => Promise<void>; sessions?: () => Promise<void>; readiness?: Partial<Readiness>; detailsToken?: string } = {},
) {
  const readiness: Readiness = { stopping: () => false, bots: () => "ok", pendingMigrations: async () => 0, ...over.readiness };
  return healthRoutes({
    db: { ping: over.db ?? (async () => {}) },
    sessions: { kind: "redis", ping: over.sessions ?? (async () => {}) },
    readiness,
    ...(over.detailsToken ? { detailsToken: over.detailsToken } : {}),
  });
}
const get = async (routes: ReturnType<typeof app>, path: string, headers: Record<string, string> = {}) => {
  const res = await routes.request(path, { headers });
  return { status: res.status, body: await res.json() };
};
const refused = async () => {
  throw Object.assign(new Error("connect ECONNREFUSED"), { code: "ECONNREFUSED" });
};

describe("/health/ready", () => {
  it("is 200 when the database and Redis answer, no migration is pending and the bots are started", async () => {
    expect(await get(app(), "/health/ready")).toEqual({
      status: 200,
      body: { status: "ready", db: "ok", redis: "ok", migrations: "ok", bots: "ok" },
    });
  });

  it.each([
    [{ db: refused }, { db: "down: ECONNREFUSED", migrations: "unknown" }],
    [{ sessions: refused }, { redis: "down: ECONNREFUSED" }],
    [{ readiness: { pendingMigrations: async () => 2 } }, { migrations: "2 pending" }],
    [{ readiness: { bots: () => "starting" as const } }, { bots: "starting" }],
  ])("is 503 naming what is not ready (%#)", async (over, named) => {
    const { status, body } = await get(app(over), "/health/ready");
    expect(status).toBe(503);
    expect(body).toMatchObject({ status: "unavailable", ...named });
  });

  it("says stopping from the moment a stop begins, whatever the dependencies say", async () => {
    expect(await get(app({ readiness: { stopping: () => true } }), "/health/ready")).toEqual({ status: 503, body: { status: "stopping" } });
  });
});

describe("/health/live", () => {
  it("answers while the process does, also when its dependencies are down or it is stopping", async () => {
    expect((await app({ db: refused, sessions: refused, readiness: { stopping: () => true } }).request("/health/live")).status).toBe(200);
  });
});

describe("with METRICS_TOKEN", () => {
  const TOKEN = "scrape-me-0123456789abcdef";
  const detailsToken = loadConfig({ METRICS_TOKEN: TOKEN }).metricsToken!;
  const bearer = { Authorization: `Bearer ${TOKEN}` };

  it("a probe without the token still gets 200 / 503 from /health/ready and /health: the status, nothing of what is down", async () => {
    expect(await get(app({ detailsToken }), "/health/ready")).toEqual({ status: 200, body: { status: "ready" } });
    expect(await get(app({ detailsToken, db: refused }), "/health/ready")).toEqual({ status: 503, body: { status: "unavailable" } });
    expect(await get(app({ detailsToken, readiness: { pendingMigrations: async () => 2 } }), "/health/ready")).toEqual({
      status: 503,
      body: { status: "unavailable" },
    });
    expect(await get(app({ detailsToken }), "/health")).toEqual({ status: 200, body: { status: "ok" } });
    expect(await get(app({ detailsToken, sessions: refused }), "/health")).toEqual({ status: 503, body: { status: "unavailable" } });
  });

  it("the token's bearer is told what is down; a wrong token gets 401 and nothing", async () => {
    expect(await get(app({ detailsToken, db: refused }), "/health/ready", bearer)).toEqual({
      status: 503,
      body: { status: "unavailable", db: "down: ECONNREFUSED", redis: "ok", migrations: "unknown", bots: "ok" },
    });
    expect(await get(app({ detailsToken, sessions: refused }), "/health", bearer)).toMatchObject({
      status: 503,
      body: { redis: "down: ECONNREFUSED" },
    });
    for (const path of ["/health/ready", "/health"]) {
      const res = await app({ detailsToken, db: refused }).request(path, { headers: { Authorization: "Bearer wrong-token-0123456789" } });
      expect(res.status, path).toBe(401);
      expect(await res.text(), path).not.toContain("ECONNREFUSED");
    }
  });

  it("/health/live stays open to anyone and says only that the process answers", async () => {
    expect(await get(app({ detailsToken, db: refused, sessions: refused }), "/health/live")).toEqual({
      status: 200,
      body: { status: "live" },
    });
  });
});

describe("without METRICS_TOKEN", () => {
  it("anyone who reaches the port is told what is down, as before", async () => {
    expect(await get(app({ db: refused }), "/health")).toMatchObject({ status: 503, body: { db: "down: ECONNREFUSED" } });
  });
});
