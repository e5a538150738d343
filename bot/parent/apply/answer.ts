/**
 * Answers to the form's questions (`flows/form/questions.ts`). Nothing but the draft says which
 * question the parent is at: the engine checks the answer against the question the draft is at,
 * one guarded write keeps it, and the next question is asked from the row that write returned.
 * The common answers — a typed answer or a choice's button, a document's page, a move in the
 * school lists — are taken at the question the session says was asked, with no read: their
 * writes are guarded by the draft's version then, and anything that finds the draft changed (or
 * needs it: a school's button, a saved child, the email, the child's last answer) is handled again
 * against the draft as read. A late or repeated answer finds its question's place taken and
 * keeps nothing; the parent is then asked what the draft is at.
 */
import type { NextFunction } from "grammy";
import type { Message } from "grammy/types";
import type { Db } from "#root/db/client.ts";
import { findDraft, getApplication, type Application } from "#root/db/queries/applications.ts";
import { clearAnswers, keepAnswer } from "#root/db/queries/form.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { setUserEmail } from "#root/db/queries/users.ts";
import { formatDate } from "#root/flows/form.ts";
import {
  answerTo,
  applicableQuestions,
  applyAnswer,
  childCompletedBy,
  questionsFor,
  type Question,
  type RawAnswer,
} from "#root/flows/form/engine.ts";
import { takeOffer } from "#root/flows/form/offers.ts";
import { getService, listServices } from "#root/flows/services/index.ts";
import type { Lang } from "#root/flows/i18n.ts";
import { formOf } from "#root/flows/statement.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { continueForm } from "./advance.ts";
import { accept, isGlobalCommand } from "#root/bot/parent/ask.ts";
import { askQuestion, formQuestion, headerOf, profileFor } from "./question.ts";
import { schoolMove, searchQuery, showSchools } from "./school-lists.ts";
import { acknowledgePage, keptDocument, pagesNeeded, pagesOf, takePage, type FilesQuestion, type TelegramAccess } from "./documents.ts";
import { noteStanding, standingAt } from "./standing.ts";
import { data as cb, patterns } from "#root/bot/parent/callbacks.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { langOf, nameIn } from "#root/bot/shared/i18n.ts";

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
 * An answer, and what to tell the parent once it is kept (HTML), before the next question;
 * `offered`: it came from the parent's profile (nothing new to save there).
 */
type Answered = RawAnswer & { kept?: string; offered?: true };

/**
 * The draft an update answers: read (`app`), or as the session knows it — then `version` guards
 * every write, and whatever needs more than that is handled again with the draft read ("read").
 */
interface Turn {
  id: string;
  parentId: number;
  serviceId: string;
  q: Question;
  app?: Application;
  version?: number;
}

/**
 * What the update says in answer to `q`, or undefined when it is not an answer: the parent has
 * been told what to send instead, or (the school question) shown another list.
 */
async function rawAnswer(
  ctx: ParentContext,
  deps: BotDeps,
  telegram: TelegramAccess,
  t: Turn,
): Promise<Answered | "moved" | "read" | undefined> {
  const { q } = t;
  const db = deps.db;
  const query = ctx.callbackQuery;
  if (query) {
    const data = query.data ?? "";
    // Only the list on screen is live (when the session still knows which one it is).
    const prompt = ctx.session.current?.prompt;
    const shown = query.message?.message_id;
    const live = t.app ? prompt === undefined || shown === prompt : prompt !== undefined && shown === prompt;
    const move = q.kind === "school" && live ? schoolMove(data) : undefined;
    const app = t.app;
    // A school's button needs the draft itself (is one of the child's applications there?).
    if (!app && move?.kind === "school") return "read";
    if (q.kind === "files") {
      const [, question, what] = patterns.document.exec(data) ?? [];
      if (question === q.id && what === "skip") return { skip: true };
      if (question === q.id && what === "done") {
        const pages = await pagesOf(db, t, q);
        if (q.required && pages < Math.max(1, q.files.minCount)) {
          await ctx.answerCallbackQuery({ text: ctx.t("apply-docs-need-one"), show_alert: true });
          return undefined;
        }
        return { pages };
      }
    }
    if (q.kind === "school" && live) {
      if (move?.kind === "view") {
        await ctx.answerCallbackQuery();
        await removeButtons(ctx);
        await showSchools(ctx, db, headerOf(ctx, t, q), move.view);
        return undefined;
      }
      // A school's id from a button is an answer only when the school exists; it is named once kept.
      const school = move?.kind === "school" ? await getSchool(db, move.id) : undefined;
      // One application per child and service at a school: this one cannot be chosen again.
      const standing = school && app ? await standingAt(db, app, school.id, new Date()) : undefined;
      if (standing) {
        await ctx.answerCallbackQuery();
        const mine = standing.parentId === t.parentId;
        await ctx.reply(ctx.t(mine ? "apply-duplicate-school" : "apply-duplicate-school-other", { number: standing.number }), {
          ...(mine ? { reply_markup: { inline_keyboard: [[{ text: ctx.t("my-open"), callback_data: cb.myOpen(standing.id) }]] } } : {}),
        });
        return undefined;
      }
      if (school) {
        return { button: String(school.id), kept: ctx.t("apply-school-chosen", { name: esc(nameIn(langOf(ctx.session), school)) }) };
      }
    } else {
      const [, question, value] = patterns.choice.exec(data) ?? [];
      // A button of the question: its option, or what the profile offers (which needs the draft).
      if (question === q.id && value !== undefined && q.offer && q.kind !== "choice") {
        return app ? offerTap(ctx, deps, app, q, value) : "read";
      }
      if (question === q.id && value !== undefined) return { button: value };
    }
    if (!app) return "read";
    await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    return undefined;
  }
  const msg = ctx.message!;
  // A page of a document is kept as a file of the draft; once the pages it needs are in, the
  // document is answered by itself (the pages of an album with it, see `albumPage`).
  if (q.kind === "files" && (t.app || ((msg.photo || msg.document) && !msg.forward_origin))) {
    return pageAnswer(ctx, db, telegram, t, q, msg);
  }
  const byContact = q.kind !== "school" && q.kind !== "files" && q.byContact === true;
  // The engine validates an answer's text; a text at the school question is a search.
  const accepted = accept(msg, {
    validate: q.kind === "school" ? searchQuery : byContact ? undefined : (text) => ({ ok: true, value: text }),
    contact: byContact,
  });
  if ("answer" in accepted && accepted.answer.kind === "contact") return { contact: accepted.answer.phone };
  if ("answer" in accepted && accepted.answer.kind === "text") {
    if (q.kind !== "school") return { text: msg.text! };
    await showSchools(ctx, db, headerOf(ctx, t, q), { kind: "search", query: accepted.answer.value });
    return undefined;
  }
  // What is not an answer is answered against the draft's own question.
  if (!t.app) return "read";
  if ("reply" in accepted) {
    await ctx.reply(ctx.t(accepted.reply === "hint" ? "ask-expected-text" : accepted.reply, accepted.args), accepted.other);
  }
  return undefined;
}

