/**
 * `npm run db:migrate` — apply the committed migrations and exit, for deployments that migrate
 * before starting their instances (with MIGRATE_ON_START=false). Safe beside running instances
 * and other migrations: it migrates under the same advisory lock. Exit 0 when the database is
 * current, 2 when it cannot be reached or migrated, or on an argument (it takes none).
 */
import { helpAndExit, noArgumentsOrExit } from "./lib/help.ts";
import { withDatabase } from "./lib/with-database.ts";

helpAndExit("npm run db:migrate — apply the committed migrations to DATABASE_URL (or the embedded database) and exit.");
noArgumentsOrExit("Usage: npm run db:migrate   (it takes no arguments)");

await withDatabase(async () => {
  console.log("The database is migrated to this version.");
  return 0;
});
