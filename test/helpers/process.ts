import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
    srv.on("error", reject);
  });
}

/** Environment for a child process: only PATH and HOME from ours, plus `env`. */
export function cleanEnv(env: Record<string, string>): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", LOG_LEVEL: "warn", ...env };
}

export interface Run {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

const TSX_CLI = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));

/**
 * Run a TypeScript entry point of the project as `npm start` does: one Node process with tsx as
 * its loader, so a signal reaches the program itself. `tsxCli` runs it under the `tsx` command
 * instead, a parent process that relays signals: a SIGKILL then kills that parent only, and the
 * program lives on (see the SIGKILL test in test/e2e/faults.test.ts).
 */
export function runTs(script: string, args: string[], env: Record<string, string>, opts: { tsxCli?: boolean } = {}): Run {
  const [command, argv] = opts.tsxCli ? [TSX_CLI, [script, ...args]] : [process.execPath, ["--import", "tsx", script, ...args]];
  const child = spawn(command, argv, { cwd: ROOT, env: cleanEnv(env), stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { child, output: () => out, exited };
}

/** Poll `url` until it answers (any status) or `ms` pass. */
export async function waitForHttp(url: string, ms: number): Promise<Response> {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      return await fetch(url);
    } catch {
      if (Date.now() > deadline) throw new Error(`${url} did not answer within ${ms} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}
