/**
 * The signing page in a real browser (headless Chromium) against a stand-in for NCALayer that
 * signs with the test PKI's key: the parent presses "Sign with EDS", the application becomes
 * signed and the parent's bot gets the result through the outbox. Also: cancelled in
 * NCALayer, NCALayer not running, and what the page's HTTP responses promise.
 */
import { fillStage } from "#root/test/helpers/answers.ts";
import { existsSync, mkdirSync } from "node:fs";
import { serve, type ServerType } from "@hono/node-server";
import { eq } from "drizzle-orm";
import type { Browser, Page } from "playwright-core";
import { CHROMIUM, launchBrowser } from "#root/test/helpers/browser.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "#root/api/app.ts";
import { signingRoutes } from "#root/api/signing/index.ts";
import type { Database } from "#root/db/client.ts";
import { openMemoryDatabase } from "#root/db/open-embedded.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { createDraft, getApplication, type Application } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { findSigningSession } from "#root/db/queries/signatures.ts";
import { getSchoolByBin } from "#root/db/queries/schools.ts";
import { addChild, registerParent, type User } from "#root/db/queries/users.ts";
import { outbox, signatures } from "#root/db/schema.ts";
import { t, type Lang } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade } from "#root/test/helpers/parent-flow.ts";
import { startEdsSigning } from "#root/flows/signing.ts";
import { trustStoreFrom } from "#root/flows/signatures/index.ts";
import { createLogger } from "#root/log.ts";
import {
  cancelledByUser,
  signedWith,
  startNcalayerStandin,
  type BasicsSignArgs,
  type NcalayerStandin,
} from "#root/test/helpers/ncalayer-standin.ts";
import { signAsTestParent, signCms, testPki } from "#root/test/helpers/eds-test-ca.ts";
import { freePort, ROOT } from "#root/test/helpers/process.ts";
import { deadResponderUrl, startOcspResponder, type LocalResponder } from "#root/test/helpers/ocsp-responder.ts";

const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`Skipping the signing page browser test: ${CHROMIUM} is missing (apt-get install -y chromium).`);

const SCHOOL_CSV = `region,district,name_kk,name_ru,bin
Алматы қаласы|город Алматы,Алмалы ауданы|Алмалинский район,№1 мектеп,Школа №1,990140000106
`;
let nextTelegramId = 9100;

/** A registered parent (the test PKI's person) with a complete meals draft. */
async function parentWithDraft(db: Database["db"], lang: Lang): Promise<{ parent: User; app: Application }> {
  const now = new Date();
  const telegramId = nextTelegramId++;
  const iin = testPki().iin;
  const parent = await registerParent(db, {
    telegramId,
    phone: `+7702${String(telegramId).padStart(7, "0")}`,
    fullName: "Әбілқасымова Гүлнұр",
    iin,
    lang,
  });
  const born = bornForGrade(4, now);
  const child = await addChild(db, {
    parentId: parent.id,
    fullName: "Әбілқасымов Нұрлан",
    iin: makeIin(born, "male"),
    birthDate: born,
    grade: 4,
  });
  const school = (await getSchoolByBin(db, "990140000106"))!;
  const app = await createDraft(db, { serviceId: "meals", parentId: parent.id, lang, now });
  await fillStage(db, { applicationId: app.id, stage: "parent", answers: { fullName: parent.fullName, iin, phone: parent.phone }, now });
  await fillStage(db, {
    applicationId: app.id,
    stage: "child",
    answers: { childId: child.id, fullName: child.fullName, iin: child.iin, birthDate: child.birthDate, grade: child.grade },
    patch: { childId: child.id },
    now,
  });
  await fillStage(db, { applicationId: app.id, stage: "school", answers: { schoolId: school.id }, patch: { schoolId: school.id }, now });
  const draft = await fillStage(db, { applicationId: app.id, stage: "fields", answers: { category: "asp" }, now });
  return { parent, app: draft! };
}

/** The HTTP app with the signing router, its NCALayer address pointing at `ncalayerUrl`, asking the OCSP responder at `edsOcspUrl`. */
async function serveSigning(
  database: Database,
  ncalayerUrl: string,
  edsOcspUrl: string,
): Promise<{ url: string; app: ReturnType<typeof createApp>; close(): Promise<void> }> {
  const log = createLogger("silent");
  const routes = signingRoutes({
    db: database.db,
    log,
    config: { ncalayerUrl, edsOcspUrl },
    now: () => new Date(),
    trust: trustStoreFrom([testPki().ca.certPem]),
  });
  const app = createApp({ log, db: database, sessions: { kind: "database", ping: async () => {} }, routes: [routes] });
  const server: ServerType = await new Promise((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, () => resolve(s));
  });
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, app, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

