/**
 * A parent who blocked the parent bot and comes back. While it was blocked, every notice to them
 * failed with 403 and was recorded `blocked`, never to be tried again (db/outbox-sender.ts), and the
 * parent marked blocked. When they unblock it (Telegram says so: bot/parent/unblocked.ts), or write to
 * a bot that still has them marked blocked (that update may have been missed), they are told what
 * changed meanwhile: for each application, what they need now, queued again through the outbox —
 *
 * - its latest status notice, with its document (not every step it went through: a refusal, not the
 *   registration before it), while the application still has that status (not one they withdrew since);
 * - the request to rate the decision, the overdue notice, the revocation of a document, each the
 *   latest of its kind;
 * - nothing the delivery would now drop (flows/stale-notices.ts, the sender's own checks: a rating
 *   of a revoked result, an overdue notice of an application decided since, a document revoked
 *   whose revocation the parent was told of), nothing of an application deleted, nothing that went;
 *   a status notice whose document was revoked goes with the revocation's words instead of the file,
 *   so the revocation's own notice is not sent beside it (it is recorded superseded: a later return
 *   does not send it either);
 *
 * — after one line in their language saying these are what changed while the bot was blocked, only
 * when something is sent again. The parent's row is locked and `blocked_at` cleared in the same
 * transaction as the rows are written: a second return (a double update, another instance) waits
 * for it and then finds the latest notices queued already, so nothing is queued twice; the rows'
 * dedupe keys (one per notice queued again) say the same. Signing results and support's notices are
 * not sent again: they answered something the parent was doing at the time.
 *
 * A staff member back after blocking the provider bot ({@link staffBack}) is told instead how many applications wait:
 * the inbox says the rest.
 */
import type { Db } from "#root/db/client.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import {
  enqueue,
  existingDedupeKeys,
  latestParentNotices,
  supersedeBlocked,
  type OutboxMessage,
  type OutboxRow,
} from "#root/db/queries/outbox.ts";
import { markUnblocked } from "#root/db/queries/users.ts";
import { markStaffUnblocked } from "#root/db/queries/staff.ts";
import { countOpen } from "#root/db/queries/inbox.ts";
import type { Lang } from "./i18n.ts";
import { services } from "./services/index.ts";
import type { OutboxPayload, UnblockedPayload } from "./notify.ts";
import { parentNoticeNow } from "./stale-notices.ts";

/** The notices about an application a parent back from blocking the bot may be sent again. */
const RESENT_TEMPLATES = ["status", "rating", "overdue", "revoked"] as const;

/** The dedupe key of notice `row` queued again. */
export const resentKey = (row: Pick<OutboxRow, "id">) => `resent:${row.id}`;

export interface ParentBack {
  /** The parent was marked blocked, and is not any more. */
  cleared: boolean;
  /** How many notices were queued again (the line before them not counted). */
  resent: number;
}

/**
 * The parent with Telegram account `telegramId` is back: clear their `blocked_at` and queue again
 * what could not reach them. `onlyIfBlocked`: do nothing unless they are marked blocked (a parent
 * who writes); without it (Telegram said they unblocked the bot) their notices are looked at anyway —
 * one may have failed while they were unblocking it, before the sender marked them.
 */
