/**
 * "Send to school", under a signed statement: the application goes to the school (one status
 * change with its notifications), or the parent is told why it cannot — the same child's
 * application stands there, the service stopped taking applications since the draft began, or
 * the parent has withdrawn their consent (/privacy) since.
 */
import { Composer } from "grammy";
import { getSchool } from "#root/db/queries/schools.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { formatDate } from "#root/flows/form.ts";
import { statusLabelKey, type Status } from "#root/flows/lifecycle.ts";
import { resultValidTo } from "#root/flows/results.ts";
import { getService } from "#root/flows/services/index.ts";
import { almatyDate } from "#root/flows/sla.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import { langOf, nameIn } from "#root/bot/shared/i18n.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import type { ParentContext } from "./context.ts";
import { patterns } from "./callbacks.ts";
import { openMine, ownApplication } from "./parent.ts";

export function sendComposer(deps: BotDeps) {
  const composer = new Composer<ParentContext>();
  const db = deps.db;

  composer.callbackQuery(patterns.send, async (ctx) => {
    const app = await ownApplication(ctx, db, ctx.match[1]!, (a) => a.status === "signed");
    if (!app) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    // The tap is answered before the send, which may take a while (a result issued at once): the
    // spinner stops, and Telegram does not take an answer long after the tap. What follows is said in messages.
    await ctx.answerCallbackQuery();
    const result = await changeStatus(db, {
      applicationId: app.id,
      application: app,
      action: "send",
      principal: { kind: "parent", userId: app.parentId },
      publicUrl: deps.config.publicUrl,
      now: deps.now(),
    });
    if (!result.ok && result.reason === "duplicate") {
      // The same child's application for this service stands at this school: show the parent's own instead.
      const other = result.existing;
      // Another applicant's (anyone may type the child's IIN): that it exists, and nothing of it.
      if (other.parentId !== app.parentId) return void (await ctx.reply(ctx.t("apply-duplicate-other")));
      const key =
        other.status === "submitted" || other.status === "registered" || !other.decidedAt
          ? "apply-duplicate-in-progress"
          : "apply-duplicate-valid";
      await ctx.reply(
        ctx.t(key, {
          number: other.number,
          status: ctx.t(statusLabelKey(getService(other.serviceId), other.status as Status, other.reason)),
          until: other.decidedAt ? formatDate(resultValidTo(other, almatyDate(other.decidedAt))) : "",
        }),
        openMine(ctx, other.id),
      );
      return;
    }
    if (!result.ok && result.reason === "no_consent") {
      // An old button after /privacy: the application does not go, and /start asks for consent again.
      await removeButtons(ctx);
      await ctx.reply(ctx.t("no-consent-send"));
      return;
    }
    if (!result.ok && result.reason === "closed_period" && result.period) {
      // The service stopped taking applications since the draft was begun: say until when.
      const service = getService(app.serviceId);
      await ctx.reply(
        ctx.t("catalog-closed", {
          service: ctx.t(service.catalog.title),
          from: formatDate(result.period.from),
          to: formatDate(result.period.to),
        }),
      );
      return;
    }
    if (!result.ok) {
      await ctx.reply(ctx.t("button-outdated"));
      return;
    }
    await removeButtons(ctx);
    const school = app.schoolId ? await getSchool(db, app.schoolId) : undefined;
    const lang = langOf(ctx.session);
    // A service whose receipt the send itself gives says so instead of "the school will register it".
    await ctx.reply(
      ctx.t(getService(app.serviceId).result.atOnce ? "apply-sent-at-once" : "apply-sent", {
        number: app.number,
        school: esc(school ? nameIn(lang, school) : ""),
        days: getService(app.serviceId).sla.workingDays,
      }),
      openMine(ctx, app.id),
    );
  });

  return composer;
}
