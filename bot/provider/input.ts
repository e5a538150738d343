/**
 * Typed input for an action, as a short conversation: the optional comment to a refusal, the
 * required text of a reasoned refusal, or the director's order number and date — then a
 * confirmation, then the action. Any other button or command ends the conversation and is
 * handled as usual (the staff member changed their mind).
 *
 * Texts come from `t(lang, …)`: the conversation's context has no i18n plugin inside.
 */
import { askOrderDetails } from "./order-details.ts";
import type { Conversation } from "@grammyjs/conversations";
import { InlineKeyboard, type Context } from "grammy";
import { formatDate } from "#root/flows/form.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { actionKey, type Action } from "#root/flows/lifecycle.ts";
import type { ServiceDefinition } from "#root/flows/services/index.ts";
import { almatyDate } from "#root/flows/sla.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import { randomBytes } from "node:crypto";
import { data, patterns, type InputButton } from "./callbacks.ts";
import type { ProviderContext } from "./context.ts";
import { REVOKE_REASON } from "#root/flows/revocation.ts";
import { performAction, performRevoke, type ActionRequest } from "./perform.ts";
import { performSignStart } from "./sign.ts";
import { findActiveStaff, setStaffIin } from "#root/db/queries/staff.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { checkIin } from "#root/flows/iin.ts";
import { underMessage } from "#root/bot/shared/keyboard.ts";

export const INPUT_CONVERSATION = "provider-input";

/**
 * What an action needs typed, read from the lifecycle and the service's data; or a revocation's reason. `refusal-reason`:
 * the refusal's reasons are on screen, chosen with a button (handled outside: a tap leaves the dialog for its handler).
 */
export type InputKind = "refusal-reason" | "refusal-comment" | "reason-text" | "order" | "revoke" | "sign-iin" | "change-iin";

/** The typed input an action asks for, or null when a confirmation is enough. */
export function inputFor(service: ServiceDefinition, action: Action): InputKind | null {
  if (action === "reject") return "reason-text";
  if (action === "order" && service.result.then?.kind === "order") return "order";
  return null;
}

/** Arguments of the conversation (JSON: they are stored with it). */
export interface InputArgs {
  kind: InputKind;
  action: Action;
  applicationId: string;
  version: number;
  number: string;
  lang: Lang;
  /** The refusal reason chosen from the list (refusal-comment). */
  reasonId?: string;
  reasonLabel?: string;
  /** The issued document to revoke (revoke), and its number as shown. */
  documentId?: number;
  documentNumber?: string;
  /** An enrolment order confirmed past this many applicants ahead in the queue (order). */
  passOver?: number;
}

/** Longest accepted typed text: a refusal is read by a parent on a phone. */
const MAX_TEXT = 1000;

type Conv = Conversation<ProviderContext, Context>;

/**
 * The next update of a staff dialog that may answer it: an edited message is not read again, nor is a message without
 * text (a photo, a sticker, a file, a voice message) — the dialog goes on, and the staff member is told so under it.
 */
export async function waitForAnswer(conversation: Conv, lang: Lang): Promise<Context> {
  for (;;) {
    const u = await conversation.wait();
    const edited = u.editedMessage?.message_id;
    if (edited) await u.reply(t(lang, "provider-edited-not-read"), underMessage(edited));
    else if (u.message && u.message.text === undefined)
      await u.reply(t(lang, "provider-input-text-only"), underMessage(u.message.message_id));
    else return u;
  }
}

/** /cancel typed in a dialog: its Cancel button, said as such (any other command leaves the dialog for its own handler). */
export const isCancel = (text: string | undefined): boolean => text !== undefined && /^\/cancel(?:@\w+)?$/i.test(text.trim());

