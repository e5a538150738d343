/**
 * The review, after the form's last question: every answer, a button to change each part, and
 * the ways to sign as its buttons (a tap forms the statement PDF); then "Send to school".
 */
import { Composer, InlineKeyboard, InputFile } from "grammy";
import type { Db } from "#root/db/client.ts";
import { listDocuments, type Application } from "#root/db/queries/applications.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { statusKey, type Status } from "#root/flows/lifecycle.ts";
import { schoolYearPeriod } from "#root/flows/results.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { formatDate } from "#root/flows/form.ts";
import type { Lang } from "#root/flows/i18n.ts";
import { getService, requiredDocuments } from "#root/flows/services/index.ts";
import { stagesFor } from "#root/flows/stages.ts";
import { effectiveFields, fieldAnswers, formOf, prepareStatement, renderAhead } from "#root/flows/statement.ts";
import { esc } from "#root/bot/shared/html.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import type { ParentContext } from "#root/bot/parent/context.ts";
import { data, patterns } from "#root/bot/parent/callbacks.ts";
import { removeButtons } from "#root/bot/shared/keyboard.ts";
import { langOf, nameIn } from "#root/bot/shared/i18n.ts";
import { handOn, isDraft, ownApplication } from "#root/bot/parent/parent.ts";

const signingKeyboard = (ctx: ParentContext, appId: string) =>
  new InlineKeyboard()
    .text(ctx.t("sign-mobile"), data.sign("mobile", appId))
    .row()
    .text(ctx.t("sign-eds"), data.sign("eds", appId))
    .row()
    .text(ctx.t("sign-paper"), data.sign("paper", appId));

/** Where a parent with a statement to sign picks up again (after a talk with support): the two ways to sign. */
export async function showSigningChoice(ctx: ParentContext, app: Pick<Application, "id" | "number">): Promise<void> {
  await ctx.reply(ctx.t("sign-choose", { number: app.number }), { reply_markup: signingKeyboard(ctx, app.id) });
}

/** The review message: everything the parent answered, with a button per part. */
export async function showReview(ctx: ParentContext, db: Db, app: Application): Promise<void> {
  const lang = (ctx.session.lang ?? app.lang) as Lang;
  const service = getService(app.serviceId);
  const form = formOf(app);
  const school = form.school?.schoolId ? await getSchool(db, form.school.schoolId) : undefined;
  const docs = await listDocuments(db, app.id);
  const p = form.parent ?? {};
  const c = form.child ?? {};
  const lines = [
    `<b>${ctx.t("review-title")}</b> · № ${esc(app.number)}`,
    `<b>${ctx.t("review-service")}</b>: ${ctx.t(service.catalog.title)}`,
    "",
    `<b>${ctx.t("apply-stage-parent")}</b>: ${esc(p.fullName ?? "")}, ${ctx.t("review-iin")} ${esc(p.iin ?? "")}, ` +
      `${esc(p.phone ?? "")}${p.email ? `, ${esc(p.email)}` : ""}`,
    `<b>${ctx.t("apply-stage-child")}</b>: ${esc(c.fullName ?? "")}, ${ctx.t("review-iin")} ${esc(c.iin ?? "")}, ` +
      `${c.birthDate ? formatDate(c.birthDate) : ""}, ${ctx.t("review-grade", { grade: c.grade ?? "" })}`,
    `<b>${ctx.t("apply-stage-school")}</b>: ${school ? esc(nameIn(lang, school)) : "—"}`,
  ];
  for (const a of fieldAnswers(app, lang)) lines.push(`<b>${esc(a.label)}</b> ${esc(a.value)}`);
  lines.push(`<b>${ctx.t("apply-stage-documents")}</b>:`);
  // The documents the answers that still apply call for (an answer left behind by a replaced child asks for nothing).
  for (const req of requiredDocuments(service, effectiveFields(app))) {
    const n = docs.filter((d) => d.requirementId === req.id).length;
    lines.push(`• ${ctx.t(req.label)} — ${ctx.t("review-files", { count: n })}`);
  }
  // The ways to sign are the review's "all correct": a tap forms the statement and signs it.
  lines.push("", ctx.t("review-sign"));
  const keyboard = signingKeyboard(ctx, app.id).row();
  for (const stage of stagesFor(service)) keyboard.text(`✏️ ${ctx.t(`apply-stage-${stage}`)}`, data.reviewEdit(app.id, stage)).row();
  await ctx.reply(lines.join("\n"), { reply_markup: keyboard });
  // The statement is rendered while the parent reads the review (ready when they tap a way to
  // sign): begun after the review is sent, so the render does not slow the review down.
  renderAhead(db, app);
}

export function reviewComposer(deps: BotDeps, enterEdit: (ctx: ParentContext, app: Application, stage: string) => Promise<void>) {
  const composer = new Composer<ParentContext>();
  const db = deps.db;

  composer.callbackQuery(patterns.reviewEdit, async (ctx) => {
    const app = await ownApplication(ctx, db, ctx.match[1]!, isDraft);
    if (!app) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    await ctx.answerCallbackQuery();
    await removeButtons(ctx);
    await enterEdit(ctx, app, ctx.match[2]!);
  });

  // A way to sign tapped on the review: the statement is formed from the answers and sent
  // first, then the way to sign goes on (signing.ts) as it does from the statement's message.
  composer.callbackQuery(patterns.signAny, async (ctx, next) => {
    const app = await ownApplication(ctx, db, ctx.match[1]!);
    if (app?.status !== "draft" || app.statementFileId) return next();
    await removeButtons(ctx);
    await ctx.replyWithChatAction("upload_document");
    const statement = await prepareStatement(db, app);
    await ctx.replyWithDocument(new InputFile(statement.bytes, `statement-${app.number}.pdf`), {
      caption: ctx.t("sign-formed", { number: app.number }),
    });
    // The way to sign goes on with the draft as it is now (its statement formed): not read again.
    handOn(ctx, { ...app, statementFileId: statement.fileId });
    await next();
  });

  composer.callbackQuery(patterns.send, async (ctx) => {
    const app = await ownApplication(ctx, db, ctx.match[1]!, (a) => a.status === "signed");
    if (!app) return ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
    const result = await changeStatus(db, {
      applicationId: app.id,
      application: app,
      action: "send",
      principal: { kind: "parent", userId: app.parentId },
      publicUrl: deps.config.publicUrl,
      now: deps.now(),
    });
    if (!result.ok && result.reason === "duplicate") {
      // The same child's application for this service stands at this school: show it instead.
      const other = result.existing;
      await ctx.answerCallbackQuery();
      const key =
        other.status === "submitted" || other.status === "registered" || !other.decidedAt
          ? "apply-duplicate-in-progress"
          : "apply-duplicate-valid";
      await ctx.reply(
        ctx.t(key, {
          number: other.number,
          status: ctx.t(statusKey(other.status as Status)),
          until: other.decidedAt ? formatDate(schoolYearPeriod(almatyDate(other.decidedAt)).to) : "",
        }),
        { reply_markup: new InlineKeyboard().text(ctx.t("my-open"), data.myOpen(other.id)) },
      );
      return;
    }
    if (!result.ok && result.reason === "closed_period" && result.period) {
      // The service stopped taking applications since the draft was begun: say until when.
      await ctx.answerCallbackQuery();
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
      await ctx.answerCallbackQuery({ text: ctx.t("button-outdated") });
      return;
    }
    await ctx.answerCallbackQuery();
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
      { reply_markup: new InlineKeyboard().text(ctx.t("my-open"), data.myOpen(app.id)) },
    );
  });

  return composer;
}
