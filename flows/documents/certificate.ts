/** Meals: the certificate that the child is on the list of free / subsidised meal recipients. */
import { t } from "#root/flows/i18n.ts";
import { renderIssued, type IssuedLayout } from "./issued.ts";
import { formatDate } from "./layout.ts";
import type { CertificateData } from "./types.ts";

/** Layout of the certificate (exported for layout tests). */
export function certificateLayout(data: CertificateData): IssuedLayout {
  const { lang } = data;
  return {
    title: t(lang, "certificate-title"),
    subtitle: t(lang, "certificate-subtitle"),
    body: [{ text: t(lang, "certificate-body"), style: "body" }],
    facts: [
      [t(lang, "doc-field-category"), data.category],
      [t(lang, "doc-field-period"), t(lang, "doc-period", { from: formatDate(data.period.from), to: formatDate(data.period.to) })],
    ],
    signerRole: t(lang, "certificate-issued-by"),
  };
}

/** Render the meals certificate in `data.lang`. Same data → same bytes. */
export async function renderCertificate(data: CertificateData): Promise<Uint8Array> {
  return renderIssued(data, certificateLayout(data));
}
