/**
 * A parent back after blocking the parent bot (flows/unblocked.ts), on every database backend: the
 * notices that could not reach them are queued again once, after one line, in the transaction that
 * clears their `blocked_at` — however many returns are handled at once (two instances, a double
 * update) — and only what they need now: the latest status of each application, not a step before
 * it nor one of an application they withdrew since.
 */
import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import type { DeliveryOutcome } from "#root/db/outbox-sender.ts";
import { startOutboxSender } from "#root/db/outbox-sender.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { outbox } from "#root/db/schema.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { decide } from "#root/flows/decisions.ts";
import { parentBack } from "#root/flows/unblocked.ts";
import { createLogger } from "#root/log.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { decidedApplication, seedSchool, seedStaff, submittedApplication } from "#root/test/helpers/fixtures.ts";

const log = createLogger("silent");
const publicUrl = "https://desk.example.kz";
const blocked = async (): Promise<DeliveryOutcome> => ({ status: "blocked", error: "403: Forbidden: bot was blocked by the user" });
const sent = async (): Promise<DeliveryOutcome> => ({ status: "sent" });

describe.each(backends)("a parent back after blocking the bot, on $name", (backend) => {
  async function withDatabase(run: (database: Awaited<ReturnType<typeof backend.open>>) => Promise<void>) {
    const database = await backend.open();
    try {
      await run(database);
    } finally {
      await database.dispose();
    }
  }

  /** Deliver every row now, as Telegram would answer a parent who blocked the bot (staff's and e-mail rows go). */
  async function deliverToBlockedParent(database: Awaited<ReturnType<typeof backend.open>>) {
    const sender = startOutboxSender({
      db: database.db,
      tryLock: database.tryLock,
      log,
      autoStart: false,
      now: () => new Date(Date.now() + 5000),
      deliver: { parent: blocked, provider: sent, email: sent, support: sent },
    });
    await sender.drain();
    await sender.stop();
  }

  const parentRows = async (db: Parameters<typeof findUserByTelegramId>[0], telegramId: number) =>
    (
      await db
        .select()
        .from(outbox)
        .where(eq(outbox.recipient, String(telegramId)))
    ).sort((a, b) => a.id - b.id);

  it("two returns handled at once queue the line and each notice once, with blocked_at cleared; a third queues nothing", async () => {
    await withDatabase(async (database) => {
      const { db } = database;
      const school = await seedSchool(db, "261207000011");
      const staff = await seedStaff(db, { schoolId: school.id, telegramId: 61_100, role: "specialist", fullName: "Бекова Сауле" });
      const refused = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 61_001 });
      const issued = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 61_001 });
      const now = new Date();
      const refusal = { applicationId: refused.id, action: "refuse" as const, version: refused.version, reason: "missing-document" };
      expect(await decide(db, { staff, decision: refusal, now, publicUrl })).toMatchObject({ ok: true });
      await decidedApplication(db, issued, staff, now);
      await deliverToBlockedParent(database);
      expect((await findUserByTelegramId(db, 61_001))?.blockedAt).toBeInstanceOf(Date);
      const before = await parentRows(db, 61_001);
      // refused + its rating; registered, completed + its rating: all blocked.
      expect(before.map((r) => [r.payload.template, r.payload.status ?? null, r.status])).toEqual([
        ["status", "refused", "blocked"],
        ["rating", null, "blocked"],
        ["status", "registered", "blocked"],
        ["status", "completed", "blocked"],
        ["rating", null, "blocked"],
      ]);

      const results = await Promise.all([
        parentBack(db, { telegramId: 61_001 }),
        parentBack(db, { telegramId: 61_001, onlyIfBlocked: true }),
      ]);
      expect(results.map((r) => r.resent).sort()).toEqual([0, 4]);
      expect((await findUserByTelegramId(db, 61_001))?.blockedAt).toBeNull();
      const queued = (await parentRows(db, 61_001)).slice(before.length);
      expect(queued.map((r) => [r.payload.template, r.payload.status ?? null, r.status])).toEqual([
        ["unblocked", null, "pending"],
        ["status", "refused", "pending"],
        ["rating", null, "pending"],
        ["status", "completed", "pending"],
        ["rating", null, "pending"],
      ]);
      // The certificate goes with its notice, and each notice goes after the line.
      expect(queued[3]!.payload.fileId).toBe(before[3]!.payload.fileId);
      expect(queued.slice(1).every((r) => r.payload.resentAfter === queued[0]!.dedupeKey)).toBe(true);

      expect(await parentBack(db, { telegramId: 61_001 })).toEqual({ cleared: false, resent: 0 });
      expect(await parentRows(db, 61_001)).toHaveLength(before.length + queued.length);
    });
  });

  it("a status the parent withdrew meanwhile is not sent again; with nothing to send there is no line", async () => {
    await withDatabase(async (database) => {
      const { db } = database;
      const school = await seedSchool(db, "261207000022");
      const staff = await seedStaff(db, { schoolId: school.id, telegramId: 62_100, role: "specialist", fullName: "Бекова Сауле" });
      const app = await submittedApplication(db, { serviceId: "meals", schoolId: school.id, parentTelegramId: 62_001 });
      const now = new Date();
      const register = { applicationId: app.id, action: "register" as const, version: app.version };
      expect(await decide(db, { staff, decision: register, now, publicUrl })).toMatchObject({ ok: true });
      await deliverToBlockedParent(database);
      const parent = (await findUserByTelegramId(db, 62_001))!;
      // The parent withdrew it (the unblock was missed, their next update had not come yet).
      const cancel = await changeStatus(db, {
        applicationId: app.id,
        action: "cancel",
        principal: { kind: "parent", userId: parent.id },
        now,
      });
      expect(cancel).toMatchObject({ ok: true });

      expect(await parentBack(db, { telegramId: 62_001, onlyIfBlocked: true })).toEqual({ cleared: true, resent: 0 });
      expect((await parentRows(db, 62_001)).map((r) => [r.payload.status, r.status])).toEqual([["registered", "blocked"]]);
      expect((await findUserByTelegramId(db, 62_001))?.blockedAt).toBeNull();
    });
  });
});
