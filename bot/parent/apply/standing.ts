/**
 * One application per child and service, as the parent meets it in the form: once the child is
 * known, the applications that stand for them (on their way, or with a valid result) are named;
 * a school where one stands is not accepted as the answer, before the form goes any further.
 *
 * Only the parent's own applications are named. One made by another applicant (the child's other
 * parent, or anyone who typed the child's IIN) is said to exist, and nothing of it: not its
 * school, number, status or dates — an IIN is no proof of being the child's representative.
 */
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { standingFor } from "#root/flows/duplicates.ts";
import type { KeyText } from "#root/flows/form/prompts.ts";
import type { Lang } from "#root/flows/i18n.ts";
import { statusLabelKey, type Status } from "#root/flows/lifecycle.ts";
import { getService } from "#root/flows/services/index.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { openMine } from "#root/bot/parent/parent.ts";
import { translated } from "./question.ts";

/**
 * Name `other`, the child's application that stands (`text`), when it is the parent's own: it
 * opens with a tap. Another applicant's is only said to exist: `text`'s `-other` variant, given
 * none of `text`'s arguments.
 */
export async function sayStanding(ctx: ParentContext, app: Application, other: { id: string; parentId: number }, text: KeyText) {
  if (other.parentId !== app.parentId) return void (await ctx.reply(ctx.t(`${text.key}-other`)));
  await ctx.reply(translated(ctx, text), openMine(ctx, other.id));
}

/**
 * Tell the parent which of their own applications for the child and this service stand, and
 * where (`standingFor`); that another applicant's stands, once, however many there are.
 */
export async function noteStanding(ctx: ParentContext, db: Db, app: Application, now: Date): Promise<void> {
  const standing = await standingFor(db, app, now, ctx.session.lang ?? (app.lang as Lang));
  const mine = standing.filter((other) => other.parentId === app.parentId);
  for (const other of mine) {
    // The service's own words for the status: a receipt may mean "documents accepted, the order awaited".
    const status = { key: statusLabelKey(getService(other.serviceId), other.status as Status, other.reason) };
    await sayStanding(ctx, app, other, {
      key: "apply-child-has-application",
      args: { number: other.number, school: other.schoolName, status },
    });
  }
  const another = standing.find((other) => other.parentId !== app.parentId);
  if (another) await sayStanding(ctx, app, another, { key: "apply-child-has-application" });
}
