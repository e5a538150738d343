/**
 * A parent signs the statement in eGov mobile, through the real parent bot and the playground:
 * "Sign in eGov mobile" is the first way offered; the bot sends the QR code as a photo and a
 * button that opens the app on the same phone; a stand-in for eGov mobile reads the QR code,
 * signs with the test PKI's key over HTTP, and the parent's bot says the signature is right
 * and offers to send the statement to the school.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import { serve } from "@hono/node-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getApplication, listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { testPki } from "#root/test/helpers/eds-test-ca.ts";
import { api1Address, EgovMobileStandin } from "#root/test/helpers/egov-mobile-standin.ts";
import { startOcspResponder, type LocalResponder } from "#root/test/helpers/ocsp-responder.ts";
import { bornForGrade, mealsToDocuments, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { readQrImage } from "#root/test/helpers/qr.ts";
import { SigexStandin } from "#root/test/helpers/sigex-standin.ts";
import { JPEG, PDF, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";

let system: TestSystem;
let ocsp: LocalResponder;
let trustDir: string;
const phone = new EgovMobileStandin((url, init) => fetch(url, init));

beforeAll(async () => {
  const pki = testPki();
  trustDir = mkdtempSync(join(tmpdir(), "desk-trust-"));
  writeFileSync(join(trustDir, "test-ca.pem"), pki.ca.certPem);
  ocsp = await startOcspResponder();
  system = await startTestSystem({ env: { EDS_TRUST_DIR: trustDir, EDS_OCSP_URL: ocsp.url, ORG_BIN: "990140000106" } });
});
afterAll(async () => {
  await system?.close();
  await ocsp?.close();
  if (trustDir) rmSync(trustDir, { recursive: true, force: true });
});

/** A registered parent (the test PKI's person by default) with a meals statement made, at the choice of how to sign. */
async function parentAtSigning(childSeq: number, on: TestSystem = system, iin = testPki().iin): Promise<TgChat> {
  const parent = on.parent({ lang: "ru" });
  await registerInRussian(parent, "Әбілқасымова Гүлнұр Серікқызы", iin);
  // A document with its page in goes on by itself.
  await mealsToDocuments(parent, { name: "Әбілқасымов Нұрлан Асқарұлы", iin: makeIin(bornForGrade(4), "male", childSeq), grade: 4 });
  await parent.sendPhoto(JPEG);
  await parent.nextMessage(/Документ 2 из 2/);
  await parent.sendDocument(PDF, "asp.pdf", "application/pdf");
  // The review's buttons are the ways to sign: the statement is formed by the tap on one.
  await parent.nextMessage(/Проверьте заявление/);
  return parent;
}

/** The QR code in the bot's latest photo, read as a camera would, and the launch button's link. */
async function qrAndLaunchLink(parent: TgChat): Promise<{ qrText: string; launchUrl: string }> {
  const photo = await parent.nextMessage(/\[photo\] Подпишите заявление № .* в приложении eGov mobile/);
  const qrText = await readQrImage((await parent.downloadLast()).bytes);
  const button = photo.reply_markup?.inline_keyboard.flat().find((b) => b.text === "📱 Открыть eGov mobile");
  if (!qrText || !button || !("url" in button) || !button.url)
    throw new Error("The bot's photo has no readable QR code or no launch button");
  return { qrText, launchUrl: button.url };
}

