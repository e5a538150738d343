/**
 * Posting into a ticket's topic without anyone waiting on the support group's limit. Telegram
 * takes about 20 messages a minute from a bot into one group and answers 429 past it, and the
 * bot's calls into the group are not retried on a 429 (bot/shared/retry.ts). A post goes in at
 * once while nothing waits; refused with a 429, or while earlier posts wait, it goes into the
 * outbox's `support` channel, and the update that made it goes on at once. The outbox sender
 * delivers that channel at the group's pace ({@link SUPPORT_GROUP_RATE}, counting each call a row
 * makes; one sender at a time over all instances), a parent's posts in the order they were written
 * ({@link supportDeliverer}).
 * A topic made again (someone deleted it) owes its card and a line before the post: what of
 * these did not go waits in the post's row, ahead of it. A parent's message that cannot be shown
 * for good — refused, or failing for {@link SUPPORT_GIVE_UP_ATTEMPTS} tries — is said to the
 * parent not to have gone, as when it fails at once, and the parent's later posts go on. A new
 * ticket's topic (made or reopened: a service message, counted by the limit too) waits there the
 * same way when the group is at its limit ({@link openTopic}: one row a ticket), ahead of the parent's
 * posts; one that cannot be made for good closes its ticket, and the parent is told once that support
 * was not reached ({@link giveUpTicket}) — no topic is made for that ticket after it. So do a topic's
 * close after its ticket and its rename after a withdrawal ({@link TopicChange}), behind the parent's posts.
 */
