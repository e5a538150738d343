/**
 * `/stats`: the parents' ratings of the staff member's school — the average, the spread, the latest comments —
 * of the decisions that stand; those of decisions whose document the school revoked are only counted apart.
 */
import { Composer } from "grammy";
import { schoolRatings } from "#root/db/queries/ratings.ts";
import { getSchool } from "#root/db/queries/schools.ts";
import { formatDate } from "#root/flows/form/date.ts";
import { almatyDate } from "#root/flows/sla.ts";
import type { BotDeps } from "#root/bot/shared/deps.ts";
import { esc } from "#root/bot/shared/html.ts";
import { shorten } from "#root/bot/shared/limits.ts";
import type { ProviderContext } from "./context.ts";
import { langOf, nameIn } from "#root/bot/shared/i18n.ts";

const RECENT_COMMENTS = 5;
/** A comment as /stats shows it, at most (a parent may write 1000; five of those pass Telegram's 4096). */
const SHOWN_COMMENT = 300;

export function statsComposer(deps: BotDeps): Composer<ProviderContext> {
  const composer = new Composer<ProviderContext>();
  composer.command("stats", async (ctx) => {
    const schoolId = ctx.staff!.schoolId;
    const [school, r] = await Promise.all([getSchool(deps.db, schoolId), schoolRatings(deps.db, schoolId, RECENT_COMMENTS)]);
    const lines = [ctx.t("provider-stats-title", { school: esc(school ? nameIn(langOf(ctx.staff), school) : "") })];
    if (r.count === 0 || r.average === null) {
      lines.push(ctx.t("provider-stats-none"));
    } else {
      lines.push(ctx.t("provider-stats-average", { average: r.average.toFixed(1).replace(".", ","), count: r.count }));
      for (let score = 5; score >= 1; score--) lines.push(ctx.t("provider-stats-by-score", { score, count: r.byScore[score] ?? 0 }));
      if (r.comments.length > 0) {
        lines.push("", ctx.t("provider-stats-comments"));
        for (const c of r.comments) {
          lines.push(
            ctx.t("provider-stats-comment", {
              score: c.score,
              date: formatDate(almatyDate(c.commentedAt ?? c.createdAt)),
              number: esc(c.number),
              comment: esc(shorten(c.comment ?? "", SHOWN_COMMENT)),
            }),
          );
        }
      }
    }
    if (r.revoked > 0) lines.push("", ctx.t("provider-stats-revoked", { count: r.revoked }));
    await ctx.reply(lines.join("\n"));
  });
  return composer;
}
