/**
 * `npm start`: read the configuration, then start the system (system.ts). The database starts
 * opening first thing — on a fresh machine PGlite's first start takes seconds — while the rest
 * of the application loads beside it.
 */
import { loadConfig, type Config } from "./config.ts";
import { openDatabase } from "./db/client.ts";
import { createLogger } from "./log.ts";

/** Failures that are the operator's to fix: one line, exit 1, no stack trace. */
const OPERATOR_ERRORS = new Set([
  "ConfigError",
  "DatabaseUnavailableError",
  "RedisUnavailableError",
  "CalendarFileError",
  "PlaygroundInUseError",
]);

function fail(err: unknown): never {
  if (err instanceof Error && OPERATOR_ERRORS.has(err.name)) {
    console.error(err.message);
    process.exit(1);
  }
  throw err;
}

let config: Config;
try {
  config = loadConfig();
} catch (err) {
  fail(err);
}
const log = createLogger(config.logLevel);

// A promise rejected with nobody to catch it — in a background timer, say — is a bug: it is
// logged, and the process goes on serving (Node's default would end it, and every instance would
// crash-loop on the same cause). Failures while starting still end the process: they are awaited.
process.on("unhandledRejection", (reason) => {
  log.error({ error: reason }, "unhandled promise rejection (a bug); the process goes on");
});

// Signals are handled from here on: a stop asked for while the system is still starting (it
// answers /health before it has finished) waits for the start, then stops it cleanly. Whatever
// happens, the process is gone within SHUTDOWN_TIMEOUT_MS: an orchestrator's restart must not
// hang on a Telegram outage.
let started: Promise<{ bots: Promise<void>; stop(opts?: { deadline?: number }): Promise<void> }> | undefined;
let stopping = false;
const shutdown = (why: string, code = 0) => {
  if (stopping) return;
  stopping = true;
  const deadline = Date.now() + config.shutdownTimeoutMs;
  log.info({ signal: why, timeoutMs: config.shutdownTimeoutMs }, "stopping");
  setTimeout(() => {
    log.error({ timeoutMs: config.shutdownTimeoutMs }, "did not stop within SHUTDOWN_TIMEOUT_MS: exiting anyway");
    process.exit(1);
  }, config.shutdownTimeoutMs).unref();
  (started ?? Promise.resolve(undefined))
    .then((system) => system?.stop({ deadline }))
    .then(
      () => process.exit(code),
      (err) => {
        log.error(err, "error while stopping");
        process.exit(1);
      },
    );
};
process.on("SIGINT", () => shutdown("SIGINT"));
process.on("SIGTERM", () => shutdown("SIGTERM"));

const database = openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: config.migrateOnStart || "verify" });
database.catch(() => {}); // reported by startSystem, which awaits it
const { startSystem } = await import("./system.ts");
started = startSystem(config, log, { database }).catch(fail);
const system = await started;
// Telegram refused the bots (a revoked token): one line, and the instance goes away.
system.bots.catch((err: unknown) => {
  if (stopping) return;
  console.error(`The bots could not start: ${err instanceof Error ? err.message : String(err)}`);
  shutdown("the bots could not start", 1);
});
