/** /cancel: stop the form; keep the draft for later or discard it. */
import { Composer, InlineKeyboard } from "grammy";
import { deleteDraft, findDraft } from "#root/db/queries/applications.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import type { ParentContext } from "./context.ts";
import { data, patterns } from "./callbacks.ts";
import { isDraft, ownApplication } from "./parent.ts";
import { REMOVE_KEYBOARD, removeButtons } from "#root/bot/shared/keyboard.ts";

export function cancelComposer(deps: BotDeps) {
  const composer = new Composer<ParentContext>();
  composer.command("cancel", async (ctx) => {
    // Something to stop: a dialog (registration, the paper signature) or a form.
    const busy = Object.keys(ctx.conversation.active()).length > 0 || ctx.session.current !== undefined;
    await ctx.conversation.exitAll();
    ctx.session.current = undefined;
    ctx.session.leftFormAt = deps.now().getTime();
    const user = await ctx.parent();
    const draft = user ? await findDraft(deps.db, user.id) : undefined;
    if (!draft) {
      await ctx.reply(ctx.t(busy ? "cancel-nothing" : "cancel-idle"), REMOVE_KEYBOARD);
      return;
    }
    const keyboard = new InlineKeyboard()
      .text(ctx.t("cancel-keep"), data.draftKeep(draft.id))
      .row()
      .text(ctx.t("cancel-discard"), data.draftDiscard(draft.id));
    await ctx.reply(ctx.t("cancel-ask", { number: draft.number }), { reply_markup: keyboard });
  });
  composer.callbackQuery(patterns.draftKeep, async (ctx) => {
    // Under an older /cancel, a draft discarded since (from another message) or sent since is kept by nothing.
    const app = await ownApplication(ctx, deps.db, ctx.match[1]!);
    if (!app || !isDraft(app)) {
      await ctx.answerCallbackQuery(app ? { text: ctx.t("button-outdated") } : undefined);
      await removeButtons(ctx);
      if (!app) await ctx.reply(ctx.t("cancel-keep-gone"));
      return;
    }
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    await ctx.reply(ctx.t("cancel-kept"));
  });
  composer.callbackQuery(patterns.draftDiscard, async (ctx) => {
    const user = await ctx.parent();
    const deleted = user ? await deleteDraft(deps.db, user.id, ctx.match[1]!) : false;
    // Under an older /cancel, the draft the parent went back to filling since: the form it was at ends with it
    // (what they type next is not an answer to an application that is gone).
    if (deleted && ctx.session.current?.appId === ctx.match[1]) ctx.session.current = undefined;
    await ctx.answerCallbackQuery(deleted ? undefined : { text: ctx.t("button-outdated") });
    await removeButtons(ctx);
    if (deleted) await ctx.reply(ctx.t("cancel-discarded"));
  });
  return composer;
}
