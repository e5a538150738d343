/**
 * A parent who blocked the parent bot and comes back is told what changed meanwhile (bot/parent/unblocked.ts,
 * flows/unblocked.ts), on every database backend. Before, every notice that met the block was recorded
 * `blocked` and never sent again: the parent learnt the school's decision, and got its PDF, only by digging
 * in /my. Now, when they unblock the bot — or write to it, should Telegram's word that they unblocked it not
 * come — one line says these are what changed while the bot was blocked, and what they need now follows,
 * once: each application's latest status with its document, a rating request that would still be sent,
 * nothing superseded meanwhile. A staff member unblocking the provider bot changes nothing of this.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { Message } from "grammy/types";
import { listIssued } from "#root/db/queries/issued.ts";
import { enqueue } from "#root/db/queries/outbox.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { decide, revoke } from "#root/flows/decisions.ts";
import { overdueNoticeKey } from "#root/flows/digest.ts";
import { t } from "#root/flows/i18n.ts";
import { statusLabelKey } from "#root/flows/lifecycle.ts";
import type { OverduePayload } from "#root/flows/notify.ts";
import { getService } from "#root/flows/services/index.ts";
import { backends } from "#root/test/helpers/databases.ts";
import {
  decidedApplication,
  seedSchool,
  seedStaff,
  startProviderHarness,
  submittedApplication,
  type ProviderHarness,
} from "#root/test/helpers/fixtures.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

const publicUrl = "https://desk.example.kz";
const meals = getService("meals");
const LINE = t("ru", "notify-parent-unblocked");
const ISSUED = t("ru", statusLabelKey(meals, "completed"));
const REGISTERED = t("ru", statusLabelKey(meals, "registered"));
const REFUSED = t("ru", statusLabelKey(meals, "refused", "missing-document"));
const rateAsk = (number: string) => `Как школа рассмотрела ваше заявление № ${number}`;
const textOf = (m: Message) => m.text ?? m.caption ?? "";

describe.each(backends)("a parent back after blocking the bot, on $name", (backend) => {
  let h: ProviderHarness;
  /** The sender's clock: ahead of the database's, which gives rows their first attempt time. */
  let clock: number;
  /** Deliver what is due, the sender's clock moved on by `ms` at least, and past every row written so far. */
  const deliver = async (ms = 0) => {
    clock = Math.max(clock + ms, Date.now() + 5000);
    await h.deliver();
  };
  beforeEach(async () => {
    clock = Date.now() + 5000;
    h = await startProviderHarness({ backend, parentBot: true, now: () => new Date(clock) });
  });
  afterEach(async () => {
    await h.close();
  });

  async function parentChat(id: number): Promise<TgChat> {
    const chat = tgUser(h.emulator, { id, firstName: "Айгерим", lang: "ru" }).chatWith("parent_bot");
    await chat.send("/start");
    await chat.nextMessage();
    return chat;
  }

  async function school(bin: string, specialistId: number) {
    const s = await seedSchool(h.db, bin, "Школа №7");
    const specialist = await seedStaff(h.db, { schoolId: s.id, telegramId: specialistId, role: "specialist", fullName: "Нурланова Алия" });
    return { school: s, specialist };
  }

  /** A meals application of the parent in chat `parentId`, sent to `schoolId`. */
  const sentBy = (parentId: number, schoolId: number) =>
    submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: parentId, now: new Date(clock) });

  /** The parent's row no longer says they blocked the bot: the update that brought them back was handled. */
  const back = (id: number) =>
    vi.waitFor(async () => expect((await findUserByTelegramId(h.db, id))?.blockedAt).toBeNull(), { timeout: 5000, interval: 50 });

  /** /help answered: every update of this chat before it was handled (one at a time per chat). */
  async function handled(chat: TgChat): Promise<void> {
    await chat.send("/help");
    await chat.nextMessage(/Как это работает/);
  }

  it("unblocking brings the line, the refusal and the certificate with its PDF, once; a second unblock brings nothing", async () => {
    const parent = await parentChat(71_001);
    const other = await parentChat(71_002);
    const { school: s, specialist } = await school("261207000101", 71_101);
    const refused = await sentBy(71_001, s.id);
    const issued = await sentBy(71_001, s.id);
    const othersApp = await sentBy(71_002, s.id);

    parent.chat.setBlocked(true);
    const refusal = { applicationId: refused.id, action: "refuse" as const, version: refused.version, reason: "missing-document" };
    expect(await decide(h.db, { staff: specialist, decision: refusal, now: new Date(clock), publicUrl })).toMatchObject({ ok: true });
    await decidedApplication(h.db, issued, specialist, new Date(clock));
    await decidedApplication(h.db, othersApp, specialist, new Date(clock));
    await deliver();
    expect((await findUserByTelegramId(h.db, 71_001))?.blockedAt).toBeInstanceOf(Date);
    const seen = parent.botMessages().length;

    parent.chat.setBlocked(false);
    await back(71_001);
    await deliver();
    const got = parent.botMessages().slice(seen);
    expect(got.map(textOf)).toEqual([
      LINE,
      expect.stringContaining(`№ ${refused.number}`),
      expect.stringContaining(rateAsk(refused.number)),
      expect.stringContaining(`№ ${issued.number}`),
      expect.stringContaining(rateAsk(issued.number)),
    ]);
    expect(textOf(got[1]!)).toContain(REFUSED);
    expect(textOf(got[3]!)).toContain(ISSUED);
    // Each with its document (the reasoned refusal, the certificate); nothing of the registration before the certificate.
    expect(got.filter((m) => m.document).map((m) => m.document!.file_name)).toEqual([
      `refusal-${refused.number}.pdf`,
      `certificate-${issued.number}.pdf`,
    ]);
    expect(new TextDecoder().decode((await parent.downloadLast()).bytes.slice(0, 5))).toBe("%PDF-");
    expect(got.filter((m) => textOf(m).includes(REGISTERED))).toEqual([]);

    // Blocked and unblocked again with nothing missed, and a message: nothing more.
    parent.chat.setBlocked(true);
    parent.chat.setBlocked(false);
    await handled(parent);
    await deliver();
    expect(
      parent
        .botMessages()
        .slice(seen + got.length)
        .map(textOf),
    ).toEqual([expect.stringMatching(/Как это работает/)]);

    // A parent who never blocked the bot got their notices as they came, and gets no line.
    await handled(other);
    await deliver();
    expect(other.botMessages().filter((m) => textOf(m) === LINE)).toEqual([]);
    expect(other.botMessages().filter((m) => m.document)).toHaveLength(1);
  }, 60_000);

  it("an unblock Telegram never said: the parent's next message brings them, after the line even when it must be tried again", async () => {
    const parent = await parentChat(72_001);
    const { school: s, specialist } = await school("261207000202", 72_101);
    // The parent is staff of the school too: their provider bot blocked and unblocked says nothing of the parent bot.
    await seedStaff(h.db, { schoolId: s.id, telegramId: 72_001, role: "specialist", fullName: "Сапарова Айгерим" });
    const asStaff = tgUser(h.emulator, { id: 72_001, firstName: "Айгерим", lang: "ru" }).chatWith("provider_bot");
    await asStaff.send("/start");
    await asStaff.nextMessage();
    const issued = await sentBy(72_001, s.id);
    parent.chat.setBlocked(true);
    await decidedApplication(h.db, issued, specialist, new Date(clock));
    await deliver();
    const seen = parent.botMessages().length;

    asStaff.chat.setBlocked(true);
    asStaff.chat.setBlocked(false);
    await asStaff.send("/start");
    await asStaff.nextMessage();
    await deliver();
    expect((await findUserByTelegramId(h.db, 72_001))?.blockedAt).toBeInstanceOf(Date);
    expect(parent.botMessages()).toHaveLength(seen);

    // Unblocked without the update (it was missed): the parent writes.
    h.emulator.faults.setBlocked(72_001, parent.chat.chat.botId!, false);
    await handled(parent);
    await back(72_001);
    // The line is refused once (a 502): the notices wait for it, then follow it.
    h.emulator.faults.addRule({ methods: ["sendMessage"], kind: "error", status: 502, times: 1 });
    await deliver();
    await deliver(3000);
    expect(parent.botMessages().slice(seen).map(textOf)).toEqual([
      expect.stringMatching(/Как это работает/),
      LINE,
      expect.stringContaining(ISSUED),
      expect.stringContaining(rateAsk(issued.number)),
    ]);
    expect(parent.botMessages().at(-2)!.document).toBeDefined();
  }, 60_000);

  it("superseded meanwhile, not sent: an overdue notice of a decided application, a revoked certificate, its rating", async () => {
    const parent = await parentChat(73_001);
    const { school: s, specialist } = await school("261207000303", 73_101);
    const decided = await sentBy(73_001, s.id);
    const revoked = await sentBy(73_001, s.id);
    const register = { applicationId: decided.id, action: "register" as const, version: decided.version };
    const registered = await decide(h.db, { staff: specialist, decision: register, now: new Date(clock), publicUrl });
    if (!registered.ok) throw new Error("not registered");
    await deliver();
    expect(parent.botMessages().at(-1)!.text).toContain(REGISTERED);

    parent.chat.setBlocked(true);
    // The morning digest finds it overdue; then the school decides; another certificate is issued, then revoked.
    const overdue: OverduePayload = {
      template: "overdue",
      applicationId: decided.id,
      number: decided.number,
      serviceId: "meals",
      deadlineAt: registered.application.deadlineAt!.toISOString(),
      reminded: true,
      lang: "ru",
    };
    await enqueue(h.db, [{ channel: "parent", recipient: "73001", payload: overdue, dedupeKey: overdueNoticeKey(decided.id) }]);
    await deliver();
    const issue = { applicationId: decided.id, action: "issue" as const, version: registered.application.version };
    expect(await decide(h.db, { staff: specialist, decision: issue, now: new Date(clock), publicUrl })).toMatchObject({ ok: true });
    const withdrawn = await decidedApplication(h.db, revoked, specialist, new Date(clock));
    const [certificate] = await listIssued(h.db, withdrawn.id);
    const reason = "Справка выдана по ошибке: семья не относится к категории.";
    const revocation = { staff: specialist, applicationId: withdrawn.id, documentId: certificate!.id, reason, now: new Date(clock) };
    expect(await revoke(h.db, revocation)).toMatchObject({ ok: true });
    await deliver();
    const seen = parent.botMessages().length;

    parent.chat.setBlocked(false);
    await back(73_001);
    await deliver();
    const got = parent.botMessages().slice(seen);
    expect(got.map(textOf)).toEqual([
      LINE,
      expect.stringContaining(`№ ${decided.number}`),
      expect.stringContaining(rateAsk(decided.number)),
      expect.stringContaining(`Школа отозвала документ № ${certificate!.number}`),
    ]);
    expect(textOf(got[1]!)).toContain(ISSUED);
    expect(got.filter((m) => m.document)).toHaveLength(1);
    expect(textOf(got[3]!)).toContain(reason);
    expect(got.filter((m) => /Срок рассмотрения/.test(textOf(m)))).toEqual([]);

    // Blocked again while a third application is registered, and back: that registration only, not the revocation again.
    parent.chat.setBlocked(true);
    const third = await sentBy(73_001, s.id);
    const registerThird = { applicationId: third.id, action: "register" as const, version: third.version };
    expect(await decide(h.db, { staff: specialist, decision: registerThird, now: new Date(clock), publicUrl })).toMatchObject({ ok: true });
    await deliver();
    parent.chat.setBlocked(false);
    await back(73_001);
    await deliver();
    const again = parent.botMessages().slice(seen + got.length);
    expect(again.map(textOf)).toEqual([LINE, expect.stringContaining(`№ ${third.number}`)]);
    expect(textOf(again[1]!)).toContain(REGISTERED);
  }, 60_000);

  it("nothing left to send (the revocation reached them before they wrote): no line at all", async () => {
    const parent = await parentChat(74_001);
    const { school: s, specialist } = await school("261207000404", 74_101);
    const app = await sentBy(74_001, s.id);
    parent.chat.setBlocked(true);
    const issued = await decidedApplication(h.db, app, specialist, new Date(clock));
    await deliver();
    expect((await findUserByTelegramId(h.db, 74_001))?.blockedAt).toBeInstanceOf(Date);
    // Unblocked without the update; the school revokes the certificate and the revocation reaches the parent.
    h.emulator.faults.setBlocked(74_001, parent.chat.chat.botId!, false);
    const [certificate] = await listIssued(h.db, issued.id);
    const reason = "Справка выдана по ошибке: семья не относится к категории.";
    const revocation = { staff: specialist, applicationId: issued.id, documentId: certificate!.id, reason, now: new Date(clock) };
    expect(await revoke(h.db, revocation)).toMatchObject({ ok: true });
    await deliver();
    const seen = parent.botMessages().length;
    expect(textOf(parent.botMessages().at(-1)!)).toContain(`Школа отозвала документ № ${certificate!.number}`);

    await handled(parent);
    await back(74_001);
    await deliver();
    expect(parent.botMessages().slice(seen).map(textOf)).toEqual([expect.stringMatching(/Как это работает/)]);
  }, 60_000);
});
