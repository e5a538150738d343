/**
 * Answers to the form's questions (`flows/form/questions.ts`). Nothing but the draft says which
 * question the parent is at: the engine checks the answer against the question the draft is at,
 * one guarded write keeps it, and the next question is asked from the row that write returned.
 * A typed answer to the question last asked needs no read (`quickAnswer`: the write is guarded
 * by the draft's version then); anything else reads the draft first. A late or repeated answer
 * finds its question's place taken and keeps nothing; the parent is then asked what the draft
 * is at.
 */
import type { NextFunction } from "grammy";
import type { Message } from "grammy/types";
import type { Db } from "#root/db/client.ts";
import { findDraft, getApplication, type Application } from "#root/db/queries/applications.ts";
import { clearAnswers, keepAnswer, type KeptAnswer } from "#root/db/queries/form.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { getChild, getUser, setUserEmail } from "#root/db/queries/users.ts";
import { formatDate } from "#root/flows/form.ts";
import { readPath, type FormAnswers } from "#root/flows/form/answers.ts";
import {
  answerTo,
  applicableQuestions,
  applyAnswer,
  applyPatch,
  questionsFor,
  savedChildAnswers,
  type Patch,
  type Question,
  type RawAnswer,
} from "#root/flows/form/engine.ts";
import { getService, listServices } from "#root/flows/services/index.ts";
import { formOf } from "#root/flows/statement.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { continueForm } from "./advance.ts";
import { accept, isGlobalCommand } from "#root/bot/parent/ask.ts";
import { askQuestion, formQuestion, headerOf, offersChildren } from "./question.ts";
import { schoolMove, searchQuery, showSchools } from "./school-lists.ts";
import { acknowledgePage, keptDocument, pagesNeeded, pagesOf, takePage, type FilesQuestion, type TelegramAccess } from "./documents.ts";
import { noteStanding, standingAt } from "./standing.ts";
import { data as cb, patterns } from "#root/bot/parent/callbacks.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { langOf, nameIn } from "#root/bot/shared/i18n.ts";

/** Whether `q`'s answer leaves its stage with every question answered. */
function finishesStage(app: Application, q: Question, patch: Patch): boolean {
  const after = applyPatch(formOf(app), patch);
  return applicableQuestions(getService(app.serviceId), after).every((o) => o.stage !== q.stage || readPath(after, o.keep) !== undefined);
}

/** A saved child answers every question of the child stage at once: one write. */
async function keepSavedChild(ctx: ParentContext, db: Db, app: Application, childId: number, now: Date): Promise<void> {
  const child = Number.isSafeInteger(childId) ? await getChild(db, app.parentId, childId) : undefined;
  // Checked as if typed, for this service: its ages (a saved fourth-grader does not fit a first
  // grade) and the grade it admits to instead of the saved one.
  const answers = child ? savedChildAnswers(getService(app.serviceId), child, now) : undefined;
  if (answers && !answers.ok) {
    await ctx.reply(ctx.t(answers.error, answers.args));
    const q = formQuestion(app);
    if (q) await askQuestion(ctx, db, app, q, { offer: false });
    return;
  }
  const row =
    child && answers?.ok
      ? await keepAnswer(db, {
          applicationId: app.id,
          parentId: app.parentId,
          guard: ["child", "fullName"],
          writes: [{ path: ["child", "childId"], value: child.id }, ...answers.writes],
          columns: { childId: child.id },
          now,
        })
      : undefined;
  if (row) await noteStanding(ctx, db, row, now);
  await continueForm(ctx, db, row ?? (await getApplication(db, app.id)) ?? app);
}

/** The child the child stage's last answer completes: saved to the profile with it, and offered next time. */
function childToSave(after: FormAnswers): NonNullable<KeptAnswer["saveChild"]> | undefined {
  const c = after.child;
  if (!c?.fullName || !c.iin || !c.birthDate || c.grade === undefined) return undefined;
  return { fullName: c.fullName, iin: c.iin, birthDate: c.birthDate, grade: c.grade };
}

