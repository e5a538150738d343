/**
 * Answers to the form's questions (`flows/form/questions.ts`). Nothing but the draft says which
 * question the parent is at: the update is read against the question the draft is at, the engine
 * checks it, one write guarded by the question's place keeps it, and the next question is asked
 * from the row that write returned. A late or repeated answer finds its question's place taken
 * and keeps nothing; the parent is then asked what the draft is at. The session only says which
 * draft is open, and which message holds the live school list (a move in it needs no read).
 */
import type { NextFunction } from "grammy";
import type { Db } from "#root/db/client.ts";
import { findDraft, getApplication, type Application } from "#root/db/queries/applications.ts";
import { documentAction, keepAnswerTo } from "#root/flows/form/draft.ts";
import { questionAt, type Question } from "#root/flows/form/engine.ts";
import { searchQuery } from "#root/flows/form/schools.ts";
import type { Lang } from "#root/flows/i18n.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { continueForm } from "./advance.ts";
import { accept, isGlobalCommand } from "#root/bot/parent/ask.ts";
import { askQuestion, buttonsAgain, translated, type Answered } from "./question.ts";
import { listMove, schoolButton, showSchools } from "./school.ts";
import { albumPage, documentButton, pageAnswer } from "./documents.ts";
import type { TelegramAccess } from "#root/bot/shared/files.ts";
import { noteStanding } from "./standing.ts";
import { patterns } from "#root/bot/parent/callbacks.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";

/**
 * What the update says in answer to `q`, or undefined when it is not an answer: the parent has
 * been told what to send instead, or (the school question) shown another list.
 */
async function rawAnswer(
  ctx: ParentContext,
  db: Db,
  telegram: TelegramAccess,
  app: Application,
  q: Question,
  now: Date,
): Promise<Answered | undefined> {
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) {
    if (q.kind === "school") return schoolButton(ctx, db, app, data, now);
    if (q.kind === "files") return documentButton(ctx, db, app, q, data);
    const [, question, value] = patterns.choice.exec(data) ?? [];
    if (question !== q.id || value === undefined) return void (await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") }));
    // A button of the question: its option, or what the profile offers.
    return q.offer && q.kind !== "choice" ? { offer: value } : { button: value };
  }
  const msg = ctx.message!;
  // A page of a document is kept as a file of the draft; once the pages it needs are in, the
  // document is answered by itself (the pages of an album with it, see `albumPage`).
  if (q.kind === "files") return pageAnswer(ctx, db, telegram, app, q, msg);
  const byContact = q.kind !== "school" && q.byContact === true;
  // The engine validates an answer's text; a text at the school question is a search.
  const accepted = accept(msg, {
    validate: q.kind === "school" ? searchQuery : byContact ? undefined : (text) => ({ ok: true, value: text }),
    contact: byContact,
  });
  if ("reply" in accepted) {
    const text = ctx.t(accepted.reply === "hint" ? "ask-expected-text" : accepted.reply, accepted.args);
    await ctx.reply(text, accepted.other ?? (await buttonsAgain(ctx, db, app, q)));
    return;
  }
  const given = "answer" in accepted ? accepted.answer : undefined;
  if (given?.kind === "contact") return { contact: given.phone };
  if (given?.kind !== "text") return;
  if (q.kind !== "school") return { text: msg.text! };
  await showSchools(ctx, db, app.serviceId, { kind: "search", query: given.value });
}

/** A document's action, not its answer ("add a page", "🔄 replace the pages", "↩️": `documentAction`). */
type DocumentTap = { id: string; what: "more" | "redo" | "back"; now: Date };
async function documentTap(ctx: ParentContext, db: Db, app: Application, { id, what, now }: DocumentTap): Promise<void> {
  const done = await documentAction(db, app, id, what, now);
  await ctx.answerCallbackQuery(done ? undefined : { text: ctx.t("button-outdated") });
  if (!done) return;
  await removeButtons(ctx);
  if (done.said) await ctx.reply(translated(ctx, done.said));
  await continueForm(ctx, db, done.row);
}

/** The parent's newest draft, if any. */
async function newestDraftId(ctx: ParentContext, db: Db): Promise<string | undefined> {
  const user = await ctx.parent();
  return user ? (await findDraft(db, user.id))?.id : undefined;
}

