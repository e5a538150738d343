/**
 * Migrations when many instances start at once on one PostgreSQL, and for deployments that
 * migrate before starting (`npm run db:migrate`, MIGRATE_ON_START=false).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { readMigrationFiles } from "drizzle-orm/migrator";
import postgres from "postgres";
import { afterAll, describe, expect, it } from "vitest";
import { MIGRATIONS_DIR } from "#root/db/migrations.ts";
import { createScratchPostgres, DATABASE_URL } from "#root/test/helpers/databases.ts";
import { freePort, runTs, waitForHttp } from "#root/test/helpers/process.ts";

const dataDir = mkdtempSync(join(tmpdir(), "desk-migrate-"));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const migrations = readMigrationFiles({ migrationsFolder: MIGRATIONS_DIR });

async function appliedHashes(url: string): Promise<string[]> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return (await sql<Array<{ hash: string }>>`select hash from drizzle.__drizzle_migrations order by id`).map((r) => r.hash);
  } finally {
    await sql.end();
  }
}

describe.runIf(DATABASE_URL)("migrations on PostgreSQL", () => {
  it("three instances started at once on an empty database all come up, and each migration ran once", async () => {
    const scratch = await createScratchPostgres(DATABASE_URL!);
    const ports = await Promise.all([freePort(), freePort(), freePort()]);
    // Three machines: each its own data directory (and, with no bot tokens, its own playground).
    const runs = ports.map((port, i) =>
      runTs("main.ts", [], { DATABASE_URL: scratch.url, PORT: String(port), DATA_DIR: join(dataDir, `instance-${i}`), LOG_LEVEL: "error" }),
    );
    try {
      for (const [i, port] of ports.entries()) {
        const res = await waitForHttp(`http://127.0.0.1:${port}/health`, 40_000).catch((err) => {
          throw new Error(`instance ${i}: ${err}\n${runs[i]!.output()}`);
        });
        expect(res.status, runs[i]!.output()).toBe(200);
      }
      expect(await appliedHashes(scratch.url)).toEqual(migrations.map((m) => m.hash));
    } finally {
      for (const r of runs) r.child.kill("SIGTERM");
      await Promise.all(runs.map((r) => r.exited));
      await scratch.drop();
    }
  }, 90_000);

  it("a second instance on the same data directory with the playground is refused in one line, and the first goes on", async () => {
    const scratch = await createScratchPostgres(DATABASE_URL!);
    const env = { DATABASE_URL: scratch.url, DATA_DIR: join(dataDir, "shared"), LOG_LEVEL: "error" };
    const port = await freePort();
    const first = runTs("main.ts", [], { ...env, PORT: String(port) });
    try {
      expect((await waitForHttp(`http://127.0.0.1:${port}/health`, 40_000)).status, first.output()).toBe(200);
      const second = runTs("main.ts", [], { ...env, PORT: String(await freePort()) });
      expect(await second.exited, second.output()).toBe(1);
      expect(second.output().trim().split("\n")).toEqual([
        `The Telegram playground in ${join(dataDir, "shared", "playground")} is in use by another instance ` +
          `(pid ${first.child.pid}): give each instance its own DATA_DIR, or set the bot tokens to use Telegram.`,
      ]);
      expect((await fetch(`http://127.0.0.1:${port}/health/ready`)).status).toBe(200);
    } finally {
      first.child.kill("SIGTERM");
      expect(await first.exited).toBe(0);
      await scratch.drop();
    }
  }, 90_000);

  it("with MIGRATE_ON_START=false a start on an unmigrated database is one line; after npm run db:migrate it starts", async () => {
    const scratch = await createScratchPostgres(DATABASE_URL!);
    const env = { DATABASE_URL: scratch.url, DATA_DIR: dataDir, MIGRATE_ON_START: "false", LOG_LEVEL: "error" };
    try {
      const refused = runTs("main.ts", [], { ...env, PORT: String(await freePort()) });
      expect(await refused.exited).toBe(1);
      expect(refused.output().trim().split("\n")).toEqual([
        `The database at ${new URL(scratch.url).toString().replace(/^postgres:\/\/([^@]*)@/, "postgres://$1@")} lacks ` +
          `${migrations.length} migrations of this version and MIGRATE_ON_START=false: run npm run db:migrate first.`,
      ]);

      const migrate = runTs("scripts/db-migrate.ts", [], env);
      expect(await migrate.exited).toBe(0);
      expect(await appliedHashes(scratch.url)).toEqual(migrations.map((m) => m.hash));

      const port = await freePort();
      const started = runTs("main.ts", [], { ...env, PORT: String(port) });
      try {
        expect((await waitForHttp(`http://127.0.0.1:${port}/health`, 30_000)).status).toBe(200);
      } finally {
        started.child.kill("SIGTERM");
        expect(await started.exited).toBe(0);
      }
    } finally {
      await scratch.drop();
    }
  }, 90_000);
});
