/**
 * The HTML of the public check page: the form to type a code, a checked document, "not found"
 * and "too many checks". Plain HTML and one stylesheet, no script; every value goes through
 * hono/html's escaping.
 */
import { html, raw } from "hono/html";
import type { HtmlEscapedString } from "hono/utils/html";
import type { CheckedDocument } from "#root/flows/check/index.ts";
import { formatDate } from "#root/flows/form.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { almatyDate } from "#root/flows/sla.ts";

type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

export const CHECK_CSS = `body{font-family:system-ui,sans-serif;max-width:40rem;margin:0 auto;padding:1rem;color:#1b1b1b;line-height:1.45}
header{display:flex;justify-content:space-between;align-items:baseline;gap:1rem;flex-wrap:wrap}
nav a{margin-left:.5rem}nav a[aria-current]{font-weight:bold;text-decoration:none;color:inherit}
.state{padding:.75rem 1rem;border-radius:.4rem;font-weight:bold;margin:1rem 0}
.state.valid{background:#e3f4e1;border:1px solid #2e7d32}.state.invalid{background:#fdecea;border:1px solid #c62828}
.state p{font-weight:normal;margin:.25rem 0 0}
dl{display:grid;grid-template-columns:minmax(8rem,35%) 1fr;gap:.35rem 1rem}dt{color:#555}dd{margin:0}
@media (max-width:30rem){dl{grid-template-columns:1fr;gap:0}dd{margin-bottom:.6rem}}
code,.sha{font-family:ui-monospace,monospace;word-break:break-all}
form{margin:1rem 0}input{font:inherit;font-family:ui-monospace,monospace;padding:.4rem;width:14rem;text-transform:uppercase}
button{font:inherit;padding:.4rem .9rem}small{color:#555}`;

function page(lang: Lang, path: string, title: string, body: Html): Html {
  const link = (l: Lang, label: string) =>
    l === lang
      ? html`<a aria-current="true" lang="${l}">${label}</a>`
      : html`<a href="${path}?lang=${l}" lang="${l}" hreflang="${l}">${label}</a>`;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<link rel="stylesheet" href="/check-assets/check.css">
</head>
<body>
<header><h1>${t(lang, "check-title")}</h1><nav
  aria-label="${t(lang, "check-lang-switch")}">${link("kk", "Қазақша")}${link("ru", "Русский")}</nav></header>
<main>${body}</main>
<footer><small>${t(lang, "check-footer")}</small></footer>
</body>
</html>`;
}

function form(lang: Lang): Html {
  return html`<form method="get" action="/check">
<p>${t(lang, "check-intro")}</p>
<label for="code">${t(lang, "check-code-label")}</label><br>
<input id="code" name="code" required maxlength="40" autocomplete="off"
  autocapitalize="characters" spellcheck="false" placeholder="${t(lang, "check-code-example")}">
<input type="hidden" name="lang" value="${lang}">
<button type="submit">${t(lang, "check-submit")}</button>
</form>`;
}

/** The form alone (GET /check). */
export const formPage = (lang: Lang): Html => page(lang, "/check", t(lang, "check-title"), form(lang));

/** The same page for an unknown code and for one that cannot be a code. */
export const notFoundPage = (lang: Lang): Html =>
  page(
    lang,
    "/check",
    t(lang, "check-not-found-title"),
    html`<div class="state invalid"
      role="status">${t(lang, "check-not-found-title")}<p>${t(lang, "check-not-found")}</p></div>${form(lang)}`,
  );

/** The check failed on the server's side: nothing about why, only to try again. */
export const errorPage = (lang: Lang): Html =>
  page(
    lang,
    "/check",
    t(lang, "check-error-title"),
    html`<div class="state invalid" role="status">${t(lang, "check-error-title")}<p>${t(lang, "check-error")}</p></div>`,
  );

export const tooManyPage = (lang: Lang, minutes: number): Html =>
  page(
    lang,
    "/check",
    t(lang, "check-too-many-title"),
    html`<div class="state invalid" role="status">${t(lang, "check-too-many-title")}<p>${t(lang, "check-too-many", { minutes })}</p></div>`,
  );

const day = (d: Date | string) => formatDate(typeof d === "string" ? d : almatyDate(d));

function state(lang: Lang, doc: CheckedDocument): Html {
  const v = doc.validity;
  if (v.state === "valid") return html`<div class="state valid" role="status">${t(lang, "check-state-valid")}</div>`;
  if (v.state === "expired")
    return html`<div class="state invalid" role="status">${t(lang, "check-state-expired", { date: day(v.on) })}</div>`;
  if (v.state === "withdrawn") return html`<div class="state invalid" role="status">${t(lang, "check-state-withdrawn")}</div>`;
  return html`<div class="state invalid" role="status">${t(lang, "check-state-revoked", { date: day(v.at) })}<p>${t(
    lang,
    "check-state-revoked-reason",
    { reason: v.reason },
  )}</p></div>`;
}

/** Who signed it with EDS and the signature file, or that it was issued without EDS. */
function signature(lang: Lang, doc: CheckedDocument): Html {
  const s = doc.signature;
  if (!s) return html`${t(lang, "check-signature-none")}`;
  return html`<span class="signed">${t(lang, "check-signature-signed", { name: s.name, position: s.position })}</span><br>${t(
    lang,
    "check-signature-verified",
    { date: day(s.signedAt) },
  )}<br><a href="/check/${doc.code}/signature.p7s"
    download>${t(lang, "check-signature-download")}</a>`;
}

/** A checked document: its state first, then what identifies it. */
export function documentPage(lang: Lang, doc: CheckedDocument): Html {
  const row = (key: string, value: Html | string) => html`<dt>${t(lang, key)}</dt><dd>${value}</dd>`;
  const period = doc.validFrom && doc.validTo ? t(lang, "doc-period", { from: day(doc.validFrom), to: day(doc.validTo) }) : undefined;
  const body = html`${state(lang, doc)}
<dl>
${row("check-field-kind", t(lang, `check-kind-${doc.kind}`))}
${row("check-field-number", doc.number)}
${row("check-field-issued", day(doc.issuedAt))}
${row("check-field-school", lang === "kk" ? doc.school.nameKk : doc.school.nameRu)}
${period ? row("check-field-period", period) : raw("")}
${row("check-field-child", doc.childInitials)}
${row("check-field-code", html`<code>${doc.code}</code>`)}
${row("check-field-sha256", html`<span class="sha">${doc.sha256}</span>`)}
${row("check-field-signature", signature(lang, doc))}
</dl>
<p><small>${t(lang, "check-sha256-hint")}</small></p>`;
  return page(lang, `/check/${doc.code}`, `${t(lang, "check-title")} ${doc.number}`, body);
}
