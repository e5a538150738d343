/**
 * `/report`: the school's report for a period as an XLSX file — the staff member's own school
 * only, headers in their language. A period from a button or typed after the command.
 */
import { Composer, InlineKeyboard, InputFile } from "grammy";
import { getSchool } from "#root/db/queries/schools.ts";
import { formatDate } from "#root/flows/form/date.ts";
import { buildSchoolReport, parsePeriod, presetPeriod, type ReportPeriod } from "#root/flows/reports/report.ts";
import { reportWorkbook } from "#root/flows/reports/xlsx.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { data, patterns } from "./callbacks.ts";
import type { ProviderContext } from "./context.ts";
import { langOf, nameIn } from "#root/bot/shared/i18n.ts";

async function sendReport(deps: BotDeps, ctx: ProviderContext, period: ReportPeriod): Promise<void> {
  const staff = ctx.staff!;
  const lang = langOf(ctx.staff);
  const school = await getSchool(deps.db, staff.schoolId);
  if (!school) return;
  await ctx.replyWithChatAction("upload_document");
  const report = await buildSchoolReport(deps.db, { schoolId: staff.schoolId, period, now: deps.now() });
  const bytes = await reportWorkbook(report, lang, nameIn(lang, school));
  await ctx.replyWithDocument(new InputFile(bytes, `report-${school.bin}-${period.from}-${period.to}.xlsx`), {
    caption: ctx.t("report-caption", { from: formatDate(period.from), to: formatDate(period.to), count: report.rows.length }),
  });
}

export function reportsComposer(deps: BotDeps): Composer<ProviderContext> {
  const composer = new Composer<ProviderContext>();

  composer.command("report", async (ctx) => {
    const typed = ctx.match.trim();
    if (typed) {
      const period = parsePeriod(typed);
      if (!period) return void (await ctx.reply(ctx.t("report-period-invalid")));
      return sendReport(deps, ctx, period);
    }
    const keyboard = new InlineKeyboard()
      .text(ctx.t("report-button-this-month"), data.report("month"))
      .text(ctx.t("report-button-last-month"), data.report("last-month"))
      .row()
      .text(ctx.t("report-button-school-year"), data.report("school-year"));
    await ctx.reply(ctx.t("report-choose"), { reply_markup: keyboard });
  });

  composer.callbackQuery(patterns.report, async (ctx) => {
    await ctx.answerCallbackQuery();
    await sendReport(deps, ctx, presetPeriod(ctx.match[1] as "month" | "last-month" | "school-year", deps.now()));
  });

  return composer;
}
