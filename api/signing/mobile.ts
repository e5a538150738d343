/**
 * eGov mobile's side of signing (mgovSign), under /sign/mobile/<id>:
 *
 * - `GET /sign/mobile/<id>` — API №1, the address in the QR code and the launch link;
 * - `GET /sign/mobile/<id>/document` — API №2, the PDF to sign (Bearer token): a parent's
 *   statement, or a school's document a staff member signs and issues;
 * - `PUT /sign/mobile/<id>/document` — API №2, the signed CMS (Bearer token), taken once.
 *
 * Answers are JSON; a refusal says why (`reason`) with a status the app can act on.
 */
import { Hono, type Context } from "hono";
import { bodyLimit } from "hono/body-limit";
import type { Config } from "#root/config.ts";
import type { Db } from "#root/db/client.ts";
import { hasTranslation, t } from "#root/flows/i18n.ts";
import { acceptMobileSignature, mgovDocuments, mgovMayPut, mgovServiceInfo } from "#root/flows/signing-mgov.ts";
import type { MobileSigningRefusal } from "#root/flows/signing-mobile.ts";
import type { NcanodeOptions, RevocationPolicy, TrustStore } from "#root/flows/signatures/index.ts";
import type { Logger } from "#root/log.ts";

export interface MobileSigningDeps {
  db: Db;
  log: Logger;
  config: Pick<Config, "mgov" | "publicUrl" | "publicUrlConfigured">;
  now: () => Date;
  trust: TrustStore;
  revocation: RevocationPolicy;
  ncanode?: NcanodeOptions;
}

/**
 * The signed statement comes back with the PDF inside the CMS (base64, a third larger) and the
 * signer's chain: a statement is a few hundred kilobytes, so this leaves ample room.
 */
export const MAX_PUT_BYTES = 5 * 1024 * 1024;

/** Session ids are 32 random bytes in base64url (43 characters); anything else is not looked up. */
const ID = "{[A-Za-z0-9_-]{43}}";

const HTTP_STATUS: Record<MobileSigningRefusal, 400 | 401 | 404 | 409 | 410> = {
  invalid: 404,
  unauthorized: 401,
  expired: 410,
  used: 410,
  replaced: 410,
  not_draft: 409,
  not_pending: 409,
  result_revoked: 409,
  places_not_set: 409,
  no_places: 409,
  enrolled_elsewhere: 409,
  out_of_turn: 409,
  malformed: 400,
};

/** What eGov mobile may show the person holding the phone (Russian: the app's common language). */
const REFUSAL_TEXT: Record<MobileSigningRefusal, string> = {
  invalid: "signing-refused-invalid",
  unauthorized: "signing-refused-invalid",
  expired: "signing-refused-expired",
  used: "signing-refused-used",
  replaced: "signing-refused-replaced",
  not_draft: "signing-refused-not-draft",
  not_pending: "staff-signing-refused-not-pending",
  result_revoked: "staff-signing-refused-result-revoked",
  places_not_set: "staff-signing-refused-places-not-set",
  no_places: "staff-signing-refused-no-places",
  enrolled_elsewhere: "staff-signing-refused-enrolled-elsewhere",
  out_of_turn: "staff-signing-refused-out-of-turn",
  malformed: "signing-refused-malformed",
};

/** The Bearer token of `Authorization`, or undefined. */
function bearer(c: Context): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9_-]{1,100})\s*$/i.exec(c.req.header("Authorization") ?? "");
  return m?.[1];
}

/** The eGov mobile routes; mounted on the signing router (which sets the no-cache, no-referrer headers). */
export function mobileSigningRoutes(deps: MobileSigningDeps): Hono {
  const app = new Hono();
  // Behind PUBLIC_URL the app is given that address; without it (the playground), the one it used.
  const baseUrl = (c: Context) => (deps.config.publicUrlConfigured ? deps.config.publicUrl : new URL(c.req.url).origin);

  const refuse = (c: Context, reason: MobileSigningRefusal) => {
    deps.log.info({ reason }, "eGov mobile signing refused");
    if (reason === "unauthorized") c.header("WWW-Authenticate", 'Bearer realm="signing"');
    return c.json({ status: "refused", reason, message: t("ru", REFUSAL_TEXT[reason]) }, HTTP_STATUS[reason]);
  };

  app.get(`/sign/mobile/:id${ID}`, async (c) => {
    const out = await mgovServiceInfo(deps.db, {
      id: c.req.param("id"),
      baseUrl: baseUrl(c),
      organisation: deps.config.mgov.organisation,
      now: deps.now(),
    });
    return out.ok ? c.json(out.info) : refuse(c, out.reason);
  });

  app.get(`/sign/mobile/:id${ID}/document`, async (c) => {
    const out = await mgovDocuments(deps.db, { id: c.req.param("id"), token: bearer(c), now: deps.now() });
    return out.ok ? c.json(out.documents) : refuse(c, out.reason);
  });

  app.put(
    `/sign/mobile/:id${ID}/document`,
    // The Bearer token first: nobody else gets to make the server read and parse megabytes (as the webhooks' secret).
    async (c, next) => {
      const may = await mgovMayPut(deps.db, { id: c.req.param("id"), token: bearer(c), now: deps.now() });
      if (!may.ok) return refuse(c, may.reason);
      await next();
    },
    bodyLimit({
      maxSize: MAX_PUT_BYTES,
      onError: (c) => c.json({ status: "refused", reason: "malformed", message: t("ru", "signing-refused-too-large") }, 413),
    }),
    async (c) => {
      const body: unknown = await c.req.json().catch(() => null);
      const outcome = await acceptMobileSignature(deps.db, {
        id: c.req.param("id"),
        token: bearer(c),
        body,
        now: deps.now(),
        trust: deps.trust,
        revocation: deps.revocation,
        ...(deps.ncanode ? { ncanode: deps.ncanode } : {}),
      });
      if (outcome.status === "refused") return refuse(c, outcome.reason);
      if (outcome.status === "result") {
        const result = outcome.outcome;
        if (result.status === "signed") {
          deps.log.info(
            { applicationId: result.application.id, document: result.documentNumber },
            "document signed in eGov mobile and issued",
          );
          return c.json({ status: "signed", number: result.documentNumber });
        }
        const failed = result.result.checks.filter((x) => !x.ok).map((x) => `${x.name}:${x.reason ?? ""}`);
        deps.log.info({ failed }, "staff signature from eGov mobile refused: nothing issued");
        // the staff page's wording where it has its own, the parents' otherwise
        const message = result.problems
          .map((p) =>
            [`staff-signing-problem-${p.replace(/_/g, "-")}`, `signing-problem-${p.replace(/_/g, "-")}`].find((k) =>
              hasTranslation("ru", k),
            ),
          )
          .filter((k): k is string => k !== undefined)
          .map((k) => t("ru", k))
          .join(" ");
        return c.json({ status: "invalid", problems: result.problems, message }, 422);
      }
      const failed = outcome.result.checks.filter((x) => !x.ok).map((x) => `${x.name}:${x.reason ?? ""}`);
      deps.log.info({ applicationId: outcome.application.id, status: outcome.status, failed }, "eGov mobile signature received");
      if (outcome.status === "signed") return c.json({ status: "signed", number: outcome.application.number });
      const message = outcome.problems.map((p) => t("ru", `signing-problem-${p.replace(/_/g, "-")}`)).join(" ");
      return c.json({ status: "invalid", number: outcome.application.number, problems: outcome.problems, message }, 422);
    },
  );

  return app;
}
