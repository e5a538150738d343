import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Bot, Context } from "grammy";

/**
 * Long polling with @grammyjs/runner: updates of different chats run concurrently, updates of
 * one chat in order (the bots install `sequentialize` by chat). Any webhook is removed first.
 */
export async function startPolling<C extends Context>(bot: Bot<C>): Promise<RunnerHandle> {
  await bot.api.deleteWebhook();
  await bot.init();
  return run(bot, { runner: { fetch: { allowed_updates: ["message", "edited_message", "callback_query", "my_chat_member"] } } });
}

/**
 * Stop polling and wait for the updates already taken to finish, so their answers and
 * conversation state are written before the process goes away. The caller bounds the wait: a
 * stop cancels the Bot API calls that hold an update up (bot/shared/cancel.ts).
 */
export async function stopPolling(handle: RunnerHandle): Promise<void> {
  await handle.stop();
  while (handle.size() > 0) await new Promise((r) => setTimeout(r, 20));
}
