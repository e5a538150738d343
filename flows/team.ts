/**
 * A school's team, run by its director from the provider bot: invite specialists (a one-time
 * link to forward) and switch staff off. Every change is in the audit log; only a director of
 * the same school may make it, and never on themselves.
 */
import type { Db } from "#root/db/client.ts";
import {
  createStaffInvite,
  deactivateStaff,
  getStaffMember,
  listSchoolStaff,
  pendingInvites,
  staffMembership,
  type Staff,
} from "#root/db/queries/staff.ts";

/** `outdated`: the member was switched off and invited again since the switch-off was asked. */
export type TeamDenial = "not_director" | "not_found" | "self" | "already_off" | "outdated";

export interface Team {
  members: Staff[];
  /** Invites not used and not expired. */
  pending: number;
}

/** The active staff of the member's school, directors first, then by name. */
export async function teamOf(db: Db, member: Staff, now: Date): Promise<Team> {
  const [members, invites] = await Promise.all([listSchoolStaff(db, member.schoolId), pendingInvites(db, member.schoolId, now)]);
  members.sort((a, b) => (a.role === b.role ? a.fullName.localeCompare(b.fullName, "ru") : a.role === "director" ? -1 : 1));
  return { members, pending: invites.length };
}

/** A one-time invite for a specialist of the director's school. */
export async function inviteSpecialist(
  db: Db,
  input: { by: Staff; now: Date },
): Promise<{ ok: true; token: string; expiresAt: Date } | { ok: false; reason: TeamDenial }> {
  if (input.by.role !== "director" || !input.by.active) return { ok: false, reason: "not_director" };
  const invite = await createStaffInvite(db, {
    schoolId: input.by.schoolId,
    role: "specialist",
    now: input.now,
    by: { kind: "staff", staffId: input.by.id },
  });
  return { ok: true, ...invite };
}

/**
 * Switch a member of the director's school off; they are a stranger to the bot from their next update. `membership`
 * ({@link staffMembership}) is the one the director was asked about: a member who left and came back since is not
 * switched off by that question.
 */
export async function switchOff(
  db: Db,
  input: { by: Staff; targetId: number; membership: number; now: Date },
): Promise<{ ok: true; member: Staff } | { ok: false; reason: TeamDenial }> {
  if (input.by.role !== "director" || !input.by.active) return { ok: false, reason: "not_director" };
  if (input.targetId === input.by.id) return { ok: false, reason: "self" };
  const target = await getStaffMember(db, input.targetId);
  if (!target || target.schoolId !== input.by.schoolId) return { ok: false, reason: "not_found" };
  if (target.active && (await staffMembership(db, target.id)) !== input.membership) return { ok: false, reason: "outdated" };
  const done = await deactivateStaff(db, target.id, input.now, { kind: "staff", staffId: input.by.id });
  return done ? { ok: true, member: target } : { ok: false, reason: "already_off" };
}
