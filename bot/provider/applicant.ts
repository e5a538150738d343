/**
 * One applicant of a service's queue as staff read it — the child, the application's number, the
 * day it was sent and the service's queue answers (priority categories) — on /orders and on the
 * card's warning that an order would pass applicants over. No grammY here.
 */
import type { Application } from "#root/db/queries/applications.ts";
import { formatDate } from "#root/flows/form.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import type { ServiceDefinition } from "#root/flows/services/index.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { effectiveFields, formOf } from "#root/flows/statement.ts";
import { esc } from "#root/bot/shared/html.ts";

/** The applicant's words, escaped for HTML: `child`, `number`, `date` and `extra` (" · " and the queue answers, or ""). */
export function applicantVars(
  service: ServiceDefinition,
  app: Application,
  lang: Lang,
): { child: string; number: string; date: string; extra: string } {
  const form = formOf(app);
  // Only the answers that apply, as on the statement: not an age reason kept from before the child changed.
  const answers = effectiveFields(app);
  const extra = (service.queueFields ?? []).flatMap((id) => {
    const field = service.fields.find((f) => f.id === id);
    const answer = answers[id];
    if (!field || answer === undefined) return [];
    const option = field.kind === "choice" ? field.options.find((o) => o.value === answer) : undefined;
    return [option ? t(lang, option.label) : answer];
  });
  return {
    child: esc(form.child?.fullName ?? ""),
    number: esc(app.number),
    date: app.submittedAt ? formatDate(almatyDate(app.submittedAt)) : "",
    extra: extra.length > 0 ? ` · ${esc(extra.join(", "))}` : "",
  };
}

/** The applicant in one phrase: "Child Name (№ 2026-000012, 15.05.2026 · priority)". */
export const applicantText = (service: ServiceDefinition, app: Application, lang: Lang): string =>
  t(lang, "provider-order-applicant", applicantVars(service, app, lang));
