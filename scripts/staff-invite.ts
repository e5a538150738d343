/**
 * `npm run staff:invite -- --school <BIN> --role specialist|director` — create a one-time
 * invite (valid 7 days) and print the deep link that binds a Telegram account to the school and
 * role: `https://t.me/<provider bot>?start=<token>`, or the playground's address when no bot
 * token is configured. Exit 0 on success, 1 for an unknown school, 2 on a usage error.
 */
import { parseArgs } from "node:util";
import { Api } from "grammy";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { createStaffInvite } from "#root/db/queries/staff.ts";
import { playgroundSecrets } from "#root/bot/playground.ts";
import { linkBase, withDatabase } from "./lib/with-database.ts";
import { helpAndExit } from "./lib/help.ts";
import { schoolLabel } from "./lib/school.ts";

const USAGE = "Usage: npm run staff:invite -- --school <BIN, 12 digits> --role specialist|director";

helpAndExit(USAGE);

let school: string, role: "specialist" | "director";
try {
  const { values } = parseArgs({ options: { school: { type: "string" }, role: { type: "string" } }, strict: true });
  if (!values.school || !/^\d{12}$/.test(values.school) || (values.role !== "specialist" && values.role !== "director"))
    throw new Error(USAGE);
  school = values.school;
  role = values.role;
} catch {
  console.error(USAGE);
  process.exit(2);
}

await withDatabase(async (db, config) => {
  const found = await getSchoolByBin(db, school);
  if (!found) {
    console.error(`No school with BIN ${school}: import it first (npm run schools:import -- FILE.csv).`);
    return 1;
  }
  const { token, expiresAt } = await createStaffInvite(db, { schoolId: found.id, role, now: new Date() });
  let link: string;
  if (config.telegram.mode === "telegram") {
    const me = await new Api(config.telegram.providerToken, { apiRoot: config.telegram.apiRoot }).getMe();
    link = `https://t.me/${me.username}?start=${token}`;
  } else {
    // The playground has no t.me: open the provider bot's chat there and send the command.
    // The key opens the web chat (made here if the system has not started on this DATA_DIR yet).
    const key = playgroundSecrets(config.dataDir).webKey;
    link =
      `${linkBase(config)}/playground?bot=provider&start=${token}&key=${key}   ` +
      `(or send "/start ${token}" to the provider bot in the playground)`;
  }
  console.log(`Invite for ${schoolLabel(found)} as ${role}, valid until ${expiresAt.toISOString()} — works once:`);
  console.log(link);
  return 0;
});
