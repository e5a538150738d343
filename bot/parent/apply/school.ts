/**
 * The school question as Telegram shows it: its lists (`flows/form/schools.ts`) as messages with
 * buttons. Where the parent is in the lists is carried by the buttons themselves (nothing is kept,
 * and the draft is not read for a move in the list on screen); only a school's button answers,
 * and not a school where the child's application for the service stands.
 */
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import type { OfferButton } from "#root/flows/form/offers.ts";
import { schoolPrompt } from "#root/flows/form/prompts.ts";
import { chooseSchool, schoolList, type SchoolView } from "#root/flows/form/schools.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { schoolMoveOf } from "#root/bot/parent/callbacks.ts";
import { langOf } from "#root/bot/shared/i18n.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { rendered, type Answered } from "./question.ts";
import { sayStanding } from "./standing.ts";

/** Send a list of `service`'s school question (`offered`: the school the profile offers above it, one tap). */
export async function showSchools(ctx: ParentContext, db: Db, service: string, view: SchoolView, offered: OfferButton[] = []) {
  const list = await schoolList(db, langOf(ctx.session), view);
  const { text, reply_markup } = rendered(ctx, schoolPrompt(service, list, view.kind === "search" ? view.query : "", offered));
  const sent = await ctx.reply(text, { reply_markup });
  if (ctx.session.current) ctx.session.current.prompt = sent.message_id;
}

/** A button of the school question: another list, or a school (not one where the child's application stands). */
export async function schoolButton(ctx: ParentContext, db: Db, app: Application, d: string, now: Date): Promise<Answered | undefined> {
  // Only the list on screen is live (when the session knows which one it is).
  const prompt = ctx.session.current?.prompt;
  const move = prompt === undefined || ctx.callbackQuery?.message?.message_id === prompt ? schoolMoveOf(d) : undefined;
  if (move?.kind === "view") return void (await showList(ctx, db, app.serviceId, move.view));
  // A school's id from a button is an answer only when the school exists, and not one where the child's application stands.
  const chosen = move?.kind === "school" ? await chooseSchool(db, app, move.id, langOf(ctx.session), now) : undefined;
  if (!chosen) return void (await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") }));
  if ("answer" in chosen) return { ...chosen.answer, said: chosen.said };
  await ctx.answerCallbackQuery();
  await sayStanding(ctx, app, chosen.standing, { key: "apply-duplicate-school", args: { number: chosen.standing.number } });
}

/** Another school list, in place of the tapped one. */
async function showList(ctx: ParentContext, db: Db, service: string, view: SchoolView): Promise<void> {
  await ctx.answerCallbackQuery();
  await removeButtons(ctx);
  await showSchools(ctx, db, service, view);
}

/**
 * A move in the school list on screen shows another list: it needs nothing from the draft (the
 * session knows the list's message and the form's step), so the draft is not read for it.
 */
export async function listMove(ctx: ParentContext, db: Db): Promise<boolean> {
  const c = ctx.session.current;
  const move = schoolMoveOf(ctx.callbackQuery?.data ?? "");
  if (move?.kind !== "view" || !c?.service || c.prompt === undefined || ctx.callbackQuery?.message?.message_id !== c.prompt) return false;
  await showList(ctx, db, c.service, move.view);
  return true;
}
