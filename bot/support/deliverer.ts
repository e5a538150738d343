/**
 * The outbox's `support` channel: the posts that waited for the support group's limit
 * (bot/support/post.ts), made at the group's pace ({@link SUPPORT_GROUP_RATE}, counting each call
 * a row makes; one sender at a time over all instances), a parent's posts in the order they were
 * written. A parent's message that cannot be shown for good — refused, or failing for
 * {@link SUPPORT_GIVE_UP_ATTEMPTS} tries — is said to the parent not to have gone, as when it fails
 * at once, and the parent's later posts go on. A ticket's topic that cannot be made for good closes
 * its ticket, and the parent is told once that support was not reached ({@link giveUpTicket}) — no
 * topic is made for that ticket after it. Apart from the posting because it runs in the outbox
 * sender, long after the update that wrote the row, and decides what becomes of a row for good.
 */
import type { Api } from "grammy";
import type { Deliver } from "#root/db/outbox-sender.ts";
import { enqueue, existingDedupeKeys, pendingBefore, type OutboxRow } from "#root/db/queries/outbox.ts";
import { closeTicket, getTicket } from "#root/db/queries/support.ts";
import { getUser } from "#root/db/queries/users.ts";
import type { SupportUndeliveredPayload, SupportUnreachedPayload } from "#root/flows/notify.ts";
import { classifyTelegramError } from "#root/bot/shared/delivery.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { queued, sendInOrder, Unfinished, type QueuedPost, type QueuedStep } from "./post.ts";
import { isThreadGone, lacksTopicRights, type TopicDeps } from "./topic.ts";

/** Telegram's limit for one group: the outbox's `support` channel keeps to it. */
export const SUPPORT_GROUP_RATE = { count: 20, windowMs: 60_000 };

/**
 * Tries of a queued post that fail with an error worth retrying (Telegram's 5xx, the network)
 * before it is given up: about a quarter of an hour at the outbox's backoff (2 s doubling), not
 * the outbox's 48 h — the parent's later posts wait behind it, and the parent is told of it.
 */
export const SUPPORT_GIVE_UP_ATTEMPTS = 10;

/**
 * The outbox's `support` deliverer (give it a plain Api, without auto-retry): a row goes once
 * every earlier row of its parent has gone, into its ticket's topic as it is now.
 */
export function supportDeliverer(deps: TopicDeps & { api: Api }): Deliver {
  return async (row) => {
    const before = await pendingBefore(deps.db, row);
    if (before) {
      // Due with the row it follows (the older goes first), or shortly when a sender holds that one now.
      const until = before.claimedAt ? new Date(Date.now() + 1000) : before.nextAttemptAt;
      return { status: "later", until, reason: `waits for outbox row ${before.id}` };
    }
    const queuedPost = row.payload as unknown as QueuedPost;
    const { ticketId, post } = queuedPost;
    // A row may make several calls into the group (a topic, its card, a line…): the pace counts each.
    const { api, calls } = counting(deps.api);
    /** Given up; `left`: the steps that did not go (the ticket's topic among them: support was not reached). */
    const failed = async (error: string, left: QueuedStep[] = [post]) => {
      if (left.some((step) => step.kind === "topic")) await giveUpTicket(deps, row, ticketId, error);
      else await tellParentUndelivered(deps, row, post);
      return { status: "failed" as const, error, calls: calls() };
    };
    const ticket = await getTicket(deps.db, ticketId);
    if (!ticket) return failed(`support ticket ${ticketId} does not exist`);
    // A ticket given up since (its topic could not be made, by another row: one written before rows were one a
    // ticket) makes no topic now: the parent was told nobody saw it.
    if (post.kind === "topic" && ticket.status === "closed" && ticket.topicId === null && (await toldUnreached(deps, ticketId))) {
      return {
        status: "superseded",
        reason: `superseded: support ticket ${ticketId} was given up, its parent told support was not reached`,
      };
    }
    try {
      await sendInOrder(api, deps, ticket, [...(queuedPost.before ?? []), post]);
      return { status: "sent", calls: calls() };
    } catch (err) {
      const cause = err instanceof Unfinished ? err.error : err;
      const left = err instanceof Unfinished ? err.rest : [post];
      if (isThreadGone(cause)) return failed(`the topic of ticket ${ticketId} was deleted`, left);
      const outcome = classifyTelegramError(cause);
      if (outcome.status === "failed") return failed(outcome.error, left);
      if (outcome.status !== "retry") return outcome;
      if (outcome.retryAfterMs === undefined && row.attempts >= SUPPORT_GIVE_UP_ATTEMPTS)
        return failed(`gave up after ${row.attempts} attempts: ${outcome.error}`, left);
      // What went stays gone: the row keeps only what is left of it.
      return err instanceof Unfinished
        ? { ...outcome, calls: calls(), payload: { ...queued(ticketId, err.rest) } }
        : { ...outcome, calls: calls() };
    }
  };
}

