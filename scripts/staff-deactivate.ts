/**
 * `npm run staff:deactivate -- --telegram <Telegram user id>` — deactivate a staff member: from
 * the next update on, the provider bot treats them as a stranger and they get no notifications.
 * Their past actions stay in the applications' events. Exit 0 on success, 1 when no active staff
 * member has that id, 2 on a usage error.
 */
import { parseArgs } from "node:util";
import { deactivateStaff, findActiveStaff } from "#root/db/queries/staff.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { withDatabase } from "./lib/with-database.ts";
import { helpAndExit } from "./lib/help.ts";
import { schoolLabel } from "./lib/school.ts";

const USAGE = "Usage: npm run staff:deactivate -- --telegram <Telegram user id>";

helpAndExit(USAGE);

let telegramId: number;
try {
  const { values } = parseArgs({ options: { telegram: { type: "string" } }, strict: true });
  if (!values.telegram || !/^\d{1,15}$/.test(values.telegram)) throw new Error(USAGE);
  telegramId = Number(values.telegram);
} catch {
  console.error(USAGE);
  process.exit(2);
}

await withDatabase(async (db) => {
  const member = await findActiveStaff(db, telegramId);
  if (!member) {
    console.error(`No active staff member with Telegram id ${telegramId}.`);
    return 1;
  }
  await deactivateStaff(db, member.id, new Date());
  const school = (await getSchool(db, member.schoolId))!; // staff.school_id references schools
  console.log(`Deactivated ${member.fullName} (${member.role}, ${schoolLabel(school)}).`);
  return 0;
});
