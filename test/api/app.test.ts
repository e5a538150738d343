/**
 * The HTTP application as a browser and an operator meet it when something goes wrong: a
 * shortened signing link gets the page for a link that does not exist, a page that fails on the
 * server's side answers a page in the reader's language (nothing about the failure) while the
 * JSON routes keep JSON, and the failure is logged by its route, never by the address that holds
 * a signing link's credential.
 */
import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createApp } from "#root/api/app.ts";
import { metricsRoutes } from "#root/api/metrics.ts";
import { Metrics } from "#root/metrics.ts";
import { checkRoutes } from "#root/api/check/index.ts";
import { signingRoutes } from "#root/api/signing/index.ts";
import { staffSigningRoutes } from "#root/api/signing/staff.ts";
import { loadConfig } from "#root/config.ts";
import { t } from "#root/flows/i18n.ts";
import type { Db } from "#root/db/client.ts";
import { createLogger } from "#root/log.ts";
import { signCms } from "#root/test/helpers/eds-test-ca.ts";
import { openMemoryDatabase } from "#root/db/open-embedded.ts";

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
    ["a parent's signing page", `/sign/${PARENT_TOKEN}`, PARENT_TOKEN],
    ["a parent's statement", `/sign/${PARENT_TOKEN}/statement.pdf`, PARENT_TOKEN],
    ["a staff signing page", `/sign/staff/${STAFF_TOKEN}`, STAFF_TOKEN],
    ["eGov mobile's API №1", `/sign/mobile/${MOBILE_ID}`, MOBILE_ID],
  ])("%s is logged by its route, without the link's credential", async (_what, path, secret) => {
    const { app, lines } = desk();
    expect((await app.request(path)).status).toBe(500);
    expect(JSON.stringify(lines)).not.toContain(secret);
    const failed = lines.find((l) => l.msg === "HTTP handler failed");
    expect(failed).toBeDefined();
    expect(failed!.route).toMatch(/^\/sign\//);
    expect(failed!.error).toMatchObject({ code: "ECONNREFUSED" });
  });
});

describe("a signing link cut short or mistyped", () => {
  it.each([
    ["/sign/abc", "/sign/abc", "signing-refused-invalid", "signing-back-to-bot"],
    ["a parent's link cut short", `/sign/${PARENT_TOKEN.slice(0, 30)}`, "signing-refused-invalid", "signing-back-to-bot"],
    ["/sign/staff/abc", "/sign/staff/abc", "staff-signing-refused-invalid", "staff-signing-back-to-bot"],
    [
      "a staff document's link cut short",
      `/sign/staff/${STAFF_TOKEN.slice(0, 40)}/document.pdf`,
      "staff-signing-refused-invalid",
      "staff-signing-back-to-bot",
    ],
  ])("%s: the page of a link that does not exist, in Kazakh and Russian", async (_what, path, refusal, back) => {
    const res = await desk().app.request(path);
    expect(res.status).toBe(404);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(res.headers.get("X-Signing-Refused")).toBe("invalid");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const page = await res.text();
    for (const lang of ["kk", "ru"] as const) {
      expect(page).toContain(t(lang, refusal));
      expect(page).toContain(t(lang, back));
    }
    expect(page).not.toContain("404 Not Found");
  });
});

describe("a page that fails on the server's side", () => {
  const withoutDetails = (page: string) => {
    expect(page).not.toMatch(/ECONNREFUSED|10\.0\.0\.2|internal error|\bat .*\.ts:\d+/);
  };

  it.each([
    ["a parent's signing page", `/sign/${PARENT_TOKEN}`, "signing-back-to-bot"],
    ["a parent's statement", `/sign/${PARENT_TOKEN}/statement.pdf`, "signing-back-to-bot"],
    ["a staff signing page", `/sign/staff/${STAFF_TOKEN}`, "staff-signing-back-to-bot"],
  ])("%s: says, in Kazakh and Russian, to reload it in a few minutes", async (_what, path, back) => {
    const res = await desk().app.request(path);
    expect(res.status).toBe(500);
    expect(res.headers.get("Content-Type")).toMatch(/^text\/html/);
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const page = await res.text();
    for (const lang of ["kk", "ru"] as const) {
      expect(page).toContain(t(lang, "signing-error"));
      expect(page).toContain(t(lang, back));
    }
    withoutDetails(page);
  });

  it("the check of a code: in the reader's language", async () => {
    const { app } = desk();
    const ru = await app.request("/check/7K2M9QXD4A1B3C5E", { headers: { "Accept-Language": "ru-RU,ru;q=0.9" } });
    expect(ru.status).toBe(500);
    expect(ru.headers.get("Content-Type")).toMatch(/^text\/html/);
    const page = await ru.text();
    expect(page).toContain(t("ru", "check-error"));
    expect(page).toContain('lang="ru"');
    withoutDetails(page);
    expect(await (await app.request("/check/7K2M9QXD4A1B3C5E?lang=kk")).text()).toContain(t("kk", "check-error"));
  });

  it("the page gets a page while the JSON routes beside it keep JSON: eGov mobile's, and the signature the page posts", async () => {
    const { app } = desk();
    expect((await app.request(`/sign/${PARENT_TOKEN}`)).headers.get("Content-Type")).toMatch(/^text\/html/);
    const mobile = await app.request(`/sign/mobile/${MOBILE_ID}`);
    expect(mobile.status).toBe(500);
    expect(await mobile.json()).toEqual({ error: "internal error" });
    const posted = await app.request(`/sign/${PARENT_TOKEN}`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ cms: signCms(new TextEncoder().encode("statement")) }),
    });
    expect(posted.status).toBe(500);
    expect(await posted.json()).toEqual({ error: "internal error" });
  });
});

