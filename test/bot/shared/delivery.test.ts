/**
 * Delivering a parent's notice that attaches a result document (bot/shared/delivery.ts) after the
 * school revoked that document: the notice was written when the certificate was issued, and waited
 * to be tried again. The parent is never handed the revoked PDF nor told it was issued: the
 * revocation's own notice tells them, and the older one is recorded as superseded, never sent;
 * when the revocation's notice could not be sent, its words go in the older one's place, without the file.
 * The request to rate the decision is not sent either, and the issuing staff member's copy goes
 * without the file, saying it was revoked (or not at all when they revoked it themselves).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { listIssued } from "#root/db/queries/issued.ts";
import { getOutboxRow, outboxStats } from "#root/db/queries/outbox.ts";
import { decide, revoke } from "#root/flows/decisions.ts";
import { t } from "#root/flows/i18n.ts";
import { statusLabelKey } from "#root/flows/lifecycle.ts";
import type { Mail, Mailer } from "#root/flows/mailer.ts";
import { revocationNoticeKey } from "#root/flows/revocation.ts";
import { getService } from "#root/flows/services/index.ts";
import {
  decidedApplication,
  seedSchool,
  seedStaff,
  startProviderHarness,
  submittedApplication,
  type ProviderHarness,
} from "#root/test/helpers/fixtures.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

let h: ProviderHarness;
/** The sender's clock: moved on past a retry's backoff (2 s) by the test. */
let clock: number;
/** What the mailer was given; it refuses the next `refuse` mails as an unreachable server would. */
let mails: Mail[];
let refuse: number;
const mailer: Mailer = {
  kind: "smtp",
  async send(mail) {
    if (refuse > 0 && refuse--) throw new Error("connect ECONNREFUSED 127.0.0.1:25");
    mails.push(mail);
  },
  close() {},
};
beforeEach(async () => {
  mails = [];
  refuse = 0;
  h = await startProviderHarness({ now: () => new Date(clock), mailer });
  // Rows take their first attempt time from the database's clock: this one starts after it.
  clock = Date.now() + 5000;
});
afterEach(async () => {
  await h.close();
});

const REASON = "Справка выдана по ошибке: семья не относится к категории.";
const issuedText = t("ru", statusLabelKey(getService("meals"), "completed"));

/**
 * A meals certificate issued to the parent in `chat`, whose notice (the PDF attached) Telegram
 * refuses once with a 502: it waits to be tried again. Returns the application, the certificate
 * and the notice's outbox row.
 */
async function certificateNoticeWaiting(chatId: number, bin: string) {
  const school = await seedSchool(h.db, bin, "Школа №7");
  const specialist = await seedStaff(h.db, {
    schoolId: school.id,
    telegramId: chatId + 100,
    role: "specialist",
    fullName: "Нурланова Алия",
  });
  const sent = await submittedApplication(h.db, {
    serviceId: "meals",
    schoolId: school.id,
    parentTelegramId: chatId,
    now: new Date(clock),
  });
  const app = await decidedApplication(h.db, sent, specialist, new Date(clock));
  const [certificate] = await listIssued(h.db, app.id);
  const noticeKey = `app:${app.id}:v${app.version}:completed:parent:${chatId}`;
  h.emulator.faults.addRule({ methods: ["sendDocument"], kind: "error", status: 502, times: 1 });
  await h.deliver();
  expect(await getOutboxRow(h.db, noticeKey)).toMatchObject({ status: "pending", lastError: expect.stringMatching(/^502/) });
  return { app, certificate: certificate!, specialist, noticeKey };
}

async function parentChat(id: number): Promise<TgChat> {
  const chat = tgUser(h.emulator, { id, firstName: "Айгерим", lang: "ru" }).chatWith("parent_bot");
  await chat.send("/start");
  return chat;
}

const documentsIn = (chat: TgChat) => chat.botMessages().filter((m) => m.document);
const textsOf = (chat: TgChat) => chat.botMessages().map((m) => m.text ?? m.caption ?? "");

