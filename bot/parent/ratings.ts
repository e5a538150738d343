/**
 * Rating a decided application: one tap on a score (the request comes through the outbox, once
 * per application), then, if the parent taps "add a comment", their next text message is the
 * comment. The rating and the comment are the parent's own; the school sees the average. A request
 * whose decision's document the school revoked since rates nothing, and a rating given before the
 * revocation takes no comment after it (the parent is told the same).
 */
import { Composer, InlineKeyboard, type MiddlewareFn } from "grammy";
import { commentAllowed, commentRating, MAX_COMMENT, rateApplication } from "#root/flows/ratings.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import type { ParentContext } from "./context.ts";
import { data, patterns } from "./callbacks.ts";
import { editOrReply, removeButtons } from "#root/bot/shared/keyboard.ts";

/** How long after tapping "add a comment" the next message is taken as the comment. */
const COMMENT_WINDOW_MS = 15 * 60 * 1000;

export function ratingComposer(deps: BotDeps): Composer<ParentContext> {
  const composer = new Composer<ParentContext>();

  composer.callbackQuery(patterns.rate, async (ctx) => {
    const [, applicationId, score] = ctx.match;
    const result = await rateApplication(deps.db, {
      parentTelegramId: ctx.from.id,
      applicationId: applicationId!,
      score: Number(score),
      now: deps.now(),
    });
    if (!result.ok && result.reason === "revoked") {
      // The school revoked the decision's document since the request went: nothing to rate, and its buttons go.
      await ctx.answerCallbackQuery({ text: ctx.t("rating-revoked") });
      await removeButtons(ctx);
      return;
    }
    if (!result.ok) {
      await ctx.answerCallbackQuery({ text: ctx.t(result.reason === "already" ? "rating-already" : "button-outdated") });
      return;
    }
    await ctx.answerCallbackQuery({ text: ctx.t("rating-thanks-short") });
    const keyboard = new InlineKeyboard().text(ctx.t("rating-add-comment"), data.rateComment(applicationId!));
    await editOrReply(ctx, ctx.t("rating-thanks", { score: "⭐".repeat(Number(score)) }), { reply_markup: keyboard });
  });

  composer.callbackQuery(patterns.rateComment, async (ctx) => {
    // Checked at the tap, not when the comment comes: a rating commented already (a second tap on an older button) or
    // another parent's application waits for no comment — what the parent types next is not swallowed.
    const allowed = await commentAllowed(deps.db, { parentTelegramId: ctx.from.id, applicationId: ctx.match[1]! });
    if (!allowed.ok && allowed.reason === "revoked") {
      // The school revoked the decision's document since it was rated: no comment, as no score — said alike, the button goes.
      await ctx.answerCallbackQuery({ text: ctx.t("rating-revoked") });
      await removeButtons(ctx);
      return;
    }
    if (!allowed.ok) {
      await ctx.answerCallbackQuery({ text: ctx.t(allowed.reason === "already" ? "rating-comment-already" : "button-outdated") });
      if (allowed.reason === "already") await removeButtons(ctx);
      return;
    }
    await ctx.answerCallbackQuery();
    ctx.session.ratingComment = { appId: ctx.match[1]!, until: deps.now().getTime() + COMMENT_WINDOW_MS };
    await removeButtons(ctx);
    await ctx.reply(ctx.t("rating-ask-comment", { max: MAX_COMMENT }));
  });

  return composer;
}

/**
 * After "add a comment", the parent's next text message is the comment (before any form or
 * conversation sees it). A command, a tap on another button, or the window running out, cancels it — a text written after
 * the window (outside a form) is said not to have gone, with the button to add the comment again.
 */
export function ratingCommentCapture(deps: BotDeps): MiddlewareFn<ParentContext> {
  return async (ctx, next) => {
    const pending = ctx.session.ratingComment;
    if (!pending) return next();
    // A button tapped since (a service, a draft to continue): the parent went on elsewhere, and what they type next
    // answers that — a child's name typed into a form is not sent to the school as a comment.
    if (ctx.callbackQuery) {
      ctx.session.ratingComment = undefined;
      return next();
    }
    const text = ctx.message?.text;
    if (text === undefined || text.startsWith("/")) {
      if (ctx.message) ctx.session.ratingComment = undefined;
      return next();
    }
    if (deps.now().getTime() > pending.until) {
      ctx.session.ratingComment = undefined;
      // Written late, outside a form, with nothing done since "add a comment": meant as the comment. It is not sent (the
      // window keeps a message days later from going to the school), but said so — not lost to the fallback — with the button.
      if (ctx.session.current) return next();
      const keyboard = new InlineKeyboard().text(ctx.t("rating-add-comment"), data.rateComment(pending.appId));
      return void (await ctx.reply(ctx.t("rating-comment-late"), { reply_markup: keyboard }));
    }
    const result = await commentRating(deps.db, { parentTelegramId: ctx.from!.id, applicationId: pending.appId, text, now: deps.now() });
    if (!result.ok && (result.reason === "empty" || result.reason === "too_long")) {
      await ctx.reply(ctx.t("rating-comment-invalid", { max: MAX_COMMENT }));
      return;
    }
    ctx.session.ratingComment = undefined;
    // Revoked since "add a comment" was tapped: the comment is refused in the words a score would be.
    const said = result.ok ? "rating-comment-thanks" : result.reason === "revoked" ? "rating-revoked" : "rating-already";
    await ctx.reply(ctx.t(said));
  };
}
