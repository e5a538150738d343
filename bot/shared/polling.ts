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
 * Stop polling and wait (up to `timeoutMs`) for the updates already taken to finish, so their
 * answers and conversation state are written before the process goes away.
 */
export async function stopPolling(handle: RunnerHandle, timeoutMs = 10_000): Promise<void> {
  await handle.stop();
  const deadline = Date.now() + timeoutMs;
  while (handle.size() > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
}
