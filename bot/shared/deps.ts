import type { Config } from "../../config.ts";
import type { Db } from "../../db/client.ts";
import type { Logger } from "../../log.ts";
import type { SessionStorage } from "./storage.ts";

/** What every bot handler may use; built once in main.ts and passed down. */
export interface BotDeps {
  config: Config;
  db: Db;
  log: Logger;
  sessions: SessionStorage;
  /** The clock (tests move it). */
  now: () => Date;
}
