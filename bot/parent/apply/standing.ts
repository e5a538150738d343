/**
 * One application per child and service, as the parent meets it in the form: once the child is
 * known, the applications that stand for them (on their way, or with a valid result) are named;
 * a school where one stands is not accepted as the answer, before the form goes any further.
 */
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { childsOtherApplications } from "#root/flows/duplicates.ts";
import { statusKey, type Status } from "#root/flows/lifecycle.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { openMine } from "#root/bot/parent/parent.ts";
import { nameIn } from "#root/bot/shared/i18n.ts";

/**
 * Name `other`, the child's application that stands (`key`; `key-other` when another parent made
 * it): the parent's own opens with a tap.
 */
export async function sayStanding(ctx: ParentContext, app: Application, other: { id: string; parentId: number }, key: string, args = {}) {
  const mine = other.parentId === app.parentId;
  await ctx.reply(ctx.t(mine ? key : `${key}-other`, args), mine ? openMine(ctx, other.id) : {});
}

/** Tell the parent which of the child's applications for this service stand, and where. */
export async function noteStanding(ctx: ParentContext, db: Db, app: Application, now: Date): Promise<void> {
  const { sameSchool, elsewhere } = await childsOtherApplications(db, { ...app, schoolId: null }, now);
  const lang = ctx.session.lang ?? (app.lang as "kk" | "ru");
  for (const other of [...(sameSchool ? [sameSchool] : []), ...elsewhere].slice(0, 3)) {
    const school = other.schoolId ? await getSchool(db, other.schoolId) : undefined;
    await sayStanding(ctx, app, other, "apply-child-has-application", {
      number: other.number,
      school: esc(school ? nameIn(lang, school) : "—"),
      status: ctx.t(statusKey(other.status as Status)),
    });
  }
}
