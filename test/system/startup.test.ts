/**
 * `npm start` as a newcomer and an operator meet it: it comes up on the embedded defaults,
 * survives a restart with its data, and every misconfiguration or missing server is one clear line.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "#root/db/client.ts";
import { countSchools } from "#root/db/queries/schools.ts";
import { createScratchPostgres, DATABASE_URL, REDIS_URL } from "#root/test/helpers/databases.ts";
import { freePort, runTs, waitForHttp } from "#root/test/helpers/process.ts";
import { createEmulator } from "#root/api/playground/index.ts";
import { serveEmulator } from "#root/test/helpers/tg-client.ts";
import { startTestSystem } from "#root/test/helpers/system.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "desk-start-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe("npm start", () => {
  it("answers /health on the embedded defaults (PGlite, database sessions) and keeps its data across a restart", async () => {
    const dataDir = tempDir();
    for (let round = 0; round < 2; round++) {
      const port = await freePort();
      const run = runTs("main.ts", [], { DATA_DIR: dataDir, PORT: String(port) });
      try {
        const res = await waitForHttp(`http://127.0.0.1:${port}/health`, 20_000);
        expect(res.status).toBe(200);
        expect(await res.json()).toEqual({ status: "ok", db: "ok", sessions: "database" });
      } finally {
        run.child.kill("SIGTERM");
        expect(await run.exited).toBe(0);
      }
      if (round === 0) expect(run.output()).toContain("DEMO schools");
      else expect(run.output()).not.toContain("DEMO schools"); // loaded once, on the first start only
    }
  }, 60_000);

  it.runIf(DATABASE_URL && REDIS_URL)(
    "runs on PostgreSQL and Redis when they are configured",
    async () => {
      const port = await freePort();
      const scratch = await createScratchPostgres(DATABASE_URL!);
      const run = runTs("main.ts", [], { DATABASE_URL: scratch.url, REDIS_URL: REDIS_URL!, PORT: String(port), DATA_DIR: tempDir() });
      try {
        const res = await waitForHttp(`http://127.0.0.1:${port}/health`, 20_000);
        expect(await res.json()).toEqual({ status: "ok", db: "ok", sessions: "redis" });
      } finally {
        run.child.kill("SIGTERM");
        await run.exited;
        await scratch.drop();
      }
    },
    30_000,
  );

  const oneLine = async (env: Record<string, string>) => {
    const run = runTs("main.ts", [], { DATA_DIR: tempDir(), PORT: String(await freePort()), LOG_LEVEL: "error", ...env });
    expect(await run.exited).toBe(1);
    const lines = run.output().trim().split("\n");
    expect(lines).toHaveLength(1);
    return lines[0]!;
  };

  it("stops with one line naming a malformed variable", async () => {
    expect(await oneLine({ PORT: "eighty" })).toBe('Invalid configuration: PORT must be a port number, 0-65535 (got "eighty")');
  }, 30_000);

  it("stops with one line when PostgreSQL is down", async () => {
    expect(await oneLine({ DATABASE_URL: "postgres://postgres@127.0.0.1:5499/test" })).toBe(
      "Cannot reach PostgreSQL at postgres://postgres@127.0.0.1:5499/test (ECONNREFUSED): start the server or fix DATABASE_URL.",
    );
  }, 30_000);

  it.runIf(DATABASE_URL)(
    "stops with one line saying to create the database when DATABASE_URL names one the server does not have",
    async () => {
      const url = new URL(DATABASE_URL!);
      url.pathname = "/desk_never_created";
      expect(await oneLine({ DATABASE_URL: url.href })).toBe(
        `The database "desk_never_created" does not exist at ${url.protocol}//${url.username ? url.username + "@" : ""}${url.host}` +
          "/desk_never_created: create it (createdb desk_never_created) or fix DATABASE_URL.",
      );
    },
    30_000,
  );

  it.runIf(DATABASE_URL)(
    "stops with one line when the database holds someone else's tables",
    async () => {
      const scratch = await createScratchPostgres(DATABASE_URL!);
      const postgres = (await import("postgres")).default;
      const sql = postgres(scratch.url, { onnotice: () => {} });
      await sql.unsafe("create table users (id int)");
      await sql.end();
      try {
        expect(await oneLine({ DATABASE_URL: scratch.url })).toMatch(
          /^Migrating the database at .* failed \(.*already exists.*\): is it another application's database\?$/,
        );
      } finally {
        await scratch.drop();
      }
    },
    30_000,
  );

  it("stops with one line when Telegram refuses the bots' tokens (revoked), without showing them", async () => {
    const served = await serveEmulator(
      createEmulator({ bots: [{ token: "9000000001:known-token-aaaaaaaaaaaaaaaaaaa", username: "known_bot" }] }),
    );
    const revoked = {
      BOT_TOKEN: "9000000002:revoked-token-bbbbbbbbbbbbbbbbbb",
      PROVIDER_BOT_TOKEN: "9000000003:revoked-token-cccccccccccccccccc",
      PUBLIC_URL: "https://desk.example.kz",
    };
    try {
      const line = await oneLine({ ...revoked, TELEGRAM_API_ROOT: served.url });
      expect(line).toMatch(/^The bots could not start: .*401: Unauthorized/);
      expect(line).not.toContain("revoked-token");
      // Real bots on the embedded database: the playground's demo schools are not loaded for parents to pick.
      const dataDir = tempDir();
      const run = runTs("main.ts", [], { DATA_DIR: dataDir, PORT: String(await freePort()), ...revoked, TELEGRAM_API_ROOT: served.url });
      expect(await run.exited).toBe(1);
      const database = await openDatabase({ dataDir });
      try {
        expect(await countSchools(database.db)).toBe(0);
      } finally {
        await database.close();
      }
    } finally {
      await served.close();
    }
  }, 30_000);

  it("stops with one line naming the setting when DATA_DIR, CALENDAR_DIR, EDS_TRUST_DIR or HOST cannot be used", async () => {
    const file = join(tempDir(), "a-file");
    writeFileSync(file, "not a folder");
    expect(await oneLine({ DATA_DIR: file })).toBe(`DATA_DIR ${file} cannot be used (EEXIST): it must be a folder this account can write`);
    expect(await oneLine({ CALENDAR_DIR: file })).toBe(`Calendar folder ${file}: not a folder that can be read (ENOTDIR)`);
    const missing = join(tempDir(), "nca");
    expect(await oneLine({ EDS_TRUST_DIR: missing })).toMatch(
      /^Invalid configuration: EDS_TRUST_DIR: trust store .*nca: cannot read \(ENOENT/,
    );
    expect(await oneLine({ EDS_TRUST_DIR: file })).toMatch(
      /^Invalid configuration: EDS_TRUST_DIR: .*a-file: not a readable X\.509 certificate/,
    );
    // 192.0.2.1 is a documentation address (RFC 5737): no machine has it.
    expect(await oneLine({ HOST: "192.0.2.1" })).toBe(
      "HOST 192.0.2.1 is not an address of this machine (EADDRNOTAVAIL): set HOST to one of its addresses, or 0.0.0.0.",
    );
  }, 60_000);

  it("stops with one line, touching nothing, when DATA_DIR is under /proc (creating the database there never ended)", async () => {
    expect(await oneLine({ DATA_DIR: "/proc/desk" })).toMatch(
      /^Invalid configuration: DATA_DIR is under \/proc, .* \(got "\/proc\/desk"\)$/,
    );
  }, 30_000);

  it("with METRICS_TOKEN tells /health/ready's details only to its bearer; a probe gets the status, /health/live anyone", async () => {
    const token = "scrape-me-0123456789abcdef";
    const system = await startTestSystem({ env: { METRICS_TOKEN: token } });
    try {
      const ask = async (path: string, headers: Record<string, string> = {}) => {
        const res = await fetch(`http://127.0.0.1:${system.port}${path}`, { headers });
        return { status: res.status, body: await res.json() };
      };
      expect(await ask("/health/ready")).toEqual({ status: 200, body: { status: "ready" } });
      expect(await ask("/health/ready", { Authorization: `Bearer ${token}` })).toEqual({
        status: 200,
        body: { status: "ready", db: "ok", sessions: "ok", migrations: "ok", bots: "ok" },
      });
      expect((await fetch(`http://127.0.0.1:${system.port}/health/ready`, { headers: { Authorization: "Bearer nope" } })).status).toBe(401);
      expect(await ask("/health/live")).toEqual({ status: 200, body: { status: "live" } });
    } finally {
      await system.close();
    }
  }, 60_000);

  it("stops with one line when Redis is down", async () => {
    expect(await oneLine({ REDIS_URL: "redis://127.0.0.1:6390" })).toBe(
      "Cannot reach Redis at redis://127.0.0.1:6390 (ECONNREFUSED): start the server or fix REDIS_URL.",
    );
  }, 30_000);
});
