/**
 * Delivering a parent's notice that their application's deadline passed (written by the morning
 * digest, bot/shared/delivery.ts): it goes while the application still awaits the school's decision,
 * and is dropped — recorded as superseded, never sent — when the school decided it meanwhile (the
 * notice waited behind others, or to be tried again): a decided application is not announced as overdue.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { getOutboxRow } from "#root/db/queries/outbox.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { decide } from "#root/flows/decisions.ts";
import { overdueNoticeKey, queueDigests } from "#root/flows/digest.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { seedSchool, seedStaff, startProviderHarness, submittedApplication, type ProviderHarness } from "#root/test/helpers/fixtures.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

/** An instant given in Almaty time (UTC+5). */
const almaty = (iso: string) => new Date(`${iso}+05:00`);
const OVERDUE = "Срок рассмотрения заявления";

describe.each(backends)("a parent's notice that the deadline passed, on $name", (backend) => {
  let h: ProviderHarness;
  /** The sender's clock: after the database's, so every row written is due. */
  let clock: number;
  beforeEach(async () => {
    h = await startProviderHarness({ backend, now: () => new Date(clock) });
    clock = Date.now() + 5000;
  });
  afterEach(async () => {
    await h.close();
  });

  async function parentChat(id: number): Promise<TgChat> {
    const chat = tgUser(h.emulator, { id, firstName: "Айгерим", lang: "ru" }).chatWith("parent_bot");
    await chat.send("/start");
    return chat;
  }
  const textsOf = (chat: TgChat) => chat.botMessages().map((m) => m.text ?? "");

  /**
   * A home-schooling application (1 working day) registered on Thursday 12 March 2026, due Friday;
   * Monday's digest finds it overdue and writes its parent's notice, not delivered yet.
   */
  async function overdueNoticeWaiting(parentId: number, bin: string) {
    const school = await seedSchool(h.db, bin, "Школа №5");
    const specialist = await seedStaff(h.db, {
      schoolId: school.id,
      telegramId: parentId + 100,
      role: "specialist",
      fullName: "Нурланова Алия",
    });
    const thursday = almaty("2026-03-12T10:00:00");
    const sent = await submittedApplication(h.db, {
      serviceId: "home-schooling",
      schoolId: school.id,
      parentTelegramId: parentId,
      now: thursday,
    });
    const principal = { kind: "staff" as const, staffId: specialist.id, role: specialist.role, schoolId: school.id };
    const registered = await changeStatus(h.db, { applicationId: sent.id, action: "register", principal, now: thursday });
    if (!registered.ok) throw new Error(`register failed: ${registered.reason}`);
    await h.deliver(); // the registration's notice
    await queueDigests(h.db, almaty("2026-03-16T08:00:00"));
    const key = overdueNoticeKey(sent.id);
    expect(await getOutboxRow(h.db, key)).toMatchObject({ channel: "parent", recipient: String(parentId), status: "pending" });
    return { app: registered.application, specialist, key };
  }

  it("goes while the school has not decided: when it passed, the reminder, /support, and a button to the application", async () => {
    const parent = await parentChat(94_001);
    const { app, key } = await overdueNoticeWaiting(94_001, "260916000001");
    await h.deliver();
    const told = parent.botMessages().filter((m) => m.text?.includes(OVERDUE));
    expect(told).toHaveLength(1);
    expect(told[0]!.text).toContain(`№ ${app.number}`);
    expect(told[0]!.text).toContain("истёк 13.03.2026");
    expect(told[0]!.text).toContain("Школе направлено напоминание о сроке.");
    expect(told[0]!.text).toContain("/support");
    expect(told[0]!.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual(["Открыть заявление"]);
    expect(await getOutboxRow(h.db, key)).toMatchObject({ status: "sent" });
  }, 60_000);

  it("is not sent once the school decided meanwhile: superseded, saying why", async () => {
    const parent = await parentChat(94_002);
    const { app, specialist, key } = await overdueNoticeWaiting(94_002, "260916000002");
    const issued = await decide(h.db, {
      staff: specialist,
      decision: { applicationId: app.id, action: "issue", version: app.version },
      now: almaty("2026-03-16T09:00:00"),
      publicUrl: "https://desk.example.kz",
    });
    expect(issued).toMatchObject({ ok: true, application: { status: "completed" } });
    await h.deliver();

    expect(textsOf(parent).filter((text) => text.includes(OVERDUE))).toEqual([]);
    const notice = (await getOutboxRow(h.db, key))!;
    expect(notice).toMatchObject({ status: "superseded", sentAt: null });
    expect(notice.lastError).toContain("the application is completed now");
  }, 60_000);
});
