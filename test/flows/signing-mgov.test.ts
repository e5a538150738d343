/**
 * Signing in eGov mobile (mgovSign, flows/signing-mgov.ts), on PGlite and (with DATABASE_URL) PostgreSQL: the QR code's
 * session, API №1 and API №2 as the app calls them (a stand-in acting like the app), the signed
 * CMS verified as the EDS page's is, and every hostile request refused.
 */
import { fillStage } from "#root/test/helpers/answers.ts";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signingRoutes } from "#root/api/signing/index.ts";
import { loadConfig } from "#root/config.ts";
import type { Database } from "#root/db/client.ts";
import { importSchools } from "#root/db/import-schools.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { getStoredFile } from "#root/db/queries/files.ts";
import { mobileSigningSessions, outbox, signatures } from "#root/db/schema.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { makeIin } from "#root/flows/iin.ts";
import { mgovBackend } from "#root/flows/signing-mgov.ts";
import { prepareStatement } from "#root/flows/statement.ts";
import { trustStoreFrom } from "#root/flows/signatures/index.ts";
import { createLogger } from "#root/log.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { DRAFT_SCHOOL_CSV, parentWithDraft } from "#root/test/helpers/drafts.ts";
import { gostify, testPki } from "#root/test/helpers/eds-test-ca.ts";
import { api1Address, EgovMobileStandin } from "#root/test/helpers/egov-mobile-standin.ts";
import { startOcspResponder, type LocalResponder } from "#root/test/helpers/ocsp-responder.ts";

const MINUTE = 60_000;
const PUBLIC_URL = "https://desk.example.kz";