describe("a parent's notice whose attached document the school revoked before it went", () => {
  it("is not sent once the revocation's notice went: the parent gets no PDF and no 'issued', only the revocation", async () => {
    const parent = await parentChat(93_001);
    const { app, certificate, specialist, noticeKey } = await certificateNoticeWaiting(93_001, "260915000001");
    expect(
      await revoke(h.db, { staff: specialist, applicationId: app.id, documentId: certificate.id, reason: REASON, now: new Date(clock) }),
    ).toMatchObject({ ok: true });

    // The retry is due, and so is the revocation's notice, behind it.
    clock += 3000;
    await h.deliver();
    clock += 60_000;
    await h.deliver();

    const revoked = textsOf(parent).filter((text) => text.includes(`Школа отозвала документ № ${certificate.number}`));
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toContain(REASON);
    expect(documentsIn(parent)).toEqual([]);
    expect(textsOf(parent).filter((text) => text.includes(issuedText))).toEqual([]);
    // The older notice is settled: superseded, saying why, never sent and never to be tried again.
    const notice = (await getOutboxRow(h.db, noticeKey))!;
    expect(notice).toMatchObject({ status: "superseded", sentAt: null });
    expect(notice.lastError).toContain(`document ${certificate.number} was revoked`);
    expect(await getOutboxRow(h.db, revocationNoticeKey(certificate.id))).toMatchObject({ status: "sent" });
    expect((await outboxStats(h.db)).superseded).toBe(1);
  }, 60_000);

  it("goes as the revocation, without the PDF, when the revocation's own notice could not be sent", async () => {
    const parent = await parentChat(93_002);
    const { app, certificate, specialist, noticeKey } = await certificateNoticeWaiting(93_002, "260915000002");
    expect(
      await revoke(h.db, { staff: specialist, applicationId: app.id, documentId: certificate.id, reason: REASON, now: new Date(clock) }),
    ).toMatchObject({ ok: true });
    // Telegram refuses the revocation's notice for good (a 400 no retry helps); the older notice waits before it.
    h.emulator.faults.addRule({ methods: ["sendMessage"], kind: "error", status: 400, times: 1 });
    clock += 3000;
    await h.deliver();
    expect(await getOutboxRow(h.db, revocationNoticeKey(certificate.id))).toMatchObject({ status: "failed" });
    clock += 60_000;
    await h.deliver();

    // The parent is told of the revocation once, in the older notice's place, with no file and no 'issued'.
    const revoked = textsOf(parent).filter((text) => text.includes(`Школа отозвала документ № ${certificate.number}`));
    expect(revoked).toHaveLength(1);
    expect(revoked[0]).toContain(REASON);
    expect(documentsIn(parent)).toEqual([]);
    expect(textsOf(parent).filter((text) => text.includes(issuedText))).toEqual([]);
    expect(await getOutboxRow(h.db, noticeKey)).toMatchObject({ status: "sent" });
  }, 60_000);

  it("still goes with its PDF while the document stands", async () => {
    const parent = await parentChat(93_003);
    const { noticeKey } = await certificateNoticeWaiting(93_003, "260915000003");
    clock += 3000;
    await h.deliver();
    expect(documentsIn(parent)).toHaveLength(1);
    expect(documentsIn(parent)[0]!.caption).toContain(issuedText);
    expect(await getOutboxRow(h.db, noticeKey)).toMatchObject({ status: "sent" });
  }, 60_000);

  it("by email: the director's order notice is not mailed with its PDF once the school revoked the order", async () => {
    const school = await seedSchool(h.db, "260915000004", "Школа №8");
    const specialist = await seedStaff(h.db, { schoolId: school.id, telegramId: 93_104, role: "specialist", fullName: "Нурланова Алия" });
    const director = await seedStaff(h.db, { schoolId: school.id, telegramId: 93_105, role: "director", fullName: "Ахметова Гүлнар" });
    const email = "parent@example.kz";
    const sent = await submittedApplication(h.db, {
      serviceId: "home-schooling",
      schoolId: school.id,
      parentTelegramId: 93_004,
      email,
      now: new Date(clock),
    });
    const issued = await decidedApplication(h.db, sent, specialist, new Date(clock));
    const ordered = await decide(h.db, {
      staff: director,
      decision: { applicationId: issued.id, action: "order", version: issued.version, order: { number: "45-Ж", date: "2026-09-15" } },
      now: new Date(clock),
      publicUrl: "https://desk.example.kz",
    });
    expect(ordered).toMatchObject({ ok: true, application: { status: "order_signed" } });
    if (!ordered.ok) return;
    const mailKey = `app:${issued.id}:v${ordered.application.version}:order_signed:email`;
    // The mail server is out when the order notice is first mailed: the mail waits to be tried again.
    refuse = 1;
    await h.deliver();
    expect(await getOutboxRow(h.db, mailKey)).toMatchObject({ status: "pending", lastError: expect.stringMatching(/^smtp:/) });

    const order = (await listIssued(h.db, issued.id)).find((d) => d.kind === "order")!;
    const reason = "Приказ издан ошибочно: заключение ВКК отозвано.";
    expect(
      await revoke(h.db, { staff: director, applicationId: issued.id, documentId: order.id, reason, now: new Date(clock) }),
    ).toMatchObject({ ok: true });
    clock += 60_000;
    await h.deliver();

    // Nothing is mailed: the parent's chat is told of the revocation; the mail is recorded as superseded.
    expect(mails).toEqual([]);
    const mail = (await getOutboxRow(h.db, mailKey))!;
    expect(mail).toMatchObject({ status: "superseded", sentAt: null });
    expect(mail.lastError).toContain(`document ${order.number} was revoked`);
    expect(await getOutboxRow(h.db, revocationNoticeKey(order.id))).toMatchObject({ channel: "parent", recipient: "93004" });
  }, 60_000);
});

