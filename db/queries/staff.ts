import { randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import { sha256Hex } from "#root/flows/files.ts";
import type { Lang } from "#root/flows/i18n.ts";
import type { Db, Tx } from "#root/db/client.ts";
import { staff, staffAudit, staffInvites, type StaffRole } from "#root/db/schema.ts";

export type Staff = typeof staff.$inferSelect;

/** Invites are valid for 7 days. */
export const INVITE_TTL_MS = 7 * 24 * 3600 * 1000;

/**
 * Create a one-time invite for a school and role. Returns the token (goes into the deep link
 * `https://t.me/<provider bot>?start=<token>`); only its hash is stored.
 */
export async function createStaffInvite(
  db: Db,
  input: { schoolId: number; role: StaffRole; now: Date; by?: StaffActor },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(24).toString("base64url"); // 32 chars, within Telegram's 64 for /start
  const expiresAt = new Date(input.now.getTime() + INVITE_TTL_MS);
  await db.transaction(async (tx) => {
    const createdByStaffId = input.by?.kind === "staff" ? input.by.staffId : null;
    await tx.insert(staffInvites).values({
      tokenHash: sha256Hex(token),
      schoolId: input.schoolId,
      role: input.role,
      expiresAt,
      createdByStaffId,
      createdAt: input.now,
    });
    await tx
      .insert(staffAudit)
      .values({ schoolId: input.schoolId, ...actorColumns(input.by), action: "invite", role: input.role, createdAt: input.now });
  });
  return { token, expiresAt };
}

/** Who changes a team: a director (by staff id) or, without one, an operator's command. */
export type StaffActor = { kind: "staff"; staffId: number } | { kind: "operator" };

const actorColumns = (by: StaffActor | undefined) =>
  by?.kind === "staff" ? { actorKind: "staff" as const, actorStaffId: by.staffId } : { actorKind: "operator" as const, actorStaffId: null };

export type StaffAuditEntry = typeof staffAudit.$inferSelect;

/** A school's team changes, newest first. */
export async function listStaffAudit(db: Db, schoolId: number, limit = 50): Promise<StaffAuditEntry[]> {
  return db.select().from(staffAudit).where(eq(staffAudit.schoolId, schoolId)).orderBy(desc(staffAudit.id)).limit(limit);
}

export type RedeemResult =
  | { ok: true; staff: Staff }
  | { ok: false; reason: "invalid" | "expired" | "used" | "switched_off" }
  /** Active staff already: of the invite's school (`member`) or of another (`other_school`); the invite stays unused. */
  | { ok: false; reason: "member" | "other_school"; staff: Staff };

/** Whether `token` is a staff invite's (used, expired or not): what its deep link carries. */
export async function isStaffInviteToken(db: Db, token: string): Promise<boolean> {
  const [row] = await db
    .select({ id: staffInvites.id })
    .from(staffInvites)
    .where(eq(staffInvites.tokenHash, sha256Hex(token)))
    .limit(1);
  return row !== undefined;
}

/**
 * Bind a Telegram account to the invite's school and role. The invite works once: a second
 * redemption (or a concurrent one) is refused. A switched-off account comes back only with an
 * invite made after it was switched off (`switched_off`, the invite left unused, otherwise).
 * An active member keeps their school and role: an invite never demotes a director (perhaps the
 * school's only one) nor moves anybody to another school; they are switched off there first.
 */
export async function redeemStaffInvite(
  db: Db,
  input: { token: string; telegramId: number; fullName: string; lang: "kk" | "ru"; now: Date },
): Promise<RedeemResult> {
  return db.transaction(async (tx) => {
    const [invite] = await tx
      .select()
      .from(staffInvites)
      .where(eq(staffInvites.tokenHash, sha256Hex(input.token)))
      .for("update");
    if (!invite) return { ok: false, reason: "invalid" } as const;
    if (invite.usedAt) return { ok: false, reason: "used" } as const;
    if (invite.expiresAt <= input.now) return { ok: false, reason: "expired" } as const;
    const [known] = await tx.select().from(staff).where(eq(staff.telegramId, input.telegramId)).for("update");
    if (known && !known.active && known.deactivatedAt && invite.createdAt <= known.deactivatedAt)
      return { ok: false, reason: "switched_off" } as const;
    if (known?.active) return { ok: false, reason: known.schoolId === invite.schoolId ? "member" : "other_school", staff: known } as const;
    const [member] = await tx
      .insert(staff)
      .values({ schoolId: invite.schoolId, telegramId: input.telegramId, role: invite.role, fullName: input.fullName, lang: input.lang })
      .onConflictDoUpdate({
        target: staff.telegramId,
        // A name the staff member typed before is kept; Telegram's display name only fills a gap.
        set: {
          schoolId: invite.schoolId,
          role: invite.role,
          fullName: sql`case when ${staff.nameConfirmedAt} is null then excluded.full_name else ${staff.fullName} end`,
          active: true,
          deactivatedAt: null,
        },
        // Joined at this moment with another invite: kept as they joined.
        setWhere: eq(staff.active, false),
      })
      .returning();
    if (!member) {
      const [joined] = await tx.select().from(staff).where(eq(staff.telegramId, input.telegramId));
      return { ok: false, reason: joined!.schoolId === invite.schoolId ? "member" : "other_school", staff: joined! } as const;
    }
    await tx.update(staffInvites).set({ usedAt: input.now, usedByStaffId: member.id }).where(eq(staffInvites.id, invite.id));
    return { ok: true, staff: member } as const;
  });
}

/** The active staff member behind a Telegram account, or undefined (not staff, or deactivated). */
export async function findActiveStaff(db: Db, telegramId: number): Promise<Staff | undefined> {
  const [row] = await db
    .select()
    .from(staff)
    .where(and(eq(staff.telegramId, telegramId), eq(staff.active, true)));
  return row;
}

/** The staff member with Telegram account `telegramId` blocked the provider bot (Telegram said so, or answered 403). */
export async function markStaffBlocked(db: Db, telegramId: number, at: Date): Promise<void> {
  await db
    .update(staff)
    .set({ blockedAt: at })
    .where(and(eq(staff.telegramId, telegramId), eq(staff.active, true), isNull(staff.blockedAt)));
}

/**
 * The active staff member with Telegram account `telegramId` is back: their row locked for the rest of the transaction
 * `tx` (a second update of the same return, by another instance too, waits for this one and then finds it cleared) and
 * `blocked_at` cleared. Returns the row as it was, or undefined when they are no active staff member.
 */
export async function markStaffUnblocked(tx: Db | Tx, telegramId: number): Promise<Staff | undefined> {
  const [row] = await tx
    .select()
    .from(staff)
    .where(and(eq(staff.telegramId, telegramId), eq(staff.active, true)))
    .for("update");
  if (row?.blockedAt) await tx.update(staff).set({ blockedAt: null }).where(eq(staff.id, row.id));
  return row;
}

/**
 * Switch a staff member off, with the audit entry, in one transaction. Returns false when they
 * were not active (already switched off, e.g. by a second tap).
 */
export async function deactivateStaff(db: Db, staffId: number, now: Date, by?: StaffActor): Promise<boolean> {
  return db.transaction(async (tx) => {
    const [member] = await tx
      .update(staff)
      .set({ active: false, deactivatedAt: now })
      .where(and(eq(staff.id, staffId), eq(staff.active, true)))
      .returning();
    if (!member) return false;
    // The invites they made and nobody used end with them (their links stay in their chat).
    await tx
      .update(staffInvites)
      .set({ expiresAt: now })
      .where(and(eq(staffInvites.createdByStaffId, member.id), isNull(staffInvites.usedAt), gt(staffInvites.expiresAt, now)));
    await tx.insert(staffAudit).values({
      schoolId: member.schoolId,
      ...actorColumns(by),
      action: "deactivate",
      targetStaffId: member.id,
      role: member.role,
      createdAt: now,
    });
    return true;
  });
}

/** Any staff member by id, active or not. */
export async function getStaffMember(db: Db, id: number): Promise<Staff | undefined> {
  const [row] = await db.select().from(staff).where(eq(staff.id, id));
  return row;
}

/**
 * Which membership of theirs a staff member is in: the invite they last joined by (0: none). A member switched off
 * and invited again keeps their row and id, so a switch-off asked before they left must not end the one since.
 */
export async function staffMembership(db: Db, staffId: number): Promise<number> {
  const [row] = await db
    .select({ id: staffInvites.id })
    .from(staffInvites)
    .where(eq(staffInvites.usedByStaffId, staffId))
    .orderBy(desc(staffInvites.id))
    .limit(1);
  return row?.id ?? 0;
}

export async function listSchoolStaff(db: Db, schoolId: number, role?: StaffRole): Promise<Staff[]> {
  const conds = [eq(staff.schoolId, schoolId), eq(staff.active, true)];
  if (role) conds.push(eq(staff.role, role));
  return db
    .select()
    .from(staff)
    .where(and(...conds));
}

/** Unused, unexpired invites of a school (for an operator's overview). */
export async function pendingInvites(db: Db, schoolId: number, now: Date) {
  return db
    .select()
    .from(staffInvites)
    .where(and(eq(staffInvites.schoolId, schoolId), isNull(staffInvites.usedAt), gt(staffInvites.expiresAt, now)));
}

/** The name and position the staff member typed: documents they issue are signed with these. */
export async function setStaffProfile(db: Db, input: { staffId: number; fullName: string; position: string; now: Date }): Promise<Staff> {
  const [row] = await db
    .update(staff)
    .set({ fullName: input.fullName, position: input.position, nameConfirmedAt: input.now })
    .where(eq(staff.id, input.staffId))
    .returning();
  return row!;
}

/** The language the staff member chose for the provider bot. */
export async function setStaffLang(db: Db, staffId: number, lang: Lang): Promise<void> {
  await db.update(staff).set({ lang }).where(eq(staff.id, staffId));
}

/** The staff member's IIN, given the first time they sign a document with EDS. */
export async function setStaffIin(db: Db, staffId: number, iin: string): Promise<void> {
  await db.update(staff).set({ iin }).where(eq(staff.id, staffId));
}