/** An answer, and what to tell the parent once it is kept (HTML), before the next question. */
type Answered = RawAnswer & { kept?: string };

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
): Promise<Answered | "moved" | undefined> {
  const query = ctx.callbackQuery;
  if (query) {
    const data = query.data ?? "";
    // Only the list on screen is live (when the session still knows which one it is).
    const prompt = ctx.session.current?.prompt;
    const live = prompt === undefined || query.message?.message_id === prompt;
    if (q.kind === "files") {
      const [, question, what] = patterns.document.exec(data) ?? [];
      if (question === q.id && what === "skip") return { skip: true };
      if (question === q.id && what === "done") {
        const pages = await pagesOf(db, app, q);
        if (q.required && pages < Math.max(1, q.files.minCount)) {
          await ctx.answerCallbackQuery({ text: ctx.t("apply-docs-need-one"), show_alert: true });
          return undefined;
        }
        return { pages };
      }
    } else if (offersChildren(app, q) && patterns.child.test(data)) {
      await ctx.answerCallbackQuery();
      await removeButtons(ctx);
      if (data === cb.childNew) await askQuestion(ctx, db, app, q, { offer: false });
      else await keepSavedChild(ctx, db, app, Number(data.slice(2)), now);
      return undefined;
    }
    if (q.kind === "school" && live) {
      const move = schoolMove(data);
      if (move?.kind === "view") {
        await ctx.answerCallbackQuery();
        await removeButtons(ctx);
        await showSchools(ctx, db, headerOf(ctx, app, q), move.view);
        return undefined;
      }
      // A school's id from a button is an answer only when the school exists; it is named once kept.
      const school = move?.kind === "school" ? await getSchool(db, move.id) : undefined;
      // One application per child and service at a school: this one cannot be chosen again.
      const standing = school ? await standingAt(db, app, school.id, new Date()) : undefined;
      if (standing) {
        await ctx.answerCallbackQuery();
        const mine = standing.parentId === app.parentId;
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
      if (question === q.id && q.kind === "email") return emailButton(ctx, db, app, value!);
      if (question === q.id && value !== undefined) return { button: value };
    }
    await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    return undefined;
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
  if ("answer" in accepted && accepted.answer.kind === "contact") return { contact: accepted.answer.phone };
  if ("answer" in accepted && accepted.answer.kind === "text") {
    if (q.kind !== "school") return { text: msg.text! };
    await showSchools(ctx, db, headerOf(ctx, app, q), { kind: "search", query: accepted.answer.value });
    return undefined;
  }
  if ("reply" in accepted) {
    await ctx.reply(ctx.t(accepted.reply === "hint" ? "ask-expected-text" : accepted.reply, accepted.args), accepted.other);
  }
  return undefined;
}

/**
 * A button of the email question: the profile's email, none, or "correct my details" (the
 * name and IIN are asked again, then the email).
 */
async function emailButton(ctx: ParentContext, db: Db, app: Application, value: string): Promise<Answered | undefined> {
  if (value === "none") return { skip: true };
  if (value === "use") {
    const email = (await getUser(db, app.parentId))?.email;
    if (email) return { text: email };
  }
  if (value === "edit") {
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    const row = await clearAnswers(db, {
      applicationId: app.id,
      parentId: app.parentId,
      section: "parent",
      keys: ["fullName", "iin"],
      now: new Date(),
    });
    await continueForm(ctx, db, row ?? app);
    return undefined;
  }
  await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
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

/**
 * The common answer with no read first: a typed answer or a choice's button, a page of a
 * document, or a move in the school lists, at the question the session says was asked. The
 * write is guarded by the draft's version then (a page's too). Anything else (a refusal, a write
 * that finds the draft changed, a question that needs the draft: a school's button, "Done", the
 * email, the child's last answer) returns false, and the update is handled against the draft as read.
 */
async function quickAnswer(ctx: ParentContext, deps: BotDeps, telegram: TelegramAccess): Promise<boolean> {
  const current = ctx.session.current;
  if (!current?.question || current.version === undefined || current.parentId === undefined) return false;
  const service = listServices().find((o) => o.id === current.service);
  const q = service ? questionsFor(service).find((o) => o.id === current.question) : undefined;
  if (!service || !q || q.kind === "email" || ("byContact" in q && q.byContact)) return false;
  if (q.stage === "child" && questionsFor(service).findLast((o) => o.stage === "child") === q) return false;
  const db = deps.db;
  const draft = { id: current.appId, serviceId: service.id, version: current.version };
  const msg = ctx.message;
  const [, question, value] = patterns.choice.exec(ctx.callbackQuery?.data ?? "") ?? [];
  let raw: Answered | undefined;
  if (q.kind === "school") {
    // Another list (the draft is not written): shown from the live list's buttons or a typed search.
    const move = schoolMove(ctx.callbackQuery?.data ?? "");
    const live = ctx.callbackQuery?.message?.message_id === current.prompt;
    const search = msg?.text !== undefined && !msg.forward_origin ? searchQuery(msg.text) : undefined;
    if (move?.kind === "view" && live) {
      await ctx.answerCallbackQuery();
      await removeButtons(ctx);
      await showSchools(ctx, db, headerOf(ctx, draft, q), move.view);
    } else if (search?.ok && !msg!.text!.startsWith("/")) {
      await showSchools(ctx, db, headerOf(ctx, draft, q), { kind: "search", query: String(search.value) });
    } else return false;
    return true;
  }
  if (q.kind === "files") {
    if (!msg || !(msg.photo || msg.document) || msg.forward_origin) return false;
    const album = ctx.session.album;
    if (album && msg.media_group_id === album.group && album.question !== q.id) return albumPage(ctx, db, telegram, draft, album);
    const page = await pageAnswer(ctx, db, telegram, draft, q, msg);
    if (page === "moved") return false;
    if (!page) return true;
    raw = page;
  } else if (msg?.text !== undefined && !msg.text.startsWith("/") && !msg.forward_origin) raw = { text: msg.text };
  else if (question === q.id && value !== undefined) raw = { button: value };
  if (!raw) return false;
  const result = answerTo(q, raw, { lang: langOf(ctx.session), now: deps.now() });
  if (!result.ok) return false;
  const { patch } = result;
  const row = await keepAnswer(db, {
    applicationId: current.appId,
    parentId: current.parentId,
    guard: patch.path,
    writes: [{ path: patch.path, value: patch.value }, ...patch.derived],
    version: current.version,
    now: deps.now(),
  });
  // A page is stored whatever happens next: a draft changed meanwhile goes on as it is now.
  if (!row && q.kind !== "files") return false;
  if (ctx.callbackQuery) {
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
  }
  const next = row ?? (await getApplication(db, current.appId));
  if (next?.status === "draft") await continueForm(ctx, db, next);
  return true;
}

/** The parent's newest draft, if any. */
async function newestDraftId(ctx: ParentContext, db: Db): Promise<string | undefined> {
  const user = await ctx.parent();
  return user ? (await findDraft(db, user.id))?.id : undefined;
}

export function answerMiddleware(deps: BotDeps, telegram: TelegramAccess) {
  const db: Db = deps.db;
  return async (ctx: ParentContext, next: NextFunction) => {
    if (!isGlobalCommand(ctx) && (await quickAnswer(ctx, deps, telegram))) return;
    // "Add a page" under the last document is tapped at the review, where no question is open.
    const appId =
      ctx.session.current?.appId ?? (patterns.documentMore.test(ctx.callbackQuery?.data ?? "") ? await newestDraftId(ctx, db) : undefined);
    if (!appId || isGlobalCommand(ctx)) return next();
    // Only its own buttons are the form's: the others (a language, a list of applications…) work as ever.
    if (ctx.callbackQuery && !patterns.form.test(ctx.callbackQuery.data ?? "")) return next();
    if (!ctx.callbackQuery && !ctx.message) return; // an edited message, a reaction: nothing to answer
    const app = await getApplication(db, appId);
    if (!app || app.status !== "draft") {
      ctx.session.current = undefined;
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
      else await ctx.reply(ctx.t("apply-draft-gone"));
      return;
    }
    const q = formQuestion(app);
    const data = ctx.callbackQuery?.data ?? "";
    const [, more, what] = patterns.document.exec(data) ?? [];
    if (more && what === "more") return reopenDocument(ctx, db, app, more);
    const album = ctx.session.album;
    if (album && ctx.message?.media_group_id === album.group && album.question !== q?.id) {
      if (!(await albumPage(ctx, db, telegram, app, album))) await ctx.reply(ctx.t("apply-draft-gone"));
      return;
    }
    if (!q) {
      // The draft is at the review (another update answered the last question).
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
      return continueForm(ctx, db, app);
    }
    const raw = await rawAnswer(ctx, db, telegram, app, q, deps.now());
    if (raw === "moved") return void (await ctx.reply(ctx.t("apply-draft-gone")));
    if (!raw) return;
    const lang = ctx.session.lang ?? (app.lang as "kk" | "ru");
    const result = applyAnswer(getService(app.serviceId), formOf(app), q.id, raw, { lang, now: deps.now() });
    if (!result.ok) {
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text: ctx.t(result.error, result.args) });
      else await ctx.reply(ctx.t(result.error, result.args));
      return;
    }
    if (ctx.callbackQuery) {
      await ctx.answerCallbackQuery();
      // The keyboard goes away: a second tap on it cannot do anything twice.
      await removeButtons(ctx);
    }
    const { patch } = result;
    const finished = finishesStage(app, q, patch);
    const child = finished && q.stage === "child" ? childToSave(applyPatch(formOf(app), patch)) : undefined;
    const row = await keepAnswer(db, {
      applicationId: app.id,
      parentId: app.parentId,
      guard: patch.path,
      writes: [{ path: patch.path, value: patch.value }, ...patch.derived],
      ...(patch.column ? { columns: { [patch.column]: patch.value as number } } : {}),
      ...(child ? { saveChild: child } : {}),
      now: deps.now(),
    });
    const kept =
      raw.kept ?? (child ? ctx.t("apply-child-saved-note", { name: esc(child.fullName), date: formatDate(child.birthDate) }) : undefined);
    if (row && kept) await ctx.reply(kept);
    // The child is known: their applications for this service that stand are named now.
    if (row && finished && q.stage === "child") await noteStanding(ctx, db, row, deps.now());
    // A typed email is offered the next time a form asks for one.
    if (row && q.kind === "email" && "text" in raw && patch.value) await setUserEmail(db, app.parentId, String(patch.value));
    // Not kept: another update answered this question first; go on from the draft as it is.
    await continueForm(ctx, db, row ?? (await getApplication(db, app.id)) ?? app);
  };
}
