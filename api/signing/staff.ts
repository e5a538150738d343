/**
 * The staff signing page: "Sign and issue" a school's document with EDS. `GET
 * /sign/staff/:token` shows the rendered (not yet issued) document and the NCALayer button —
 * the parents' page design and script, with texts for staff — and `POST /sign/staff/:token`
 * hands the CMS to flows/result-signing.ts, which issues the document only if the signature
 * verifies. The token is the staff member's credential: strict headers, no caching.
 */
import { Hono, type Context } from "hono";
import { assetHandler, inlinePdf, linkFirst, postedCms, signatureBodyLimit, signingPageHeaders } from "./headers.ts";
import { LANGS, t, type Lang } from "#root/flows/i18n.ts";
import {
  acceptResultSignature,
  mayPostResultSignature,
  openResultSigning,
  type OpenResultSigning,
  type ResultSigningRefusal,
} from "#root/flows/result-signing.ts";
import type { StaffSigningProblem } from "#root/flows/staff-signature.ts";
import { revocationPolicy } from "#root/flows/signing.ts";
import { getService } from "#root/flows/services/index.ts";
import type { SigningDeps } from "./index.ts";
import { escapeHtml, formatUntil, head, jsonBlock, key } from "./page.ts";

/** Staff tokens are 33 random bytes in base64url (44 characters). */
const TOKEN = "{[A-Za-z0-9_-]{44}}";

const HTTP_STATUS: Record<ResultSigningRefusal, 400 | 404 | 409 | 410> = {
  invalid: 404,
  expired: 410,
  used: 410,
  replaced: 410,
  not_pending: 409,
  result_revoked: 409,
  places_not_set: 409,
  no_places: 409,
  enrolled_elsewhere: 409,
  out_of_turn: 409,
  malformed: 400,
};

const PROBLEMS: readonly StaffSigningProblem[] = [
  "unreadable",
  "wrong_content",
  "authentication_key",
  "other_person",
  "other_organisation",
  "not_school_key",
  "certificate_expired",
  "untrusted",
  "revoked",
  "revocation_unavailable",
  "signing_time",
  "gost_unsupported",
  "unsupported_key",
  "verification_unavailable",
  "other",
];
const REFUSALS: readonly ResultSigningRefusal[] = [
  "invalid",
  "expired",
  "used",
  "replaced",
  "not_pending",
  "result_revoked",
  "places_not_set",
  "no_places",
  "enrolled_elsewhere",
  "out_of_turn",
  "malformed",
];
/** Problems worded for staff; the rest are the parents' page's texts, which fit anyone. */
const STAFF_WORDED: ReadonlySet<StaffSigningProblem> = new Set([
  "wrong_content",
  "other_person",
  "other_organisation",
  "not_school_key",
  "revocation_unavailable",
  "gost_unsupported",
]);

function clientMessages(lang: Lang, number: string): Record<string, unknown> {
  const s = (k: string, args?: Record<string, string>) => t(lang, `staff-signing-${k}`, args);
  const p = (k: string, args?: Record<string, string>) => t(lang, `signing-${k}`, args);
  return {
    loading: s("status-loading"),
    connecting: p("status-connecting"),
    chooseKey: p("status-choose-key"),
    sending: p("status-sending"),
    doneTitle: s("done-title"),
    done: s("done", { number }),
    notRunning: p("error-not-running"),
    cancelled: p("error-cancelled"),
    ncalayerError: p("error-ncalayer", { detail: "{detail}" }),
    network: p("error-network"),
    invalidTitle: s("invalid-title"),
    invalidAgain: s("invalid-again"),
    refusedTitle: s("refused-title"),
    problems: Object.fromEntries(PROBLEMS.map((x) => [x, STAFF_WORDED.has(x) ? s(`problem-${key(x)}`) : p(`problem-${key(x)}`)])),
    refused: Object.fromEntries(REFUSALS.map((r) => [r, s(`refused-${key(r)}`)])),
  };
}