describe("signing in eGov mobile", () => {
  it("goes from the parent's tap to a signed statement sent to school, the phone reading the QR code the bot sent", async () => {
    const parent = await parentAtSigning(41);
    const choice = parent.botMessages().at(-1)!;
    expect(choice.reply_markup?.inline_keyboard.flat().map((b) => b.text)[0]).toBe("📱 Подписать в eGov mobile");
    await parent.tap("📱 Подписать в eGov mobile");
    const { qrText, launchUrl } = await qrAndLaunchLink(parent);
    expect(qrText).toMatch(/^mobileSign:http:\/\/localhost:\d+\/sign\/mobile\/[A-Za-z0-9_-]{43}$/);
    // the same session, opened in eGov mobile on this phone
    expect(launchUrl).toBe(`https://m.egov.kz/mobileSign/?link=${encodeURIComponent(api1Address(qrText))}`);

    const { info, put } = await phone.scanAndSign(qrText);
    expect(info.organisation.bin).toBe("990140000106");
    expect(put).toMatchObject({ status: 200, body: { status: "signed" } });

    await parent.nextMessage(/Подпись заявления №.* проверена, всё верно/, { timeoutMs: 15_000 });
    await parent.tap("Отправить в школу");
    await parent.nextMessage(/отправлено в организацию образования «Общеобразовательная школа №1 \(ДЕМО\)»/);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    const [app] = await listParentApplications(system.database.db, user!.id);
    expect(app!.status).toBe("submitted");
  });

  it("a new QR code replaces the one that ran out, and only the new one signs; a rejected signature is explained in the chat", async () => {
    const parent = await parentAtSigning(42);
    await parent.tap("📱 Подписать в eGov mobile");
    const first = await qrAndLaunchLink(parent);
    await parent.tap("🔄 Новый QR-код");
    const second = await qrAndLaunchLink(parent);
    expect(second.qrText).not.toBe(first.qrText);
    expect((await phone.serviceInfo(first.qrText)).status).toBe(410);

    // signed with the authentication key: refused, the parent told why
    const { put } = await phone.scanAndSign(second.launchUrl, { signer: testPki().auth });
    expect(put).toMatchObject({ status: 422, body: { status: "invalid", problems: ["authentication_key"] } });
    await parent.nextMessage(/не прошла проверку[\s\S]*ключ для входа \(AUTH\)/, { timeoutMs: 15_000 });
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    const [app] = await listParentApplications(system.database.db, user!.id);
    expect((await getApplication(system.database.db, app!.id))!.status).toBe("draft");

    // a fresh QR code signs
    await parent.tap("🔄 Новый QR-код");
    const third = await qrAndLaunchLink(parent);
    expect((await phone.scanAndSign(third.qrText)).put.body).toMatchObject({ status: "signed" });
    await parent.nextMessage(/проверена, всё верно/, { timeoutMs: 15_000 });
  });
});

describe("changing the way to sign", () => {
  it("a parent who chose paper and then signed in eGov mobile anyway sends the statement to school, and its buttons work", async () => {
    const parent = await parentAtSigning(43);
    await parent.tap("📱 Подписать в eGov mobile");
    const { qrText } = await qrAndLaunchLink(parent);
    await parent.tap("📄 Загрузить подписанное бумажное заявление");
    await parent.nextMessage(/Распечатайте заявление/);
    // The photo is not sent: the parent signs in the app after all.
    expect((await phone.scanAndSign(qrText)).put.body).toMatchObject({ status: "signed" });
    await parent.nextMessage(/Подпись заявления №.* проверена, всё верно/, { timeoutMs: 15_000 });
    await parent.tap("Отправить в школу");
    await parent.nextMessage(/отправлено в организацию образования/);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    const [app] = await listParentApplications(system.database.db, user!.id);
    expect((await getApplication(system.database.db, app!.id))!.status).toBe("submitted");
  });

  it("the paper route sends the statement to print with its request when the parent comes back to it from /my", async () => {
    const parent = await parentAtSigning(44);
    // Chosen on the review: the statement just formed is right above the request, not sent twice.
    await parent.tap("📄 Загрузить подписанное бумажное заявление");
    await parent.nextMessage(/^\[document statement-.*\.pdf\] .*сформировано/);
    const ask = await parent.nextMessage(/Распечатайте заявление/);
    expect(ask.document).toBeUndefined();
    // Back later through "My applications": the request comes with the PDF to print.
    await parent.send("/my");
    await parent.nextMessage(/Мои заявления/);
    await parent.tap(parent.lastKeyboard()[0]!);
    await parent.nextMessage(/Статус/);
    await parent.tap("▶ Продолжить");
    await parent.nextMessage(/Проверьте заявление/);
    await parent.tap("📄 Загрузить подписанное бумажное заявление");
    const again = await parent.nextMessage(/Распечатайте заявление/);
    expect(again.document?.file_name).toMatch(/^statement-.*\.pdf$/);
    expect(Buffer.from((await parent.downloadLast()).bytes.subarray(0, 5)).toString()).toBe("%PDF-");
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/подписано\. Отправить его в школу/);
  });
});

