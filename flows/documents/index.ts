/**
 * PDF documents of an application, in the parent's language (kk or ru):
 * the statement the parent signs, and the certificate, receipt and order notice the school issues.
 * Every renderer is deterministic (same data → same bytes) and never fetches or reads anything
 * because of the text it prints.
 */
export type * from "./types.ts";
export { renderStatement } from "./statement.ts";
export { renderCertificate } from "./certificate.ts";
export { renderReceipt } from "./receipt.ts";
export { renderOrderNotice } from "./order-notice.ts";
export { renderRefusal } from "./refusal.ts";
export { demo, DOCUMENT_KINDS, type DocumentKind } from "./demo.ts";
export { renderDemo } from "./render-demo.ts";
export { onDeniedAccess, type DeniedAccess } from "./engine.ts";
