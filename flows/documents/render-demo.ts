/** Render any document kind from demo data: the sample script, tests and the bench use it. */
import type { Lang } from "#root/flows/i18n.ts";
import { renderCertificate } from "./certificate.ts";
import { demo, type DocumentKind } from "./demo.ts";
import { renderOrderNotice } from "./order-notice.ts";
import { renderReceipt } from "./receipt.ts";
import { renderRefusal } from "./refusal.ts";
import { renderStatement } from "./statement.ts";

/** Render the demo document of `kind` in `lang`. */
export function renderDemo(kind: DocumentKind, lang: Lang): Promise<Uint8Array> {
  switch (kind) {
    case "statement":
      return renderStatement(demo.statement(lang));
    case "certificate":
      return renderCertificate(demo.certificate(lang));
    case "receipt":
      return renderReceipt(demo.receipt(lang));
    case "order":
      return renderOrderNotice(demo.order(lang));
    case "refusal":
      return renderRefusal(demo.refusal(lang));
  }
}
