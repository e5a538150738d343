import type { Config } from "#root/config.ts";
import type { Db } from "#root/db/client.ts";
import type { Logger } from "#root/log.ts";
import type { Metrics } from "#root/metrics.ts";
import type { SessionStorage } from "./storage.ts";

/** What every bot handler may use; built once in system.ts and passed down. */
export interface BotDeps {
  config: Config;
  db: Db;
  log: Logger;
  sessions: SessionStorage;
  /** The clock (tests move it). */
  now: () => Date;
  /** Process metrics (/metrics); a bot without one keeps its own. */
  metrics?: Metrics;
  /** Per-user update limit (default 30 updates per 10 s). */
  rateLimit?: { count: number; windowSec: number };
  /** Aborted when a stop has waited long enough: every Bot API call still pending is cancelled. */
  cancelCalls?: AbortSignal;
}