export async function parentBack(db: Db, input: { telegramId: number; onlyIfBlocked?: boolean }): Promise<ParentBack> {
  return db.transaction(async (tx) => {
    const parent = await markUnblocked(tx, input.telegramId);
    if (!parent || (input.onlyIfBlocked && !parent.blockedAt)) return { cleared: false, resent: 0 };
    const cleared = parent.blockedAt !== null;
    const recipient = String(input.telegramId);
    const blocked = (await latestParentNotices(tx, recipient, RESENT_TEMPLATES)).filter((row) => row.status === "blocked");
    if (blocked.length === 0) return { cleared, resent: 0 };

    const apps = new Map<string, Awaited<ReturnType<typeof getApplication>>>();
    for (const row of blocked) {
      const id = (row.payload as OutboxPayload).applicationId as string;
      if (!apps.has(id)) apps.set(id, await getApplication(tx, id));
    }
    const chosen: OutboxRow[] = [];
    /** Documents whose revocation a status notice sent again says in its place: the status notice's row, by document number. */
    const toldInstead = new Map<string, OutboxRow>();
    for (const row of blocked) {
      const p = row.payload as OutboxPayload;
      const app = apps.get(p.applicationId as string);
      if (!app || p.template === "revoked") continue;
      // Moved on since without a notice to the parent (they withdrew it): the status is not theirs to hear.
      if (p.template === "status" && app.status !== p.status) continue;
      const fate = await parentNoticeNow(tx, { recipient, payload: p });
      // `later`: the revocation's own notice waits to be sent, tells the parent, and makes this one superseded.
      if (fate.go === "superseded" || fate.go === "later") continue;
      if (fate.go === "instead") toldInstead.set(fate.document.number, row);
      chosen.push(row);
    }
    /** Revocation notices a status notice sent again says in its place: never to be sent themselves. */
    const said: Array<{ row: OutboxRow; by: OutboxRow }> = [];
    for (const row of blocked) {
      const p = row.payload as OutboxPayload;
      if (p.template !== "revoked" || !apps.get(p.applicationId)) continue;
      const by = toldInstead.get(p.documentNumber);
      if (by) said.push({ row, by });
      else chosen.push(row);
    }
    chosen.sort((a, b) => a.id - b.id);
    const queued = await existingDedupeKeys(tx, chosen.map(resentKey));
    const again = chosen.filter((row) => !queued.has(resentKey(row)));
    // Settled, so that a later return does not find it the latest of its kind and send it after all.
    for (const { row, by } of said)
      await supersedeBlocked(tx, row.id, `superseded: its words go in the place of notice ${resentKey(by)}, queued again after an unblock`);
    if (again.length === 0) return { cleared, resent: 0 };

    const lineKey = `unblocked:${recipient}:${again.at(-1)!.id}`;
    // The sender writes it in the parent's language at the time; this one (Kazakh, the bots' default, for a parent without one) if none.
    const line: UnblockedPayload = { template: "unblocked", lang: parent.lang ?? "kk" };
    // The line first: rows written in one transaction are due together and sent in the order written.
    await enqueue(tx, [{ channel: "parent", recipient, payload: line, dedupeKey: lineKey }]);
    const copies: OutboxMessage[] = again.map((row) => ({
      channel: "parent",
      recipient,
      payload: { ...row.payload, resentAfter: lineKey },
      dedupeKey: resentKey(row),
    }));
    await enqueue(tx, copies);
    return { cleared, resent: copies.length };
  });
}

/** What waits for a staff member back from blocking the provider bot: their language and the school's open applications. */
export interface StaffBack {
  lang: Lang;
  /** The school's applications waiting for it (the inbox's list). */
  waiting: number;
}

/**
 * The staff member with Telegram account `telegramId` is back after blocking the provider bot: `blocked_at` cleared, and
 * what waits for them counted — or undefined when they were not marked blocked (or are no active staff member). Their row
 * is locked while it is cleared: of several updates of one return (the unblock and the /start Telegram sends with it, or
 * two instances), one finds it marked, the others wait for it and find it cleared, so they are told once. The notices
 * that could not reach them are not sent again: the inbox holds what they said, as it is now.
 */
export async function staffBack(db: Db, telegramId: number): Promise<StaffBack | undefined> {
  return db.transaction(async (tx) => {
    const member = await markStaffUnblocked(tx, telegramId);
    if (!member?.blockedAt) return undefined;
    const awaitingOrder = services.filter((s) => s.result.then).map((s) => s.id);
    return { lang: member.lang, waiting: await countOpen(tx, member.schoolId, awaitingOrder) };
  });
}
