/**
 * Signing the statement: a way to sign tapped on the review forms the statement PDF first; then
 * a link to the EDS signing page (NCALayer on a computer), or a photo or scan of the statement
 * signed on paper, uploaded here (eGov mobile: signing-mobile.ts).
 */
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { getTelegramUserApplication, type Application } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { acceptUpload, MAX_FILE_BYTES } from "#root/flows/files.ts";
import { acceptPaperSignature, startEdsSigning } from "#root/flows/signing.ts";
import { questionAt } from "#root/flows/form/engine.ts";
import { continueForm } from "#root/bot/parent/apply/advance.ts";
import { formOf, PagesBeingChecked, prepareStatement } from "#root/flows/statement.ts";
import { childOutOfAge } from "#root/flows/form/child-age.ts";
import { getService } from "#root/flows/services/index.ts";
import { DownloadError, downloadFile, type TelegramAccess } from "#root/bot/shared/files.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { next, say, yieldToCommand, type Step, type Tr } from "./ask.ts";
import type { ParentContext, ParentConversation, StageContext } from "./context.ts";
import { data, patterns } from "./callbacks.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { awaitsSignature, handOn, ownApplication } from "./parent.ts";

export const PAPER_CONVERSATION = "paper";

/** Updates in which the statement was formed and sent just now, right above the way to sign (their tap answered). */
const formedNow = new WeakSet<ParentContext>();

/** A way to sign tapped: its answer, unless the tap was answered already, before its statement was formed. */
export async function answerWayToSign(ctx: ParentContext): Promise<void> {
  if (!formedNow.has(ctx)) await ctx.answerCallbackQuery();
}

/** The ways to sign, as buttons: the review's "all correct", and what support hands back to. */
export const signingKeyboard = (ctx: ParentContext, appId: string) =>
  new InlineKeyboard()
    .text(ctx.t("sign-mobile"), data.sign("mobile", appId))
    .row()
    .text(ctx.t("sign-eds"), data.sign("eds", appId))
    .row()
    .text(ctx.t("sign-paper"), data.sign("paper", appId));

/** Where a parent with a statement to sign picks up again (after a talk with support): the ways to sign. */
export async function showSigningChoice(ctx: ParentContext, app: Pick<Application, "id" | "number">): Promise<void> {
  await ctx.reply(ctx.t("sign-choose", { number: app.number }), { reply_markup: signingKeyboard(ctx, app.id) });
}

export function signingComposer(deps: BotDeps) {
  const composer = new Composer<ParentContext>();
  const db = deps.db;

  // A way to sign tapped on the review: the statement is formed from the answers and sent
  // first, then the way to sign goes on below (or in signing-mobile.ts) as from the statement's message.
  composer.callbackQuery(patterns.signAny, async (ctx, next) => {
    const app = await ownApplication(ctx, db, ctx.match[1]!);
    // A draft begun long ago whose child has grown out of the service's ages (today, as the form counts): not signed,
    // even with a statement formed then — the child's stage is asked again, the parent told why (continueForm).
    if (app?.status === "draft" && childOutOfAge(getService(app.serviceId), formOf(app), new Date())) {
      await ctx.answerCallbackQuery();
      await removeButtons(ctx);
      return continueForm(ctx, db, app);
    }
    if (app?.status !== "draft" || app.statementFileId) return next();
    await removeButtons(ctx);
    // A review left above a question opened since (a document reopened, a page moved): the
    // question below is answered first; no statement is formed from an unfinished form.
    if (questionAt(app)) {
      return ctx.answerCallbackQuery({ text: ctx.t("sign-form-unfinished"), show_alert: true });
    }
    // Answered before the statement is formed, which takes a while: the spinner stops, and
    // Telegram does not take an answer long after the tap. The way to sign does not answer again.
    await ctx.answerCallbackQuery();
    await ctx.replyWithChatAction("upload_document");
    let statement: Awaited<ReturnType<typeof prepareStatement>>;
    try {
      statement = await prepareStatement(db, app);
    } catch (err) {
      if (!(err instanceof PagesBeingChecked)) throw err;
      // A page sent since the review (an album's last) is checked first; refused, its document may be asked again.
      const ready = await ctx.pages.ready(ctx, app);
      if (!ready) return;
      if (ready !== app) return continueForm(ctx, db, ready);
      statement = await prepareStatement(db, app);
    }
    formedNow.add(ctx);
    await ctx.replyWithDocument(new InputFile(statement.bytes, `statement-${app.number}.pdf`), {
      caption: ctx.t("sign-formed", { number: app.number }),
    });
    // The way to sign goes on with the draft as it is now (its statement formed): not read again.
    handOn(ctx, { ...app, statementFileId: statement.fileId });
    await next();
  });

  composer.callbackQuery(patterns.sign.eds, async (ctx) => {
    const app = await ownApplication(ctx, db, ctx.match[1]!, awaitsSignature);
    if (!app) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await answerWayToSign(ctx);
    const link = await startEdsSigning(db, { applicationId: app.id, parentId: app.parentId, now: deps.now() });
    const url = `${deps.config.publicUrl}/sign/${link.token}`;
    await ctx.reply(ctx.t("sign-eds-link", { minutes: 30 }), {
      reply_markup: new InlineKeyboard().url(ctx.t("sign-eds-open"), url).row().text(ctx.t("sign-paper"), data.sign("paper", app.id)),
      link_preview_options: { is_disabled: true },
    });
  });
  composer.callbackQuery(patterns.sign.paper, async (ctx) => {
    const app = await ownApplication(ctx, db, ctx.match[1]!, awaitsSignature);
    if (!app) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await answerWayToSign(ctx);
    await ctx.conversation.exitAll();
    // The statement to print comes with the request, unless it was formed and sent just above:
    // a parent back from /my or from support may have no PDF in sight.
    const statement = formedNow.has(ctx) ? undefined : await getStoredFile(db, app.statementFileId!);
    if (statement) {
      await ctx.replyWithDocument(new InputFile(statement.bytes, `statement-${app.number}.pdf`), { caption: ctx.t("sign-paper-ask") });
    } else {
      await ctx.reply(ctx.t("sign-paper-ask"));
    }
    await ctx.conversation.enter(PAPER_CONVERSATION, { appId: app.id, lang: langOf(ctx.session) });
  });
  return composer;
}

