/**
 * The questions the form engine asks (`flows/form/engine.ts`): the question a draft is at, read
 * from the draft alone, and how it is shown. The stages listed in {@link ENGINE_STAGES} run on
 * the engine; the others are still stage conversations.
 */
import { InlineKeyboard } from "grammy";
import type { Db } from "../../../db/client.ts";
import type { Application } from "../../../db/queries/applications.ts";
import { readPath } from "../../../flows/form/answers.ts";
import { applicableQuestions, type Question } from "../../../flows/form/engine.ts";
import { getService } from "../../../flows/services/index.ts";
import type { Stage } from "../../../flows/stages.ts";
import { formOf } from "../../../flows/statement.ts";
import type { ParentContext } from "../context.ts";
import { stepHeader } from "./header.ts";
import { showSchools } from "./school-lists.ts";

export const ENGINE_STAGES: ReadonlySet<Stage> = new Set<Stage>(["school", "fields"]);

export const isEngineStage = (stage: string): stage is Stage => ENGINE_STAGES.has(stage as Stage);

/**
 * The first question of the stages on the engine that `app` has not answered. (The stages still
 * on conversations come first and say themselves when they are finished.)
 */
export function engineQuestion(app: Pick<Application, "serviceId" | "form">): Question | undefined {
  const form = formOf(app);
  return applicableQuestions(getService(app.serviceId), form).find((q) => ENGINE_STAGES.has(q.stage) && readPath(form, q.keep) === undefined);
}

/** A choice's button: the question it answers and the option (a late tap answers nothing else). */
export const choiceData = (q: Question, value: string): string => `f:${q.id}:${value}`;
export const CHOICE_DATA = /^f:([\w-]+):([\w-]+)$/;

/** "Step N of M · Stage" above every question. */
export const headerOf = (ctx: ParentContext, app: Pick<Application, "serviceId">, q: Question): string =>
  stepHeader((key, vars) => ctx.t(key, vars), app.serviceId, q.stage);

/** Ask `q` of `app`'s form: "Step N of M · Stage", the question, its hint, its buttons (a school: the regions). */
export async function askQuestion(ctx: ParentContext, db: Db, app: Pick<Application, "serviceId">, q: Question): Promise<void> {
  if (q.kind === "school") return showSchools(ctx, db, headerOf(ctx, app, q), { kind: "regions" });
  const tr = (key: string, vars?: Record<string, string | number>) => ctx.t(key, vars);
  const hint = q.hint ? `\n<i>${tr(q.hint)}</i>` : "";
  const text = `${headerOf(ctx, app, q)}\n\n${tr(q.prompt)}${hint}`;
  let keyboard: InlineKeyboard | undefined;
  if (q.kind === "choice" && q.field.kind === "choice") {
    keyboard = new InlineKeyboard();
    for (const o of q.field.options) keyboard.text(tr(o.label), choiceData(q, o.value)).row();
  }
  await ctx.reply(text, { parse_mode: "HTML", reply_markup: keyboard, link_preview_options: { is_disabled: true } });
}
