/**
 * answerCallbackQuery: the answer is recorded for the user side (toast, alert or URL); once, and
 * only within the emulator's `callbackQueryTimeoutMs` of the tap, as Telegram takes it.
 */
import { badRequest } from "#root/api/playground/errors.ts";
import type { MethodHandler } from "./context.ts";

export const callbackMethods: Record<string, MethodHandler> = {
  answerCallbackQuery: ({ state, bot, params: p }) => {
    const id = p.str("callback_query_id", "query is too old and response timeout expired or query ID is invalid");
    // Answered already, another bot's, or past Telegram's short while after the tap: refused alike.
    const query = state.takeCallbackQuery(id, bot.id);
    if (!query) throw badRequest("query is too old and response timeout expired or query ID is invalid");
    const text = p.optStr("text");
    if (text !== undefined && text.length > 200) throw badRequest("MESSAGE_TOO_LONG");
    const url = p.optStr("url");
    state.events.emit({
      type: "callback_answer",
      chatKey: query.chatKey,
      messageId: query.messageId,
      queryId: id,
      showAlert: p.bool("show_alert"),
      ...(text !== undefined ? { text } : {}),
      ...(url !== undefined ? { url } : {}),
    });
    return true;
  },
};
