import { randomBytes, timingSafeEqual } from "node:crypto";
import { and, eq, gt, isNotNull, isNull } from "drizzle-orm";
import { sha256Hex } from "#root/flows/files.ts";
import type { Db } from "#root/db/client.ts";
import { applications, mobileSigningSessions } from "#root/db/schema.ts";

export type MobileSigningSession = typeof mobileSigningSessions.$inferSelect;

/**
 * Which session: by the id in its address (`id`, hashed before it is looked up: only its hash
 * is stored), or by the row's own key (`idHash`: a relaying backend's wait, which never hands
 * the id out).
 */
export type MobileSessionRef = { id: string; idHash?: undefined } | { idHash: string; id?: undefined };

const keyOf = (ref: MobileSessionRef): string => (ref.idHash !== undefined ? ref.idHash : sha256Hex(ref.id));

/**
 * A session for eGov mobile: a random id (the address in the QR code), bound to one
 * application and document version — a parent's statement, or a staff member's result
 * signing session. Only the id's hash is stored (`idHash`, the row's key), as a signing link's
 * token's: whoever reads the database cannot act as eGov mobile. The application's earlier
 * sessions that still work are ended with it: one live QR code at a time.
 */
export async function createMobileSigningSession(
  db: Db,
  input: { applicationId: string; parentId: number | null; resultSessionId?: number; statementSha256: string; now: Date; ttlMs: number },
): Promise<{ id: string; idHash: string; expiresAt: Date }> {
  const id = randomBytes(32).toString("base64url");
  const idHash = sha256Hex(id);
  const expiresAt = new Date(input.now.getTime() + input.ttlMs);
  await db.transaction(async (tx) => {
    // two taps at once: the second waits here, then ends the first one's session
    await tx.select({ id: applications.id }).from(applications).where(eq(applications.id, input.applicationId)).for("update");
    await tx
      .update(mobileSigningSessions)
      .set({ replacedAt: input.now })
      .where(
        and(
          eq(mobileSigningSessions.applicationId, input.applicationId),
          isNull(mobileSigningSessions.usedAt),
          isNull(mobileSigningSessions.replacedAt),
          gt(mobileSigningSessions.expiresAt, input.now),
        ),
      );
    await tx.insert(mobileSigningSessions).values({
      idHash,
      applicationId: input.applicationId,
      parentId: input.parentId,
      resultSessionId: input.resultSessionId ?? null,
      statementSha256: input.statementSha256,
      expiresAt,
      // the session starts now: a signature must not claim an earlier signing time
      createdAt: input.now,
    });
  });
  return { id, idHash, expiresAt };
}

/**
 * API №1: a new random Bearer token for API №2, replacing the one handed out before (only its
 * hash is kept). Undefined when the session does not work any more.
 */
export async function issueMobileSigningToken(db: Db, input: { id: string; now: Date }): Promise<string | undefined> {
  const token = randomBytes(32).toString("base64url");
  const [row] = await db
    .update(mobileSigningSessions)
    .set({ tokenHash: sha256Hex(token) })
    .where(
      and(
        eq(mobileSigningSessions.idHash, sha256Hex(input.id)),
        isNull(mobileSigningSessions.usedAt),
        isNull(mobileSigningSessions.replacedAt),
        gt(mobileSigningSessions.expiresAt, input.now),
      ),
    )
    .returning({ idHash: mobileSigningSessions.idHash });
  return row ? token : undefined;
}

export type MobileRefusal = "invalid" | "unauthorized" | "expired" | "used" | "replaced";
export type MobileLookup = { ok: true; session: MobileSigningSession } | { ok: false; reason: MobileRefusal };

/** The session's state at `now`, whatever the token. */
function stateOf(row: MobileSigningSession, now: Date): MobileLookup {
  if (row.usedAt) return { ok: false, reason: "used" };
  if (row.replacedAt) return { ok: false, reason: "replaced" };
  if (row.expiresAt <= now) return { ok: false, reason: "expired" };
  return { ok: true, session: row };
}

