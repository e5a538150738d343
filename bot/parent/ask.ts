/**
 * Asking one question inside a conversation (registration, the paper signature) and waiting
 * until it is answered properly; `accept` is also the form's rule for what a message is. Every
 * wrong kind of message (a sticker, a voice message, a forwarded message, a tap on an old
 * button, invalid text) gets a clear localized re-prompt; nothing already answered is lost.
 */
import type { Api, Keyboard } from "grammy";
import type { Message } from "grammy/types";
import type { FieldResult } from "#root/flows/form.ts";
import type { Lang } from "#root/flows/i18n.ts";
import type { ParentConversation, StageContext } from "./context.ts";
import { underMessage } from "#root/bot/shared/keyboard.ts";

export type Tr = (key: string, vars?: Record<string, string | number>) => string;

/** What a conversation step needs: the conversation, the context it started with, and texts. */
export interface Step {
  conversation: ParentConversation;
  ctx: StageContext;
  lang: Lang;
  tr: Tr;
  /** The bot's API, for {@link say}. */
  api: Api;
  /** The context of the newest update the step has seen (`ctx` is the one it started with). */
  latest?: StageContext;
}

/**
 * Send a message from inside a conversation and keep only its id. (`ctx.reply` would make the
 * conversation store the whole returned message — text and keyboard — with every question,
 * and replay that state on every update.)
 */
export async function say(step: Step, text: string, other?: Parameters<Api["sendMessage"]>[2]): Promise<number> {
  const chatId = step.ctx.chat!.id;
  return step.conversation.external(async () => (await step.api.sendMessage(chatId, text, other)).message_id);
}

/** Wait for the next update, remembering it as the step's newest. */
export async function next(step: Step): Promise<StageContext> {
  const c = await step.conversation.wait();
  step.latest = c;
  return c;
}

/** Commands that work everywhere: in the middle of a question the conversation gives way to them. */
const GLOBAL_COMMANDS = new Set(["start", "cancel", "lang", "help", "my", "apply", "support", "privacy"]);

/**
 * If `c` is one of the global commands, leave the conversation and let the command's handler
 * take the update. The answers given so far are already in the draft.
 */
export async function yieldToCommand(step: Step, c: StageContext): Promise<void> {
  if (isGlobalCommand(c)) await step.conversation.halt({ next: true });
}

/** Whether the update is one of the global commands to this bot (which a question gives way to). */
export function isGlobalCommand(c: StageContext): boolean {
  const text = c.message?.text;
  if (!text?.startsWith("/")) return false;
  const [command, addressee] = (text.slice(1).split(/\s/)[0] ?? "").toLowerCase().split("@");
  // "/start@other_bot" is for another bot in a group: not a command to this bot.
  if (addressee && addressee !== c.me.username.toLowerCase()) return false;
  return command !== undefined && GLOBAL_COMMANDS.has(command);
}

export type Answer = { kind: "text"; value: string; message: Message } | { kind: "contact"; phone: string; userId?: number };

export interface AskOptions {
  /** The question, in Telegram HTML (user values already escaped). */
  text: string;
  /** A reply keyboard under the question (e.g. "share my phone"). */
  replyKeyboard?: Keyboard;
  /** Typed text is accepted when this validator accepts it. */
  validate?: (text: string) => FieldResult;
  /** Accept a shared contact (must be the user's own). */
  contact?: boolean;
  /** Re-prompt text when something else arrives (default: "type the answer"). */
  hint?: string;
}

/** Send the question and wait for an acceptable answer (a tap on any button is an old one's). */
export async function ask(step: Step, opts: AskOptions): Promise<Answer> {
  const { tr } = step;
  await say(step, opts.text, { reply_markup: opts.replyKeyboard, link_preview_options: { is_disabled: true } });
  const hint = opts.hint ?? tr("ask-expected-text");
  for (;;) {
    const c = await next(step);
    await yieldToCommand(step, c);
    if (c.callbackQuery) {
      await c.answerCallbackQuery({ text: tr("button-outdated"), show_alert: false });
      continue;
    }
    const msg = c.message;
    if (!msg) {
      // A message edited after it was sent is not read again: the parent is told, under it.
      const edited = c.editedMessage?.message_id;
      if (edited) await say(step, tr("edited-not-read"), underMessage(edited));
      continue;
    }
    const accepted = accept(msg, opts);
    if ("answer" in accepted) return accepted.answer;
    await say(step, accepted.reply === "hint" ? hint : tr(accepted.reply, accepted.args), accepted.other);
  }
}

export type Accepted =
  | { answer: Answer }
  | { reply: string; args?: Record<string, string | number>; other?: Parameters<Api["sendMessage"]>[2] };

/** Whether a message answers the question, or what to reply ("hint": the question's own re-prompt). */
export function accept(msg: Message, opts: Pick<AskOptions, "validate" | "contact" | "replyKeyboard">): Accepted {
  if (msg.forward_origin) return { reply: "ask-no-forwards" };
  if (msg.contact) {
    if (!opts.contact) return { reply: "hint" };
    if (msg.contact.user_id !== msg.from?.id) return { reply: "registration-contact-not-own", other: { reply_markup: opts.replyKeyboard } };
    return { answer: { kind: "contact", phone: msg.contact.phone_number, userId: msg.contact.user_id } };
  }
  if (msg.text !== undefined && opts.validate && !msg.text.startsWith("/")) {
    const result = opts.validate(msg.text);
    if (result.ok) return { answer: { kind: "text", value: result.value, message: msg } };
    return { reply: result.error, args: result.args };
  }
  if (msg.text?.startsWith("/")) return { reply: "ask-unknown-command" };
  return { reply: "hint" };
}
