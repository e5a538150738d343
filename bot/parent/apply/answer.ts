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
import { clearAnswers, keepAnswer, movePage } from "#root/db/queries/form.ts";
import { setUserEmail } from "#root/db/queries/users.ts";
import { formatDate } from "#root/flows/form.ts";
import { applyAnswer, childCompletedBy, questionAt, type Question } from "#root/flows/form/engine.ts";
import { takeOffer } from "#root/flows/form/offers.ts";
import { getService } from "#root/flows/services/index.ts";
import type { Lang } from "#root/flows/i18n.ts";
import { formOf } from "#root/flows/statement.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { continueForm } from "./advance.ts";
import { accept, isGlobalCommand } from "#root/bot/parent/ask.ts";
import { askQuestion, headerOf, profileFor, type Answered } from "./question.ts";
import { listMove, schoolButton, searchQuery, showSchools } from "./school.ts";
import { albumPage, askedDocument, documentBefore, documentButton, pageAnswer, type TelegramAccess } from "./documents.ts";
import { noteStanding } from "./standing.ts";
import { patterns } from "#root/bot/parent/callbacks.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";

/**
 * A tap on what the parent's profile offers above `q` (`flows/form/offers.ts`): an answer to
 * go on with, or done here — the saved child kept with one write, the details to correct
 * cleared, or the question asked itself.
 */
async function offerTap(ctx: ParentContext, deps: BotDeps, app: Application, q: Question, value: string): Promise<Answered | undefined> {
  const db = deps.db;
  const now = deps.now();
  const taken = takeOffer(getService(app.serviceId), q, value, await profileFor(db, app, q), now);
  if ("outdated" in taken) return void (await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") }));
  if ("answer" in taken) return { ...taken.answer, offered: true };
  await ctx.answerCallbackQuery();
  await removeButtons(ctx);
  if ("ask" in taken || "refused" in taken) {
    if ("refused" in taken) await ctx.reply(ctx.t(taken.refused, taken.args));
    return void (await askQuestion(ctx, db, app, q, { offer: false }));
  }
  const draft = { applicationId: app.id, parentId: app.parentId, now };
  const row = "clear" in taken ? await clearAnswers(db, { ...draft, ...taken.clear }) : await keepAnswer(db, { ...draft, ...taken.keep });
  // The child is known: their applications for this service that stand are named now.
  if (row && "keep" in taken) await noteStanding(ctx, db, row, now);
  await continueForm(ctx, db, row ?? (await getApplication(db, app.id)) ?? app);
}

/**
 * What the update says in answer to `q`, or undefined when it is not an answer: the parent has
 * been told what to send instead, or (the school question) shown another list.
 */
async function rawAnswer(
  ctx: ParentContext,
  deps: BotDeps,
  telegram: TelegramAccess,
  app: Application,
  q: Question,
): Promise<Answered | undefined> {
  const db = deps.db;
  const data = ctx.callbackQuery?.data;
  if (data !== undefined) {
    if (q.kind === "school") return schoolButton(ctx, db, app, headerOf(ctx, app, q), data);
    if (q.kind === "files") return documentButton(ctx, db, app, q, data);
    const [, question, value] = patterns.choice.exec(data) ?? [];
    if (question !== q.id || value === undefined) return void (await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") }));
    // A button of the question: its option, or what the profile offers.
    return q.offer && q.kind !== "choice" ? offerTap(ctx, deps, app, q, value) : { button: value };
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
    await ctx.reply(ctx.t(accepted.reply === "hint" ? "ask-expected-text" : accepted.reply, accepted.args), accepted.other);
    return;
  }
  const given = "answer" in accepted ? accepted.answer : undefined;
  if (given?.kind === "contact") return { contact: given.phone };
  if (given?.kind !== "text") return;
  if (q.kind !== "school") return { text: msg.text! };
  await showSchools(ctx, db, headerOf(ctx, app, q), { kind: "search", query: given.value });
}

/** "Add a page" under a document that went on by itself: the document is asked again, its pages kept. */
async function reopenDocument(ctx: ParentContext, db: Db, app: Application, id: string): Promise<void> {
  const q = askedDocument(app, id);
  await ctx.answerCallbackQuery(q ? undefined : { text: ctx.t("button-outdated") });
  if (!q) return;
  await removeButtons(ctx);
  const row = await clearAnswers(db, { applicationId: app.id, parentId: app.parentId, section: "documents", keys: [id], now: new Date() });
  await continueForm(ctx, db, row ?? app);
}

/**
 * "↩️ A page of the document before": the one page document `id` took goes to the document asked
 * before it (one write), and `id` is asked again.
 */
async function pageBack(ctx: ParentContext, db: Db, app: Application, id: string): Promise<void> {
  const before = documentBefore(app, id);
  const move = { applicationId: app.id, parentId: app.parentId, from: id, now: new Date() };
  const row = before ? await movePage(db, { ...move, to: before.id, max: before.files.maxCount }) : undefined;
  await ctx.answerCallbackQuery(row ? undefined : { text: ctx.t("button-outdated") });
  if (!row || !before) return;
  await removeButtons(ctx);
  await ctx.reply(ctx.t("apply-docs-moved", { name: ctx.t(before.label) }));
  await continueForm(ctx, db, row);
}

/** The parent's newest draft, if any. */
async function newestDraftId(ctx: ParentContext, db: Db): Promise<string | undefined> {
  const user = await ctx.parent();
  return user ? (await findDraft(db, user.id))?.id : undefined;
}

/** Take the update as an answer to `q`, the question `app` is at: checked, kept with one guarded write, and the next asked. */
async function answer(ctx: ParentContext, deps: BotDeps, telegram: TelegramAccess, app: Application, q: Question): Promise<void> {
  const db = deps.db;
  const raw = await rawAnswer(ctx, deps, telegram, app, q);
  if (!raw) return;
  const service = getService(app.serviceId);
  const at = { lang: ctx.session.lang ?? (app.lang as Lang), now: deps.now() };
  const result = applyAnswer(service, formOf(app), q.id, raw, at);
  if (!result.ok) {
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t(result.error, result.args) });
    else await ctx.reply(ctx.t(result.error, result.args));
    return;
  }
  const { patch } = result;
  const child = childCompletedBy(service, formOf(app), patch);
  const row = await keepAnswer(db, {
    applicationId: app.id,
    parentId: app.parentId,
    guard: patch.path,
    writes: [{ path: patch.path, value: patch.value }, ...patch.derived],
    ...(patch.column ? { columns: { [patch.column]: patch.value as number } } : {}),
    ...(child ? { saveChild: child } : {}),
    version: app.version,
    now: deps.now(),
  });
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery();
    // The keyboard goes away: a second tap on it cannot do anything twice.
    await removeButtons(ctx);
  }
  const kept =
    raw.kept ?? (child ? ctx.t("apply-child-saved-note", { name: esc(child.fullName), date: formatDate(child.birthDate) }) : undefined);
  if (row && kept) await ctx.reply(kept);
  // The child is known: their applications for this service that stand are named now.
  if (row && child) await noteStanding(ctx, db, row, deps.now());
  // A typed email is offered the next time a form asks for one.
  if (row && q.kind === "email" && "text" in raw && !raw.offered && patch.value) await setUserEmail(db, app.parentId, String(patch.value));
  // Not kept: the draft changed since it was read (another update answered first); go on from it as it is.
  const next = row ?? (await getApplication(db, app.id));
  if (next?.status === "draft") await continueForm(ctx, db, next);
}

