/**
 * Posting into a ticket's topic without anyone waiting on the support group's limit. Telegram
 * takes about 20 messages a minute from a bot into one group and answers 429 past it, and the
 * bot's calls into the group are not retried on a 429 (bot/shared/retry.ts). A post goes in at
 * once while nothing waits; refused with a 429, or while earlier posts wait, it goes into the
 * outbox's `support` channel, and the update that made it goes on at once: the channel's
 * deliverer (bot/support/deliverer.ts) makes it later, at the group's pace, in the order written.
 * A topic made again (someone deleted it) owes its card and a line before the post: what of
 * these did not go waits in the post's row, ahead of it. A new ticket's topic (made or reopened:
 * a service message, counted by the limit too) waits there the same way when the group is at its
 * limit ({@link openTopic}: one row a ticket), ahead of the parent's posts. So do a topic's close
 * after its ticket and its rename after a withdrawal ({@link TopicChange}), behind the parent's posts.
 */
import { randomUUID } from "node:crypto";
import { GrammyError, type Api } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import { channelWaiting, enqueue } from "#root/db/queries/outbox.ts";
import { ticketsWithTopics, type SupportTicket } from "#root/db/queries/support.ts";
import { getUser, type User } from "#root/db/queries/users.ts";
import { t } from "#root/flows/i18n.ts";
import type { ParentSession } from "#root/bot/parent/context.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { cardKeyboard, cardText, type ParentIdentity } from "./card.ts";
import { attachTopic, closeTopic, createTopic, isThreadGone, renameTopic, type TopicDeps } from "./topic.ts";

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
export type QueuedStep = TopicPost | TopicStep | TopicChange;

/** An outbox `support` row's payload; the row's recipient is the parent's user id (a parent's tickets share one topic). */
export interface QueuedPost {
  ticketId: number;
  post: QueuedStep;
  /** Owed before the post, in order: what a topic made again for it still lacks (its card, the line why). */
  before?: QueuedStep[];
}

/** A topic was made (again), and of the posts that go into it (its card, the line, the post) `rest` did not go: `error` stopped them. */
export class Unfinished extends Error {
  constructor(
    readonly rest: QueuedStep[],
    readonly error: unknown,
  ) {
    super("a support topic made again still lacks posts");
  }
}

/** The row for `rest` (the post last, what is owed before it first). */
export const queued = (ticketId: number, rest: QueuedStep[]): QueuedPost => ({
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
 * Make `posts` in order into the ticket's topic. An owed post (all but the last) whose topic is
 * gone again is dropped: the last makes a topic of its own, with its card.
 */
export async function sendInOrder(api: Api, deps: TopicDeps, ticket: SupportTicket, posts: QueuedStep[]): Promise<void> {
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
    // reached support, and its parent was told so: giveUpTicket in deliverer.ts).
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
