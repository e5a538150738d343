import { Hono } from "hono";

export interface HealthDeps {
  db: { ping(): Promise<void> };
  sessions: { kind: "redis" | "database"; ping(): Promise<void> };
}

const reason = (err: unknown) => {
  const e = ((err as { cause?: unknown }).cause ?? err) as { code?: string; message?: string };
  return e.code ?? e.message ?? "error";
};

/** `GET /health`: 200 when the database and session storage answer, 503 naming what failed. */
export function healthRoutes(deps: HealthDeps): Hono {
  const app = new Hono();
  app.get("/health", async (c) => {
    const [db, sessions] = await Promise.allSettled([withTimeout(deps.db.ping(), 2000), withTimeout(deps.sessions.ping(), 2000)]);
    const body: Record<string, string> = {
      status: "ok",
      db: db.status === "fulfilled" ? "ok" : `down: ${reason(db.reason)}`,
      sessions: deps.sessions.kind,
    };
    if (sessions.status === "rejected") body[deps.sessions.kind] = `down: ${reason(sessions.reason)}`;
    const healthy = db.status === "fulfilled" && sessions.status === "fulfilled";
    if (!healthy) body.status = "unavailable";
    return c.json(body, healthy ? 200 : 503);
  });
  return app;
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error("timeout")), ms).unref())]);
}
