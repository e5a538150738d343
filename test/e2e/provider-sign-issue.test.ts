/**
 * "✍️ Sign and issue" end to end: staff tap it in the provider bot (the IIN is asked the first
 * time), open the signing link, post a CMS made with a key of the test CA, and the parent
 * receives the signed PDF; the card and the public check page say who signed it. Issuing
 * without EDS stays possible and is said so. A signature the school cannot stand behind issues
 * nothing and sends the parent nothing; the bot tells the staff member why and offers a new
 * link. The same document may be signed in eGov mobile instead (a stand-in acting as the app).
 */
import { eq } from "drizzle-orm";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import type { Server } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { serve } from "@hono/node-server";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { checkRoutes } from "#root/api/check/index.ts";
import { signingRoutes } from "#root/api/signing/index.ts";
import { staffSigningRoutes } from "#root/api/signing/staff.ts";
import { getApplication } from "#root/db/queries/applications.ts";
import { staff } from "#root/db/schema.ts";
import { performAction } from "#root/bot/provider/perform.ts";
import { formatDate } from "#root/flows/form.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { loadConfig } from "#root/config.ts";
import { makeIin } from "#root/flows/iin.ts";
import { trustStoreFrom, verifyCms } from "#root/flows/signatures/index.ts";
import { createLogger } from "#root/log.ts";
import { issueTestSigner, signCms, signCmsDer, testPki, type TestIdentity } from "#root/test/helpers/eds-test-ca.ts";
import {
  joinAsStaff,
  openAnnounced,
  registerInBot,
  seedSchool,
  startProviderHarness,
  submittedApplication,
  type ProviderHarness,
} from "#root/test/helpers/fixtures.ts";
import { startOcspResponder, type LocalResponder } from "#root/test/helpers/ocsp-responder.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";
import { api1Address, EgovMobileStandin } from "#root/test/helpers/egov-mobile-standin.ts";
import { readQrImage } from "#root/test/helpers/qr.ts";
import { SigexStandin } from "#root/test/helpers/sigex-standin.ts";

const BIN = "123456789012";
const OTHER_BIN = "210987654321";
const staffIin = makeIin("1986-05-14", "female", 733);
const otherIin = makeIin("1980-01-30", "male", 734);

let h: ProviderHarness;
let responder: LocalResponder;
let ownKey: TestIdentity;
let otherSchoolKey: TestIdentity;
let schoolSeal: TestIdentity;
let schoolId: number;
let nextUserId = 9100;

beforeAll(async () => {
  ownKey = issueTestSigner({ commonName: "АХМЕТОВА САУЛЕ", iin: staffIin });
  otherSchoolKey = issueTestSigner({ commonName: "ЖУМАБЕКОВ ЕРЛАН", iin: otherIin, bin: OTHER_BIN });
  schoolSeal = issueTestSigner({ commonName: "ШКОЛА-ГИМНАЗИЯ №12", bin: BIN });
  responder = await startOcspResponder("responder", [ownKey, otherSchoolKey, schoolSeal]);
});
afterAll(async () => {
  await responder?.close();
});
beforeEach(async () => {
  h = await startProviderHarness();
  schoolId = (await seedSchool(h.db, BIN, "Школа-гимназия №12")).id;
});
afterEach(async () => {
  await h.close();
});

/** The HTTP side as the system mounts it: the staff signing page and the check page. */
function web() {
  const log = createLogger("silent");
  const config = { ...loadConfig({}), edsOcspUrl: responder.url };
  return {
    signing: staffSigningRoutes({ db: h.db, log, config, now: () => new Date(), trust: trustStoreFrom([testPki().ca.certPem]) }),
    /** The parents' signing routes, which also answer eGov mobile (API №1 and №2). */
    mobile: signingRoutes({ db: h.db, log, config, now: () => new Date(), trust: trustStoreFrom([testPki().ca.certPem]) }),
    check: checkRoutes({ db: h.db, log, now: () => new Date() }),
  };
}

async function staffChat(role: "specialist" | "director" = "specialist"): Promise<TgChat> {
  const chat = tgUser(h.emulator, { id: ++nextUserId, firstName: "Сауле", lang: "ru" }).chatWith("provider_bot");
  if (role === "director") await joinAsStaff(chat, await h.invite(schoolId, "director"), "Гульнара Ахметова", "Директор");
  else await joinAsStaff(chat, await h.invite(schoolId, "specialist"), "Сауле Ахметова", "Заместитель директора по учебной работе");
  return chat;
}

