/**
 * The questions the form engine asks (`flows/form/engine.ts`): the question a draft is at, read
 * from the draft alone, and how it is shown.
 */
import { InlineKeyboard, Keyboard } from "grammy";
import type { Db } from "#root/db/client.ts";
import { lastSchoolId, type Application } from "#root/db/queries/applications.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { getUser, listChildren } from "#root/db/queries/users.ts";
import { nextQuestion, type Question } from "#root/flows/form/engine.ts";
import { getService } from "#root/flows/services/index.ts";
import { formOf } from "#root/flows/statement.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { stepHeader } from "./header.ts";
import { showSchools } from "./school-lists.ts";
import { askDocument } from "./documents.ts";
import { data } from "#root/bot/parent/callbacks.ts";

/** The first question `app` has not answered, or undefined at the review. */
export function formQuestion(app: Pick<Application, "serviceId" | "form">): Question | undefined {
  const q = nextQuestion(getService(app.serviceId), formOf(app));
  return q.kind === "review" ? undefined : q;
}

/** A choice's button: the question it answers and the option (a late tap answers nothing else). */
export const choiceData = (q: Question, value: string): string => data.choice(q.id, value);

/** "Step N of M · Stage" above every question. */
export const headerOf = (ctx: ParentContext, app: Pick<Application, "serviceId">, q: Question): string =>
  stepHeader((key, vars) => ctx.t(key, vars), app.serviceId, q.stage);

/** Before the child's first answer: the parent's saved children, one tap each, or a new child. */
async function offerChildren(ctx: ParentContext, db: Db, app: Pick<Application, "serviceId" | "parentId">, q: Question): Promise<boolean> {
  const saved = await listChildren(db, app.parentId);
  if (saved.length === 0) return false;
  const keyboard = new InlineKeyboard();
  for (const c of saved) keyboard.text(ctx.t("apply-child-saved", { name: c.fullName, grade: c.grade }), data.child(c.id)).row();
  keyboard.text(ctx.t("apply-child-add"), data.childNew);
  await ctx.reply(`${headerOf(ctx, app, q)}\n\n${ctx.t("apply-child-pick")}`, { reply_markup: keyboard });
  return true;
}

/** The child stage has nothing kept yet: its first question is where saved children are offered. */
export const offersChildren = (app: Pick<Application, "form">, q: Question): boolean =>
  q.stage === "child" && formOf(app).child === undefined;

/**
 * The email question: the parent's details as the form will state them, the email of the
 * profile offered in one tap, "no email", or their details to correct.
 */
async function askEmail(ctx: ParentContext, db: Db, app: Pick<Application, "serviceId" | "parentId" | "form">, q: Question): Promise<void> {
  const p = formOf(app).parent ?? {};
  const email = (await getUser(db, app.parentId))?.email ?? "";
  const summary = ctx.t("apply-parent-summary", { name: esc(p.fullName ?? ""), iin: p.iin ?? "", phone: esc(p.phone ?? "") });
  const current = email ? ctx.t("apply-parent-email-current", { email: esc(email) }) : "";
  const keyboard = new InlineKeyboard();
  if (email) keyboard.text(ctx.t("apply-parent-keep-email"), choiceData(q, "use")).row();
  keyboard.text(ctx.t("apply-parent-no-email"), choiceData(q, "none")).row().text(ctx.t("apply-parent-edit"), choiceData(q, "edit"));
  await ctx.reply(`${headerOf(ctx, app, q)}\n\n${summary}${current}\n\n${ctx.t(q.prompt)}`, { reply_markup: keyboard });
}

/**
 * Ask `q` of `app`'s form: "Step N of M · Stage", the question, its hint, its buttons (a school:
 * the regions; the child's first question: the saved children, unless the parent chose a new one).
 */
export async function askQuestion(
  ctx: ParentContext,
  db: Db,
  app: Pick<Application, "id" | "serviceId" | "parentId" | "form">,
  q: Question,
  opts: { offer?: boolean } = {},
): Promise<void> {
  if (q.kind === "school") {
    // The school of the parent's last application, one tap above the regions.
    const last = await lastSchoolId(db, app.parentId, app.id);
    return showSchools(ctx, db, headerOf(ctx, app, q), { kind: "regions" }, last ? await getSchool(db, last) : undefined);
  }
  if (q.kind === "files") return askDocument(ctx, db, app, q, headerOf(ctx, app, q));
  if (q.kind === "email") return askEmail(ctx, db, app, q);
  if (opts.offer !== false && offersChildren(app, q) && (await offerChildren(ctx, db, app, q))) return;
  const tr = (key: string, vars?: Record<string, string | number>) => ctx.t(key, vars);
  const hint = q.hint ? `\n<i>${tr(q.hint)}</i>` : "";
  const text = `${headerOf(ctx, app, q)}\n\n${tr(q.prompt)}${hint}`;
  let keyboard: InlineKeyboard | Keyboard | undefined;
  if (q.kind === "choice" && q.field.kind === "choice") {
    keyboard = new InlineKeyboard();
    for (const o of q.field.options) keyboard.text(tr(o.label), choiceData(q, o.value)).row();
  }
  // A phone is the parent's own contact, shared with Telegram's button (a draft made before the
  // profile's details were kept in it).
  if (q.byContact) keyboard = new Keyboard().requestContact(tr("registration-share-phone")).resized().oneTime();
  await ctx.reply(text, { reply_markup: keyboard, link_preview_options: { is_disabled: true } });
}
