/**
 * A parent waiting more than ten minutes without an operator's answer gets the operators'
 * attention: one reminder in the ticket's topic per wait (the next wait starts after an answer).
 */
import type { Api } from "grammy";
import { ticketsDueReminder, updateTicket } from "#root/db/queries/support.ts";
import { getUser } from "#root/db/queries/users.ts";
import { t } from "#root/flows/i18n.ts";
import type { SessionLock } from "#root/db/client.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { postInTopic } from "./post.ts";

/** How long a parent may wait before the topic is reminded. */
export const REMIND_AFTER_MINUTES = 10;

/**
 * Post a reminder into the topic of every ticket whose parent has waited longer than
 * {@link REMIND_AFTER_MINUTES} at `now` (tests pass a moved clock). A deleted topic is
 * recreated. Returns how many reminders were posted (or queued behind the group's limit, post.ts).
 */
export async function remindWaitingParents(deps: Pick<BotDeps, "db" | "log" | "config">, api: Api, now: Date): Promise<number> {
  const chatId = deps.config.supportChatId;
  if (chatId === undefined) return 0;
  const due = await ticketsDueReminder(deps.db, new Date(now.getTime() - REMIND_AFTER_MINUTES * 60_000));
  let posted = 0;
  for (const ticket of due) {
    try {
      const user = await getUser(deps.db, ticket.parentId);
      const text = t(user ? langOf(user) : "ru", "support-reminder", { minutes: REMIND_AFTER_MINUTES });
      await postInTopic(api, { db: deps.db, log: deps.log, chatId }, ticket, { kind: "text", html: text, recreate: true });
      await updateTicket(deps.db, ticket.id, { remindedAt: now });
      posted++;
    } catch (err) {
      // One failing topic must not keep the others from their reminders; the next round retries.
      deps.log.warn({ ticket: ticket.id, error: err }, "support: could not post a reminder");
    }
  }
  return posted;
}

/** Held by the instance whose round it is: two instances started together post each reminder once. */
const LOCK = "support-reminders";

/** One round, by one instance at a time (`tryLock`: the database's lock; undefined when another holds it). */
export async function remindRound(
  deps: Pick<BotDeps, "db" | "log" | "config">,
  api: Api,
  now: Date,
  tryLock: (name: string) => Promise<SessionLock | undefined>,
): Promise<number | undefined> {
  const lock = await tryLock(LOCK);
  if (!lock) return undefined; // another instance is at it
  try {
    return await remindWaitingParents(deps, api, now);
  } finally {
    await lock.release();
  }
}

/** Check for waiting parents every `intervalMs` (default a minute) until `stop()`. */
export function startSupportReminders(
  deps: BotDeps,
  api: Api,
  tryLock: (name: string) => Promise<SessionLock | undefined>,
  intervalMs = 60_000,
): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return; // a slow round is still going: skip, do not pile up
    running = true;
    remindRound(deps, api, deps.now(), tryLock)
      .catch((err: unknown) => deps.log.warn({ error: err }, "support: reminder round failed"))
      .finally(() => (running = false));
  }, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
