/**
 * A ticket's forum topic: created, or the parent's previous one reopened (the card on top is
 * posted by the caller, through post.ts), and recreated when someone deleted it (post.ts, for the
 * posts that say so, on Telegram's "message thread not found"); closed after its ticket and renamed
 * after a withdrawal, as steps of post.ts (each posts a service message into the group).
 */
import { GrammyError, type Api } from "grammy";
import type { Db } from "#root/db/client.ts";
import {
  getOpenTicket,
  getTicket,
  previousTopicOf,
  setTicketTopic,
  ticketsWithTopics,
  type SupportTicket,
} from "#root/db/queries/support.ts";
import { getUser } from "#root/db/queries/users.ts";
import type { Logger } from "#root/log.ts";
import { topicName, type ParentIdentity } from "./card.ts";

/** What the topic functions need: the database, the support group, a log. */
export interface TopicDeps {
  db: Db;
  log: Logger;
  /** The forum supergroup of the operators. */
  chatId: number;
}

/** Telegram's answer for a topic that no longer exists. */
export function isThreadGone(err: unknown): boolean {
  return err instanceof GrammyError && /message thread not found|TOPIC_DELETED|TOPIC_ID_INVALID/i.test(err.description);
}

/**
 * What an operator must change when the support group became a supergroup (a group turned into a forum, or grew): Telegram
 * gave it a new id, and every call into the old one is refused (`migrate_to_chat_id` says the new one).
 */
export function supportGroupMoved(from: number, to: number): string {
  const change = `set SUPPORT_CHAT_ID=${to} and restart (until then no parent reaches support)`;
  return `the support group ${from} became the supergroup ${to}: ${change}`;
}

/** The supergroup the support group became, when Telegram refused a call for that (400 "group chat was upgraded…"). */
export function movedTo(err: unknown): number | undefined {
  return err instanceof GrammyError ? err.parameters.migrate_to_chat_id : undefined;
}

/**
 * Telegram refused a topic because the bot may not manage the group's topics (not an administrator, or without "Manage
 * topics"): `error` as the outbox recorded it ("400: Bad Request: not enough rights to create a topic") or as thrown.
 */
export function lacksTopicRights(error: unknown): boolean {
  const said = error instanceof GrammyError ? error.description : String(error);
  return /not enough rights|CHAT_ADMIN_REQUIRED|RIGHT_FORBIDDEN/i.test(said);
}

/** The parent's account was closed to the bot: blocked, or deleted. */
export function isBlocked(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 403;
}

/**
 * A topic given to a ticket. `made` is false when another try (an instance, a retried outbox row)
 * gave the ticket its topic first: `ticket` has that one, and its card is that try's to post.
 */
export interface AttachedTopic {
  ticket: SupportTicket;
  made: boolean;
}

/**
 * Save `topicId` on the ticket unless another try gave it a topic since `ticket` was read; a topic
 * this try created (`created`) and lost with is deleted, so the operators see one topic per ticket.
 */
async function saveTopic(api: Api, deps: TopicDeps, ticket: SupportTicket, topicId: number, created: boolean): Promise<AttachedTopic> {
  const saved = await setTicketTopic(deps.db, ticket.id, topicId, ticket.topicId);
  if (saved) return { ticket: saved, made: true };
  const now = await getTicket(deps.db, ticket.id);
  if (!now) throw new Error(`Support ticket ${ticket.id} does not exist.`);
  deps.log.info({ ticket: ticket.id, topic: now.topicId, ours: topicId }, "support: another try gave the ticket its topic first");
  if (created && now.topicId !== topicId) {
    await api.deleteForumTopic(deps.chatId, topicId).catch((error: unknown) => {
      deps.log.warn({ ticket: ticket.id, topic: topicId, error }, "support: could not delete a topic made twice for one ticket");
    });
  }
  return { ticket: now, made: false };
}

/** A new topic for the ticket, saved on it (the card is the caller's to post, when `made`). */
export async function createTopic(api: Api, deps: TopicDeps, ticket: SupportTicket, p: ParentIdentity): Promise<AttachedTopic> {
  const topic = await api.createForumTopic(deps.chatId, topicName(p, ticket));
  const attached = await saveTopic(api, deps, ticket, topic.message_thread_id, true);
  if (attached.made)
    deps.log.info({ ticket: ticket.id, topic: topic.message_thread_id, replaced: ticket.topicId !== null }, "support topic created");
  return attached;
}

/** Reopen a closed topic (an open one stays as it is). */
async function reopen(api: Api, chatId: number, topicId: number): Promise<void> {
  try {
    await api.reopenForumTopic(chatId, topicId);
  } catch (err) {
    if (!(err instanceof GrammyError && /TOPIC_NOT_MODIFIED/.test(err.description))) throw err;
  }
}

/**
 * Give a new ticket its topic: the parent's previous topic reopened and renamed (the history
 * stays together), or a new one when there is none or it was deleted. The card is the caller's,
 * when `made`.
 */
export async function attachTopic(api: Api, deps: TopicDeps, ticket: SupportTicket, p: ParentIdentity): Promise<AttachedTopic> {
  const previous = await previousTopicOf(deps.db, ticket.parentId, ticket.id);
  if (previous !== undefined) {
    try {
      await reopen(api, deps.chatId, previous);
      await api.editForumTopic(deps.chatId, previous, { name: topicName(p, ticket) });
      return await saveTopic(api, deps, ticket, previous, false);
    } catch (err) {
      if (!isThreadGone(err)) throw err;
    }
  }
  return createTopic(api, deps, ticket, p);
}

/** A change to a topic that finds nothing to change: the topic was deleted, or is so already. */
const changedNothing = (err: unknown) => isThreadGone(err) || (err instanceof GrammyError && /TOPIC_NOT_MODIFIED/.test(err.description));

/**
 * Close the ticket's topic — unless the parent's open ticket is in it (a close that waited for the
 * group's limit, and the parent asked for support again meanwhile).
 */
export async function closeTopic(api: Api, deps: TopicDeps, ticket: SupportTicket): Promise<void> {
  if (ticket.topicId === null) return;
  const open = await getOpenTicket(deps.db, ticket.parentId);
  if (open?.topicId === ticket.topicId) return;
  await api.closeForumTopic(deps.chatId, ticket.topicId).catch((err: unknown) => {
    if (!changedNothing(err)) throw err;
  });
}

/**
 * Name the ticket's topic as the parent's profile and the topic's newest ticket say now: after the
 * parent withdrew their consent, by Telegram id and ticket number only.
 */
export async function renameTopic(api: Api, deps: TopicDeps, ticket: SupportTicket): Promise<void> {
  if (ticket.topicId === null) return;
  const user = await getUser(deps.db, ticket.parentId);
  if (!user) return;
  const newest = (await ticketsWithTopics(deps.db, ticket.parentId)).find((t) => t.topicId === ticket.topicId) ?? ticket;
  await api.editForumTopic(deps.chatId, ticket.topicId, { name: topicName({ user }, newest) }).catch((err: unknown) => {
    if (!changedNothing(err)) throw err;
  });
}