/**
 * A page sent at document `q`, stored: the document's answer once the pages it needs are in
 * (the pages of an album with it, see `albumPage`), or "page N received". "moved": the draft is
 * not at the version given (nothing stored).
 */
async function pageAnswer(
  ctx: ParentContext,
  db: Db,
  telegram: TelegramAccess,
  draft: { id: string; version?: number },
  q: FilesQuestion,
  msg: Message,
): Promise<Answered | "moved" | undefined> {
  const count = await takePage(ctx, db, telegram, draft, q, msg);
  if (count === undefined || count === "moved") return count;
  if (count < pagesNeeded(q)) return void (await acknowledgePage(ctx, q, msg, count));
  const kept = keptDocument(ctx, q, count);
  const sent = await ctx.reply(kept.text, {
    reply_parameters: { message_id: msg.message_id },
    ...(kept.keyboard ? { reply_markup: kept.keyboard } : {}),
  });
  if (msg.media_group_id) ctx.session.album = { group: msg.media_group_id, question: q.id, reply: sent.message_id };
  return { pages: count };
}

/**
 * A later page of an album whose first page answered its document: kept with that document,
 * and its one confirmation counts it. False when the draft is not at `draft.version`.
 */
async function albumPage(
  ctx: ParentContext,
  db: Db,
  telegram: TelegramAccess,
  draft: { id: string; serviceId: string; version?: number },
  album: NonNullable<ParentContext["session"]["album"]>,
): Promise<boolean> {
  const q = questionsFor(getService(draft.serviceId)).find((o): o is FilesQuestion => o.id === album.question && o.kind === "files");
  const msg = ctx.message!;
  const count = q ? await takePage(ctx, db, telegram, draft, q, msg) : undefined;
  if (count === "moved") return false;
  if (!q || count === undefined) return true;
  const kept = keptDocument(ctx, q, count);
  await ctx.api.editMessageText(ctx.chat!.id, album.reply, kept.text, kept.keyboard ? { reply_markup: kept.keyboard } : {}).catch(() => {});
  return true;
}

/** "Add a page" under a document that went on by itself: the document is asked again, its pages kept. */
async function reopenDocument(ctx: ParentContext, db: Db, app: Application, id: string): Promise<void> {
  const q = applicableQuestions(getService(app.serviceId), formOf(app)).find((o) => o.id === id && o.kind === "files");
  await ctx.answerCallbackQuery(q ? undefined : { text: ctx.t("button-outdated") });
  if (!q) return;
  await removeButtons(ctx);
  const row = await clearAnswers(db, { applicationId: app.id, parentId: app.parentId, section: "documents", keys: [id], now: new Date() });
  await continueForm(ctx, db, row ?? app);
}

/** The parent's newest draft, if any. */
async function newestDraftId(ctx: ParentContext, db: Db): Promise<string | undefined> {
  const user = await ctx.parent();
  return user ? (await findDraft(db, user.id))?.id : undefined;
}

