/**
 * The HTTP application as a browser and an operator meet it when something goes wrong: a
 * handler failing (the database down) is logged by its route, never by the address that holds
 * a signing link's credential.
 */
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createApp } from "#root/api/app.ts";
import { checkRoutes } from "#root/api/check/index.ts";
import { signingRoutes } from "#root/api/signing/index.ts";
import { staffSigningRoutes } from "#root/api/signing/staff.ts";
import { loadConfig } from "#root/config.ts";
import type { Db } from "#root/db/client.ts";
import { createLogger } from "#root/log.ts";

/** A database that is down: every query fails. */
const downDb = new Proxy(
  {},
  {
    get() {
      throw Object.assign(new Error("connect ECONNREFUSED 10.0.0.2:5432"), { code: "ECONNREFUSED" });
    },
  },
) as Db;

// As issued: 32 random bytes in base64url for a parent's link and an eGov mobile session, 33 for staff.
const PARENT_TOKEN = randomBytes(32).toString("base64url");
const STAFF_TOKEN = randomBytes(33).toString("base64url");
const MOBILE_ID = randomBytes(32).toString("base64url");

/** The application as system.ts assembles it, on a database that is down; the log lines it writes. */
function desk() {
  const lines: Array<Record<string, unknown>> = [];
  const log = createLogger(
    "info",
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        for (const line of chunk.toString().split("\n").filter(Boolean)) lines.push(JSON.parse(line) as Record<string, unknown>);
        done();
      },
    }),
  );
  const config = loadConfig({ PUBLIC_URL: "https://desk.example.kz" });
  const deps = { db: downDb, log, config, now: () => new Date(), trust: { certificates: [], sources: [] } };
  const app = createApp({
    log,
    db: { ping: async () => {} },
    sessions: { kind: "database", ping: async () => {} },
    routes: [signingRoutes(deps), staffSigningRoutes(deps), checkRoutes({ db: downDb, log, now: () => new Date() })],
  });
  return { app, lines };
}

describe("a handler that fails", () => {
  it.each([
    [`/sign/${PARENT_TOKEN}`, PARENT_TOKEN],
    [`/sign/${PARENT_TOKEN}/statement.pdf`, PARENT_TOKEN],
    [`/sign/staff/${STAFF_TOKEN}`, STAFF_TOKEN],
    [`/sign/mobile/${MOBILE_ID}`, MOBILE_ID],
  ])("under %s is logged by its route, without the link's credential", async (path, secret) => {
    const { app, lines } = desk();
    expect((await app.request(path)).status).toBe(500);
    expect(JSON.stringify(lines)).not.toContain(secret);
    const failed = lines.find((l) => l.msg === "HTTP handler failed");
    expect(failed).toBeDefined();
    expect(failed!.route).toMatch(/^\/sign\//);
    expect(failed!.error).toMatchObject({ code: "ECONNREFUSED" });
  });
});
