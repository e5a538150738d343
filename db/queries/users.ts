import { and, asc, eq, inArray, isNotNull, isNull, sql } from "drizzle-orm";
import type { Lang } from "#root/flows/i18n.ts";
import type { Db, Tx } from "#root/db/client.ts";
import { prepared } from "#root/db/prepared.ts";
import { cachedRead, childrenKey, keep, kept, userKey, writing } from "#root/db/read-cache.ts";
import { applications, children, supportTickets, users } from "#root/db/schema.ts";

export type User = typeof users.$inferSelect;
export type Child = typeof children.$inferSelect;

const userByTelegramId = prepared("user_by_telegram_id", (db, name) =>
  db
    .select()
    .from(users)
    .where(eq(users.telegramId, sql.placeholder("telegramId")))
    .prepare(name),
);
const userById = prepared("user_by_id", (db, name) =>
  db
    .select()
    .from(users)
    .where(eq(users.id, sql.placeholder("id")))
    .prepare(name),
);

export async function findUserByTelegramId(db: Db, telegramId: number): Promise<User | undefined> {
  const row = await cachedRead(db, userKey.byTelegram(telegramId), async () => (await userByTelegramId(db, { telegramId }))[0]);
  if (row) keep(db, userKey.byId(row.id), row);
  return row;
}

export async function getUser(db: Db, id: number): Promise<User | undefined> {
  const row = await cachedRead(db, userKey.byId(id), async () => (await userById(db, { id }))[0], { inTransactions: true });
  if (row?.telegramId != null) keep(db, userKey.byTelegram(row.telegramId), row);
  return row;
}

/**
 * The Telegram chat and language of each of these parents that has a Telegram account (an imported
 * record never linked to one has none, and is left out), by user id; read in chunks of a thousand.
 */
export async function telegramOfUsers(db: Db, ids: number[]): Promise<Map<number, { telegramId: number; lang: Lang | null }>> {
  const found = new Map<number, { telegramId: number; lang: Lang | null }>();
  const unique = [...new Set(ids)];
  for (let i = 0; i < unique.length; i += 1000) {
    const rows = await db
      .select({ id: users.id, telegramId: users.telegramId, lang: users.lang })
      .from(users)
      .where(and(inArray(users.id, unique.slice(i, i + 1000)), isNotNull(users.telegramId)));
    for (const r of rows) if (r.telegramId !== null) found.set(r.id, { telegramId: r.telegramId, lang: r.lang });
  }
  return found;
}

/** The row a write returned, kept for the rest of the update. */
function keepUser(db: Db, row: User): User {
  keep(db, userKey.byId(row.id), row);
  if (row.telegramId != null) keep(db, userKey.byTelegram(row.telegramId), row);
  return row;
}

/** Remember a Telegram user's language before they register (creates a bare row once). */
export async function setUserLang(db: Db, telegramId: number, lang: Lang): Promise<User> {
  // Read in this update with this language already: nothing to write.
  const known = await kept<User | undefined>(db, userKey.byTelegram(telegramId));
  if (known?.lang === lang) return known;
  writing("users");
  const [row] = await db
    .insert(users)
    .values({ telegramId, lang })
    .onConflictDoUpdate({ target: users.telegramId, set: { lang, updatedAt: new Date() } })
    .returning();
  return keepUser(db, row!);
}

/**
 * The consent given (the "I agree" tap), in the parent's language, in one statement: the row is
 * made when there is none. Returns the row, or undefined when the consent was already given (a
 * second tap changes nothing, not even the language).
 */
export async function giveConsent(db: Db, telegramId: number, lang: Lang, at: Date): Promise<User | undefined> {
  writing("users");
  const [row] = await db
    .insert(users)
    .values({ telegramId, lang, consentAt: at, updatedAt: at })
    .onConflictDoUpdate({ target: users.telegramId, set: { lang, consentAt: at, updatedAt: at }, setWhere: isNull(users.consentAt) })
    .returning();
  return row ? keepUser(db, row) : undefined;
}

/**
 * Register a parent (this Telegram account). Mobile numbers are recycled to new owners, so a
 * phone alone never hands over a record: a record bound to another Telegram account is never
 * touched, and a record imported from the school system (bound to no account yet) is linked
 * only when its IIN is the newcomer's too. Otherwise the newcomer is a parent of their own,
 * and whoever had the number keeps their name, IIN, drafts, children and documents.
 */