/**
 * A meals certificate issued to the parent in `chatId` while Telegram answers every call with a 502:
 * the parent's notice, the request to rate and the specialist's copy all wait to be tried again.
 */
async function everythingWaiting(chatId: number, bin: string) {
  const school = await seedSchool(h.db, bin, "Школа №9");
  const specialist = await seedStaff(h.db, {
    schoolId: school.id,
    telegramId: chatId + 100,
    role: "specialist",
    fullName: "Нурланова Алия",
  });
  const director = await seedStaff(h.db, { schoolId: school.id, telegramId: chatId + 200, role: "director", fullName: "Ахметова Гүлнар" });
  const sent = await submittedApplication(h.db, {
    serviceId: "meals",
    schoolId: school.id,
    parentTelegramId: chatId,
    now: new Date(clock),
  });
  const app = await decidedApplication(h.db, sent, specialist, new Date(clock));
  const [certificate] = await listIssued(h.db, app.id);
  const ratingKey = `app:${app.id}:rating`;
  const copyKey = `app:${app.id}:v${app.version}:completed:issuer:${chatId + 100}`;
  h.emulator.faults.addRule({ methods: "*", kind: "error", status: 502 });
  await h.deliver();
  h.emulator.faults.reset();
  expect(await getOutboxRow(h.db, ratingKey)).toMatchObject({ status: "pending", lastError: expect.stringMatching(/^502/) });
  expect(await getOutboxRow(h.db, copyKey)).toMatchObject({ status: "pending", lastError: expect.stringMatching(/^502/) });
  return { app, certificate: certificate!, specialist, director, ratingKey, copyKey };
}

const ratingAsked = (chat: TgChat) => textsOf(chat).filter((text) => text.includes("Оцените от 1"));

