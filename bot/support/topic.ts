/**
 * A ticket's forum topic: created (or the parent's previous one reopened) with the card on top,
 * and recreated when someone deleted it — every send into a topic goes through {@link inTopic},
 * which recreates the topic and retries once on Telegram's "message thread not found".
 */
import { GrammyError, type Api } from "grammy";
import type { Db } from "#root/db/client.ts";
import { previousTopicOf, ticketsWithTopics, updateTicket, type SupportTicket } from "#root/db/queries/support.ts";
import { getUser, type User } from "#root/db/queries/users.ts";
import { t } from "#root/flows/i18n.ts";
import type { Logger } from "#root/log.ts";
import type { ParentSession } from "#root/bot/parent/context.ts";
import { cardKeyboard, cardText, topicName, type ParentIdentity } from "./card.ts";
import { langOf } from "#root/bot/shared/i18n.ts";

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

/** The parent's account was closed to the bot: blocked, or deleted. */
export function isBlocked(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 403;
}

/** Post the card into the ticket's topic. */
async function postCard(
  api: Api,
  deps: TopicDeps,
  ticket: SupportTicket,
  p: ParentIdentity,
  current?: ParentSession["current"],
): Promise<void> {
  await api.sendMessage(deps.chatId, await cardText(deps.db, ticket, p, current), {
    message_thread_id: ticket.topicId!,
    reply_markup: cardKeyboard(langOf(p.user), ticket),
  });
}

/** A new topic for the ticket, with the card (and a line saying why, when it replaces a deleted one). */
async function createTopic(
  api: Api,
  deps: TopicDeps,
  ticket: SupportTicket,
  p: ParentIdentity,
  opts: { current?: ParentSession["current"]; replaced?: boolean },
): Promise<SupportTicket> {
  const topic = await api.createForumTopic(deps.chatId, topicName(p, ticket));
  const updated = (await updateTicket(deps.db, ticket.id, { topicId: topic.message_thread_id })) ?? {
    ...ticket,
    topicId: topic.message_thread_id,
  };
  await postCard(api, deps, updated, p, opts.current);
  if (opts.replaced)
    await api.sendMessage(deps.chatId, t(langOf(p.user), "support-topic-recreated"), { message_thread_id: topic.message_thread_id });
  deps.log.info({ ticket: ticket.id, topic: topic.message_thread_id, replaced: Boolean(opts.replaced) }, "support topic created");
  return updated;
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
 * stays together), or a new one when there is none or it was deleted. Posts the card.
 */
export async function attachTopic(
  api: Api,
  deps: TopicDeps,
  ticket: SupportTicket,
  p: ParentIdentity,
  current?: ParentSession["current"],
): Promise<SupportTicket> {
  const previous = await previousTopicOf(deps.db, ticket.parentId, ticket.id);
  if (previous !== undefined) {
    try {
      await reopen(api, deps.chatId, previous);
      await api.editForumTopic(deps.chatId, previous, { name: topicName(p, ticket) });
      const updated = (await updateTicket(deps.db, ticket.id, { topicId: previous })) ?? { ...ticket, topicId: previous };
      await postCard(api, deps, updated, p, current);
      return updated;
    } catch (err) {
      if (!isThreadGone(err)) throw err;
    }
  }
  return createTopic(api, deps, ticket, p, { current });
}

/**
 * Run `send` with the ticket's topic id. When the topic was deleted, create a new one (card
 * first), save it on the ticket and run `send` again, so the message is not lost.
 */
export async function inTopic<T>(
  api: Api,
  deps: TopicDeps,
  ticket: SupportTicket,
  send: (topicId: number) => Promise<T>,
  p?: ParentIdentity,
): Promise<{ ticket: SupportTicket; result: T }> {
  if (ticket.topicId !== null) {
    try {
      return { ticket, result: await send(ticket.topicId) };
    } catch (err) {
      if (!isThreadGone(err)) throw err;
      deps.log.warn({ ticket: ticket.id, topic: ticket.topicId }, "support topic is gone; creating a new one");
    }
  }
  const user = p?.user ?? (await getUser(deps.db, ticket.parentId));
  if (!user) throw new Error(`Support ticket ${ticket.id} points to user ${ticket.parentId}, who does not exist: close the ticket.`);
  const recreated = await createTopic(api, deps, ticket, p ?? { user }, { replaced: ticket.topicId !== null });
  return { ticket: recreated, result: await send(recreated.topicId!) };
}

/**
 * After the parent withdrew their consent: each of their topics is named by Telegram id and
 * ticket number only (the name it had came from their profile). What was said in a topic stays
 * with support, as a sent application stays with its school.
 */
export async function forgetNameInTopics(api: Api, deps: TopicDeps, user: User): Promise<void> {
  const renamed = new Set<number>();
  for (const ticket of await ticketsWithTopics(deps.db, user.id)) {
    if (renamed.has(ticket.topicId!)) continue; // the newest ticket of a topic names it
    renamed.add(ticket.topicId!);
    await api.editForumTopic(deps.chatId, ticket.topicId!, { name: topicName({ user }, ticket) }).catch((error: unknown) => {
      if (!isThreadGone(error)) deps.log.warn({ ticket: ticket.id, error }, "support: could not rename a withdrawn parent's topic");
    });
  }
}