import { randomUUID } from "node:crypto";
import { GrammyError, type Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import type { Deliver } from "#root/db/outbox-sender.ts";
import { channelWaiting, enqueue, existingDedupeKeys, pendingBefore, type OutboxRow } from "#root/db/queries/outbox.ts";
import { closeTicket, getTicket, ticketsWithTopics, type SupportTicket } from "#root/db/queries/support.ts";
import { getUser, type User } from "#root/db/queries/users.ts";
import { t } from "#root/flows/i18n.ts";
import type { SupportUndeliveredPayload, SupportUnreachedPayload } from "#root/flows/notify.ts";
import type { ParentSession } from "#root/bot/parent/context.ts";
import { classifyTelegramError } from "#root/bot/shared/delivery.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { cardKeyboard, cardText, type ParentIdentity } from "./card.ts";
import { attachTopic, closeTopic, createTopic, isThreadGone, renameTopic, type TopicDeps } from "./topic.ts";

/** Telegram's limit for one group: the outbox's `support` channel keeps to it. */
export const SUPPORT_GROUP_RATE = { count: 20, windowMs: 60_000 };

/**
 * Tries of a queued post that fail with an error worth retrying (Telegram's 5xx, the network)
 * before it is given up: about a quarter of an hour at the outbox's backoff (2 s doubling), not
 * the outbox's 48 h — the parent's later posts wait behind it, and the parent is told of it.
 */
export const SUPPORT_GIVE_UP_ATTEMPTS = 10;

/** One post into a topic: ONE Bot API call, so a retry never repeats half of it. */
export type TopicPost = (
  | { kind: "copy"; fromChatId: number; messageId: number }
  | { kind: "text"; html: string; replyMarkup?: InlineKeyboardMarkup; replyTo?: number }
) & {
  /** A deleted topic is made again for it (the parent's words, a reminder); other lines are dropped with their topic. */
  recreate?: boolean;
};

/**
 * A ticket's topic that waits for the group's limit (the parent asked for support while it was
 * reached): the parent's previous topic reopened, else a new one, then the card on top — made with
 * where the parent was in a form when they asked. The parent's posts after it wait behind it.
 */
interface TopicStep {
  kind: "topic";
  /** The Telegram name the parent asked with (the topic and the card name an unregistered parent by it). */
  telegramName?: string;
  current?: ParentSession["current"];
}

/**
 * A change to the ticket's topic itself — closed after the ticket, renamed after the parent's name
 * went (/privacy) — which posts a service message into the group, counted by its limit like a post.
 */
export type TopicChange = { kind: "close" } | { kind: "rename" };

/** What a `support` row makes, in order: posts, a ticket's topic that waited, and changes to a topic. */
type QueuedStep = TopicPost | TopicStep | TopicChange;

/** An outbox `support` row's payload; the row's recipient is the parent's user id (a parent's tickets share one topic). */
interface QueuedPost {
  ticketId: number;
  post: QueuedStep;
  /** Owed before the post, in order: what a topic made again for it still lacks (its card, the line why). */
  before?: QueuedStep[];
}

/** A topic was made (again), and of the posts that go into it (its card, the line, the post) `rest` did not go: `error` stopped them. */
class Unfinished extends Error {
  constructor(
    readonly rest: QueuedStep[],
    readonly error: unknown,
  ) {
    super("a support topic made again still lacks posts");
  }
}

/** The row for `rest` (the post last, what is owed before it first). */
const queued = (ticketId: number, rest: QueuedStep[]): QueuedPost => ({
  ticketId,
  post: rest.at(-1)!,
  ...(rest.length > 1 ? { before: rest.slice(0, -1) } : {}),
});

/** The ticket card as a post: what the parent's ticket and their forms are now. */
export async function cardPost(deps: TopicDeps, ticket: SupportTicket, p: ParentIdentity, current?: ParentSession["current"]) {
  const markup = cardKeyboard(langOf(p.user), ticket);
  const post: TopicPost = { kind: "text", html: await cardText(deps.db, ticket, p, current) };
  if (markup) post.replyMarkup = { inline_keyboard: markup.inline_keyboard };
  return post;
}

/**
 * Give a ticket that has no topic yet its topic, with the card on top: now, or — refused with a
 * 429, or while posts wait for the group's limit — through the outbox's `support` channel, ahead of
 * the parent's posts that follow. `queued`: the operators see the ticket only when the group's
 * limit allows (the topic, or its card, waits). Throws what Telegram answered other than 429.
 */
export async function openTopic(
  api: Api,
  deps: TopicDeps,
  ticket: SupportTicket,
  p: ParentIdentity,
  current?: ParentSession["current"],
): Promise<{ ticket: SupportTicket; queued: boolean }> {
  if (!(await channelWaiting(deps.db, "support"))) {
    try {
      const attached = await attachTopic(api, deps, ticket, p);
      // A try that lost the topic to another (two instances at once) leaves the card to that one.
      if (!attached.made) return { ticket: attached.ticket, queued: false };
      const card = await postInTopic(api, deps, attached.ticket, await cardPost(deps, attached.ticket, p, current));
      return { ticket: attached.ticket, queued: card === "queued" };
    } catch (err) {
      if (!(err instanceof GrammyError && err.error_code === 429)) throw err;
      deps.log.info(
        { ticket: ticket.id, retryAfter: err.parameters.retry_after },
        "support group at its limit: the ticket's topic waits in the outbox",
      );
    }
  }
  const step: TopicStep = { kind: "topic", ...(p.telegramName ? { telegramName: p.telegramName } : {}), ...(current ? { current } : {}) };
  const payload: QueuedPost = { ticketId: ticket.id, post: step };
  // One a ticket: the parent asking again while it waits (/support twice) adds no second.
  await enqueue(deps.db, [
    { channel: "support", recipient: String(ticket.parentId), payload: { ...payload }, dedupeKey: `support-open:${ticket.id}` },
  ]);
  return { ticket, queued: true };
}

/**
 * Post into the ticket's topic (or change the topic) now, or queue it behind the posts that wait.
 * Throws what Telegram answered other than 429 (a topic gone, when the post does not make it again).
 */
export async function postInTopic(
  api: Api,
  deps: TopicDeps,
  ticket: SupportTicket,
  post: TopicPost | TopicChange,
): Promise<"posted" | "queued"> {
  let payload: QueuedPost = { ticketId: ticket.id, post };
  if (!(await channelWaiting(deps.db, "support"))) {
    try {
      await send(api, deps, ticket, post);
      return "posted";
    } catch (err) {
      if (err instanceof Unfinished) {
        // The topic is there now: whatever stopped the rest, it goes through the outbox, in order.
        deps.log.info(
          { ticket: ticket.id, owed: err.rest.length, error: err.error },
          "support topic made again: the rest waits in the outbox",
        );
        payload = queued(ticket.id, err.rest);
      } else {
        if (!(err instanceof GrammyError && err.error_code === 429)) throw err;
        deps.log.info(
          { ticket: ticket.id, retryAfter: err.parameters.retry_after },
          "support group at its limit: posts wait in the outbox",
        );
      }
    }
  }
  await enqueue(deps.db, [
    { channel: "support", recipient: String(ticket.parentId), payload: { ...payload }, dedupeKey: `support-post:${randomUUID()}` },
  ]);
  return "queued";
}

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
  deps.log.error(
    { ticket: ticketId, error },
    "support: the ticket's topic could not be made (is the bot an admin with 'Manage topics'?): the ticket is closed, the parent told",
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

/**
 * Make `posts` in order into the ticket's topic. An owed post (all but the last) whose topic is
 * gone again is dropped: the last makes a topic of its own, with its card.
 */
async function sendInOrder(api: Api, deps: TopicDeps, ticket: SupportTicket, posts: QueuedStep[]): Promise<void> {
  for (const [i, post] of posts.entries()) {
    try {
      await send(api, deps, ticket, post);
    } catch (err) {
      if (err instanceof Unfinished) throw new Unfinished([...err.rest, ...posts.slice(i + 1)], err.error);
      if (i < posts.length - 1 && isThreadGone(err)) continue;
      throw new Unfinished(posts.slice(i), err);
    }
  }
}

/**
 * The topic that waited for the group's limit, and its card; nothing when the ticket has a topic by
 * now (another try made it, with its card).
 */
async function makeTopic(api: Api, deps: TopicDeps, ticket: SupportTicket, step: TopicStep): Promise<void> {
  if (ticket.topicId !== null) return;
  const user = await getUser(deps.db, ticket.parentId);
  if (!user) throw new Error(`Support ticket ${ticket.id} points to user ${ticket.parentId}, who does not exist: close the ticket.`);
  const p: ParentIdentity = { user, ...(step.telegramName ? { telegramName: step.telegramName } : {}) };
  const attached = await attachTopic(api, deps, ticket, p);
  if (!attached.made) return;
  // From here on the topic exists: its card is owed, not lost (Unfinished).
  await sendInOrder(api, deps, attached.ticket, [await cardPost(deps, attached.ticket, p, step.current)]);
}

/** Make the step: a topic that waited, a change to the topic, or a post. */
async function send(api: Api, deps: TopicDeps, ticket: SupportTicket, step: QueuedStep): Promise<void> {
  if (step.kind === "topic") return makeTopic(api, deps, ticket, step);
  if (step.kind === "close") return closeTopic(api, deps, ticket);
  if (step.kind === "rename") return renameTopic(api, deps, ticket);
  return sendPost(api, deps, ticket, step);
}

/** Make the post: into the ticket's topic, or one made again when it was deleted and the post says so. */
async function sendPost(api: Api, deps: TopicDeps, ticket: SupportTicket, post: TopicPost): Promise<void> {
  const into = (topicId: number) =>
    post.kind === "copy"
      ? api.copyMessage(deps.chatId, post.fromChatId, post.messageId, { message_thread_id: topicId })
      : api.sendMessage(deps.chatId, post.html, {
          message_thread_id: topicId,
          parse_mode: "HTML",
          ...(post.replyMarkup ? { reply_markup: post.replyMarkup } : {}),
          ...(post.replyTo !== undefined ? { reply_parameters: { message_id: post.replyTo, allow_sending_without_reply: true } } : {}),
        });
  if (ticket.topicId !== null) {
    try {
      await into(ticket.topicId);
      return;
    } catch (err) {
      if (!post.recreate || !isThreadGone(err)) throw err;
      deps.log.warn({ ticket: ticket.id, topic: ticket.topicId }, "support topic is gone; creating a new one");
    }
  } else if (!post.recreate || ticket.status !== "open") {
    // No topic: one is made for an open ticket's post only (a closed ticket without one never
    // reached support, and its parent was told so: giveUpTicket).
    return;
  }
  // A new topic, with the card and a line saying why (when it replaces a deleted one), then the post.
  const user = await getUser(deps.db, ticket.parentId);
  if (!user) throw new Error(`Support ticket ${ticket.id} points to user ${ticket.parentId}, who does not exist: close the ticket.`);
  const recreated = await createTopic(api, deps, ticket, { user });
  if (!recreated.made) {
    // Another try made the topic first, and owes its card: the post goes into that one.
    if (recreated.ticket.topicId !== null) await into(recreated.ticket.topicId);
    return;
  }
  const owed: TopicPost[] = [{ ...(await cardPost(deps, recreated.ticket, { user })), recreate: false }];
  if (ticket.topicId !== null) owed.push({ kind: "text", html: t(langOf(user), "support-topic-recreated") });
  // From here on the topic exists: what does not go now is owed, not lost (Unfinished).
  await sendInOrder(api, deps, recreated.ticket, [...owed, post]);
}

/**
 * After the parent withdrew their consent: each of their topics is named by Telegram id and
 * ticket number only (the name it had came from their profile) — now, or once the group's limit
 * allows, after what waits for it. What was said in a topic stays with support, as a sent
 * application stays with its school.
 */
export async function forgetNameInTopics(api: Api, deps: TopicDeps, user: User): Promise<void> {
  const renamed = new Set<number>();
  for (const ticket of await ticketsWithTopics(deps.db, user.id)) {
    if (renamed.has(ticket.topicId!)) continue; // one rename a topic: it is named after its newest ticket
    renamed.add(ticket.topicId!);
    await postInTopic(api, deps, ticket, { kind: "rename" }).catch((error: unknown) => {
      deps.log.warn({ ticket: ticket.id, error }, "support: could not rename a withdrawn parent's topic");
    });
  }
}
