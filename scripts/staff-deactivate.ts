/**
 * `npm run staff:deactivate -- --telegram <Telegram user id>` — deactivate a staff member: from
 * the next update on, the provider bot treats them as a stranger and they get no notifications.
 * Their past actions stay in the applications' events. Exit 0 on success, 1 when no active staff
 * member has that id, 2 on a usage error.
 */
import { parseArgs } from "node:util";
import { ConfigError, loadConfig } from "../config.ts";
import { DatabaseUnavailableError, openDatabase } from "../db/client.ts";
import { deactivateStaff, findActiveStaff } from "../db/queries/staff.ts";

const USAGE = "Usage: npm run staff:deactivate -- --telegram <Telegram user id>";

let telegramId: number;
try {
  const { values } = parseArgs({ options: { telegram: { type: "string" } }, strict: true });
  if (!values.telegram || !/^\d{1,15}$/.test(values.telegram)) throw new Error(USAGE);
  telegramId = Number(values.telegram);
} catch {
  console.error(USAGE);
  process.exit(2);
}

try {
  const config = loadConfig();
  const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  const member = await findActiveStaff(database.db, telegramId);
  if (!member) {
    await database.close();
    console.error(`No active staff member with Telegram id ${telegramId}.`);
    process.exit(1);
  }
  await deactivateStaff(database.db, member.id, new Date());
  await database.close();
  console.log(`Deactivated ${member.fullName} (${member.role}, school id ${member.schoolId}).`);
} catch (err) {
  if (err instanceof ConfigError || err instanceof DatabaseUnavailableError) {
    console.error(err.message);
    process.exit(2);
  }
  throw err;
}
