/**
 * The frame of an operator's command: read the configuration, open the database (migrated),
 * run `work`, close. A bad configuration or an unreachable database is one line and exit 2;
 * `work` returns the exit code.
 */
import { ConfigError, loadConfig, type Config } from "#root/config.ts";
import { DatabaseUnavailableError, openDatabase, type Db } from "#root/db/client.ts";
import { readSystemUrl } from "#root/db/embedded.ts";

/**
 * The base URL for links a command prints: PUBLIC_URL, else the address the running system
 * listens on (it may run with another PORT than this shell's), else this configuration's guess.
 */
export function linkBase(config: Config): string {
  return config.publicUrlConfigured ? config.publicUrl : (readSystemUrl(config.dataDir) ?? config.publicUrl);
}

export async function withDatabase(work: (db: Db, config: Config) => Promise<number>): Promise<never> {
  let code: number;
  try {
    const config = loadConfig();
    const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, as: "command" });
    try {
      code = await work(database.db, config);
    } finally {
      await database.close();
    }
  } catch (err) {
    if (!(err instanceof ConfigError || err instanceof DatabaseUnavailableError)) throw err;
    console.error(err.message);
    code = 2;
  }
  process.exit(code);
}
