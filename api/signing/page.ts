/**
 * The HTML of the signing page and of the "this link cannot be used" page. Plain HTML with no
 * inline script or style (the CSP forbids both): behaviour comes from `assets/sign.js`, which
 * reads its settings from `data-*` attributes and its texts from a JSON data block.
 *
 * Every URL here is relative to `/sign/<token>`, so the page works behind a path prefix too.
 */
import { formOf } from "#root/flows/statement.ts";
import { LANGS, t, type Lang } from "#root/flows/i18n.ts";
import { getService } from "#root/flows/services/index.ts";
import type { OpenSigning, SigningRefusal } from "#root/flows/signing.ts";
import type { SigningProblem } from "#root/flows/signing-problems.ts";

const PROBLEMS: readonly SigningProblem[] = [
  "unreadable",
  "wrong_content",
  "authentication_key",
  "not_individual",
  "other_person",
  "certificate_expired",
  "untrusted",
  "revoked",
  "revocation_unavailable",
  "signing_time",
  "gost_needs_paper",
  "unsupported_key",
  "verification_unavailable",
  "other",
];
const REFUSALS: readonly SigningRefusal[] = ["invalid", "expired", "used", "replaced", "not_draft", "malformed"];

/** Escape text for HTML content and double-quoted attributes. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);
}

/** JSON that is safe inside `<script type="application/json">` (no `</script>`, no `<!--`). */
export function jsonBlock(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

/** A problem or refusal code as its locale key's tail (`wrong_content` → `wrong-content`). */
export const key = (code: string) => code.replace(/_/g, "-");

/** The texts `sign.js` shows, by code; `{detail}` / `{number}` are filled in by the script. */
function clientMessages(lang: Lang, number: string): Record<string, unknown> {
  const m = (k: string, args?: Record<string, string>) => t(lang, `signing-${k}`, args);
  return {
    loading: m("status-loading"),
    connecting: m("status-connecting"),
    chooseKey: m("status-choose-key"),
    sending: m("status-sending"),
    doneTitle: m("done-title"),
    done: m("done", { number }),
    notRunning: m("error-not-running"),
    cancelled: m("error-cancelled"),
    ncalayerError: m("error-ncalayer", { detail: "{detail}" }),
    network: m("error-network"),
    invalidTitle: m("invalid-title"),
    invalidAgain: m("invalid-again"),
    refusedTitle: m("refused-title"),
    problems: Object.fromEntries(PROBLEMS.map((p) => [p, m(`problem-${key(p)}`)])),
    refused: Object.fromEntries(REFUSALS.map((r) => [r, m(`refused-${key(r)}`)])),
  };
}

export function formatUntil(date: Date, lang: Lang): string {
  // Kazakhstan has one time zone (UTC+5) since March 2024; Asia/Almaty follows it.
  return new Intl.DateTimeFormat(lang === "kk" ? "kk-KZ" : "ru-RU", {
    timeZone: "Asia/Almaty",
    day: "numeric",
    month: "long",
    hour: "2-digit",
    minute: "2-digit",
  }).format(date);
}

/**
 * Where the pages' files are from a page at `path` (under /sign, or /sign/staff for `staff`), as a
 * relative URL: `assets/` beside a token, `../assets/` from a token's PDF, and so on for a longer
 * link — a refusal shown at any depth keeps its stylesheet, and the pages still work behind a path prefix.
 */
export function assetsFrom(path: string, staff: boolean): string {
  const root = staff ? "/sign/staff/" : "/sign/";
  const dir = path.slice(0, path.lastIndexOf("/") + 1);
  if (!dir.startsWith(root)) return root.startsWith(dir) ? `${root.slice(dir.length)}assets/` : "assets/";
  return `${"../".repeat(dir.slice(root.length).split("/").length - 1)}assets/`;
}

/** The page's head; asset URLs are relative to the page (`assets`: `assets/…` beside its token, see {@link assetsFrom}). */
export function head(lang: Lang, title: string, scripts: boolean, assets = "assets/"): string {
  return `<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${escapeHtml(title)}</title>
<link rel="stylesheet" href="${assets}sign.css">
${scripts ? `<script src="${assets}ncalayer.js" defer></script>\n<script src="${assets}sign.js" defer></script>\n` : ""}</head>`;
}

/**
 * The signing page for a valid link: what is being signed, the statement itself, and the
 * button. `ncalayerUrl` is where the parent's NCALayer listens (configurable for tests); `gost`
 * says whether GOST keys can be verified here (only through NCANode), so the page offers only
 * the keys whose signatures will be accepted.
 */
export function renderSigningPage(input: { token: string; signing: OpenSigning; ncalayerUrl: string; gost: boolean }): string {
  const { application: app, lang, expiresAt } = input.signing;
  const e = escapeHtml;
  const tr = (k: string) => e(t(lang, `signing-${k}`));
  const service = t(lang, getService(app.serviceId).catalog.title);
  const child = formOf(app).child?.fullName;
  const pdf = `${encodeURIComponent(input.token)}/statement.pdf`;
  return `${head(lang, t(lang, "signing-page-title"), true)}
<body>
<main id="signing" data-lang="${lang}" data-ncalayer-url="${e(input.ncalayerUrl)}"
  data-statement-url="${e(pdf)}" data-post-url="${e(encodeURIComponent(input.token))}">
<h1>${tr("heading")}</h1>
<dl class="facts">
<dt>${tr("application")}</dt><dd id="application-number">№ ${e(app.number)}</dd>
<dt>${tr("service")}</dt><dd>${e(service)}</dd>
${child ? `<dt>${tr("child")}</dt><dd>${e(child)}</dd>\n` : ""}<dt>${tr("valid-until")}</dt><dd>${e(formatUntil(expiresAt, lang))}</dd>
</dl>
<p>${e(t(lang, "signing-instructions", { gost: input.gost ? "yes" : "no" }))}</p>
<p class="hint">${tr("phone-hint")}</p>
<noscript><p class="status error">${tr("noscript")}</p></noscript>
<p><button id="sign-button" type="button" disabled>${tr("button")}</button></p>
<div id="signing-status" class="status" role="status" aria-live="polite" hidden></div>
<section class="statement">
<h2>${tr("statement")}</h2>
<p><a href="${e(pdf)}" target="_blank" rel="noopener">${tr("open-statement")}</a></p>
<iframe src="${e(pdf)}" title="${tr("statement")}"></iframe>
</section>
<script type="application/json" id="signing-messages">${jsonBlock(clientMessages(lang, app.number))}</script>
</main>
</body>
</html>
`;
}

/**
 * "This link cannot be used", in both languages: an unknown link says nothing about whose it
 * was, so there is no application language to choose.
 */
export function renderRefusedPage(reason: SigningRefusal, assets?: string): string {
  const sections = LANGS.map(
    (lang) => `<section lang="${lang}">
<h1>${escapeHtml(t(lang, "signing-refused-title"))}</h1>
<p class="status error">${escapeHtml(t(lang, `signing-refused-${key(reason)}`))}</p>
<p>${escapeHtml(t(lang, "signing-back-to-bot"))}</p>
</section>`,
  ).join("\n");
  return `${head("kk", `${t("kk", "signing-refused-title")} / ${t("ru", "signing-refused-title")}`, false, assets)}
<body>
<main id="signing-refused" data-reason="${reason}">
${sections}
</main>
</body>
</html>
`;
}

/**
 * "The page is unavailable for now", in both languages, for a page that failed on the server's
 * side: nothing about why. `staff` sends the reader back to the staff bot.
 */
export function renderErrorPage(staff: boolean, assets?: string): string {
  const back = staff ? "staff-signing-back-to-bot" : "signing-back-to-bot";
  const sections = LANGS.map(
    (lang) => `<section lang="${lang}">
<h1>${escapeHtml(t(lang, "signing-error-title"))}</h1>
<p class="status error">${escapeHtml(t(lang, "signing-error"))}</p>
<p>${escapeHtml(t(lang, back))}</p>
</section>`,
  ).join("\n");
  return `${head("kk", `${t("kk", "signing-error-title")} / ${t("ru", "signing-error-title")}`, false, assets)}
<body>
<main id="signing-error">
${sections}
</main>
</body>
</html>
`;
}
