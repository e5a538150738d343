/**
 * Closing a ticket, by an operator (Close on the card) or by the parent ("End conversation", or a
 * withdrawal of their consent):
 * the database first (so a second tap does nothing twice), then a line in the topic (behind the
 * parent's posts still waiting for the group's limit, post.ts) and the topic closed. Handing the
 * parent back to the bot is the caller's part (see resume.ts).
 */
import type { Api } from "grammy";
import { closeTicket, type SupportTicket } from "#root/db/queries/support.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { esc } from "#root/bot/shared/html.ts";
import { postInTopic } from "./post.ts";
import { isThreadGone, type TopicDeps } from "./topic.ts";

/** Who ended the conversation: an operator, the parent, or the parent by withdrawing their consent (/privacy). */
export type ClosedBy = { kind: "operator"; name: string } | { kind: "parent" } | { kind: "withdrawal" };

/** The line the operators read in the topic: who ended it (a withdrawal says so: they are not to write to the parent again). */
const closedLine = (lang: Lang, by: ClosedBy): string =>
  by.kind === "operator"
    ? t(lang, "support-closed-by-operator", { name: esc(by.name) })
    : t(lang, by.kind === "withdrawal" ? "support-closed-by-withdrawal" : "support-closed-by-parent");

/**
 * Close an open ticket. Returns the closed ticket, or undefined when it was already closed.
 * Telegram failures after the database change are logged, not thrown: the ticket is closed.
 * `closedNow` runs as soon as the database has it, before the topic is told (the tap's answer:
 * the spinner stops at once, while the group's messages may wait on its rate limit).
 */
export async function closeSupportTicket(
  api: Api,
  deps: TopicDeps & { now: () => Date },
  ticket: SupportTicket,
  lang: Lang,
  by: ClosedBy,
  closedNow?: () => Promise<unknown>,
): Promise<SupportTicket | undefined> {
  const closed = await closeTicket(deps.db, ticket.id, deps.now());
  if (!closed) return undefined;
  await closedNow?.().catch((error: unknown) =>
    deps.log.warn({ ticket: ticket.id, error }, "support: ticket closed, but the tap not answered"),
  );
  const line = closedLine(lang, by);
  try {
    // Both behind what waits for the group's limit (post.ts), the close too: it posts into the group.
    await postInTopic(api, deps, closed, { kind: "text", html: line });
    await postInTopic(api, deps, closed, { kind: "close" });
  } catch (err) {
    // A deleted topic (nothing to close; a topic closed by hand is no error): the ticket is closed either way.
    if (!isThreadGone(err)) deps.log.warn({ ticket: ticket.id, error: err }, "support: ticket closed, but its topic could not be closed");
  }
  return closed;
}
