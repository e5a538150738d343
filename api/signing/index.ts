/**
 * The EDS signing page: `GET /sign/:token` shows the statement and a "Sign with EDS" button
 * that gets a detached CMS from NCALayer on the parent's computer; `POST /sign/:token` hands
 * the CMS to the signing flow. Everything under /sign carries strict security headers: the
 * token in the URL is the parent's credential, so no referrer, no framing, no caching.
 */
import { Hono, type Context } from "hono";
import { assetHandler, inlinePdf, linkFirst, postedCms, signatureBodyLimit, signingPageHeaders } from "./headers.ts";
import type { Config } from "#root/config.ts";
import type { Db } from "#root/db/client.ts";
import { acceptEdsSignature, mayPostSignature, openSigningSession, revocationPolicy, type SigningRefusal } from "#root/flows/signing.ts";
import type { TrustStore } from "#root/flows/signatures/index.ts";
import type { Logger } from "#root/log.ts";
import { mobileSigningRoutes } from "./mobile.ts";
import { renderRefusedPage, renderSigningPage } from "./page.ts";

export interface SigningDeps {
  db: Db;
  log: Logger;
  /** With `mgov`, eGov mobile's routes are served too (api/signing/mobile.ts). */
  config: Pick<Config, "ncalayerUrl" | "ncanodeUrl" | "edsOcspUrl"> & Partial<Pick<Config, "mgov" | "publicUrl" | "publicUrlConfigured">>;
  now: () => Date;
  trust: TrustStore;
}

/** Tokens are 32 random bytes in base64url (43 characters); anything else is not looked up. */
const TOKEN = "{[A-Za-z0-9_-]{43}}";

const HTTP_STATUS: Record<SigningRefusal, 400 | 404 | 409 | 410> = {
  invalid: 404,
  expired: 410,
  used: 410,
  replaced: 410,
  not_draft: 409,
  malformed: 400,
};

/** The signing page router. Mount it at the root: `createApp({ routes: [signingRoutes(deps)] })`. */
export function signingRoutes(deps: SigningDeps): Hono {
  const app = new Hono();
  const ncanode = deps.config.ncanodeUrl ? { url: deps.config.ncanodeUrl } : undefined;
  const revocation = revocationPolicy(deps.config.edsOcspUrl);

  app.use("/sign/*", ...signingPageHeaders(deps.config.ncalayerUrl));

  const { mgov, publicUrl, publicUrlConfigured } = deps.config;
  if (mgov && publicUrl !== undefined) {
    app.route(
      "/",
      mobileSigningRoutes({
        ...deps,
        config: { mgov, publicUrl, publicUrlConfigured: publicUrlConfigured ?? false },
        revocation,
        ...(ncanode ? { ncanode } : {}),
      }),
    );
  }

  app.get("/sign/assets/:name", assetHandler());

  app.get(`/sign/:token${TOKEN}`, async (c) => {
    const token = c.req.param("token");
    const open = await openSigningSession(deps.db, { token, now: deps.now() });
    if (!open.ok) return c.html(renderRefusedPage(open.reason), HTTP_STATUS[open.reason], { "X-Signing-Refused": open.reason });
    return c.html(
      renderSigningPage({ token, signing: open.signing, ncalayerUrl: deps.config.ncalayerUrl, gost: deps.config.ncanodeUrl !== undefined }),
    );
  });

  app.get(`/sign/:token${TOKEN}/statement.pdf`, async (c) => {
    const open = await openSigningSession(deps.db, { token: c.req.param("token"), now: deps.now() });
    // The PDF's address is a folder deeper than the page's.
    if (!open.ok)
      return c.html(renderRefusedPage(open.reason, "../assets/"), HTTP_STATUS[open.reason], { "X-Signing-Refused": open.reason });
    const { statement, application } = open.signing;
    return inlinePdf(c, statement.bytes, `statement-${application.number}.pdf`);
  });

  const refused = (c: Context, reason: SigningRefusal) => {
    deps.log.info({ reason }, "signing refused");
    return c.json({ status: "refused", reason }, HTTP_STATUS[reason]);
  };

  app.post(
    `/sign/:token${TOKEN}`,
    linkFirst((token) => mayPostSignature(deps.db, { token, now: deps.now() }), refused),
    signatureBodyLimit,
    async (c) => {
      const posted = await postedCms(c);
      if ("refused" in posted) return posted.refused;
      const outcome = await acceptEdsSignature(deps.db, {
        token: c.req.param("token"),
        cms: posted.cms,
        now: deps.now(),
        trust: deps.trust,
        revocation,
        ...(ncanode ? { ncanode } : {}),
      });
      if (outcome.status === "refused") return refused(c, outcome.reason);
      const failed = outcome.result.checks.filter((x) => !x.ok).map((x) => `${x.name}:${x.reason ?? ""}`);
      deps.log.info({ applicationId: outcome.application.id, status: outcome.status, failed }, "EDS signature received");
      if (outcome.status === "signed") return c.json({ status: "signed", number: outcome.application.number });
      return c.json({ status: "invalid", number: outcome.application.number, problems: outcome.problems });
    },
  );

  return app;
}
