/**
 * One application per child and service, as the parent meets it in the form: once the child is
 * known, the applications that stand for them (on their way, or with a valid result) are named;
 * a school where one stands is not accepted as the answer, before the form goes any further.
 */
import { InlineKeyboard } from "grammy";
import type { Db } from "#root/db/client.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { childsOtherApplications } from "#root/flows/duplicates.ts";
import { statusKey, type Status } from "#root/flows/lifecycle.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { data } from "#root/bot/parent/callbacks.ts";
import { nameIn } from "#root/bot/shared/i18n.ts";

/** Tell the parent which of the child's applications for this service stand, and where. */
export async function noteStanding(ctx: ParentContext, db: Db, app: Application, now: Date): Promise<void> {
  const { sameSchool, elsewhere } = await childsOtherApplications(db, { ...app, schoolId: null }, now);
  const lang = ctx.session.lang ?? (app.lang as "kk" | "ru");
  for (const other of [...(sameSchool ? [sameSchool] : []), ...elsewhere].slice(0, 3)) {
    const school = other.schoolId ? await getSchool(db, other.schoolId) : undefined;
    const mine = other.parentId === app.parentId;
    const keyboard = mine ? new InlineKeyboard().text(ctx.t("my-open"), data.myOpen(other.id)) : undefined;
    await ctx.reply(
      ctx.t(mine ? "apply-child-has-application" : "apply-child-has-application-other", {
        number: other.number,
        school: esc(school ? nameIn(lang, school) : "—"),
        status: ctx.t(statusKey(other.status as Status)),
      }),
      { ...(keyboard ? { reply_markup: keyboard } : {}) },
    );
  }
}