/** Whether `token` is the session's: hashes compared in constant time. */
function tokenMatches(row: MobileSigningSession, token: string | undefined): boolean {
  if (token === undefined || row.tokenHash === null) return false;
  const given = Buffer.from(sha256Hex(token), "hex");
  const stored = Buffer.from(row.tokenHash, "hex");
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/** API №1: the session at this id, judged by its state alone (the unguessable id is the credential there). */
export async function findMobileSigningSession(db: Db, input: MobileSessionRef & { now: Date }): Promise<MobileLookup> {
  const [row] = await db
    .select()
    .from(mobileSigningSessions)
    .where(eq(mobileSigningSessions.idHash, keyOf(input)));
  if (!row) return { ok: false, reason: "invalid" };
  return stateOf(row, input.now);
}

/** The session whatever its state: whose it was, once it no longer works. */
export async function getMobileSigningSession(db: Db, ref: MobileSessionRef): Promise<MobileSigningSession | undefined> {
  const [row] = await db
    .select()
    .from(mobileSigningSessions)
    .where(eq(mobileSigningSessions.idHash, keyOf(ref)));
  return row;
}

/** API №2: the Bearer token must match before anything else is said about the session. */
export async function authorizeMobileSigningSession(
  db: Db,
  input: { id: string; token: string | undefined; now: Date },
): Promise<MobileLookup> {
  const [row] = await db
    .select()
    .from(mobileSigningSessions)
    .where(eq(mobileSigningSessions.idHash, sha256Hex(input.id)));
  if (!row) return { ok: false, reason: "invalid" };
  if (!tokenMatches(row, input.token)) return { ok: false, reason: "unauthorized" };
  return stateOf(row, input.now);
}

/** Use the session (its token checked first): succeeds once; a second or concurrent use is refused. */
export async function consumeMobileSigningSession(
  db: Db,
  input: { id: string; token: string | undefined; now: Date },
): Promise<MobileLookup> {
  const found = await authorizeMobileSigningSession(db, input);
  if (!found.ok) return found;
  const row = await useSession(db, { id: input.id, now: input.now });
  if (row) return { ok: true, session: row };
  return authorizeMobileSigningSession(db, input);
}

/** Mark the session used, if it still may be: the row, or undefined when another use came first. */
async function useSession(db: Db, input: MobileSessionRef & { now: Date }) {
  const [row] = await db
    .update(mobileSigningSessions)
    .set({ usedAt: input.now })
    .where(
      and(
        eq(mobileSigningSessions.idHash, keyOf(input)),
        isNull(mobileSigningSessions.usedAt),
        isNull(mobileSigningSessions.replacedAt),
        gt(mobileSigningSessions.expiresAt, input.now),
      ),
    )
    .returning();
  return row;
}

/**
 * Use the session by its key alone: for a backend that relays the app itself (SIGEX), where no
 * Bearer token of ours is involved. Succeeds once.
 */
export async function consumeRelayedMobileSigningSession(db: Db, input: { idHash: string; now: Date }): Promise<MobileLookup> {
  const row = await useSession(db, input);
  if (row) return { ok: true, session: row };
  return findMobileSigningSession(db, input);
}

/** End a session that never reached the parent (its backend failed to start): the application's earlier one stays ended. */
export async function endMobileSigningSession(db: Db, input: { idHash: string; now: Date }): Promise<void> {
  await db
    .update(mobileSigningSessions)
    .set({ replacedAt: input.now })
    .where(and(eq(mobileSigningSessions.idHash, input.idHash), isNull(mobileSigningSessions.usedAt)));
}

export type SigningRelay = NonNullable<MobileSigningSession["relay"]>;

/** Keep where SIGEX relays this session (the addresses, and whether the statement was handed over). */
export async function keepSigningRelay(db: Db, input: { idHash: string; relay: SigningRelay }): Promise<void> {
  await db.update(mobileSigningSessions).set({ relay: input.relay }).where(eq(mobileSigningSessions.idHash, input.idHash));
}

/** The relayed sessions that still work (not used, not replaced, not expired): their waits go on after a restart. */
export async function liveRelayedSessions(db: Db, now: Date): Promise<Array<MobileSigningSession & { relay: SigningRelay }>> {
  const rows = await db
    .select()
    .from(mobileSigningSessions)
    .where(
      and(
        isNotNull(mobileSigningSessions.relay),
        isNull(mobileSigningSessions.usedAt),
        isNull(mobileSigningSessions.replacedAt),
        gt(mobileSigningSessions.expiresAt, now),
      ),
    );
  return rows.filter((r): r is MobileSigningSession & { relay: SigningRelay } => r.relay !== null);
}
