/**
 * What an orchestrator reads from /health/live and /health/ready: ready only when the instance
 * can take work, and a 503 that names what is missing.
 */
import { describe, expect, it } from "vitest";
import { healthRoutes, type Readiness } from "#root/api/health.ts";

function app(over: { db?: () => Promise<void>; sessions?: () => Promise<void>; readiness?: Partial<Readiness> } = {}) {
  const readiness: Readiness = { stopping: () => false, bots: () => "ok", pendingMigrations: async () => 0, ...over.readiness };
  return healthRoutes({
    db: { ping: over.db ?? (async () => {}) },
    sessions: { kind: "redis", ping: over.sessions ?? (async () => {}) },
    readiness,
  });
}
const get = async (routes: ReturnType<typeof app>, path: string) => {
  const res = await routes.request(path);
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