export function answerMiddleware(deps: BotDeps, telegram: TelegramAccess) {
  const db: Db = deps.db;
  return async (ctx: ParentContext, next: NextFunction) => {
    if (isGlobalCommand(ctx)) return next();
    const data = ctx.callbackQuery?.data ?? "";
    // "Add a page" (or "↩️") under the last document is tapped at the review, where no question is open.
    const [, more, what] = patterns.document.exec(data) ?? [];
    const reopen = more !== undefined && (what === "more" || what === "back");
    const appId = ctx.session.current?.appId ?? (reopen ? await newestDraftId(ctx, db) : undefined);
    if (!appId) return next();
    // Only its own buttons are the form's: the others (a language, a list of applications…) work as ever.
    if (ctx.callbackQuery && !patterns.form.test(data)) return next();
    if (!ctx.callbackQuery && !ctx.message) return next(); // an edited message: not an answer (said at the end)
    if (await listMove(ctx, db)) return;
    const app = await getApplication(db, appId);
    if (!app || app.status !== "draft") {
      ctx.session.current = undefined;
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
      else await ctx.reply(ctx.t("apply-draft-gone"));
      return;
    }
    if (reopen) return what === "back" ? pageBack(ctx, db, app, more) : reopenDocument(ctx, db, app, more);
    const q = questionAt(app);
    if (await albumPage(ctx, db, telegram, app, q)) return;
    if (q) return answer(ctx, deps, telegram, app, q);
    // The draft is at the review (another update answered the last question).
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    return continueForm(ctx, db, app);
  };
}