async function parentChat(): Promise<TgChat> {
  const chat = tgUser(h.emulator, { id: ++nextUserId, firstName: "Айгерим", lang: "ru" }).chatWith("parent_bot");
  await chat.send("/start");
  return chat;
}

/** A meals application the specialist has registered and now opens to issue the certificate. */
async function registeredAndOpen(specialist: TgChat, parent: TgChat) {
  const app = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: parent.chat.user.id });
  await h.deliver();
  await openAnnounced(specialist, app.number);
  await registerInBot(specialist);
  await specialist.tap("Выдать справку");
  await specialist.nextMessage(/Подтверждаете/);
  return app;
}

/** A stand-in for SIGEX served over HTTP, as the bot reaches the real one. */
async function serveSigex(): Promise<{ standin: SigexStandin; url: string; close(): Promise<void> }> {
  let standin: SigexStandin | undefined;
  const server = await new Promise<Server>((resolve) => {
    const s = serve({ fetch: (req) => standin!.app.fetch(req), port: 0, hostname: "127.0.0.1" }, () => resolve(s as Server));
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  standin = new SigexStandin(url);
  return {
    standin,
    url,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** "Sign and issue" on a registered application: the staff member gives their IIN and gets the signing link's message. */
async function signingLinkFor(specialist: TgChat, parent: TgChat) {
  const app = await registeredAndOpen(specialist, parent);
  await specialist.tap("✍️ Подписать ЭЦП и выдать");
  await specialist.nextMessage(/введите ваш ИИН/);
  await specialist.send(staffIin);
  return { app, linkMessage: await specialist.nextMessage(/подготовлен, но ещё не выдан/) };
}

/** The signing link the bot sent (its URL button). */
function linkPath(message: { reply_markup?: { inline_keyboard: Array<Array<{ text: string; url?: string }>> } }): string {
  const url = message.reply_markup?.inline_keyboard.flat().find((b) => b.url)?.url;
  if (!url) throw new Error("the bot sent no signing link");
  return new URL(url).pathname;
}

/** The QR code in the bot's latest photo, read as a camera would, and the launch button's link. */
async function qrAndLaunchLink(chat: TgChat): Promise<{ qrText: string; launchUrl: string }> {
  const photo = await chat.nextMessage(/\[photo\] Отсканируйте QR-код в приложении eGov mobile/);
  const qrText = await readQrImage((await chat.downloadLast()).bytes);
  const button = photo.reply_markup?.inline_keyboard.flat().find((b) => b.text === "📱 Открыть eGov mobile");
  if (!qrText || !button || !("url" in button) || !button.url)
    throw new Error("The bot's photo has no readable QR code or no launch button");
  return { qrText, launchUrl: button.url };
}

const post = (app: ReturnType<typeof web>["signing"], path: string, cms: string) =>
  app.request(path, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify({ cms }) });

describe("sign and issue", () => {
  it(
    "asks the IIN the first time, links to the signing page, and " + "issues the signed certificate only when the signature verifies",
    async () => {
      const specialist = await staffChat();
      const parent = await parentChat();
      const app = await registeredAndOpen(specialist, parent);
      expect(specialist.lastKeyboard()).toEqual(["✅ Подтвердить", "✍️ Подписать ЭЦП и выдать", "Отмена"]);

      await specialist.tap("✍️ Подписать ЭЦП и выдать");
      await specialist.nextMessage(/введите ваш ИИН/);
      await specialist.send("123456789");
      await specialist.nextMessage(/ИИН состоит из 12 цифр/);
      await specialist.send(staffIin);
      const linkMessage = await specialist.nextMessage(/подготовлен, но ещё не выдан/);
      expect(linkMessage.text).toContain(app.number);
      const path = linkPath(linkMessage);
      expect(path).toMatch(/^\/sign\/staff\/[A-Za-z0-9_-]{44}$/);
      expect((await findActiveStaff(h.db, specialist.chat.user.id))?.iin).toBe(staffIin);

      // Nothing is issued or sent while the link waits.
      await h.deliver();
      expect(parent.botMessages().some((m) => /Результат выдан/.test(m.caption ?? m.text ?? ""))).toBe(false);
      expect((await getApplication(h.db, app.id))!.status).toBe("registered");

      const { signing, check } = web();
      const page = await signing.request(path);
      expect(page.status).toBe(200);
      // the link is the staff member's credential: never cached, framed or handed on as a referrer
      expect(page.headers.get("Cache-Control")).toBe("no-store");
      expect(page.headers.get("Referrer-Policy")).toBe("no-referrer");
      expect(page.headers.get("Content-Security-Policy")).toContain("frame-ancestors 'none'");
      const html = await page.text();
      expect(html).toContain("Подпишите документ ЭЦП и выдайте его");
      expect(html).toContain("Сауле Ахметова, Заместитель директора по учебной работе");
      expect(html).toContain('data-signer="any"');
      const pdf = new Uint8Array(await (await signing.request(`${path}/document.pdf`)).arrayBuffer());
      expect(Buffer.from(pdf.subarray(0, 5)).toString("latin1")).toBe("%PDF-");

      const cms = signCmsDer(pdf, { signer: ownKey });
      const answer = await post(signing, path, Buffer.from(cms).toString("base64"));
      expect(await answer.json()).toMatchObject({ status: "signed" });

      await h.deliver();
      const done = await parent.nextMessage(/Результат выдан/);
      expect(done.caption).toMatch(/подписан ЭЦП организации образования: Сауле Ахметова, Заместитель директора по учебной работе/);
      expect(Buffer.from((await parent.downloadLast()).bytes).equals(Buffer.from(pdf))).toBe(true);
      const copy = await specialist.nextMessage(/Копия выданного вами документа/);
      expect(copy.caption).toMatch(/подписан ЭЦП/);
      expect(Buffer.from((await specialist.downloadLast()).bytes).equals(Buffer.from(pdf))).toBe(true);

      await specialist.tap("Открыть заявление");
      const card = await specialist.nextMessage(/Статус: Результат выдан|Статус:/);
      expect(card.text).toMatch(/✍️ выдан с подписью ЭЦП: Сауле Ахметова, Заместитель директора по учебной работе/);

      // The check page: signed, verified, in both languages; the CMS under the check code.
      const [doc] = await listIssued(h.db, app.id);
      const ru = await (await check.request(`/check/${doc!.checkCode}?lang=ru`)).text();
      expect(ru).toContain("Подписан ЭЦП: Сауле Ахметова, Заместитель директора по учебной работе");
      expect(ru).toContain("Подпись проверена");
      const kk = await (await check.request(`/check/${doc!.checkCode}?lang=kk`)).text();
      expect(kk).toContain("ЭЦҚ-мен қол қойған: Сауле Ахметова");
      expect(kk).toContain("Қолтаңба құжат берілген кезде тексерілді");
      const p7s = await check.request(`/check/${doc!.checkCode}/signature.p7s`);
      expect(p7s.headers.get("Content-Type")).toBe("application/pkcs7-signature");
      expect(Buffer.from(await p7s.arrayBuffer()).equals(Buffer.from(cms))).toBe(true);

      // The link was for one signature.
      const again = await post(signing, path, Buffer.from(cms).toString("base64"));
      expect(await again.json()).toEqual({ status: "refused", reason: "used" });
    },
  );

  it("issuing without EDS stays possible, and the card and the check page say so", async () => {
    const specialist = await staffChat();
    const parent = await parentChat();
    const app = await registeredAndOpen(specialist, parent);
    await specialist.tap("✅ Подтвердить");
    await specialist.nextMessage(/Результат выдан/);
    await h.deliver();
    const done = await parent.nextMessage(/Результат выдан/);
    expect(done.caption).not.toMatch(/подписан ЭЦП/);
    await specialist.tap("Открыть заявление");
    const card = await specialist.nextMessage(/Статус:/);
    expect(card.text).toMatch(/выдан без ЭЦП/);
    const [doc] = await listIssued(h.db, app.id);
    const ru = await (await web().check.request(`/check/${doc!.checkCode}?lang=ru`)).text();
    expect(ru).toContain("Документ выдан без подписи ЭЦП");
    expect((await web().check.request(`/check/${doc!.checkCode}/signature.p7s`)).status).toBe(404);
  });

  it("a staff member of another school signing through the link issues nothing and sends the parent nothing", async () => {
    const specialist = await staffChat();
    const parent = await parentChat();
    const { app, linkMessage } = await signingLinkFor(specialist, parent);
    const path = linkPath(linkMessage);
    const { signing } = web();
    const pdf = new Uint8Array(await (await signing.request(`${path}/document.pdf`)).arrayBuffer());

    const answer = await post(signing, path, signCms(pdf, { signer: otherSchoolKey }));
    expect(await answer.json()).toEqual({ status: "invalid", problems: ["other_organisation"] });
    // The bot says why in the staff member's language (switched to Kazakh meanwhile), with a new link.
    await h.db.update(staff).set({ lang: "kk" }).where(eq(staff.telegramId, specialist.chat.user.id));
    await h.deliver();
    const told = await specialist.nextMessage(/қолтаңба қабылданбады, құжат берілген жоқ/);
    expect(told.text).toContain(`№ ${app.number}`);
    expect(told.text).toContain("Бұл басқа ұйымның кілті");
    expect(specialist.lastKeyboard()).toEqual(expect.arrayContaining(["✍️ Жаңа сілтеме алу", "Өтінішті ашу"]));
    expect(parent.botMessages().some((m) => /Результат выдан/.test(m.caption ?? m.text ?? ""))).toBe(false);
    expect((await getApplication(h.db, app.id))!.status).toBe("registered");
    expect(await listIssued(h.db, app.id)).toHaveLength(0);
    // the page behind a used link says so, in both languages
    const page = await signing.request(path);
    expect(page.status).toBe(410);
    expect(await page.text()).toContain("Эта ссылка уже использована");
  });

  it("the director signs the order notice with the school's organisation key after typing the order", async () => {
    const specialist = await staffChat();
    const director = await staffChat("director");
    const parent = await parentChat();
    const app = await submittedApplication(h.db, {
      serviceId: "home-schooling",
      schoolId,
      parentTelegramId: parent.chat.user.id,
      childName: "Сапаров Нурлан",
    });
    await performAction(h.deps, specialist.chat.user.id, { applicationId: app.id, action: "register", version: app.version });
    await performAction(h.deps, specialist.chat.user.id, { applicationId: app.id, action: "issue", version: app.version + 1 });
    await h.deliver();

    await director.send("/inbox");
    await director.nextMessage(/Заявления/);
    await director.tap(`№ ${app.number} · Сапаров Нурлан`);
    await director.nextMessage(/ожидается приказ директора/);
    await director.tap("Подписать приказ");
    await director.nextMessage(/номер приказа/);
    await director.send("45-Ж");
    await director.nextMessage(/дату приказа/);
    await director.send(formatDate(almatyDate(new Date())));
    await director.nextMessage(/Приказ: № 45-Ж/);
    // The same buttons, in the same order, as the certificate's confirmation (the order's were confirm, cancel, then sign).
    expect(director.lastKeyboard()).toEqual(["✅ Подтвердить", "✍️ Подписать ЭЦП и выдать", "Отмена"]);
    await director.tap("✍️ Подписать ЭЦП и выдать");
    await director.nextMessage(/введите ваш ИИН/);
    await director.send(makeIin("1975-09-09", "female", 735));
    const path = linkPath(await director.nextMessage(/Уведомление о приказе.*подготовлен, но ещё не выдан/s));
    const { signing } = web();
    const pdf = new Uint8Array(await (await signing.request(`${path}/document.pdf`)).arrayBuffer());
    expect(await (await post(signing, path, signCms(pdf, { signer: schoolSeal }))).json()).toMatchObject({ status: "signed" });

    await h.deliver();
    const notice = await parent.nextMessage(/Директор подписал приказ/);
    expect(notice.caption).toMatch(/подписан ЭЦП организации образования: Гульнара Ахметова, Директор/);
    expect(Buffer.from((await parent.downloadLast()).bytes).equals(Buffer.from(pdf))).toBe(true);
    expect((await getApplication(h.db, app.id))!.status).toBe("order_signed");
  });

  it("a mistyped IIN fails the staff member's own key until they change it from the link message", async () => {
    const specialist = await staffChat();
    const parent = await parentChat();
    const app = await registeredAndOpen(specialist, parent);
    await specialist.tap("✍️ Подписать ЭЦП и выдать");
    await specialist.nextMessage(/введите ваш ИИН/);
    await specialist.send(makeIin("1986-05-14", "female", 999));
    const first = await specialist.nextMessage(/подготовлен, но ещё не выдан/);
    expect(first.text).toMatch(/сверяется с вашим ИИН 8605\*{6}\d\d/);
    const { signing } = web();
    const path = linkPath(first);
    const pdf = new Uint8Array(await (await signing.request(`${path}/document.pdf`)).arrayBuffer());
    expect(await (await post(signing, path, signCms(pdf, { signer: ownKey }))).json()).toEqual({
      status: "invalid",
      problems: ["other_person"],
    });

    await specialist.tap("✏️ Изменить ИИН");
    await specialist.nextMessage(/введите ваш ИИН/);
    await specialist.send(staffIin);
    await specialist.nextMessage(/ИИН сохранён/);
    await specialist.tap("Открыть заявление");
    await specialist.nextMessage(/Статус: Зарегистрировано/);
    await specialist.tap("Выдать справку");
    await specialist.nextMessage(/Подтверждаете/);
    await specialist.tap("✍️ Подписать ЭЦП и выдать");
    const second = linkPath(await specialist.nextMessage(/подготовлен, но ещё не выдан/));
    const pdf2 = new Uint8Array(await (await signing.request(`${second}/document.pdf`)).arrayBuffer());
    expect(await (await post(signing, second, signCms(pdf2, { signer: ownKey }))).json()).toMatchObject({ status: "signed" });
    expect((await getApplication(h.db, app.id))!.status).toBe("completed");
  });

  it(
    "signs in eGov mobile: another school's key is refused and the bot says " +
      "why with a new link; the staff member's own key issues the document",
    async () => {
      const specialist = await staffChat();
      const parent = await parentChat();
      const { app } = await signingLinkFor(specialist, parent);
      expect(specialist.lastKeyboard()).toEqual(expect.arrayContaining(["✍️ Открыть страницу подписания", "📱 Подписать в eGov mobile"]));

      await specialist.tap("📱 Подписать в eGov mobile");
      const stale = await qrAndLaunchLink(specialist);
      const { mobile } = web();
      const phone = new EgovMobileStandin(async (url, init) => mobile.request(url, init));
      // a new QR code ends the one before
      await specialist.tap("🔄 Новый QR-код");
      const first = await qrAndLaunchLink(specialist);
      expect(first.qrText).not.toBe(stale.qrText);
      expect((await phone.serviceInfo(stale.qrText)).status).toBe(410);
      expect(first.qrText).toMatch(/^mobileSign:.*\/sign\/mobile\/[A-Za-z0-9_-]{43}$/);
      expect(first.launchUrl).toBe(`https://m.egov.kz/mobileSign/?link=${encodeURIComponent(api1Address(first.qrText))}`);

      const refused = await phone.scanAndSign(first.qrText, { signer: otherSchoolKey });
      expect(refused.put).toMatchObject({ status: 422, body: { status: "invalid", problems: ["other_organisation"] } });
      await h.deliver();
      const told = await specialist.nextMessage(/не принята, документ не выдан/);
      expect(told.text).toContain(app.number);
      expect(told.text).toContain("Это ключ другой организации");
      expect(parent.botMessages().some((m) => /Результат выдан/.test(m.caption ?? m.text ?? ""))).toBe(false);
      expect(await listIssued(h.db, app.id)).toHaveLength(0);
      // the same QR code takes no second signature
      expect((await phone.serviceInfo(first.qrText)).status).toBe(410);

      await specialist.tap("✍️ Получить новую ссылку");
      await specialist.nextMessage(/подготовлен, но ещё не выдан/);
      await specialist.tap("📱 Подписать в eGov mobile");
      const second = await qrAndLaunchLink(specialist);
      expect(second.qrText).not.toBe(first.qrText);
      const { docs, put } = await phone.scanAndSign(second.launchUrl, { signer: ownKey });
      expect(put).toMatchObject({ status: 200, body: { status: "signed" } });
      const pdf = Buffer.from(docs.documentsToSign[0]!.documentCms, "base64");

      await h.deliver();
      const done = await parent.nextMessage(/Результат выдан/);
      expect(done.caption).toMatch(/подписан ЭЦП организации образования: Сауле Ахметова/);
      expect(Buffer.from((await parent.downloadLast()).bytes).equals(pdf)).toBe(true);
      await specialist.nextMessage(/Копия выданного вами документа/);
      expect((await getApplication(h.db, app.id))!.status).toBe("completed");

      // The app signs with the document inside; under the check code the signature is served
      // without it (the document names the child, with the IIN) and still verifies against it.
      const [doc] = await listIssued(h.db, app.id);
      const p7s = new Uint8Array(await (await web().check.request(`/check/${doc!.checkCode}/signature.p7s`)).arrayBuffer());
      expect(Buffer.from(p7s).includes(pdf)).toBe(false);
      const verified = await verifyCms({ cms: p7s, data: pdf, trust: trustStoreFrom([testPki().ca.certPem]) });
      expect(verified.attached).toBe(false);
      expect(verified.checks.filter((c) => ["message_digest", "signature"].includes(c.name))).toMatchObject([{ ok: true }, { ok: true }]);
    },
  );

  it("signs in eGov mobile through SIGEX: the bot sends SIGEX's QR code, and the signature made in the app issues it", async () => {
    // An operator without an mgovSign registration of its own: SIGEX relays eGov mobile.
    const sigex = await serveSigex();
    const trustDir = mkdtempSync(join(tmpdir(), "desk-trust-"));
    writeFileSync(join(trustDir, "test-ca.pem"), testPki().ca.certPem);
    await h.close();
    h = await startProviderHarness({ env: { SIGEX_URL: sigex.url, EDS_TRUST_DIR: trustDir, EDS_OCSP_URL: responder.url } });
    schoolId = (await seedSchool(h.db, BIN, "Школа-гимназия №12")).id;
    try {
      const specialist = await staffChat();
      const parent = await parentChat();
      const { app } = await signingLinkFor(specialist, parent);
      // SIGEX down: the staff member is told at once; the signing page's link stays good.
      sigex.standin.down = true;
      try {
        const query = await specialist.tap("📱 Подписать в eGov mobile");
        expect(await specialist.callbackAnswer(String(query))).toMatchObject({
          text: expect.stringMatching(/eGov mobile сейчас недоступно.*по ссылке выше/),
          showAlert: true,
        });
      } finally {
        sigex.standin.down = false;
      }
      await specialist.tap("📱 Подписать в eGov mobile");
      const { qrText, launchUrl } = await qrAndLaunchLink(specialist);
      expect(qrText).toMatch(/^mobileSign:http:\/\/127\.0\.0\.1:\d+\/api\/mgovSign\//);
      expect(launchUrl).toMatch(/^https:\/\/mgovsign\.page\.link\//);
      expect((await sigex.standin.latest()).description).toContain(app.number);
      await sigex.standin.phoneSigns({ signer: ownKey });
      await vi.waitFor(async () => expect(await listIssued(h.db, app.id)).toHaveLength(1), { timeout: 10_000 });
      await h.deliver();
      const done = await parent.nextMessage(/Результат выдан/);
      expect(done.caption).toMatch(/подписан ЭЦП организации образования: Сауле Ахметова/);
      expect((await getApplication(h.db, app.id))!.status).toBe("completed");
    } finally {
      await sigex.close();
      rmSync(trustDir, { recursive: true, force: true });
    }
  });

  it("a signature that comes after the application was decided otherwise issues nothing, and the bot says why", async () => {
    const specialist = await staffChat();
    const parent = await parentChat();
    const { app, linkMessage } = await signingLinkFor(specialist, parent);
    const path = linkPath(linkMessage);
    const { signing } = web();
    const pdf = new Uint8Array(await (await signing.request(`${path}/document.pdf`)).arrayBuffer());
    // meanwhile the certificate is issued without EDS
    const current = (await getApplication(h.db, app.id))!;
    expect(
      (await performAction(h.deps, specialist.chat.user.id, { applicationId: app.id, action: "issue", version: current.version })).html,
    ).toMatch(/Результат выдан/);

    expect(await (await post(signing, path, signCms(pdf, { signer: ownKey }))).json()).toEqual({
      status: "refused",
      reason: "not_pending",
    });
    await h.deliver();
    const told = await specialist.nextMessage(/тем временем принято другое решение/);
    expect(told.text).toContain(`№ ${app.number}`);
    expect(specialist.lastKeyboard()).toEqual(["Открыть заявление"]);
    expect(await listIssued(h.db, app.id)).toHaveLength(1);
  });
});
