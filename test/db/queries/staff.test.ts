/**
 * Staff invites on PGlite and PostgreSQL: a switched-off member comes back only with an invite
 * made after the switch-off, the invites they made end with their access, and an active member
 * keeps their school and role whatever invite they open (the invite stays unused).
 */
import { describe, expect, it } from "vitest";
import { createStaffInvite, deactivateStaff, findActiveStaff, pendingInvites, redeemStaffInvite } from "#root/db/queries/staff.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { seedSchool, seedStaff } from "#root/test/helpers/fixtures.ts";

const now = new Date("2026-09-01T04:00:00Z");
const later = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

describe.each(backends)("staff invites on $name", (backend) => {
  it("bring back a switched-off member only when made after the switch-off, by someone still active", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260901000001");
      const boss = await seedStaff(db, { schoolId: school.id, telegramId: 6101, role: "director", fullName: "Ахметова Гүлнар", now });
      const gone = await seedStaff(db, { schoolId: school.id, telegramId: 6102, role: "director", fullName: "Омарова Дана", now });
      const redeem = (token: string, at: Date, telegramId = 6102) =>
        redeemStaffInvite(db, { token, telegramId, fullName: "Омарова Дана", lang: "ru", now: at });
      const hers = await createStaffInvite(db, {
        schoolId: school.id,
        role: "specialist",
        now: later(1),
        by: { kind: "staff", staffId: gone.id },
      });
      const before = await createStaffInvite(db, { schoolId: school.id, role: "specialist", now: later(2) });
      expect(await deactivateStaff(db, gone.id, later(3), { kind: "staff", staffId: boss.id })).toBe(true);

      expect(await redeem(before.token, later(4))).toEqual({ ok: false, reason: "switched_off" });
      expect(await redeem(hers.token, later(4), 6103)).toEqual({ ok: false, reason: "expired" });
      expect(await findActiveStaff(db, 6102)).toBeUndefined();
      expect((await pendingInvites(db, school.id, later(4))).map((i) => i.createdAt)).toEqual([later(2)]);

      const after = await createStaffInvite(db, {
        schoolId: school.id,
        role: "specialist",
        now: later(5),
        by: { kind: "staff", staffId: boss.id },
      });
      expect(await redeem(after.token, later(6))).toMatchObject({ ok: true, staff: { id: gone.id, role: "specialist", active: true } });
    } finally {
      await database.dispose();
    }
  });

  it("never demote or move an active member: the invite is not used up", async () => {
    const database = await backend.open();
    try {
      const db = database.db;
      const school = await seedSchool(db, "260901000002");
      const other = await seedSchool(db, "260901000003");
      const boss = await seedStaff(db, { schoolId: school.id, telegramId: 6201, role: "director", fullName: "Ахметова Гүлнар", now });
      const invite = await createStaffInvite(db, { schoolId: other.id, role: "specialist", now, by: { kind: "staff", staffId: boss.id } });
      const own = await createStaffInvite(db, { schoolId: school.id, role: "specialist", now, by: { kind: "staff", staffId: boss.id } });
      const redeem = (token: string) => redeemStaffInvite(db, { token, telegramId: 6201, fullName: "X", lang: "ru", now: later(1) });
      expect(await redeem(own.token)).toMatchObject({ ok: false, reason: "member", staff: { id: boss.id } });
      expect(await redeem(invite.token)).toMatchObject({ ok: false, reason: "other_school", staff: { id: boss.id } });
      expect(await findActiveStaff(db, 6201)).toMatchObject({ schoolId: school.id, role: "director" });
      expect(await pendingInvites(db, school.id, later(1))).toHaveLength(1);
      const newcomer = await redeemStaffInvite(db, {
        token: own.token,
        telegramId: 6202,
        fullName: "Нурланова Алия",
        lang: "kk",
        now: later(2),
      });
      expect(newcomer).toMatchObject({ ok: true, staff: { schoolId: school.id, role: "specialist" } });
    } finally {
      await database.dispose();
    }
  });
});