describe("the request to rate a decision whose result the school revoked before it went", () => {
  it("is not sent: the parent is told of the revocation and not asked to rate the service", async () => {
    const parent = await parentChat(93_011);
    const { app, certificate, specialist, ratingKey } = await everythingWaiting(93_011, "260915000011");
    expect(
      await revoke(h.db, { staff: specialist, applicationId: app.id, documentId: certificate.id, reason: REASON, now: new Date(clock) }),
    ).toMatchObject({ ok: true });
    clock += 60_000;
    await h.deliver();
    clock += 60_000;
    await h.deliver();

    expect(textsOf(parent).filter((text) => text.includes(`Школа отозвала документ № ${certificate.number}`))).toHaveLength(1);
    expect(ratingAsked(parent)).toEqual([]);
    // Settled for good, saying why: never sent, never to be tried again, no failure.
    const rating = (await getOutboxRow(h.db, ratingKey))!;
    expect(rating).toMatchObject({ status: "superseded", sentAt: null });
    expect(rating.lastError).toContain(`document ${certificate.number}, was revoked`);
  }, 60_000);

  it("is still sent while the result stands, and one sent before the revocation stays as it went", async () => {
    const parent = await parentChat(93_012);
    const { app, certificate, specialist, ratingKey } = await everythingWaiting(93_012, "260915000012");
    clock += 60_000;
    await h.deliver();
    expect(ratingAsked(parent)).toHaveLength(1);
    expect(await getOutboxRow(h.db, ratingKey)).toMatchObject({ status: "sent" });

    expect(
      await revoke(h.db, { staff: specialist, applicationId: app.id, documentId: certificate.id, reason: REASON, now: new Date(clock) }),
    ).toMatchObject({ ok: true });
    clock += 60_000;
    await h.deliver();
    expect(ratingAsked(parent)).toHaveLength(1);
    expect(await getOutboxRow(h.db, ratingKey)).toMatchObject({ status: "sent" });
  }, 60_000);
});

/** The staff member's chat with the provider bot (opened with /start, as they did when they joined). */
async function staffChat(id: number): Promise<TgChat> {
  const chat = tgUser(h.emulator, { id, firstName: "Алия", lang: "ru" }).chatWith("provider_bot");
  await chat.send("/start");
  return chat;
}

describe("the issuing staff member's copy of a document the school revoked before it went", () => {
  it("goes without the PDF, saying the document was revoked, when another staff member revoked it", async () => {
    const specialist = await staffChat(93_121);
    const { app, certificate, director, copyKey } = await everythingWaiting(93_021, "260915000021");
    expect(
      await revoke(h.db, { staff: director, applicationId: app.id, documentId: certificate.id, reason: REASON, now: new Date(clock) }),
    ).toMatchObject({ ok: true });
    clock += 60_000;
    await h.deliver();

    // The specialist who issued it learns it was revoked, and why, in the copy's place: no file, no 'copy'.
    expect(documentsIn(specialist)).toEqual([]);
    const copies = textsOf(specialist).filter((text) => text.includes(`выданный вами документ № ${certificate.number}`));
    expect(copies).toHaveLength(1);
    expect(copies[0]).toContain("отозвала");
    expect(copies[0]).toContain(REASON);
    expect(textsOf(specialist).filter((text) => text.includes("Копия выданного вами документа"))).toEqual([]);
    expect(await getOutboxRow(h.db, copyKey)).toMatchObject({ status: "sent" });
  }, 60_000);

  it("is not sent when the staff member who issued it revoked it themselves: recorded as superseded", async () => {
    const specialist = await staffChat(93_122);
    const { app, certificate, specialist: issuer, copyKey } = await everythingWaiting(93_022, "260915000022");
    expect(
      await revoke(h.db, { staff: issuer, applicationId: app.id, documentId: certificate.id, reason: REASON, now: new Date(clock) }),
    ).toMatchObject({ ok: true });
    clock += 60_000;
    await h.deliver();

    // Nothing of it reaches them after the revocation they made themselves: no file, no copy, no second word of it.
    expect(documentsIn(specialist)).toEqual([]);
    const ofIt = textsOf(specialist).filter((text) => text.includes(certificate.number) || text.includes("Копия выданного вами документа"));
    expect(ofIt).toEqual([]);
    const copy = (await getOutboxRow(h.db, copyKey))!;
    expect(copy).toMatchObject({ status: "superseded", sentAt: null });
    expect(copy.lastError).toContain(`document ${certificate.number} was revoked`);
  }, 60_000);

  it("still goes with its PDF while the document stands", async () => {
    const specialist = await staffChat(93_123);
    const { copyKey } = await everythingWaiting(93_023, "260915000023");
    clock += 60_000;
    await h.deliver();
    expect(documentsIn(specialist)).toHaveLength(1);
    expect(documentsIn(specialist)[0]!.caption).toContain("Копия выданного вами документа");
    expect(await getOutboxRow(h.db, copyKey)).toMatchObject({ status: "sent" });
  }, 60_000);
});