describe("the playground's eGov mobile", () => {
  let playground: TestSystem;
  beforeAll(async () => {
    // As `npm start` runs it by hand: no NCA certificates, revocation off.
    // The playground as a newcomer starts it: nothing configured.
    playground = await startTestSystem();
  });
  afterAll(() => playground?.close());

  const signAsPhone = async (userId: number, link: string) => {
    const res = await fetch(`http://localhost:${playground.port}/playground/api/phone/sign`, {
      method: "POST",
      headers: { "Content-Type": "application/json", "x-playground-key": playground.playground!.webKey },
      body: JSON.stringify({ userId, link }),
    });
    return (await res.json()) as { ok: boolean; error?: string; result?: unknown };
  };

  it("signs the statement behind the launch button as the chat's parent, with a demo key only the playground trusts", async () => {
    const parent = await parentAtSigning(43, playground, makeIin("1991-02-03", "female", 7));
    await parent.tap("📱 Подписать в eGov mobile");
    const photo = await parent.nextMessage(/\[photo\] Подпишите заявление/);
    const launch = photo.reply_markup!.inline_keyboard.flat().find((b) => b.text === "📱 Открыть eGov mobile") as { url: string };
    expect(await signAsPhone(parent.chat.user.id, launch.url)).toMatchObject({ ok: true, result: { status: "signed" } });
    await parent.nextMessage(/проверена, всё верно/, { timeoutMs: 15_000 });
    // the link is used up, and the helper says so
    expect(await signAsPhone(parent.chat.user.id, launch.url)).toMatchObject({ ok: false, error: expect.stringContaining("использована") });
    // only this server's eGov mobile addresses are followed
    expect(await signAsPhone(parent.chat.user.id, "https://m.egov.kz/mobileSign/?link=https%3A%2F%2Fexample.com%2Fx")).toMatchObject({
      ok: false,
    });
  });

  it("is refused without the playground's key", async () => {
    const res = await fetch(`http://localhost:${playground.port}/playground/api/phone/sign`, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ userId: 1, link: "x" }),
    });
    expect(res.status).toBe(401);
  });
});

describe("signing in eGov mobile through SIGEX", () => {
  let relayed: TestSystem;
  let sigex: SigexStandin;
  let server: Server;

  beforeAll(async () => {
    server = await new Promise<Server>((resolve) => {
      const s = serve({ fetch: (req) => sigex.app.fetch(req), port: 0, hostname: "127.0.0.1" }, () => resolve(s as Server));
    });
    sigex = new SigexStandin(`http://127.0.0.1:${(server.address() as { port: number }).port}`);
    relayed = await startTestSystem({
      env: {
        EDS_TRUST_DIR: trustDir,
        EDS_OCSP_URL: ocsp.url,
        SIGEX_URL: `http://127.0.0.1:${(server.address() as { port: number }).port}`,
      },
    });
  });
  afterAll(async () => {
    await relayed?.close();
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  it(
    "sends SIGEX's QR code and launch link; the signature made in " + "the app signs the statement; SIGEX down → the other ways at once",
    async () => {
      const parent = await parentAtSigning(44, relayed);
      await parent.tap("📱 Подписать в eGov mobile");
      const photo = await parent.nextMessage(/\[photo\] Подпишите заявление № .* в приложении eGov mobile/);
      expect(await readQrImage((await parent.downloadLast()).bytes)).toMatch(/^mobileSign:http:\/\/127\.0\.0\.1:\d+\/api\/mgovSign\//);
      const launch = photo.reply_markup!.inline_keyboard.flat().find((b) => b.text === "📱 Открыть eGov mobile") as { url: string };
      expect(launch.url).toMatch(/^https:\/\/mgovsign\.page\.link\//);
      await sigex.phoneSigns();
      await parent.nextMessage(/Подпись заявления №.* проверена, всё верно/, { timeoutMs: 15_000 });

      const other = await parentAtSigning(45, relayed);
      sigex.down = true;
      try {
        await other.tap("📱 Подписать в eGov mobile");
        const msg = await other.nextMessage(/Подписание через eGov mobile сейчас недоступно/);
        expect(msg.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual([
          "🔐 Подписать ЭЦП (компьютер с NCALayer)",
          "📄 Загрузить подписанное бумажное заявление",
        ]);
      } finally {
        sigex.down = false;
      }
    },
  );
});