describe.skipIf(!hasChromium)("the signing page in Chromium", () => {
  let database: Database;
  let standin: NcalayerStandin;
  let web: Awaited<ReturnType<typeof serveSigning>>;
  let browser: Browser;
  let ocsp: LocalResponder;

  beforeAll(async () => {
    database = await openMemoryDatabase();
    await importSchools(database.db, SCHOOL_CSV);
    testPki();
    standin = await startNcalayerStandin((args) => signedWith(signAsTestParent(Buffer.from(args.data as string, "base64"))));
    ocsp = await startOcspResponder();
    web = await serveSigning(database, standin.url, ocsp.url);
    browser = await launchBrowser(["--ignore-certificate-errors"]);
  });

  afterAll(async () => {
    await browser?.close();
    await web?.close();
    await ocsp?.close();
    await standin?.close();
    await database?.close();
  });

  /** A fresh draft and link; the page opened in a new browser page. */
  async function openPage(lang: Lang, baseUrl = web.url): Promise<{ page: Page; parent: User; app: Application; token: string }> {
    const { parent, app } = await parentWithDraft(database.db, lang);
    const link = await startEdsSigning(database.db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    const response = await page.goto(`${baseUrl}${link.path}`);
    expect(response?.status()).toBe(200);
    await page.locator("#sign-button:enabled").waitFor();
    expect(errors).toEqual([]);
    return { page, parent, app, token: link.token };
  }

  it("signs the statement with the key in NCALayer: the application is signed and the bot is told", async () => {
    const { page, parent, app } = await openPage("kk");
    await expect(page.locator("h1").textContent()).resolves.toBe(t("kk", "signing-heading"));
    await expect(page.locator("#application-number").textContent()).resolves.toBe(`№ ${app.number}`);

    const before = standin.requests.length;
    await page.getByRole("button", { name: t("kk", "signing-button") }).click();
    await page.locator('#signing-status[data-state="ok"]').waitFor();
    await expect(page.locator("#signing-status").textContent()).resolves.toContain(t("kk", "signing-done", { number: app.number }));
    mkdirSync(`${ROOT}test-artifacts`, { recursive: true });
    await page.screenshot({ path: `${ROOT}test-artifacts/signing.png`, fullPage: true });

    // The page asked NCALayer for a detached CMS over exactly the statement's bytes, with an individual's signing key.
    const sign = standin.requests.slice(before).find((r) => r.module === "kz.gov.pki.knca.basics" && r.method === "sign");
    const args = sign?.args as BasicsSignArgs;
    expect(args).toMatchObject({ format: "cms", locale: "kk", signingParams: { decode: true, encapsulate: false, digested: false } });
    expect(args.signerParams.extKeyUsageOids).toEqual(expect.arrayContaining(["1.3.6.1.5.5.7.3.4", "1.2.398.3.3.4.1.1"]));
    const signed = (await getApplication(database.db, app.id))!;
    const statement = (await getStoredFile(database.db, signed.statementFileId!))!;
    expect(Buffer.from(args.data as string, "base64").equals(Buffer.from(statement.bytes))).toBe(true);

    expect(signed.status).toBe("signed");
    const [sig] = await database.db.select().from(signatures).where(eq(signatures.applicationId, app.id));
    expect(sig).toMatchObject({ method: "eds", valid: true, signerIin: testPki().iin });
    const rows = await database.db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, String(parent.telegramId)));
    expect(rows.map((r) => r.payload)).toEqual([
      { template: "signing-result", applicationId: app.id, number: app.number, lang: "kk", valid: true, failed: [] },
    ]);
    await page.close();
  });

  it("says so when the parent cancels in NCALayer, and the link still works", async () => {
    standin.onSign = () => cancelledByUser();
    try {
      const { page, app, token } = await openPage("ru");
      await page.getByRole("button", { name: t("ru", "signing-button") }).click();
      await page.locator('#signing-status[data-state="warning"]').waitFor();
      await expect(page.locator("#signing-status").textContent()).resolves.toBe(t("ru", "signing-error-cancelled"));
      await expect(page.locator("#sign-button").isEnabled()).resolves.toBe(true);
      expect((await getApplication(database.db, app.id))!.status).toBe("draft");
      expect((await findSigningSession(database.db, token, new Date())).ok).toBe(true);
      await page.close();
    } finally {
      standin.onSign = (args) => signedWith(signAsTestParent(Buffer.from(args.data as string, "base64")));
    }
  });

  it("explains a rejected signature: the authentication key was chosen, and the link is used up", async () => {
    standin.onSign = (args) => signedWith(signCms(Buffer.from(args.data as string, "base64"), { signer: testPki().auth }));
    try {
      const { page, app } = await openPage("ru");
      await page.getByRole("button", { name: t("ru", "signing-button") }).click();
      await page.locator('#signing-status[data-state="error"]').waitFor();
      const text = await page.locator("#signing-status").textContent();
      expect(text).toContain(t("ru", "signing-invalid-title"));
      expect(text).toContain(t("ru", "signing-problem-authentication-key"));
      expect(text).toContain(t("ru", "signing-invalid-again"));
      await expect(page.locator("#sign-button").isHidden()).resolves.toBe(true);
      expect((await getApplication(database.db, app.id))!.status).toBe("draft");
      const [sig] = await database.db.select().from(signatures).where(eq(signatures.applicationId, app.id));
      expect(sig).toMatchObject({ method: "eds", valid: false });
      await page.close();
    } finally {
      standin.onSign = (args) => signedWith(signAsTestParent(Buffer.from(args.data as string, "base64")));
    }
  });

  it("says the certificate cannot be checked now, to try again or sign on paper, when the CA's responder is down", async () => {
    const cut = await serveSigning(database, standin.url, await deadResponderUrl());
    try {
      const { page, app } = await openPage("kk", cut.url);
      await page.getByRole("button", { name: t("kk", "signing-button") }).click();
      await page.locator('#signing-status[data-state="error"]').waitFor();
      await expect(page.locator("#signing-status").textContent()).resolves.toContain(t("kk", "signing-problem-revocation-unavailable"));
      expect((await getApplication(database.db, app.id))!.status).toBe("draft");
      await page.close();
    } finally {
      await cut.close();
    }
  });

  it("refuses an earlier link once a newer one was issued for the same statement", async () => {
    const { parent, app } = await parentWithDraft(database.db, "ru");
    const first = await startEdsSigning(database.db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    await startEdsSigning(database.db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    const page = await browser.newPage();
    const response = await page.goto(`${web.url}${first.path}`);
    expect(response?.status()).toBe(410);
    await expect(page.locator("main").textContent()).resolves.toContain(t("ru", "signing-refused-replaced"));
    await page.close();
  });

  it("tells the parent that NCALayer is not running when nothing listens at its address", async () => {
    const silent = await serveSigning(database, `ws://127.0.0.1:${await freePort()}`, ocsp.url);
    try {
      const { page, app } = await openPage("kk", silent.url);
      await page.getByRole("button", { name: t("kk", "signing-button") }).click();
      await page.locator('#signing-status[data-state="error"]').waitFor();
      await expect(page.locator("#signing-status").textContent()).resolves.toBe(t("kk", "signing-error-not-running"));
      expect((await getApplication(database.db, app.id))!.status).toBe("draft");
      await page.close();
    } finally {
      await silent.close();
    }
  });

  it("shows a used link as a page in both languages, and no longer serves its statement", async () => {
    const { page, token } = await openPage("ru");
    await page.getByRole("button", { name: t("ru", "signing-button") }).click();
    await page.locator('#signing-status[data-state="ok"]').waitFor();
    const again = await page.goto(`${web.url}/sign/${token}`);
    expect(again?.status()).toBe(410);
    await expect(page.locator("main").textContent()).resolves.toContain(t("kk", "signing-refused-used"));
    await expect(page.locator("main").textContent()).resolves.toContain(t("ru", "signing-refused-used"));
    expect((await web.app.request(`/sign/${token}/statement.pdf`)).status).toBe(410);
    await page.close();
  });
});

describe("the signing page over HTTP", () => {
  let database: Database;
  let web: Awaited<ReturnType<typeof serveSigning>>;
  beforeAll(async () => {
    database = await openMemoryDatabase();
    await importSchools(database.db, SCHOOL_CSV);
    web = await serveSigning(database, "wss://127.0.0.1:13579", await deadResponderUrl());
  });
  afterAll(async () => {
    await web?.close();
    await database?.close();
  });

  it("sends the page with a script-only-from-self CSP, no referrer, no framing and no caching", async () => {
    const { parent, app } = await parentWithDraft(database.db, "ru");
    const link = await startEdsSigning(database.db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    const res = await web.app.request(link.path);
    expect(res.status).toBe(200);
    const csp = res.headers.get("Content-Security-Policy")!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("connect-src 'self' wss://127.0.0.1:13579");
    expect(csp).not.toContain("unsafe-inline");
    expect(res.headers.get("Referrer-Policy")).toBe("no-referrer");
    expect(res.headers.get("X-Frame-Options")).toBe("DENY");
    expect(res.headers.get("Cache-Control")).toBe("no-store");
    const html = await res.text();
    expect(html).toContain('data-ncalayer-url="wss://127.0.0.1:13579"');
    expect(html).not.toMatch(/<script>|<script(?![^>]*(src=|type="application\/json"))/);

    const pdf = await web.app.request(`${link.path}/statement.pdf`);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Cache-Control")).toBe("no-store");
    expect(pdf.headers.get("X-Frame-Options")).toBe("SAMEORIGIN");
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe("%PDF-");

    const lib = await web.app.request("/sign/assets/ncalayer.js");
    expect(lib.headers.get("Content-Type")).toContain("javascript");
    expect(await lib.text()).toContain("class NCALayerClient");
  });

  it("answers an unknown or expired link with a page saying so, and refuses posts to it without a change", async () => {
    const unknown = await web.app.request(`/sign/${"x".repeat(43)}`);
    expect(unknown.status).toBe(404);
    expect(await unknown.text()).toContain(t("ru", "signing-refused-invalid"));

    const { parent, app } = await parentWithDraft(database.db, "kk");
    const link = await startEdsSigning(database.db, {
      applicationId: app.id,
      parentId: parent.id,
      now: new Date(Date.now() - 31 * 60_000),
    });
    const expired = await web.app.request(link.path);
    expect(expired.status).toBe(410);
    expect(await expired.text()).toContain(t("kk", "signing-refused-expired"));

    const statement = (await getStoredFile(database.db, (await getApplication(database.db, app.id))!.statementFileId!))!;
    const post = await web.app.request(link.path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ cms: signAsTestParent(statement.bytes) }),
    });
    expect(post.status).toBe(410);
    expect(await post.json()).toEqual({ status: "refused", reason: "expired" });
    expect((await getApplication(database.db, app.id))!.status).toBe("draft");
    expect(await database.db.select().from(signatures).where(eq(signatures.applicationId, app.id))).toEqual([]);
  });

  it("answers a link whose statement was changed by an edit with the 'newer link' page, and refuses its post", async () => {
    const { parent, app } = await parentWithDraft(database.db, "ru");
    const link = await startEdsSigning(database.db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    const statement = (await getStoredFile(database.db, (await getApplication(database.db, app.id))!.statementFileId!))!;
    await fillStage(database.db, { applicationId: app.id, stage: "fields", answers: { category: "orphan" }, now: new Date() });
    for (const path of [link.path, `${link.path}/statement.pdf`]) {
      const res = await web.app.request(path);
      expect(res.status).toBe(410);
      expect(await res.text()).toContain(t("ru", "signing-refused-replaced"));
    }
    const post = await web.app.request(link.path, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ cms: signAsTestParent(statement.bytes) }),
    });
    expect(post.status).toBe(410);
    expect(await post.json()).toEqual({ status: "refused", reason: "replaced" });
    expect(await database.db.select().from(signatures).where(eq(signatures.applicationId, app.id))).toEqual([]);
  });

  it("refuses a post that is not JSON without using the link up", async () => {
    const { parent, app } = await parentWithDraft(database.db, "kk");
    const link = await startEdsSigning(database.db, { applicationId: app.id, parentId: parent.id, now: new Date() });
    const form = await web.app.request(link.path, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: "cms=abc",
    });
    expect(form.status).toBe(415);
    expect((await findSigningSession(database.db, link.token, new Date())).ok).toBe(true);
  });
});