/** The conversation builder; `deps` gives it the database and clock (through `external`). */
export function inputConversation(deps: BotDeps) {
  return async function providerInput(conversation: Conv, ctx: Context, args: InputArgs): Promise<void> {
    const tr = (key: string, vars?: Record<string, string | number>) => t(args.lang, key, vars);
    // This dialog's buttons carry its own name: one under an earlier dialog's message is out of date, never this one's answer.
    const dialog = await conversation.external(() => randomBytes(6).toString("base64url"));
    const [SKIP, YES, NO, SIGN] = [
      data.input("skip", dialog),
      data.input("yes", dialog),
      data.input("no", dialog),
      data.input("sign", dialog),
    ];
    const cancelKeyboard = new InlineKeyboard().text(tr("provider-button-cancel"), NO);

    /** The next typed text; a button of ours is returned as its data; anything else leaves. */
    const next = async (): Promise<{ text?: string; button?: string; ctx: Context }> => {
      for (;;) {
        const u = await waitForAnswer(conversation, args.lang);
        const button = u.callbackQuery?.data;
        const ours = button === undefined ? null : patterns.input.exec(button);
        if (ours && ours[2] !== dialog) {
          await u.answerCallbackQuery({ text: tr("provider-button-outdated") });
          continue;
        }
        if (ours) {
          await u.answerCallbackQuery();
          return { button: data.input(ours[1] as InputButton, dialog), ctx: u };
        }
        const text = u.message?.text;
        if (isCancel(text)) return { button: NO, ctx: u };
        if (text !== undefined && !text.startsWith("/")) return { text: text.trim(), ctx: u };
        return conversation.halt({ next: true });
      }
    };
    const cancelled = async () => {
      await ctx.reply(tr("provider-input-cancelled"), {
        reply_markup: new InlineKeyboard().text(tr("provider-button-back"), data.card(args.applicationId)),
      });
    };

    const request: ActionRequest = { applicationId: args.applicationId, action: args.action, version: args.version };
    const telegramId = ctx.from!.id;

    /** The staff member's IIN, asked the first time they sign with EDS; false when they cancel. */
    const askIin = async (): Promise<boolean> => {
      await ctx.reply(tr("provider-sign-ask-iin"), { reply_markup: cancelKeyboard });
      for (;;) {
        const r = await next();
        if (r.button === NO) {
          await cancelled();
          return false;
        }
        const iin = r.text?.replace(/\s+/g, "") ?? "";
        if (checkIin(iin).ok) {
          await conversation.external(async () => {
            const member = await findActiveStaff(deps.db, telegramId);
            if (member) await setStaffIin(deps.db, member.id, iin);
          });
          return true;
        }
        await ctx.reply(tr("provider-sign-iin-invalid"), { reply_markup: cancelKeyboard });
      }
    };
    /** Prepare the document and send its signing link (the document is issued once signed). */
    const signAndIssue = async () => {
      const reply = await conversation.external(() => performSignStart(deps, telegramId, request, args.lang));
      await ctx.reply(reply.html, {
        reply_markup: { inline_keyboard: reply.keyboard.inline_keyboard },
        link_preview_options: { is_disabled: true },
      });
    };

    // The reasons on screen take a tap: what is typed (or sent) meanwhile is said to be no answer, and the list stays — not
    // read as a search of the inbox. A tap (a reason, Cancel) or a command leaves the dialog for its own handler.
    if (args.kind === "refusal-reason") {
      for (;;) {
        const u = await conversation.wait();
        const message = u.message;
        if (u.editedMessage) await u.reply(tr("provider-choose-reason-buttons"), underMessage(u.editedMessage.message_id));
        else if (message && isCancel(message.text)) return cancelled();
        else if (message && !message.text?.startsWith("/"))
          await u.reply(tr("provider-choose-reason-buttons"), underMessage(message.message_id));
        else return conversation.halt({ next: true });
      }
    }
    if (args.kind === "sign-iin") {
      if (await askIin()) await signAndIssue();
      return;
    }
    if (args.kind === "change-iin") {
      if (await askIin())
        await ctx.reply(tr("provider-sign-iin-saved"), {
          reply_markup: new InlineKeyboard().text(tr("provider-button-open"), data.card(args.applicationId)),
        });
      return;
    }
    const summary: string[] = [tr("provider-confirm-title", { number: esc(args.number), action: tr(actionKey(args.action)) })];
    let revokeReason = "";

    if (args.kind === "revoke") {
      summary.splice(0, 1, tr("provider-confirm-revoke", { number: esc(args.documentNumber ?? ""), application: esc(args.number) }));
      await ctx.reply(tr("provider-ask-revoke-reason", { number: esc(args.documentNumber ?? "") }), { reply_markup: cancelKeyboard });
      for (;;) {
        const r = await next();
        if (r.button === NO) return cancelled();
        if (r.text && r.text.length >= REVOKE_REASON.min && r.text.length <= REVOKE_REASON.max) {
          revokeReason = r.text;
          summary.push(tr("provider-confirm-reason", { reason: esc(r.text) }));
          break;
        }
        await ctx.reply(tr("provider-revoke-reason-invalid", REVOKE_REASON), { reply_markup: cancelKeyboard });
      }
    } else if (args.kind === "refusal-comment") {
      request.reason = args.reasonId;
      summary.push(tr("provider-confirm-reason", { reason: args.reasonLabel ?? "" }));
      const skipOrCancel = new InlineKeyboard().text(tr("provider-button-skip"), SKIP).text(tr("provider-button-cancel"), NO);
      await ctx.reply(tr("provider-ask-comment"), { reply_markup: skipOrCancel });
      for (;;) {
        const r = await next();
        if (r.button === NO) return cancelled();
        if (r.button === SKIP) break;
        if (r.text && r.text.length <= MAX_TEXT) {
          request.comment = r.text;
          summary.push(tr("provider-confirm-comment", { comment: esc(r.text) }));
          break;
        }
        // Only spaces is no comment: asked again, as at first (it is not "too long").
        const said = r.text && r.text.length > MAX_TEXT ? "provider-text-too-long" : "provider-ask-comment";
        await ctx.reply(tr(said, { max: MAX_TEXT }), { reply_markup: skipOrCancel });
      }
    } else if (args.kind === "reason-text") {
      await ctx.reply(tr("provider-ask-reason-text"), { reply_markup: cancelKeyboard });
      for (;;) {
        const r = await next();
        if (r.button === NO) return cancelled();
        if (r.text && r.text.length >= 10 && r.text.length <= MAX_TEXT) {
          request.reason = r.text;
          summary.push(tr("provider-confirm-reason", { reason: esc(r.text) }));
          break;
        }
        await ctx.reply(tr("provider-reason-text-invalid", { min: 10, max: MAX_TEXT }), { reply_markup: cancelKeyboard });
      }
    } else {
      const today = () => conversation.external(() => almatyDate(deps.now()));
      // The order cannot precede the application it decides.
      const sent = await conversation.external(async () => {
        const app = await getApplication(deps.db, args.applicationId);
        return app ? almatyDate(app.submittedAt ?? app.createdAt) : "";
      });
      const notBefore = { date: sent, key: "provider-order-date-before-sent" };
      const reply = (text: string, extra?: { reply_markup?: InlineKeyboard }) => ctx.reply(text, extra);
      const order = await askOrderDetails({ tr, reply, next, today, notBefore, cancelKeyboard, cancel: NO });
      if (!order) return cancelled();
      request.order = order;
      summary.push(tr("provider-confirm-order", { number: esc(order.number), date: formatDate(order.date) }));
      if (args.passOver) {
        request.passOver = args.passOver;
        summary.push(tr("provider-confirm-out-of-turn", { count: args.passOver }));
      }
    }

    // As every confirmation of an action: confirm, (the director's order notice) sign with EDS first, cancel — a row each.
    const confirm = new InlineKeyboard().text(tr("provider-button-confirm"), YES).row();
    if (args.kind === "order") confirm.text(tr("provider-button-sign-issue"), SIGN).row();
    confirm.text(tr("provider-button-cancel"), NO);
    await ctx.reply(summary.join("\n"), { reply_markup: confirm });
    for (;;) {
      const r = await next();
      if (r.button === NO) return cancelled();
      if (r.button === YES) break;
      // Typed instead of an answer to the summary: the dialog ends and the text is read as usual (a number opens its card).
      if (r.text !== undefined) return conversation.halt({ next: true });
      if (r.button === SIGN && args.kind === "order") {
        const hasIin = await conversation.external(async () => Boolean((await findActiveStaff(deps.db, telegramId))?.iin));
        if (!hasIin && !(await askIin())) return;
        return signAndIssue();
      }
    }
    const reply = await conversation.external(() =>
      args.kind === "revoke"
        ? performRevoke(deps, telegramId, { applicationId: args.applicationId, documentId: args.documentId!, reason: revokeReason })
        : performAction(deps, telegramId, request, args.lang),
    );
    await ctx.reply(reply.html, {
      reply_markup: new InlineKeyboard()
        .text(tr("provider-button-open"), data.card(args.applicationId))
        .text(tr("provider-button-inbox"), data.page(0)),
    });
  };
}
