/**
 * One embedded database, many local processes: while `npm start` runs on PGlite, an operator's
 * commands reach its database through it (their rows are the running bots' rows at once), and no
 * second process ever opens the same files.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "#root/db/client.ts";
import { runTs, waitForHttp, type Run } from "#root/test/helpers/process.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "desk-emb-"));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** `npm start` on the embedded default with PORT=0; resolves with its real base URL once healthy. */
async function startSystemProcess(dataDir: string): Promise<{ run: Run; base: string }> {
  const run = runTs("main.ts", [], { DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "info" });
  const deadline = Date.now() + 30_000;
  let port: string | undefined;
  while (!(port = /listening on http:\/\/localhost:(\d+)/.exec(run.output())?.[1])) {
    if (Date.now() > deadline || run.child.exitCode !== null) throw new Error(`the system did not start:\n${run.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  const base = `http://localhost:${port}`;
  expect((await waitForHttp(`${base}/health`, 20_000)).status).toBe(200);
  return { run, base };
}

async function command(dataDir: string, script: string, args: string[]) {
  const r = runTs(script, args, { DATA_DIR: dataDir, LOG_LEVEL: "error" });
  return { code: await r.exited, out: r.output() };
}

async function stop(run: Run) {
  run.child.kill("SIGTERM");
  expect(await run.exited).toBe(0);
}

describe("the embedded database shared by local processes", () => {
  it("commands run while the system runs reach its database: an " +
    "imported school's invite is accepted by the running provider bot", async () => {
    const dataDir = tempDir();
    const { run, base } = await startSystemProcess(dataDir);
    try {
      const csv = join(dataDir, "schools.csv");
      writeFileSync(csv, "region,district,name_kk,name_ru,bin\nАбай облысы,Семей,№7 мектеп,Школа-лицей №7,550140000772\n");
      expect(await command(dataDir, "scripts/schools-import.ts", [csv])).toMatchObject({
        code: 0,
        out: expect.stringContaining("added: 1"),
      });
      const invite = await command(dataDir, "scripts/staff-invite.ts", ["--school", "550140000772", "--role", "specialist"]);
      expect(invite.code).toBe(0);
      // The link points at the running system's real port (PORT=0 here), not a guessed 3000.
      const token = new RegExp(`${base}/playground\\?bot=provider&start=([A-Za-z0-9_-]{20,})`).exec(invite.out)?.[1];
      expect(token, invite.out).toBeDefined();

      // The web chat's key, from the link the system printed at start.
      const key = /\/playground\?key=([A-Za-z0-9_-]+)/.exec(run.output())![1]!;
      expect(invite.out).toContain(`&key=${key}`);
      const api = async <T>(path: string, body?: unknown): Promise<T> => {
        const headers = { "x-playground-key": key, "content-type": "application/json" };
        const res = await fetch(
          `${base}/playground/api/${path}`,
          body === undefined ? { headers } : { method: "POST", headers, body: JSON.stringify(body) },
        );
        return (await res.json()) as T;
      };
      const state = await api<{ bots: Array<{ id: number; username: string }> }>("state");
      const provider = state.bots.find((b) => b.username === "school_desk_staff_bot")!.id;
      const { result: user } = await api<{ result: { id: number } }>("users", { firstName: "Айгуль", lang: "ru" });
      expect(await api("send", { userId: user.id, bot: provider, text: `/start ${token}` })).toMatchObject({ ok: true });
      const deadline = Date.now() + 15_000;
      let texts: string[] = [];
      while (!texts.some((t) => t.includes("Добро пожаловать"))) {
        if (Date.now() > deadline) throw new Error(`no welcome in the provider chat: ${JSON.stringify(texts)}`);
        await new Promise((r) => setTimeout(r, 200));
        const chat = await api<{ messages: Array<{ sender: string; message: { text?: string } }> }>(
          `chat?userId=${user.id}&bot=${provider}`,
        );
        texts = chat.messages.filter((m) => m.sender !== "user").map((m) => m.message.text ?? "");
      }
      expect(texts.join("\n")).toContain("Школа-лицей №7");
      expect(run.output()).not.toMatch(/RuntimeError|Aborted/);
    } finally {
      await stop(run);
    }
  }, 90_000);

  it("never lets two processes open the files: a second start refuses, a command goes through the running system's socket", async () => {
    const dataDir = tempDir();
    const { run, base } = await startSystemProcess(dataDir);
    try {
      const second = runTs("main.ts", [], { DATA_DIR: dataDir, PORT: "0", LOG_LEVEL: "error" });
      expect(await second.exited).toBe(1);
      expect(second.output().trim()).toBe(
        `another instance is running on ${dataDir} (pid ${run.child.pid}); stop it or use another DATA_DIR`,
      );

      // The system owns the files and serves them on its socket; a command leaves the lock as it was.
      expect(readFileSync(join(dataDir, "pglite.lock"), "utf8")).toBe(`${run.child.pid} system\n`);
      expect(existsSync(join(dataDir, ".s.PGSQL.5432"))).toBe(true);
      const r = await command(dataDir, "scripts/staff-deactivate.ts", ["--telegram", "12345"]);
      expect(r).toMatchObject({ code: 1, out: expect.stringContaining("No active staff member") });
      expect(readFileSync(join(dataDir, "pglite.lock"), "utf8")).toBe(`${run.child.pid} system\n`);
      expect((await fetch(`${base}/health`)).status).toBe(200);
    } finally {
      await stop(run);
    }
    // Stopped: the lock and the socket are gone, and a command opens the files itself.
    expect(existsSync(join(dataDir, "pglite.lock"))).toBe(false);
    expect(existsSync(join(dataDir, ".s.PGSQL.5432"))).toBe(false);
    expect((await command(dataDir, "scripts/staff-deactivate.ts", ["--telegram", "12345"])).code).toBe(1);
  }, 90_000);

  it("keeps its files from the machine's other accounts: the data directory is the owner's alone", async () => {
    const dataDir = join(tempDir(), "data"); // made by the database, with the process's default mode
    const database = await openDatabase({ dataDir });
    try {
      expect(statSync(dataDir).mode & 0o077).toBe(0);
      expect(existsSync(join(dataDir, "pglite", "PG_VERSION"))).toBe(true);
    } finally {
      await database.close();
    }
  });

  it("takes over the lock of a process that died without releasing it", async () => {
    const dataDir = tempDir();
    const dead = runTs("scripts/prepare-pglite.ts", [], {});
    await dead.exited;
    writeFileSync(join(dataDir, "pglite.lock"), `${dead.child.pid} system\n`);
    const { run } = await startSystemProcess(dataDir);
    try {
      expect(readFileSync(join(dataDir, "pglite.lock"), "utf8")).toBe(`${run.child.pid} system\n`);
    } finally {
      await stop(run);
    }
  }, 60_000);
});