/** `api`, counting the Bot API calls made through it (each method of an Api is one call). */
function counting(api: Api): { api: Api; calls: () => number } {
  let made = 0;
  const counted = new Proxy(api, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== "function") return value;
      return (...args: unknown[]) => {
        made++;
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { api: counted, calls: () => made };
}

/** A parent's message (a copy) the operators will not see: the parent is told, in their language, under it. */
async function tellParentUndelivered(deps: TopicDeps, row: OutboxRow, post: QueuedStep): Promise<void> {
  if (post.kind !== "copy") return;
  const user = await getUser(deps.db, Number(row.recipient));
  if (!user?.telegramId) return;
  const payload: SupportUndeliveredPayload = { template: "support-undelivered", messageId: post.messageId, lang: langOf(user) };
  await enqueue(deps.db, [
    { channel: "parent", recipient: String(user.telegramId), payload: { ...payload }, dedupeKey: `support-undelivered:${row.id}` },
  ]);
}

/**
 * A ticket whose topic cannot be made for good (a 400: the bot may no longer manage the group's
 * topics; or failing for {@link SUPPORT_GIVE_UP_ATTEMPTS} tries): no operator will see it. It is
 * closed — what they wrote behind it is not made, and their next messages go to the bot again —
 * and the parent, told it was taken, is told once, in their language, that support was not
 * reached and to open it again later, then is back where they were. A parent who had ended it
 * themselves (back with the bot already) is told once that nobody saw what they wrote in it.
 */
async function giveUpTicket(deps: TopicDeps, row: OutboxRow, ticketId: number, error: string): Promise<void> {
  // The rights are asked about only when Telegram refused for want of them: not after a 5xx or a deleted topic.
  const hint = lacksTopicRights(error) ? " (is the bot an admin with 'Manage topics'?)" : "";
  deps.log.error(
    { ticket: ticketId, error },
    `support: the ticket's topic could not be made${hint}: the ticket is closed, the parent told`,
  );
  const closed = await closeTicket(deps.db, ticketId, new Date());
  // Closed before: by the parent (or by this, for an earlier row: the notice's key keeps it to one).
  const ticket = closed ?? (await getTicket(deps.db, ticketId));
  // Ended, and another try made its topic after all: the operators saw it.
  if (!ticket || (!closed && ticket.topicId !== null)) return;
  const user = await getUser(deps.db, Number(row.recipient));
  if (!user?.telegramId) return;
  const payload: SupportUnreachedPayload = {
    template: "support-unreached",
    ticketId,
    ...(closed ? {} : { ended: true as const }),
    lang: langOf(user),
  };
  await enqueue(deps.db, [
    { channel: "parent", recipient: String(user.telegramId), payload: { ...payload }, dedupeKey: unreachedKey(ticketId) },
  ]);
}

/** The key of the parent's notice that the ticket never reached support: one a ticket. */
const unreachedKey = (ticketId: number) => `support-unreached:${ticketId}`;

/** The parent was told the ticket never reached support ({@link giveUpTicket}). */
async function toldUnreached(deps: TopicDeps, ticketId: number): Promise<boolean> {
  return (await existingDedupeKeys(deps.db, [unreachedKey(ticketId)])).size > 0;
}