/** The page for a valid link: what is signed, by whom, the document itself and the button. */
export function renderStaffSigningPage(input: { token: string; signing: OpenResultSigning; ncalayerUrl: string }): string {
  const { application: app, lang, expiresAt, staff, kind, documentNumber } = input.signing;
  const e = escapeHtml;
  const tr = (k: string) => e(t(lang, `staff-signing-${k}`));
  const service = t(lang, getService(app.serviceId).catalog.title);
  const pdf = `${encodeURIComponent(input.token)}/document.pdf`;
  const position = staff.position || t(lang, `provider-position-${staff.role}`);
  return `${head(lang, t(lang, "staff-signing-page-title"), true)}
<body>
<main id="signing" data-lang="${lang}" data-signer="any" data-ncalayer-url="${e(input.ncalayerUrl)}"
  data-statement-url="${e(pdf)}" data-post-url="${e(encodeURIComponent(input.token))}">
<h1>${tr("heading")}</h1>
<dl class="facts">
<dt>${tr("document")}</dt><dd id="document-number">${e(t(lang, `provider-doc-${kind}`))} № ${e(documentNumber)}</dd>
<dt>${tr("application")}</dt><dd id="application-number">№ ${e(app.number)} (${e(service)})</dd>
<dt>${tr("signer")}</dt><dd>${e(staff.fullName)}, ${e(position)}</dd>
<dt>${tr("valid-until")}</dt><dd>${e(formatUntil(expiresAt, lang))}</dd>
</dl>
<p>${tr("instructions")}</p>
<noscript><p class="status error">${tr("noscript")}</p></noscript>
<p><button id="sign-button" type="button" disabled>${tr("button")}</button></p>
<div id="signing-status" class="status" role="status" aria-live="polite" hidden></div>
<section class="statement">
<h2>${tr("document-pdf")}</h2>
<p><a href="${e(pdf)}" target="_blank" rel="noopener">${tr("open-document")}</a></p>
<iframe src="${e(pdf)}" title="${tr("document-pdf")}"></iframe>
</section>
<script type="application/json" id="signing-messages">${jsonBlock(clientMessages(lang, documentNumber))}</script>
</main>
</body>
</html>
`;
}

/** "This link cannot be used", in both languages (an unknown link has no language of its own). */
export function renderStaffRefusedPage(reason: ResultSigningRefusal, assets?: string): string {
  const sections = LANGS.map(
    (lang) => `<section lang="${lang}">
<h1>${escapeHtml(t(lang, "staff-signing-refused-title"))}</h1>
<p class="status error">${escapeHtml(t(lang, `staff-signing-refused-${key(reason)}`))}</p>
<p>${escapeHtml(t(lang, "staff-signing-back-to-bot"))}</p>
</section>`,
  ).join("\n");
  return `${head("kk", `${t("kk", "staff-signing-refused-title")} / ${t("ru", "staff-signing-refused-title")}`, false, assets)}
<body>
<main id="signing-refused" data-reason="${reason}">
${sections}
</main>
</body>
</html>
`;
}

/** The staff signing router; mount it at the root beside `signingRoutes`. */
export function staffSigningRoutes(deps: SigningDeps): Hono {
  const app = new Hono();
  const ncanode = deps.config.ncanodeUrl ? { url: deps.config.ncanodeUrl } : undefined;
  const revocation = revocationPolicy(deps.config.edsOcspUrl);

  app.use("/sign/staff/*", ...signingPageHeaders(deps.config.ncalayerUrl));

  app.get("/sign/staff/assets/:name", assetHandler());

  const refused = (reason: ResultSigningRefusal, assets?: string) =>
    [renderStaffRefusedPage(reason, assets), HTTP_STATUS[reason], { "X-Signing-Refused": reason }] as const;

  app.get(`/sign/staff/:token${TOKEN}`, async (c) => {
    const token = c.req.param("token");
    const open = await openResultSigning(deps.db, { token, now: deps.now() });
    if (!open.ok) return c.html(...refused(open.reason));
    return c.html(renderStaffSigningPage({ token, signing: open.signing, ncalayerUrl: deps.config.ncalayerUrl }));
  });

  app.get(`/sign/staff/:token${TOKEN}/document.pdf`, async (c) => {
    const open = await openResultSigning(deps.db, { token: c.req.param("token"), now: deps.now() });
    // The PDF's address is a folder deeper than the page's.
    if (!open.ok) return c.html(...refused(open.reason, "../assets/"));
    const { document, kind, documentNumber } = open.signing;
    return inlinePdf(c, document.bytes, `${kind}-${documentNumber.replace(/[^0-9A-Za-z-]/g, "-")}.pdf`);
  });

  const refusedJson = (c: Context, reason: ResultSigningRefusal) => {
    deps.log.info({ reason }, "staff signing refused");
    return c.json({ status: "refused", reason }, HTTP_STATUS[reason]);
  };

  app.post(
    `/sign/staff/:token${TOKEN}`,
    linkFirst((token) => mayPostResultSignature(deps.db, { token, now: deps.now() }), refusedJson),
    signatureBodyLimit,
    async (c) => {
      const posted = await postedCms(c);
      if ("refused" in posted) return posted.refused;
      const outcome = await acceptResultSignature(deps.db, {
        token: c.req.param("token"),
        cms: posted.cms,
        now: deps.now(),
        trust: deps.trust,
        revocation,
        ...(ncanode ? { ncanode } : {}),
      });
      if (outcome.status === "refused") return refusedJson(c, outcome.reason);
      const failed = outcome.result.checks.filter((x) => !x.ok).map((x) => `${x.name}:${x.reason ?? ""}`);
      if (outcome.status === "invalid") {
        deps.log.info({ failed }, "staff EDS signature refused: nothing issued");
        return c.json({ status: "invalid", problems: outcome.problems });
      }
      deps.log.info({ applicationId: outcome.application.id, document: outcome.documentNumber }, "document signed with EDS and issued");
      return c.json({ status: "signed", number: outcome.documentNumber });
    },
  );

  return app;
}