/** The question the session says was asked, as a turn with no read (undefined when it cannot say). */
function sessionTurn(ctx: ParentContext): Turn | undefined {
  const c = ctx.session.current;
  if (!c?.question || c.version === undefined || c.parentId === undefined) return undefined;
  const service = listServices().find((o) => o.id === c.service);
  const q = service ? questionsFor(service).find((o) => o.id === c.question) : undefined;
  if (!service || !q || ("byContact" in q && q.byContact)) return undefined;
  // The child stage's last answer saves the child from the stage's answers: read with the draft.
  if (questionsFor(service).findLast((o) => o.stage === "child") === q) return undefined;
  return { id: c.appId, parentId: c.parentId, serviceId: service.id, q, version: c.version };
}

/** Take the update as an answer to `t.q`: "read" when it must be handled again against the draft as read. */
async function answer(ctx: ParentContext, deps: BotDeps, telegram: TelegramAccess, t: Turn): Promise<"read" | undefined> {
  const db = deps.db;
  const { q, app } = t;
  const raw = await rawAnswer(ctx, deps, telegram, t);
  if (raw === "read" || (raw === "moved" && !app)) return "read";
  if (raw === "moved") return void (await ctx.reply(ctx.t("apply-draft-gone")));
  if (!raw) return;
  const lang = ctx.session.lang ?? (app?.lang as Lang | undefined) ?? langOf(ctx.session);
  const at = { lang, now: deps.now() };
  const result = app ? applyAnswer(getService(t.serviceId), formOf(app), q.id, raw, at) : answerTo(q, raw, at);
  if (!result.ok) {
    // A refusal is worded for the draft's question (a page is stored already: not again).
    if (!app && !("pages" in raw)) return "read";
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t(result.error, result.args) });
    else await ctx.reply(ctx.t(result.error, result.args));
    return;
  }
  const { patch } = result;
  const child = app ? childCompletedBy(getService(t.serviceId), formOf(app), patch) : undefined;
  const row = await keepAnswer(db, {
    applicationId: t.id,
    parentId: t.parentId,
    guard: patch.path,
    writes: [{ path: patch.path, value: patch.value }, ...patch.derived],
    ...(patch.column ? { columns: { [patch.column]: patch.value as number } } : {}),
    ...(child ? { saveChild: child } : {}),
    ...(t.version !== undefined ? { version: t.version } : {}),
    now: deps.now(),
  });
  // The draft changed since the session's question was asked: nothing kept, nothing said yet.
  if (!row && !app && !("pages" in raw)) return "read";
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
  if (row && q.kind === "email" && "text" in raw && !raw.offered && patch.value) await setUserEmail(db, t.parentId, String(patch.value));
  // Not kept: another update answered this question first; go on from the draft as it is.
  const next = row ?? (await getApplication(db, t.id));
  if (next?.status === "draft") await continueForm(ctx, db, next);
}

/** A later page of the album whose first page answered the document before `q`: "read" as `answer`. */
async function albumTurn(ctx: ParentContext, db: Db, telegram: TelegramAccess, t: Omit<Turn, "q">, q: Question | undefined) {
  const album = ctx.session.album;
  if (!album || !ctx.message?.media_group_id || ctx.message.media_group_id !== album.group || album.question === q?.id) return undefined;
  if (await albumPage(ctx, db, telegram, t, album)) return "taken";
  if (!t.app) return "read";
  await ctx.reply(ctx.t("apply-draft-gone"));
  return "taken";
}

export function answerMiddleware(deps: BotDeps, telegram: TelegramAccess) {
  const db: Db = deps.db;
  return async (ctx: ParentContext, next: NextFunction) => {
    if (isGlobalCommand(ctx)) return next();
    const data = ctx.callbackQuery?.data ?? "";
    // "Add a page" under the last document is tapped at the review, where no question is open.
    const [, more, what] = patterns.document.exec(data) ?? [];
    const reopen = more !== undefined && what === "more";
    const appId = ctx.session.current?.appId ?? (reopen ? await newestDraftId(ctx, db) : undefined);
    if (!appId) return next();
    // Only its own buttons are the form's: the others (a language, a list of applications…) work as ever.
    if (ctx.callbackQuery && !patterns.form.test(data)) return next();
    if (!ctx.callbackQuery && !ctx.message) return; // an edited message, a reaction: nothing to answer
    const quick = reopen ? undefined : sessionTurn(ctx);
    if (quick) {
      const album = await albumTurn(ctx, db, telegram, quick, quick.q);
      if (album === "taken" || (!album && (await answer(ctx, deps, telegram, quick)) !== "read")) return;
    }
    const app = await getApplication(db, appId);
    if (!app || app.status !== "draft") {
      ctx.session.current = undefined;
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
      else await ctx.reply(ctx.t("apply-draft-gone"));
      return;
    }
    if (reopen) return reopenDocument(ctx, db, app, more);
    const q = formQuestion(app);
    const turn = { id: app.id, parentId: app.parentId, serviceId: app.serviceId, app };
    if (await albumTurn(ctx, db, telegram, turn, q)) return;
    if (q) return void (await answer(ctx, deps, telegram, { ...turn, q }));
    // The draft is at the review (another update answered the last question).
    if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    return continueForm(ctx, db, app);
  };
}
