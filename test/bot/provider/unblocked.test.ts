/**
 * A staff member who blocked the provider bot and comes back is told, once, in their language, how many of the school's
 * applications wait, with the inbox's button — not the notices that could not reach them meanwhile, one by one. Before,
 * nothing was said: a secretary back after a week learned of what waited only by opening the inbox.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { data } from "#root/bot/provider/callbacks.ts";
import type { Application } from "#root/db/queries/applications.ts";
import { enqueue } from "#root/db/queries/outbox.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { seedSchool, seedStaff, startProviderHarness, submittedApplication, type ProviderHarness } from "#root/test/helpers/fixtures.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

let h: ProviderHarness;
let schoolId: number;
beforeEach(async () => {
  h = await startProviderHarness();
  schoolId = (await seedSchool(h.db, "123456789012", "Школа-гимназия №12")).id;
});
afterEach(async () => {
  await h.close();
});

/** The school's new application `app` announced to staff member `telegramId` through the outbox, as a sent application is. */
async function announce(app: Application, telegramId: number, lang: "kk" | "ru"): Promise<void> {
  const payload = { template: "status", applicationId: app.id, number: app.number, serviceId: app.serviceId, status: "submitted", lang };
  await enqueue(h.db, [
    { channel: "provider", recipient: String(telegramId), payload, dedupeKey: `app:${app.id}:submitted:${telegramId}` },
  ]);
  await h.deliver();
}

const blockedAt = async (telegramId: number) => (await findActiveStaff(h.db, telegramId))?.blockedAt ?? null;
const texts = (chat: TgChat, from: number) =>
  chat
    .botMessages()
    .slice(from)
    .map((m) => m.text ?? "");

describe("a staff member back after blocking the provider bot", () => {
  it("unblocking with /start (Telegram's Restart): one line of what waits, with the inbox's button; no missed notice again", async () => {
    await seedStaff(h.db, { schoolId, telegramId: 7311, role: "specialist", fullName: "Сауле Ахметова", lang: "ru" });
    const chat = tgUser(h.emulator, { id: 7311, firstName: "Сауле", lang: "ru" }).chatWith("provider_bot");
    await chat.send("/start");
    await chat.nextMessage(/Заявления — /);
    const first = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: 7411 });
    await announce(first, 7311, "ru");
    await chat.nextMessage(new RegExp(`Новое заявление № ${first.number}`));

    chat.chat.setBlocked(true);
    await vi.waitFor(async () => expect(await blockedAt(7311)).not.toBeNull());
    // Announced while blocked: Telegram refuses it (403).
    await announce(await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: 7412 }), 7311, "ru");

    const before = chat.botMessages().length;
    // Writing in a blocked chat unblocks the bot: the unblock and the /start arrive together.
    await chat.send("/start");
    const line = await chat.nextMessage(/С возвращением/);
    expect(line.text).toBe("👋 С возвращением! В вашей школе 2 заявления ожидают рассмотрения.");
    expect(line.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["📥 Список"]);
    await chat.nextMessage(/Заявления — /);
    await chat.send(first.number);
    await chat.nextMessage(new RegExp(`📄 Заявление № ${first.number}`));
    await h.deliver();
    expect(texts(chat, before).filter((t) => t.startsWith("👋"))).toHaveLength(1);
    expect(texts(chat, before).some((t) => /Новое заявление/.test(t))).toBe(false);
    expect(await blockedAt(7311)).toBeNull();

    // The line's button opens the inbox, in its place.
    await chat.callbackAnswer(chat.chat.tapButton(line.message_id, data.page(0)));
    expect((await chat.nextMessage(/Заявления — /)).message_id).toBe(line.message_id);
  });

  it("whose unblock Telegram never said (a notice got 403): told in Kazakh by the next thing they send, once", async () => {
    await seedStaff(h.db, { schoolId, telegramId: 7312, role: "specialist", fullName: "Айгүл Серікова", lang: "kk" });
    const chat = tgUser(h.emulator, { id: 7312, firstName: "Айгүл", lang: "kk" }).chatWith("provider_bot");
    await chat.send("/start");
    await chat.nextMessage();
    const botId = h.emulator.state.bot("provider_bot").id;
    // Blocked without an update the bot saw: the announcement's 403 marks the staff member.
    h.emulator.faults.setBlocked(7312, botId, true);
    await announce(await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: 7413 }), 7312, "kk");
    expect(await blockedAt(7312)).not.toBeNull();
    h.emulator.faults.setBlocked(7312, botId, false);

    await chat.send("Сапаров");
    expect((await chat.nextMessage()).text).toBe("👋 Қайта оралуыңызбен! Мектебіңізде 1 өтініш қаралуды күтіп тұр.");
    await chat.nextMessage(/Сапаров/);
    const before = chat.botMessages().length;
    await chat.send("Сапаров");
    await chat.nextMessage(/Сапаров/);
    expect(texts(chat, before).filter((t) => t.startsWith("👋"))).toEqual([]);
    expect(await blockedAt(7312)).toBeNull();
  });
});
