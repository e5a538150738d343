/**
 * One application per child and service, as the parent meets it in the form: once the child is
 * known, the applications that stand for them (on their way, or with a valid result) are named;
 * a school where one stands is not accepted as the answer, before the form goes any further.
 */
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { standingFor } from "#root/flows/duplicates.ts";
import type { KeyText } from "#root/flows/form/prompts.ts";
import type { Lang } from "#root/flows/i18n.ts";
import { statusKey, type Status } from "#root/flows/lifecycle.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { openMine } from "#root/bot/parent/parent.ts";
import { translated } from "./question.ts";

/**
 * Name `other`, the child's application that stands (`text`; its `-other` variant when another
 * parent made it): the parent's own opens with a tap.
 */
export async function sayStanding(ctx: ParentContext, app: Application, other: { id: string; parentId: number }, text: KeyText) {
  const mine = other.parentId === app.parentId;
  await ctx.reply(translated(ctx, mine ? text : { ...text, key: `${text.key}-other` }), mine ? openMine(ctx, other.id) : {});
}

/** Tell the parent which of the child's applications for this service stand, and where (`standingFor`). */
export async function noteStanding(ctx: ParentContext, db: Db, app: Application, now: Date): Promise<void> {
  for (const other of await standingFor(db, app, now, ctx.session.lang ?? (app.lang as Lang))) {
    const status = { key: statusKey(other.status as Status) };
    await sayStanding(ctx, app, other, {
      key: "apply-child-has-application",
      args: { number: other.number, school: other.schoolName, status },
    });
  }
}