describe("a request the application turns away on purpose", () => {
  it("a /metrics scrape without METRICS_TOKEN or with a wrong one gets 401 (400: another scheme), not a 500 logged as failed", async () => {
    const logged: string[] = [];
    const log = createLogger(
      "info",
      new Writable({
        write(chunk: Buffer, _encoding, done) {
          logged.push(chunk.toString());
          done();
        },
      }),
    );
    const token = loadConfig({ METRICS_TOKEN: "scrape-me-0123456789abcdef" }).metricsToken;
    const app = createApp({
      log,
      db: { ping: async () => {} },
      sessions: { kind: "database", ping: async () => {} },
      routes: [metricsRoutes(new Metrics(), token)],
    });
    for (const [headers, status] of [
      [{}, 401],
      [{ Authorization: "Bearer wrong-token-0123456789" }, 401],
      [{ Authorization: "Basic scrape-me-0123456789abcdef" }, 400],
    ] as const) {
      const res = await app.request("/metrics", { headers });
      expect(res.status, JSON.stringify(headers)).toBe(status);
      expect(await res.text()).not.toContain("desk_");
    }
    expect((await app.request("/metrics", { headers: { Authorization: "Bearer scrape-me-0123456789abcdef" } })).status).toBe(200);
    expect(logged.join("")).not.toContain("HTTP handler failed");
  });
});

it("answers a browser's /favicon.ico with 204 No Content on any deployment (no icon, and no 404 on every page load)", async () => {
  const res = await desk().app.request("/favicon.ico");
  expect(res.status).toBe(204);
  expect(await res.text()).toBe("");
});

describe("a refusal or an error under /sign, at any depth", () => {
  /** The stylesheet `page` links, as the browser resolves it from `path`. */
  const stylesheetOf = (page: string, path: string) => {
    const href = /<link rel="stylesheet" href="([^"]+)">/.exec(page)?.[1];
    expect(href, path).toBeDefined();
    return new URL(href!, `https://desk.example.kz${path}`).pathname;
  };

  it.each([
    ["a link cut short", "/sign/abc", "/sign/assets/sign.css"],
    ["a link with more after it", "/sign/abc/def/ghi", "/sign/assets/sign.css"],
    ["a staff link with more after it", "/sign/staff/abc/def", "/sign/staff/assets/sign.css"],
    ["/sign itself", "/sign", "/sign/assets/sign.css"],
    ["/sign/staff itself", "/sign/staff", "/sign/staff/assets/sign.css"],
    ["a statement on a database that is down", `/sign/${PARENT_TOKEN}/statement.pdf`, "/sign/assets/sign.css"],
  ])("%s keeps its stylesheet", async (_what, path, css) => {
    const { app } = desk();
    const res = await app.request(path);
    expect(res.status).toBeGreaterThanOrEqual(400);
    const sheet = stylesheetOf(await res.text(), path);
    expect(sheet).toBe(css);
    const served = await app.request(sheet);
    expect(served.status).toBe(200);
    expect(served.headers.get("Content-Type")).toMatch(/^text\/css/);
  });

  it("the statement or document of an unknown link: the refusal, with its stylesheet", async () => {
    const database = await openMemoryDatabase();
    try {
      const config = loadConfig({ PUBLIC_URL: "https://desk.example.kz" });
      const log = createLogger("silent");
      const deps = { db: database.db, log, config, now: () => new Date(), trust: { certificates: [], sources: [] } };
      const app = createApp({
        log,
        db: { ping: async () => {} },
        sessions: { kind: "database", ping: async () => {} },
        routes: [signingRoutes(deps), staffSigningRoutes(deps)],
      });
      for (const [path, css] of [
        [`/sign/${PARENT_TOKEN}/statement.pdf`, "/sign/assets/sign.css"],
        [`/sign/staff/${STAFF_TOKEN}/document.pdf`, "/sign/staff/assets/sign.css"],
        [`/sign/${PARENT_TOKEN}`, "/sign/assets/sign.css"],
      ] as const) {
        const res = await app.request(path);
        expect(res.headers.get("X-Signing-Refused"), path).toBe("invalid");
        expect(stylesheetOf(await res.text(), path)).toBe(css);
      }
    } finally {
      await database.close();
    }
  });
});