/**
 * The paper route (the request to print and sign is sent before it): wait for a photo or scan
 * of the signed statement, store it, sign. Any button leaves it for that button's own handler,
 * and so does any update once the draft no longer waits for a signature (signed in eGov mobile
 * or on the EDS page meanwhile, cancelled).
 */
export function paperConversation(
  deps: BotDeps,
  telegram: TelegramAccess,
  trFor: (lang: "kk" | "ru") => Tr,
  afterSigned: (step: Step, app: { id: string; number: string }) => Promise<void>,
) {
  return async function paper(conversation: ParentConversation, ctx: StageContext, args: { appId: string; lang: "kk" | "ru" }) {
    const tr = trFor(args.lang);
    const step: Step = { conversation, ctx, lang: args.lang, tr, api: telegram.api };
    for (;;) {
      const c = await next(step);
      await yieldToCommand(step, c);
      // A button (a way to sign tapped again, "Send to school" after signing in eGov mobile
      // anyway, "Open" on a notice) is answered by its own handler.
      if (c.callbackQuery) await conversation.halt({ next: true });
      // The draft and its parent, read for each update (and kept for the signing, which reads it next).
      const parentId = await conversation.external(async () => {
        const app = c.from ? await getTelegramUserApplication(deps.db, c.from.id, args.appId) : undefined;
        return app && awaitsSignature(app) ? app.parentId : null;
      });
      if (parentId === null) return await conversation.halt({ next: true });
      const msg = c.message;
      if (!msg) continue;
      const file = msg.photo ? msg.photo[msg.photo.length - 1] : msg.document;
      if (!file || msg.forward_origin) {
        await say(step, tr("sign-paper-expected-file"));
        continue;
      }
      if ((file.file_size ?? 0) > MAX_FILE_BYTES) {
        await say(step, tr("apply-docs-too-large"));
        continue;
      }
      const outcome = await conversation.external(async () => {
        try {
          // The photo is fetched and checked (re-encoded); it is stored by the statement that
          // signs the draft, or not at all.
          const photo = await downloadFile(telegram, file.file_id, file.file_size).then(acceptUpload);
          if (!photo.ok) return { ok: false as const, reason: photo.reason };
          const result = await acceptPaperSignature(deps.db, { applicationId: args.appId, parentId, photo, now: deps.now() });
          return result.ok ? { ok: true as const, number: result.application.number } : { ok: false as const, reason: "not_draft" };
        } catch (err) {
          if (err instanceof DownloadError) return { ok: false as const, reason: err.reason };
          throw err;
        }
      });
      if (!outcome.ok) {
        if (outcome.reason === "not_draft") {
          await say(step, tr("apply-draft-gone"));
          return;
        }
        await say(step, tr(`apply-docs-rejected-${outcome.reason.replace(/_/g, "-")}`));
        continue;
      }
      await afterSigned({ ...step, ctx: c }, { id: args.appId, number: outcome.number });
      return;
    }
  };
}
