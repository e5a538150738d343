import { randomBytes } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { sha256Hex } from "#root/flows/files.ts";
import type { Db } from "#root/db/client.ts";
import { applications, signatures, signingSessions } from "#root/db/schema.ts";

export type Signature = typeof signatures.$inferSelect;
export type SigningSession = typeof signingSessions.$inferSelect;

/** Signing links live 30 minutes. */
export const SIGNING_TTL_MS = 30 * 60 * 1000;

/**
 * A random single-use token for `PUBLIC_URL/sign/<token>`, bound to one application and parent,
 * and to the statement it was issued for (`statementSha256`).
 * The application's earlier links that still work are ended with it: one live link at a time,
 * however often "Sign with EDS" is tapped.
 */
export async function createSigningSession(
  db: Db,
  input: { applicationId: string; parentId: number; statementSha256: string; now: Date },
): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString("base64url");
  const expiresAt = new Date(input.now.getTime() + SIGNING_TTL_MS);
  await db.transaction(async (tx) => {
    // two taps at once: the second waits here, then ends the first one's link
    await tx.select({ id: applications.id }).from(applications).where(eq(applications.id, input.applicationId)).for("update");
    await tx
      .update(signingSessions)
      .set({ replacedAt: input.now })
      .where(
        and(
          eq(signingSessions.applicationId, input.applicationId),
          isNull(signingSessions.usedAt),
          isNull(signingSessions.replacedAt),
          gt(signingSessions.expiresAt, input.now),
        ),
      );
    // the session starts now: a signature must not claim an earlier signing time
    await tx.insert(signingSessions).values({
      tokenHash: sha256Hex(token),
      applicationId: input.applicationId,
      parentId: input.parentId,
      statementSha256: input.statementSha256,
      expiresAt,
      createdAt: input.now,
    });
  });
  return { token, expiresAt };
}

export type SigningLookup = { ok: true; session: SigningSession } | { ok: false; reason: "invalid" | "expired" | "used" | "replaced" };

/** Find a signing session by token without using it (the page shows the statement first). */
export async function findSigningSession(db: Db, token: string, now: Date): Promise<SigningLookup> {
  const [row] = await db
    .select()
    .from(signingSessions)
    .where(eq(signingSessions.tokenHash, sha256Hex(token)));
  if (!row) return { ok: false, reason: "invalid" };
  if (row.usedAt) return { ok: false, reason: "used" };
  if (row.replacedAt) return { ok: false, reason: "replaced" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, session: row };
}

/** Use the token: succeeds once; a second (or concurrent) use is refused. */
export async function consumeSigningSession(db: Db, token: string, now: Date): Promise<SigningLookup> {
  const [row] = await db
    .update(signingSessions)
    .set({ usedAt: now })
    .where(
      and(
        eq(signingSessions.tokenHash, sha256Hex(token)),
        isNull(signingSessions.usedAt),
        isNull(signingSessions.replacedAt),
        gt(signingSessions.expiresAt, now),
      ),
    )
    .returning();
  if (row) return { ok: true, session: row };
  return findSigningSession(db, token, now);
}

export async function recordSignature(db: Db, input: Omit<typeof signatures.$inferInsert, "id" | "createdAt">): Promise<Signature> {
  const [row] = await db.insert(signatures).values(input).returning();
  return row!;
}

export async function latestSignature(db: Db, applicationId: string): Promise<Signature | undefined> {
  const [row] = await db.select().from(signatures).where(eq(signatures.applicationId, applicationId)).orderBy(desc(signatures.id)).limit(1);
  return row;
}
