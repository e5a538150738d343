/** Bot-level methods: identity, updates and webhooks, commands, chat info, chat actions. */
import type { BotCommand, ChatMember } from "grammy/types";
import { badRequest } from "#root/api/playground/errors.ts";
import { targetChat } from "#root/api/playground/compose.ts";
import type { MethodHandler } from "./context.ts";
import type { EmulatedBot } from "#root/api/playground/state.ts";

const commandsKey = (p: { json: <T>(n: string) => T | undefined; optStr: (n: string) => string | undefined }) =>
  `${JSON.stringify(p.json("scope") ?? { type: "default" })}|${p.optStr("language_code") ?? ""}`;

export const metaMethods: Record<string, MethodHandler> = {
  getMe: ({ bot }) => ({
    ...bot.user,
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
  }),

  getUpdates: ({ bot, params: p, signal }) => {
    const allowed = p.json<string[]>("allowed_updates");
    return bot.updates.poll({
      ...opt("offset", p.optInt("offset")),
      ...opt("limit", p.optInt("limit")),
      ...opt("timeoutSec", p.optInt("timeout")),
      ...opt("allowedUpdates", allowed),
      signal,
    });
  },

  setWebhook: ({ bot, params: p }) => {
    const url = p.optStr("url");
    if (!url) {
      bot.updates.deleteWebhook(p.bool("drop_pending_updates"));
      return true;
    }
    if (!/^https?:\/\//i.test(url)) throw badRequest("bad webhook: An HTTPS URL must be provided for webhook");
    const secret = p.optStr("secret_token");
    if (secret !== undefined && !/^[A-Za-z0-9_-]{1,256}$/.test(secret))
      throw badRequest("bad webhook: secret token contains unallowed characters");
    const allowed = p.json<string[]>("allowed_updates");
    bot.updates.setWebhook(
      { url, maxConnections: p.optInt("max_connections") ?? 40, ...opt("secretToken", secret), ...opt("allowedUpdates", allowed) },
      p.bool("drop_pending_updates"),
    );
    return true;
  },

  deleteWebhook: ({ bot, params: p }) => {
    bot.updates.deleteWebhook(p.bool("drop_pending_updates"));
    return true;
  },

  getWebhookInfo: ({ bot }) => {
    const hook = bot.updates.webhook;
    return {
      url: hook?.url ?? "",
      has_custom_certificate: false,
      pending_update_count: bot.updates.pendingCount,
      ...(hook ? { max_connections: hook.maxConnections, ip_address: "127.0.0.1" } : {}),
      ...(hook?.allowedUpdates ? { allowed_updates: hook.allowedUpdates } : {}),
      ...(hook?.lastErrorDate ? { last_error_date: hook.lastErrorDate, last_error_message: hook.lastErrorMessage } : {}),
    };
  },

  setMyCommands: ({ bot, params: p }) => {
    const commands = p.json<BotCommand[]>("commands", "can't parse commands JSON object");
    if (!Array.isArray(commands)) throw badRequest("commands is empty");
    for (const c of commands) {
      if (!c || typeof c.command !== "string" || !/^[a-z0-9_]{1,32}$/.test(c.command)) throw badRequest("BOT_COMMAND_INVALID");
      if (typeof c.description !== "string" || c.description.length < 1 || c.description.length > 256)
        throw badRequest("BOT_COMMAND_DESCRIPTION_INVALID");
    }
    bot.commands.set(
      commandsKey(p),
      commands.map((c) => ({ command: c.command, description: c.description })),
    );
    return true;
  },

  getMyCommands: ({ bot, params: p }) => bot.commands.get(commandsKey(p)) ?? [],

  deleteMyCommands: ({ bot, params: p }) => {
    bot.commands.delete(commandsKey(p));
    return true;
  },

  setMyDescription: ({ bot, params: p }) => setDescription(bot, "description", p.optStr("description") ?? "", p.optStr("language_code")),
  getMyDescription: ({ bot, params: p }) => ({ description: describedIn(bot, "description", p.optStr("language_code") ?? "", false) }),
  setMyShortDescription: ({ bot, params: p }) =>
    setDescription(bot, "short_description", p.optStr("short_description") ?? "", p.optStr("language_code")),
  getMyShortDescription: ({ bot, params: p }) => ({
    short_description: describedIn(bot, "short_description", p.optStr("language_code") ?? "", false),
  }),

  getChat: ({ state, bot, params: p }) => {
    const chat = state.chatForBot(bot, p.chatId());
    return { ...chat.chat, accent_color_id: 0, max_reaction_count: 11, accepted_gift_types: {} };
  },

  getChatMember: ({ state, bot, params: p }): ChatMember => {
    const chat = state.chatForBot(bot, p.chatId());
    const userId = p.int("user_id", "user_id is empty");
    const other = state.bots.get(userId);
    const user = other ? other.user : state.users.has(userId) ? state.userObject(state.user(userId)) : undefined;
    if (!user) throw badRequest("user not found");
    if (chat.admins.has(userId)) {
      return {
        status: "administrator",
        user,
        can_be_edited: false,
        is_anonymous: false,
        can_manage_chat: true,
        can_delete_messages: true,
        can_manage_video_chats: true,
        can_restrict_members: true,
        can_promote_members: false,
        can_change_info: true,
        can_invite_users: true,
        can_post_stories: false,
        can_edit_stories: false,
        can_delete_stories: false,
        can_pin_messages: true,
        can_manage_topics: true,
      } as ChatMember;
    }
    return chat.members.has(userId) ? { status: "member", user } : { status: "left", user };
  },

  sendChatAction: ({ state, faults, bot, params: p }) => {
    const chat = targetChat(state, faults, bot, p);
    const action = p.str("action", "wrong parameter action in request");
    const threadId = p.optInt("message_thread_id");
    state.events.emit({ type: "chat_action", chatKey: chat.key, action, ...opt("threadId", threadId) });
    return true;
  },
};

/** `{ key: value }` when value is defined, else `{}` — for exactOptionalPropertyTypes-friendly spreads. */
export function opt<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

/**
 * The commands a user's client shows in a private chat's menu, found as Telegram finds them:
 * the narrowest scope that has any (this chat, all private chats, default), the user's
 * language first, then the commands without a language.
 */
/** Telegram's limits: a description up to 512 characters, a short one up to 120; empty removes it. */
const DESCRIPTION_MAX = { description: 512, short_description: 120 } as const;

function setDescription(bot: EmulatedBot, kind: keyof typeof DESCRIPTION_MAX, text: string, lang = ""): true {
  if (lang !== "" && !/^[a-z]{2}$/.test(lang)) throw badRequest("LANGUAGE_CODE_INVALID");
  if (text.length > DESCRIPTION_MAX[kind])
    throw badRequest(kind === "description" ? "BOT_DESCRIPTION_INVALID" : "BOT_SHORT_DESCRIPTION_INVALID");
  if (text === "") bot.descriptions[kind].delete(lang);
  else bot.descriptions[kind].set(lang, text);
  return true;
}

/** The bot's description for `lang`: its own, or (as Telegram shows a user) the default one. */
export function describedIn(bot: EmulatedBot, kind: keyof typeof DESCRIPTION_MAX, lang: string, fallback = true): string {
  return bot.descriptions[kind].get(lang) ?? (fallback ? bot.descriptions[kind].get("") : undefined) ?? "";
}

export function commandsFor(bot: EmulatedBot, userId: number, lang: string): BotCommand[] {
  for (const scope of [{ type: "chat", chat_id: userId }, { type: "all_private_chats" }, { type: "default" }]) {
    for (const code of [lang, ""]) {
      const found = bot.commands.get(`${JSON.stringify(scope)}|${code}`);
      if (found?.length) return found;
    }
  }
  return [];
}