describe.each(backends)("signing in eGov mobile on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let db: Database["db"];
  let responder: LocalResponder;
  let clock = new Date();
  let phone: EgovMobileStandin;
  const pki = testPki();
  const config = loadConfig({
    PUBLIC_URL,
    ORG_BIN: "990140000106",
    ORG_NAME_RU: "Управление образования",
    ORG_NAME_KK: "Білім басқармасы",
    ORG_NAME_EN: "Education Department",
  });
  const mgov = mgovBackend(config);

  beforeAll(async () => {
    database = await backend.open();
    db = database.db;
    await importSchools(db, DRAFT_SCHOOL_CSV);
    responder = await startOcspResponder();
    const routes = signingRoutes({
      db,
      log: createLogger("silent"),
      config: { ...config, edsOcspUrl: responder.url },
      now: () => clock,
      trust: trustStoreFrom([pki.ca.certPem]),
    });
    phone = new EgovMobileStandin(async (url, init) => routes.request(url, init));
  });
  afterAll(async () => {
    await responder?.close();
    await database?.dispose();
  });

  /** A draft of the test PKI's person (or of `iin`) with a fresh QR code. */
  async function qrFor(iin = pki.iin) {
    clock = new Date();
    const { parent, app } = await parentWithDraft(db, iin, clock);
    const link = await mgov.start(db, { applicationId: app.id, parentId: parent.id, now: clock });
    const withStatement = (await getApplication(db, app.id))!;
    const statement = (await getStoredFile(db, withStatement.statementFileId!))!;
    return { parent, app: withStatement, link, statement };
  }

  /** Everything a refused request must leave alone. */
  async function snapshot(appId: string) {
    const app = (await getApplication(db, appId))!;
    return {
      status: app.status,
      version: app.version,
      signatures: (await db.select().from(signatures).where(eq(signatures.applicationId, appId))).length,
      outbox: (await db.select().from(outbox)).length,
      sessions: (await db.select().from(mobileSigningSessions).where(eq(mobileSigningSessions.applicationId, appId))).map((s) => ({
        usedAt: s.usedAt,
        replacedAt: s.replacedAt,
      })),
    };
  }

  it(
    "the app reads the QR code, is told who asks until when, signs " +
      "exactly the statement, and the application is signed and the bot told",
    async () => {
      const { parent, app, link, statement } = await qrFor();
      expect(link.qrText).toMatch(new RegExp(`^mobileSign:${PUBLIC_URL}/sign/mobile/[A-Za-z0-9_-]{43}$`));
      expect(link.launchUrl).toBe(`https://m.egov.kz/mobileSign/?link=${encodeURIComponent(api1Address(link.qrText))}`);
      expect(link.expiresAt.getTime() - clock.getTime()).toBe(15 * MINUTE);

      const { status, info } = await phone.serviceInfo(link.qrText);
      expect(status).toBe(200);
      expect(info).toEqual({
        description: `№ ${app.number} өтінішке қол қою`,
        expiry_date: link.expiresAt.toISOString().replace("Z", "+00:00"),
        organisation: { bin: "990140000106", nameRu: "Управление образования", nameKz: "Білім басқармасы", nameEn: "Education Department" },
        document: {
          uri: `${api1Address(link.qrText)}/document`,
          auth_type: "Bearer",
          auth_token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        },
      });
      const docs = await phone.documents(info);
      expect(docs.status).toBe(200);
      expect(docs.body.signMethod).toBe("CMS");
      expect(docs.body.documentsToSign).toHaveLength(1);
      const [doc] = docs.body.documentsToSign;
      expect(doc).toMatchObject({
        nameRu: `Заявление № ${app.number}.pdf`,
        nameKz: `№ ${app.number} өтініш.pdf`,
        nameEn: `Statement No. ${app.number}.pdf`,
      });
      expect(doc!.meta).toContainEqual({ name: "Өтініш нөмірі", value: app.number });
      expect(Buffer.from(doc!.documentCms, "base64").equals(Buffer.from(statement.bytes))).toBe(true);

      clock = new Date(clock.getTime() + MINUTE);
      const put = await phone.put(info, phone.sign(docs.body));
      expect(put).toEqual({ status: 200, body: { status: "signed", number: app.number } });
      expect((await getApplication(db, app.id))!.status).toBe("signed");
      const [sig] = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
      expect(sig).toMatchObject({ method: "eds", valid: true, signerIin: pki.iin, statementSha256: statement.sha256 });
      const rows = await db
        .select()
        .from(outbox)
        .where(eq(outbox.recipient, String(parent.telegramId)));
      expect(rows.map((r) => r.payload)).toEqual([
        { template: "signing-result", applicationId: app.id, number: app.number, lang: "kk", valid: true, failed: [] },
      ]);
    },
  );

  it("a detached signature from the launch link signs as well", async () => {
    const { app, link } = await qrFor();
    const { put } = await phone.scanAndSign(link.launchUrl, { detached: true });
    expect(put.body).toMatchObject({ status: "signed" });
    expect((await getApplication(db, app.id))!.status).toBe("signed");
  });

  it("a wrong or missing token is refused, on reading and on signing, and changes nothing", async () => {
    const { app, link } = await qrFor();
    const { info } = await phone.serviceInfo(link.qrText);
    const docs = await phone.documents(info);
    const signed = phone.sign(docs.body);
    const before = await snapshot(app.id);
    for (const token of [null, "A".repeat(43), info.document.auth_token.slice(1)]) {
      expect((await phone.documents(info, token)).status).toBe(401);
      const put = await phone.put(info, signed, token);
      expect(put).toMatchObject({ status: 401, body: { status: "refused", reason: "unauthorized" } });
    }
    expect(await snapshot(app.id)).toEqual(before);
    expect((await phone.put(info, signed)).body).toMatchObject({ status: "signed" });
  });

  it("a PUT is taken once: a replay is refused and changes nothing", async () => {
    const { app, link } = await qrFor();
    const { info, docs, put } = await phone.scanAndSign(link.qrText);
    expect(put.status).toBe(200);
    const before = await snapshot(app.id);
    expect(await phone.put(info, phone.sign(docs))).toMatchObject({ status: 410, body: { reason: "used" } });
    expect((await phone.serviceInfo(link.qrText)).status).toBe(410);
    expect(await snapshot(app.id)).toEqual(before);
  });

  it("an expired QR code is refused, whatever step the app is at, and changes nothing", async () => {
    const { app, link } = await qrFor();
    const { info } = await phone.serviceInfo(link.qrText);
    const docs = await phone.documents(info);
    const before = await snapshot(app.id);
    clock = new Date(clock.getTime() + 15 * MINUTE);
    expect(await phone.serviceInfo(link.qrText)).toMatchObject({ status: 410, info: { reason: "expired" } });
    expect((await phone.documents(info)).status).toBe(410);
    expect(await phone.put(info, phone.sign(docs.body))).toMatchObject({ status: 410, body: { reason: "expired" } });
    expect(await snapshot(app.id)).toEqual(before);
  });

  it(
    "another person's key, an authentication key or a signature over other bytes do not sign: " +
      "the statement stays unsigned, the attempt is kept for staff, the parent is told why",
    async () => {
      const cases = [
        { iin: makeIin("1990-06-30", "male"), options: {}, problems: ["other_person"] },
        { iin: pki.iin, options: { signer: pki.auth }, problems: ["authentication_key"] },
        { iin: pki.iin, options: { tamper: (pdf: Uint8Array) => Uint8Array.from([...pdf, 0x0a]) }, problems: ["wrong_content"] },
      ];
      for (const { iin, options, problems } of cases) {
        const { parent, app, link } = await qrFor(iin);
        const before = (await getApplication(db, app.id))!;
        const { info, docs, put } = await phone.scanAndSign(link.qrText, options);
        expect(put).toMatchObject({ status: 422, body: { status: "invalid", problems } });
        const after = (await getApplication(db, app.id))!;
        expect({ status: after.status, version: after.version }).toEqual({ status: "draft", version: before.version });
        const sigs = await db.select().from(signatures).where(eq(signatures.applicationId, app.id));
        expect(sigs.map((s) => s.valid)).toEqual([false]);
        const [row] = await db
          .select()
          .from(outbox)
          .where(eq(outbox.recipient, String(parent.telegramId)));
        expect(row!.payload).toMatchObject({ template: "signing-result", valid: false, failed: problems });
        // the QR code is used up: a second try needs a new one from the bot
        expect(await phone.put(info, phone.sign(docs))).toMatchObject({ status: 410, body: { reason: "used" } });
      }
    },
  );

  it("a GOST signature without NCANode does not sign, and the parent is told to sign another way", async () => {
    const { parent, app, link } = await qrFor();
    const { put } = await phone.scanAndSign(link.qrText, {
      replaceCms: (cms) => Buffer.from(gostify(new Uint8Array(Buffer.from(cms, "base64")))).toString("base64"),
    });
    expect(put).toMatchObject({ status: 422, body: { status: "invalid", problems: ["gost_needs_paper"] } });
    expect(put.body.message).toContain("ГОСТ");
    expect((await getApplication(db, app.id))!.status).toBe("draft");
    const [row] = await db
      .select()
      .from(outbox)
      .where(eq(outbox.recipient, String(parent.telegramId)));
    expect(row!.payload).toMatchObject({ valid: false, failed: ["gost_needs_paper"] });
  });

  it("the same signature PUT twice at once signs once", async () => {
    const { app, link } = await qrFor();
    const { info } = await phone.serviceInfo(link.qrText);
    const signed = phone.sign((await phone.documents(info)).body);
    const answers = await Promise.all([phone.put(info, signed), phone.put(info, signed), phone.put(info, signed)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 410, 410]);
    expect((await db.select().from(signatures).where(eq(signatures.applicationId, app.id))).length).toBe(1);
    expect((await getApplication(db, app.id))!.status).toBe("signed");
  });

  it("a truncated CMS, or a body that is not the app's, is refused without using the QR code up", async () => {
    const { app, link } = await qrFor();
    const { info } = await phone.serviceInfo(link.qrText);
    const docs = await phone.documents(info);
    const before = await snapshot(app.id);
    const truncated = phone.sign(docs.body, { replaceCms: (cms) => cms.slice(0, Math.floor(cms.length / 2 / 4) * 4) });
    expect(await phone.put(info, truncated)).toMatchObject({ status: 400, body: { reason: "malformed" } });
    expect((await phone.put(info, "not json")).status).toBe(400);
    expect((await phone.put(info, { ...phone.sign(docs.body), signMethod: "XML" })).status).toBe(400);
    const otherId = { ...docs.body, documentsToSign: docs.body.documentsToSign.map((d) => ({ ...d, id: "0000" })) };
    expect((await phone.put(info, phone.sign(otherId))).status).toBe(400);
    expect(await snapshot(app.id)).toEqual(before);
    expect((await phone.put(info, phone.sign(docs.body))).body).toMatchObject({ status: "signed" });
  });

  it("a 50 MB body is refused before it is read, in words the app can show, and changes nothing", async () => {
    const { app, link } = await qrFor();
    const { info } = await phone.serviceInfo(link.qrText);
    const before = await snapshot(app.id);
    const huge = JSON.stringify({ signMethod: "CMS", documentsToSign: [{ id: "x", documentCms: "A".repeat(50 * 1024 * 1024) }] });
    // Said in words eGov mobile can show the person holding the phone (Russian, as every refusal of ours there).
    expect(await phone.put(info, huge)).toMatchObject({
      status: 413,
      body: { reason: "malformed", message: expect.stringMatching(/слишком велик/) },
    });
    expect(await snapshot(app.id)).toEqual(before);
  });

  it("a parent's token does not open another parent's QR code", async () => {
    const mine = await qrFor();
    const theirs = await qrFor();
    const { info: myInfo } = await phone.serviceInfo(mine.link.qrText);
    const { info: theirInfo } = await phone.serviceInfo(theirs.link.qrText);
    const myDocs = await phone.documents(myInfo);
    const before = await snapshot(theirs.app.id);
    // my token, my signed statement, sent to their document's address
    expect(
      await phone.put({ ...myInfo, document: { ...myInfo.document, uri: theirInfo.document.uri } }, phone.sign(myDocs.body)),
    ).toMatchObject({ status: 401 });
    expect(
      (await phone.documents({ ...theirInfo, document: { ...theirInfo.document, auth_token: myInfo.document.auth_token } })).status,
    ).toBe(401);
    expect(await snapshot(theirs.app.id)).toEqual(before);
  });

  it("reading the QR code again hands out a new token and ends the earlier one; a new QR code ends the earlier code", async () => {
    const { parent, app, link } = await qrFor();
    const first = (await phone.serviceInfo(link.qrText)).info;
    const second = (await phone.serviceInfo(link.qrText)).info;
    expect(second.document.auth_token).not.toBe(first.document.auth_token);
    expect((await phone.documents(first)).status).toBe(401);
    expect((await phone.documents(second)).status).toBe(200);

    const newer = await mgov.start(db, { applicationId: app.id, parentId: parent.id, now: clock });
    expect(await phone.serviceInfo(link.qrText)).toMatchObject({ status: 410, info: { reason: "replaced" } });
    expect((await phone.documents(second)).status).toBe(410);
    expect((await phone.scanAndSign(newer.qrText)).put.body).toMatchObject({ status: "signed" });
  });

  it("a QR code for a statement made again, or for a draft cancelled meanwhile, no longer signs", async () => {
    const remade = await qrFor();
    const { info, docs } = await (async () => {
      const i = (await phone.serviceInfo(remade.link.qrText)).info;
      return { info: i, docs: (await phone.documents(i)).body };
    })();
    // an edit regenerates the statement: the old version is not what the school would get
    await fillStage(db, { applicationId: remade.app.id, stage: "fields", answers: { category: "large-family" }, now: clock });
    await prepareStatement(db, remade.app.id);
    const before = await snapshot(remade.app.id);
    expect(await phone.put(info, phone.sign(docs))).toMatchObject({ status: 410, body: { reason: "replaced" } });
    expect((await getApplication(db, remade.app.id))!.status).toBe("draft");
    expect((await snapshot(remade.app.id)).signatures).toBe(before.signatures);

    const cancelled = await qrFor();
    await changeStatus(db, {
      applicationId: cancelled.app.id,
      action: "cancel",
      principal: { kind: "parent", userId: cancelled.parent.id },
      now: clock,
    });
    expect(await phone.serviceInfo(cancelled.link.qrText)).toMatchObject({ status: 409, info: { reason: "not_draft" } });
  });

  it("no QR code is issued for another parent's application", async () => {
    const mine = await parentWithDraft(db, pki.iin, clock);
    const other = await parentWithDraft(db, makeIin("1979-11-02", "male"), clock);
    await expect(mgov.start(db, { applicationId: mine.app.id, parentId: other.parent.id, now: clock })).rejects.toMatchObject({
      reason: "not_found",
    });
    expect(await db.select().from(mobileSigningSessions).where(eq(mobileSigningSessions.applicationId, mine.app.id))).toEqual([]);
  });
});
