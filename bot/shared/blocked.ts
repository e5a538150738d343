/**
 * What a `my_chat_member` update of a private chat says of the bot: the user blocked it ("kicked"), unblocked it
 * ("kicked" → "member"), another change ("other"), or nothing: not such an update.
 */
import type { Context } from "grammy";

export function blockChange(ctx: Context): "blocked" | "unblocked" | "other" | undefined {
  const change = ctx.myChatMember;
  if (!change) return undefined;
  if (change.new_chat_member.status === "kicked") return "blocked";
  if (change.old_chat_member.status === "kicked" && change.new_chat_member.status === "member") return "unblocked";
  return "other";
}
