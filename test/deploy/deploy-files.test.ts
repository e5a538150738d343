/**
 * The deployment files are kept true: images cannot be pulled here, so what can be checked is
 * checked — compose.yaml parses and every application service's environment passes the
 * application's own configuration check (secrets read from the files compose mounts), the proxy
 * sends traffic to services that exist, and the Dockerfile's install and start commands, run in a
 * fresh clone of the repository, give an instance whose HEALTHCHECK passes.
 */
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parse } from "yaml";
import { afterAll, describe, expect, it } from "vitest";
import { createEmulator } from "#root/api/playground/index.ts";
import { loadConfig } from "#root/config.ts";
import { createScratchPostgres, DATABASE_URL, REDIS_URL } from "#root/test/helpers/databases.ts";
import { cleanEnv, freePort, ROOT, waitForHttp } from "#root/test/helpers/process.ts";
import { serveEmulator } from "#root/test/helpers/tg-client.ts";

interface Service {
  build?: unknown;
  image?: string;
  environment?: Record<string, string | number | null>;
  secrets?: string[];
  volumes?: string[];
  ports?: string[];
}
interface Compose {
  services: Record<string, Service>;
  secrets: Record<string, { file: string }>;
}

const compose = parse(readFileSync(join(ROOT, "compose.yaml"), "utf8"), { merge: true }) as Compose;
const appServices = Object.entries(compose.services).filter(([, s]) => s.build !== undefined);

/** Compose's `${NAME:-default}` with nothing set in the shell: the default. */
const interpolate = (value: string) => value.replace(/\$\{[A-Z_]+(?::?-([^}]*))?\}/g, (_, fallback: string | undefined) => fallback ?? "");
const environmentOf = (service: Service): Record<string, string> =>
  Object.fromEntries(Object.entries(service.environment ?? {}).map(([k, v]) => [k, interpolate(String(v ?? ""))]));

/** What an operator puts in secrets/ (docs/DEPLOY.md), for the configuration check. */
const SAMPLE_SECRETS: Record<string, string> = {
  database_url: "postgres://desk:s3cret@postgres:5432/desk",
  postgres_password: "s3cret",
  bot_token: `111111111:AAH${"p".repeat(32)}`,
  provider_bot_token: `222222222:AAH${"s".repeat(32)}`,
  webhook_secret: "w".repeat(40),
};

/** The Caddyfile compose.yaml mounts into the proxy. */
function caddyfilePath(): string {
  const mount = compose.services.proxy!.volumes!.find((v) => /Caddyfile/.test(v))!;
  return join(ROOT, mount.split(":")[0]!);
}

/** Whether the Caddyfile answers `path` itself with a 404 (`@name path …` and `respond @name 404`), as Caddy matches paths. */
function refusedByProxy(caddyfile: string, path: string): boolean {
  const matchers = new Map([...caddyfile.matchAll(/^\s*@(\S+)\s+path\s+(.+)$/gm)].map((m) => [m[1]!, m[2]!.trim().split(/\s+/)]));
  const refused = [...caddyfile.matchAll(/^\s*respond\s+@(\S+)\s+404\s*$/gm)].map((m) => m[1]!);
  const glob = (pattern: string) =>
    new RegExp(
      `^${pattern
        .split("*")
        .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, "\\$&"))
        .join(".*")}$`,
      "i",
    );
  return refused.some((name) => (matchers.get(name) ?? []).some((pattern) => glob(pattern).test(path)));
}

