/**
 * The one server-side check behind every button and command: is this Telegram account an
 * ACTIVE staff member, and is this application their school's? Callback data only names an
 * application; it never grants anything.
 */
import type { Db } from "#root/db/client.ts";
import { getApplication, type Application } from "#root/db/queries/applications.ts";
import { findActiveStaff, type Staff } from "#root/db/queries/staff.ts";
import { canSee, type Principal } from "#root/flows/applications.ts";
import { principalOf } from "#root/flows/decisions.ts";
import { getService, type ServiceDefinition } from "#root/flows/services/index.ts";

export interface StaffAccess {
  staff: Staff;
  principal: Extract<Principal, { kind: "staff" }>;
  application: Application;
  service: ServiceDefinition;
}

/**
 * Load the staff member and the application fresh from the database. `not_found` covers both
 * "no such application" and "another school's" — staff of school A learn nothing about B.
 */
export async function staffAccess(
  db: Db,
  telegramId: number,
  applicationId: string,
): Promise<StaffAccess | { error: "not_staff" } | { error: "not_found"; staff: Staff }> {
  const staff = await findActiveStaff(db, telegramId);
  if (!staff) return { error: "not_staff" };
  const application = await getApplication(db, applicationId);
  const principal = principalOf(staff);
  if (!application || !canSee(principal, application)) return { error: "not_found", staff };
  return { staff, principal, application, service: getService(application.serviceId) };
}
