/**
 * Handing the parent back to the bot after a ticket closes. The close may happen in the staff
 * group (an operator's tap), where neither the parent's session nor their conversations can be
 * reached. So the close injects one update into the parent's own chat, as if the parent had
 * written `/support`: it runs through the parent bot's ordinary chain — the parent's session,
 * their language, one update at a time per chat — and the relay recognises it by its id.
 *
 * Why `/support`: it is one of the global commands, so nothing downstream would take it for an
 * answer even if the relay let it through. The relay asks the question the parent's draft is at
 * again (the draft is the form's only state), or shows the ways to sign, or the menu.
 */
import { randomInt } from "node:crypto";
import type { Bot } from "grammy";
import type { Update } from "grammy/types";
import type { Logger } from "#root/log.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { isBlocked } from "./topic.ts";

/** A pending hand-back: which ticket closed, and how delivering the "ended" message went. */
export interface ResumeRequest {
  ticketId: number;
  /** The parent was told already (support was not reached): nothing is said before where they were. */
  quiet?: boolean;
  outcome?: "ok" | "blocked" | "failed";
}

const pending = new Map<number, ResumeRequest>();

/**
 * Negative ids, so they never collide with Telegram's (positive) ones; random, because the
 * update guard remembers handled ids for a day across restarts and instances.
 */
const syntheticUpdateId = (): number => -randomInt(1, 2 ** 47);

/** The resume request of this update, if it is one (read once). */
export function takeResume(updateId: number): ResumeRequest | undefined {
  const request = pending.get(updateId);
  if (request) pending.delete(updateId);
  return request;
}

/**
 * Tell the parent the operator conversation ended and put them back where they were. Resolves
 * when their chat has handled it (do not await it from inside that same chat's update: updates of
 * one chat run one at a time). Returns "blocked" when the parent blocked the bot.
 */
export async function dispatchResume(
  bot: Bot<ParentContext>,
  log: Logger,
  parent: { telegramId: number; firstName: string },
  ticketId: number,
  opts: { quiet?: boolean } = {},
): Promise<"ok" | "blocked" | "failed"> {
  const updateId = syntheticUpdateId();
  const request: ResumeRequest = { ticketId, ...(opts.quiet ? { quiet: true } : {}) };
  pending.set(updateId, request);
  const chat = { id: parent.telegramId, type: "private" as const, first_name: parent.firstName };
  const update: Update = {
    update_id: updateId,
    message: {
      message_id: 0,
      date: Math.floor(Date.now() / 1000),
      chat,
      from: { id: parent.telegramId, is_bot: false, first_name: parent.firstName },
      text: "/support",
      entities: [{ type: "bot_command", offset: 0, length: 8 }],
    },
  };
  try {
    await bot.handleUpdate(update);
  } catch (err) {
    const cause = (err as { error?: unknown }).error ?? err;
    request.outcome = isBlocked(cause) ? "blocked" : "failed";
    if (request.outcome === "failed") log.error({ ticket: ticketId, error: cause }, "support: could not hand the parent back to the bot");
  } finally {
    pending.delete(updateId);
  }
  return request.outcome ?? "failed";
}

/**
 * The outbox told the parent that their open ticket did not reach support (bot/support/deliverer.ts):
 * they are back where they were — the question their form is at asked again, or the ways to sign,
 * or the menu — with nothing more said. Not awaited: the sender does not wait on a parent's chat.
 */
export function handBackUnreached(bot: Bot<ParentContext>, log: Logger): (telegramId: number, ticketId: number) => void {
  return (telegramId, ticketId) => void dispatchResume(bot, log, { telegramId, firstName: "—" }, ticketId, { quiet: true });
}