export async function registerParent(
  db: Db,
  input: { telegramId: number; phone: string; fullName: string; iin: string; lang: Lang; email?: string },
): Promise<User> {
  writing("users");
  // The usual case in one statement: this account has its row (made when the language was
  // chosen) and no imported record waits for this phone and IIN.
  const [row] = await db
    .update(users)
    .set({ phone: input.phone, fullName: input.fullName, iin: input.iin, lang: input.lang, email: input.email, updatedAt: new Date() })
    .where(
      and(
        eq(users.telegramId, input.telegramId),
        sql`not exists (select 1 from ${users} i where i.phone = ${input.phone} and i.iin = ${input.iin} and i.telegram_id is null)`,
      ),
    )
    .returning();
  return keepUser(db, row ?? (await registerParentIn(db, input)));
}

async function registerParentIn(db: Db, input: Parameters<typeof registerParent>[1]): Promise<User> {
  return db.transaction(async (tx) => {
    const [imported] = await tx
      .select()
      .from(users)
      .where(and(eq(users.phone, input.phone), eq(users.iin, input.iin), isNull(users.telegramId)))
      .limit(1)
      // Two accounts registering at once: the second waits, then finds the record bound.
      .for("update");
    const [byTelegram] = await tx.select().from(users).where(eq(users.telegramId, input.telegramId));
    const now = new Date();
    const fields = { phone: input.phone, fullName: input.fullName, iin: input.iin, lang: input.lang, email: input.email, updatedAt: now };
    if (imported && (!byTelegram || (await isBare(tx, byTelegram.id)))) {
      if (byTelegram) {
        // The bare row made when the parent chose a language gives way to the imported record;
        // a support conversation started before registering moves with it.
        await tx.update(supportTickets).set({ parentId: imported.id }).where(eq(supportTickets.parentId, byTelegram.id));
        await tx.delete(users).where(eq(users.id, byTelegram.id));
      }
      const [row] = await tx
        .update(users)
        .set({ ...fields, telegramId: input.telegramId, consentAt: byTelegram?.consentAt ?? imported.consentAt })
        .where(eq(users.id, imported.id))
        .returning();
      return row!;
    }
    if (byTelegram) {
      const [row] = await tx.update(users).set(fields).where(eq(users.id, byTelegram.id)).returning();
      return row!;
    }
    const [row] = await tx
      .insert(users)
      .values({ ...fields, telegramId: input.telegramId })
      .returning();
    return row!;
  });
}

/** A row with nothing of its own yet (no applications, no children): it may give way to another. */
async function isBare(tx: Db, userId: number): Promise<boolean> {
  const [app] = await tx.select({ id: applications.id }).from(applications).where(eq(applications.parentId, userId)).limit(1);
  const [child] = await tx.select({ id: children.id }).from(children).where(eq(children.parentId, userId)).limit(1);
  return !app && !child;
}

/** The parent's email, offered the next time a form asks for one. */
export async function setUserEmail(db: Db, userId: number, email: string): Promise<void> {
  await db.update(users).set({ email, updatedAt: new Date() }).where(eq(users.id, userId));
}

/** Telegram said 403: the parent blocked the bot. Cleared by {@link markUnblocked}. */
export async function markBlocked(db: Db, telegramId: number, at: Date): Promise<void> {
  writing("users");
  await db.update(users).set({ blockedAt: at }).where(eq(users.telegramId, telegramId));
}

/**
 * The parent is back (they unblocked the bot, or wrote to it): their row locked for the rest of the
 * transaction `tx` — a second return handled at once, by another instance too, waits for this one —
 * and `blocked_at` cleared. Returns the row as it was (its id, language and `blockedAt`), or
 * undefined when this Telegram account has no row.
 */
export async function markUnblocked(
  tx: Db | Tx,
  telegramId: number,
): Promise<{ id: number; lang: Lang | null; blockedAt: Date | null } | undefined> {
  writing("users");
  const [row] = await tx
    .select({ id: users.id, lang: users.lang, blockedAt: users.blockedAt })
    .from(users)
    .where(eq(users.telegramId, telegramId))
    .for("update");
  if (row?.blockedAt) await tx.update(users).set({ blockedAt: null }).where(eq(users.id, row.id));
  return row;
}

/** Save a child to the parent's profile (by IIN: again, updated); `gradeYear` — the school year of `grade` — left out is not known. */
export async function addChild(
  db: Db,
  input: { parentId: number; fullName: string; iin: string; birthDate: string; grade: number; gradeYear?: number | null },
): Promise<Child> {
  writing("children");
  const gradeYear = input.gradeYear ?? null;
  const [row] = await db
    .insert(children)
    .values({ ...input, gradeYear })
    .onConflictDoUpdate({
      target: [children.parentId, children.iin],
      set: { fullName: input.fullName, birthDate: input.birthDate, grade: input.grade, gradeYear },
    })
    .returning();
  return row!;
}

export async function listChildren(db: Db, parentId: number): Promise<Child[]> {
  return cachedRead(db, childrenKey(parentId), () =>
    db.select().from(children).where(eq(children.parentId, parentId)).orderBy(asc(children.id)),
  );
}
