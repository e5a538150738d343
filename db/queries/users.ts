import { and, asc, eq, sql } from "drizzle-orm";
import type { Lang } from "../../flows/i18n.ts";
import type { Db } from "../client.ts";
import { prepared } from "../prepared.ts";
import { children, supportTickets, users } from "../schema.ts";

export type User = typeof users.$inferSelect;
export type Child = typeof children.$inferSelect;

const userByTelegramId = prepared("user_by_telegram_id", (db, name) =>
  db.select().from(users).where(eq(users.telegramId, sql.placeholder("telegramId"))).prepare(name),
);
const userById = prepared("user_by_id", (db, name) => db.select().from(users).where(eq(users.id, sql.placeholder("id"))).prepare(name));

export async function findUserByTelegramId(db: Db, telegramId: number): Promise<User | undefined> {
  const [row] = await userByTelegramId(db, { telegramId });
  return row;
}

export async function getUser(db: Db, id: number): Promise<User | undefined> {
  const [row] = await userById(db, { id });
  return row;
}

/** Remember a Telegram user's language before they register (creates a bare row once). */
export async function setUserLang(db: Db, telegramId: number, lang: Lang): Promise<User> {
  const [row] = await db
    .insert(users)
    .values({ telegramId, lang })
    .onConflictDoUpdate({ target: users.telegramId, set: { lang, updatedAt: new Date() } })
    .returning();
  return row!;
}

export async function recordConsent(db: Db, telegramId: number, at: Date): Promise<void> {
  await db.update(users).set({ consentAt: at, updatedAt: at }).where(eq(users.telegramId, telegramId));
}

/**
 * Register a parent. A record imported with the same phone (from the school system) is linked
 * to this Telegram account instead of creating a second parent.
 */
export async function registerParent(
  db: Db,
  input: { telegramId: number; phone: string; fullName: string; iin: string; lang: Lang; email?: string },
): Promise<User> {
  return db.transaction(async (tx) => {
    const [byPhone] = await tx.select().from(users).where(eq(users.phone, input.phone));
    const [byTelegram] = await tx.select().from(users).where(eq(users.telegramId, input.telegramId));
    const now = new Date();
    const fields = { phone: input.phone, fullName: input.fullName, iin: input.iin, lang: input.lang, email: input.email, updatedAt: now };
    if (byPhone && byTelegram && byPhone.id !== byTelegram.id) {
      // The bare row made when the parent chose a language gives way to the imported record;
      // a support conversation started before registering moves with it.
      await tx.update(supportTickets).set({ parentId: byPhone.id }).where(eq(supportTickets.parentId, byTelegram.id));
      await tx.delete(users).where(eq(users.id, byTelegram.id));
      const [row] = await tx
        .update(users)
        .set({ ...fields, telegramId: input.telegramId, consentAt: byTelegram.consentAt ?? byPhone.consentAt })
        .where(eq(users.id, byPhone.id))
        .returning();
      return row!;
    }
    const existing = byPhone ?? byTelegram;
    if (existing) {
      const [row] = await tx.update(users).set({ ...fields, telegramId: input.telegramId }).where(eq(users.id, existing.id)).returning();
      return row!;
    }
    const [row] = await tx.insert(users).values({ ...fields, telegramId: input.telegramId }).returning();
    return row!;
  });
}

/** Telegram said 403: the parent blocked the bot. Cleared by {@link markUnblocked}. */
export async function markBlocked(db: Db, telegramId: number, at: Date): Promise<void> {
  await db.update(users).set({ blockedAt: at }).where(eq(users.telegramId, telegramId));
}

export async function markUnblocked(db: Db, telegramId: number): Promise<void> {
  await db.update(users).set({ blockedAt: null }).where(eq(users.telegramId, telegramId));
}

export async function addChild(
  db: Db,
  input: { parentId: number; fullName: string; iin: string; birthDate: string; grade: number },
): Promise<Child> {
  const [row] = await db
    .insert(children)
    .values(input)
    .onConflictDoUpdate({
      target: [children.parentId, children.iin],
      set: { fullName: input.fullName, birthDate: input.birthDate, grade: input.grade },
    })
    .returning();
  return row!;
}

export async function listChildren(db: Db, parentId: number): Promise<Child[]> {
  return db.select().from(children).where(eq(children.parentId, parentId)).orderBy(asc(children.id));
}

/** A child of this parent only: another parent's child id gives undefined. */
export async function getChild(db: Db, parentId: number, childId: number): Promise<Child | undefined> {
  const [row] = await db.select().from(children).where(and(eq(children.id, childId), eq(children.parentId, parentId)));
  return row;
}