/** Take the update as an answer to `q`, the question `app` is at: checked, kept with one guarded write, and the next asked. */
async function answer(ctx: ParentContext, deps: BotDeps, telegram: TelegramAccess, app: Application, q: Question): Promise<void> {
  const db = deps.db;
  const now = deps.now();
  const raw = await rawAnswer(ctx, db, telegram, app, q, now);
  if (!raw) return;
  const result = await keepAnswerTo(db, app, q, raw, { lang: ctx.session.lang ?? (app.lang as Lang), now });
  if (!result.ok) {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t(result.error, result.args) });
    else await ctx.reply(ctx.t(result.error, result.args), await buttonsAgain(ctx, db, app, q));
    return;
  }
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery();
    // The keyboard goes away: a second tap on it cannot do anything twice.
    await removeButtons(ctx);
  }
  if (result.plain) {
    // Why the saved child does not fit, said of that child: the child's questions follow.
    const refused = result.plain.refused;
    if (refused)
      await ctx.reply(
        `${translated(ctx, { key: "apply-child-saved-unfit", args: { name: refused.child } })}\n${ctx.t(refused.error, refused.args)}`,
      );
    return askQuestion(ctx, db, app, q, { offer: false });
  }
  const { row, child } = result;
  const said = ("said" in raw ? raw.said : undefined) ?? result.said;
  if (row && said) await ctx.reply(translated(ctx, said));
  // The child is known (typed, or a saved one picked): their applications for this service that stand are named now.
  if (row && (child || result.known)) await noteStanding(ctx, db, row, now);
  // Not kept: the draft changed since it was read (another update answered first); go on from it as it is.
  const next = row ?? (await getApplication(db, app.id));
  if (next?.status === "draft") await continueForm(ctx, db, next);
}

export function answerMiddleware(deps: BotDeps, telegram: TelegramAccess) {
  const db: Db = deps.db;
  return async (ctx: ParentContext, next: NextFunction) => {
    if (isGlobalCommand(ctx)) return next();
    const data = ctx.callbackQuery?.data ?? "";
    // A document's action; "add a page" (or "↩️") under the last document is tapped at the review, where no question is open.
    const [, more, what] = patterns.document.exec(data) ?? [];
    const reopen = more !== undefined && (what === "more" || what === "back" || what === "redo");
    const appId = ctx.session.current?.appId ?? (reopen ? await newestDraftId(ctx, db) : undefined);
    if (!appId) return next();
    // Only its own buttons are the form's: the others (a language, a list of applications…) work as ever.
    if (ctx.callbackQuery && !patterns.form.test(data)) return next();
    if (!ctx.callbackQuery && !ctx.message) return next(); // an edited message: not an answer (said at the end)
    if (await listMove(ctx, db)) return;
    // An album's later page: the session knows its draft and document, nothing to read first.
    if (await albumPage(ctx, db, telegram, undefined)) return;
    const app = await getApplication(db, appId);
    if (!app || app.status !== "draft") {
      ctx.session.current = undefined;
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
      // Deleted (discarded elsewhere, consent withdrawn) is not "no longer a draft": there is nothing in /my to open.
      else await ctx.reply(ctx.t(app ? "apply-draft-gone" : "apply-draft-deleted"));
      return;
    }
    // A button on a message sent before this draft was begun is another draft's (discarded since).
    const sent = ctx.callbackQuery?.message?.date;
    if (sent && sent < Math.floor(app.createdAt.getTime() / 1000))
      return void (await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") }));
    // A message Telegram no longer shows the bot (deleted, or days old) is dated 0: which draft's button it was cannot be
    // told. Nothing is taken from it; the draft's question (or its review) is asked anew, with buttons that work.
    if (sent === 0) {
      await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
      return continueForm(ctx, db, app);
    }
    if (reopen) return documentTap(ctx, db, app, { id: more, what, now: deps.now() });
    const q = questionAt(app);
    if (await albumPage(ctx, db, telegram, app, q)) return;
    if (q) return answer(ctx, deps, telegram, app, q);
    // The draft is at the review (another update answered the last question).
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    return continueForm(ctx, db, app);
  };
}