/** The final stage of the Dockerfile: its ENV, RUN, USER, HEALTHCHECK and CMD. */
function finalStage() {
  const text = readFileSync(join(ROOT, "Dockerfile"), "utf8").replace(/\\\n\s*/g, " ");
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith("#"));
  const stage = lines.slice(lines.map((l) => /^FROM\s/i.test(l)).lastIndexOf(true));
  const args = (word: string) => stage.filter((l) => l.toUpperCase().startsWith(`${word} `)).map((l) => l.slice(word.length + 1).trim());
  const env = Object.fromEntries(args("ENV").flatMap((l) => [...l.matchAll(/([A-Z_]+)=(\S+)/g)].map((m) => [m[1]!, m[2]!])));
  const healthcheck = args("HEALTHCHECK")[0] ?? "";
  return {
    stageCount: lines.filter((l) => /^FROM\s/i.test(l)).length,
    env,
    run: args("RUN"),
    user: args("USER").at(-1),
    healthcheck: JSON.parse(healthcheck.slice(healthcheck.indexOf("CMD ") + 4)) as string[],
    cmd: JSON.parse(args("CMD").at(-1)!) as string[],
  };
}

describe("compose.yaml", () => {
  it("has PostgreSQL, Redis, two application instances in webhook mode and a reverse proxy", () => {
    expect(Object.keys(compose.services)).toEqual(expect.arrayContaining(["postgres", "redis", "proxy"]));
    expect(appServices).toHaveLength(2);
    expect(JSON.stringify(compose.services.redis)).toContain("noeviction");
  });

  it.each(appServices.map(([name, s]) => [name, s] as const))(
    "%s: its environment passes the application's configuration check",
    (_name, service) => {
      const env = environmentOf(service);
      const mounted = new Set(service.secrets ?? []);
      const config = loadConfig(env, (path) => {
        const name = path.replace(/^\/run\/secrets\//, "");
        expect(mounted, `${path} is mounted into the service`).toContain(name);
        expect(compose.secrets[name], `secret ${name} is declared`).toBeDefined();
        return `${SAMPLE_SECRETS[name]}\n`;
      });
      expect(config.botMode).toBe("webhook");
      expect(config.telegram.mode).toBe("telegram");
      expect(config.publicUrl).toMatch(/^https:\/\//);
      // Behind Caddy every request comes from the proxy: without this, one address's limit is everyone's.
      expect(config.trustProxy).toBe(true);
      expect(service.ports, "the instance is reached only through the proxy").toBeUndefined();
      // The servers it names are services of this file.
      expect(compose.services).toHaveProperty(new URL(config.databaseUrl!).hostname);
      expect(compose.services).toHaveProperty(new URL(config.redisUrl!).hostname);
    },
  );

  it(
    "the proxy's configuration is committed and sends traffic to exactly " +
      "the application services, where they listen, checking /health/ready",
    () => {
      const file = caddyfilePath();
      expect(existsSync(file)).toBe(true);
      const caddyfile = readFileSync(file, "utf8");
      const upstreams = caddyfile.match(/^\s*reverse_proxy\s+(.+?)\s*\{/m)![1]!.split(/\s+/);
      expect(upstreams.map((u) => u.split(":")[0]).sort()).toEqual(appServices.map(([name]) => name).sort());
      for (const upstream of upstreams) {
        const service = compose.services[upstream.split(":")[0]!]!;
        expect(upstream.split(":")[1]).toBe(environmentOf(service).PORT);
      }
      expect(caddyfile).toMatch(/health_uri\s+\/health\/ready/);
    },
  );

  it(
    "the proxy answers 404 to the internet for health and metrics (each health request queries the database " +
      "and names internal states), and still passes the pages, the check and the webhooks",
    () => {
      const caddyfile = readFileSync(caddyfilePath(), "utf8");
      for (const path of ["/health", "/health/live", "/health/ready", "/metrics"]) {
        expect(refusedByProxy(caddyfile, path), `${path} is refused by the proxy`).toBe(true);
      }
      for (const path of ["/check/7K2M-9QXD-4A1B-3C5E", "/sign/abc", "/webhook/parent", "/healthy-eating"]) {
        expect(refusedByProxy(caddyfile, path), `${path} reaches the instances`).toBe(false);
      }
      // Caddy's own checks go to each instance directly (not through the site's routes), so they still reach it.
      expect(caddyfile).toMatch(/health_uri\s+\/health\/ready/);
    },
  );
});

describe("Dockerfile", () => {
  const stage = finalStage();

  it("builds in stages, installs production dependencies only, runs as a user other than root and checks /health/live", () => {
    expect(stage.stageCount).toBeGreaterThan(1);
    expect(stage.run).toContain("npm ci --omit=dev --no-audit --no-fund");
    expect(stage.user).toBeDefined();
    expect(stage.user).not.toMatch(/^(root|0)$/);
    expect(stage.healthcheck.join(" ")).toContain("/health/live");
    // The container runs what `npm start` runs, without npm in between (signals reach the program).
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    expect(stage.cmd.join(" ")).toBe(pkg.scripts.start);
  });

  const dirs: string[] = [];
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it.runIf(DATABASE_URL && REDIS_URL)(
    "its install and start commands, in a fresh clone, give an instance " +
      "that passes its HEALTHCHECK and is ready with the compose environment",
    async () => {
      const dir = mkdtempSync(join(tmpdir(), "desk-clone-"));
      dirs.push(dir);
      const clone = join(dir, "app");
      execFileSync("git", ["clone", "--quiet", ROOT, clone]);
      for (const command of stage.run.filter((c) => c.startsWith("npm "))) {
        execFileSync("sh", ["-c", command], { cwd: clone, env: cleanEnv({ npm_config_loglevel: "error" }), stdio: "pipe" });
      }
      expect(existsSync(join(clone, "node_modules/vitest")), "devDependencies are not installed").toBe(false);

      // The compose environment of app1, on loopback: this machine's PostgreSQL and Redis, the
      // Telegram emulator, secrets in files as compose mounts them.
      const emulator = createEmulator({
        bots: [
          { token: SAMPLE_SECRETS.bot_token!, username: "desk_parent_bot" },
          { token: SAMPLE_SECRETS.provider_bot_token!, username: "desk_staff_bot" },
        ],
      });
      const served = await serveEmulator(emulator);
      const scratch = await createScratchPostgres(DATABASE_URL!);
      const secrets: Record<string, string> = { ...SAMPLE_SECRETS, database_url: scratch.url };
      for (const [name, value] of Object.entries(secrets)) writeFileSync(join(dir, name), `${value}\n`);
      const port = await freePort();
      const env: Record<string, string> = { ...stage.env };
      for (const [key, value] of Object.entries(environmentOf(appServices[0]![1]))) {
        if (key.endsWith("_FILE")) env[key] = join(dir, value.replace(/^\/run\/secrets\//, ""));
        else if (key !== "EDS_TRUST_DIR") env[key] = value; // the NCA certificates are the operator's to mount
      }
      Object.assign(env, {
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        REDIS_URL: REDIS_URL!,
        TELEGRAM_API_ROOT: served.url,
        DATA_DIR: join(dir, "data"),
        LOG_LEVEL: "warn",
      });

      const [command, ...args] = stage.cmd;
      const child = spawn(command === "node" ? process.execPath : command!, args, {
        cwd: clone,
        env: cleanEnv(env),
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      child.stdout.on("data", (d) => (output += d));
      child.stderr.on("data", (d) => (output += d));
      const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
      try {
        await waitForHttp(`http://127.0.0.1:${port}/health/live`, 60_000).catch((err) => {
          throw new Error(`${err}\n${output}`);
        });
        const [check, ...checkArgs] = stage.healthcheck;
        // throws unless exit 0
        execFileSync(check === "node" ? process.execPath : check!, checkArgs, { env: cleanEnv(env), stdio: "pipe" });
        const ready = await fetch(`http://127.0.0.1:${port}/health/ready`);
        expect(await ready.json(), output).toMatchObject({ status: "ready", db: "ok", redis: "ok", migrations: "ok", bots: "ok" });
        child.kill("SIGTERM");
        expect(await exited, output).toBe(0);
      } finally {
        child.kill("SIGKILL");
        await served.close();
        await scratch.drop();
      }
    },
    300_000,
  );
});
