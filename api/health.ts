/**
 * Health for people and for orchestrators:
 * - `GET /health`: the database and session storage answer (200), or 503 naming what failed.
 * - `GET /health/live`: the process answers (liveness: restart it when this fails).
 * - `GET /health/ready`: this instance can take work now (readiness: send it traffic) — the
 *   database and session storage answer, the database has every migration of this version, the
 *   bots are started, and it is not stopping. 503 names what is not ready.
 *
 * With `detailsToken` (METRICS_TOKEN) what is down is told only to `Authorization: Bearer <token>`,
 * as /metrics is: a request without the header still gets 200 / 503 and the status alone (a load
 * balancer's probe), a wrong token 401. /health/live says no more than that the process answers, to anyone.
 */
import { type Context, Hono, type MiddlewareHandler } from "hono";
import { bearerAuth } from "hono/bearer-auth";

export interface HealthDeps {
  db: { ping(): Promise<void> };
  sessions: { kind: "redis" | "database"; ping(): Promise<void> };
  /** What only a running system knows; without it /health/ready answers 503 "no system". */
  readiness?: Readiness;
  /** METRICS_TOKEN: when set, only a request bearing it is told what is down. */
  detailsToken?: string;
}

export interface Readiness {
  /** True from the moment a stop begins. */
  stopping(): boolean;
  /**
   * The bots take updates ("ok"), are still reaching Telegram ("starting"), or could not start or
   * receive none (Telegram refuses their long poll: "failed").
   */
  bots(): "ok" | "starting" | "failed";
  /** Committed migrations the database lacks (another version may have migrated it since the start). */
  pendingMigrations(): Promise<number>;
}

const PROBE_TIMEOUT_MS = 2000;

const reason = (err: unknown) => {
  const e = ((err as { cause?: unknown }).cause ?? err) as { code?: string; message?: string };
  return e.code ?? e.message ?? "error";
};

export function healthRoutes(deps: HealthDeps): Hono {
  const app = new Hono();
  const probe = () =>
    Promise.allSettled([withTimeout(deps.db.ping(), PROBE_TIMEOUT_MS), withTimeout(deps.sessions.ping(), PROBE_TIMEOUT_MS)]);
  // A request without an Authorization header is a probe, answered with the status alone; one
  // with it must bear the token (401 otherwise, as /metrics), and is told what is down.
  const statusOnly = (c: Context) => deps.detailsToken !== undefined && c.req.header("Authorization") === undefined;
  if (deps.detailsToken) {
    const auth = bearerAuth({ token: deps.detailsToken });
    const details: MiddlewareHandler = async (c, next) => (statusOnly(c) ? next() : auth(c, next));
    app.use("/health", details);
    app.use("/health/ready", details);
  }
  /** The body, or its status alone for a request that may not see what is down. */
  const answer = (c: Context, body: Record<string, string>, code: 200 | 503) =>
    c.json(statusOnly(c) ? { status: body.status } : body, code);

  app.get("/health", async (c) => {
    const [db, sessions] = await probe();
    const body: Record<string, string> = {
      status: "ok",
      db: db.status === "fulfilled" ? "ok" : `down: ${reason(db.reason)}`,
      sessions: deps.sessions.kind,
    };
    if (sessions.status === "rejected") body[deps.sessions.kind] = `down: ${reason(sessions.reason)}`;
    const healthy = db.status === "fulfilled" && sessions.status === "fulfilled";
    if (!healthy) body.status = "unavailable";
    return answer(c, body, healthy ? 200 : 503);
  });

  app.get("/health/live", (c) => c.json({ status: "live" }));

  app.get("/health/ready", async (c) => {
    const readiness = deps.readiness;
    if (!readiness) return answer(c, { status: "unavailable", system: "not started" }, 503);
    // A stopping instance is out at once, whatever its dependencies say.
    if (readiness.stopping()) return c.json({ status: "stopping" }, 503);
    const [db, sessions] = await probe();
    const pending =
      db.status === "fulfilled"
        ? await withTimeout(readiness.pendingMigrations(), PROBE_TIMEOUT_MS).catch((err: unknown) => err as Error)
        : undefined;
    const body: Record<string, string> = {
      status: "ready",
      db: db.status === "fulfilled" ? "ok" : `down: ${reason(db.reason)}`,
      [deps.sessions.kind === "redis" ? "redis" : "sessions"]: sessions.status === "fulfilled" ? "ok" : `down: ${reason(sessions.reason)}`,
      migrations:
        pending === undefined
          ? "unknown"
          : pending instanceof Error
            ? `unknown: ${reason(pending)}`
            : pending === 0
              ? "ok"
              : `${pending} pending`,
      bots: readiness.bots(),
    };
    const isReady = Object.entries(body).every(([key, value]) => key === "status" || value === "ok");
    if (readiness.stopping()) return c.json({ status: "stopping" }, 503);
    if (!isReady) body.status = "unavailable";
    return answer(c, body, isReady ? 200 : 503);
  });
  return app;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);
}
