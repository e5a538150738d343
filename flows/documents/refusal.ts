/**
 * The reasoned refusal (мотивированный отказ / дәлелді бас тарту): the school's written answer
 * that it will not provide the service, on which ground — a document the parent can show and
 * anyone can check, like the positive results.
 */
import { t } from "#root/flows/i18n.ts";
import { renderIssued, type IssuedLayout } from "./issued.ts";
import type { RefusalNoticeData } from "./types.ts";

/** Layout of the refusal (exported for layout tests). */
export function refusalLayout(data: RefusalNoticeData): IssuedLayout {
  const { lang } = data;
  return {
    title: t(lang, "refusal-title"),
    subtitle: t(lang, "refusal-subtitle"),
    body: [{ text: t(lang, "refusal-body", { service: data.service.title }), style: "body" }],
    facts: [
      [t(lang, "doc-field-parent"), `${data.parent.fullName}, ${t(lang, "doc-field-iin")} ${data.parent.iin}`],
      [t(lang, "refusal-field-reason"), data.reason],
      ...(data.comment ? ([[t(lang, "refusal-field-comment"), data.comment]] as Array<[string, string]>) : []),
    ],
    after: [{ text: t(lang, "refusal-appeal"), style: "small" }],
    signerRole: t(lang, "refusal-prepared-by"),
  };
}

/** Render the reasoned refusal in `data.lang`. Same data → same bytes. */
export async function renderRefusal(data: RefusalNoticeData): Promise<Uint8Array> {
  return renderIssued(data, refusalLayout(data));
}
