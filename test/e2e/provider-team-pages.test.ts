/**
 * A large school's team in /staff: 71 people do not fit one Telegram message (4096 characters), so the list comes
 * 20 to a page — "page 2 of 4 (staff 21–40 of 71)" — turned with ◀ ▶ in the same message; the director's switch-off
 * buttons are those of the page shown, and cancelling a switch-off brings back that page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { seedSchool, seedStaff, startProviderHarness, type ProviderHarness } from "#root/test/helpers/fixtures.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";
import type { Message } from "grammy/types";

let h: ProviderHarness;
beforeAll(async () => {
  h = await startProviderHarness();
});
afterAll(() => h.close());

const specialist = (n: number) => `Жаксыбекова-Ахметова Айгерим Нурлановна ${String(n).padStart(2, "0")}`;
const offButtons = (m: Message) => m.reply_markup!.inline_keyboard.flat().filter((b) => b.text.startsWith("🚫"));
const buttons = (m: Message) => m.reply_markup!.inline_keyboard.flat().map((b) => b.text);

describe("/staff of a large school", () => {
  it("comes 20 to a page, turned with ◀ ▶; the switch-off buttons are the page's; a cancelled switch-off shows that page", async () => {
    const school = await seedSchool(h.db, "990140000809", "Школа-лицей №809");
    await seedStaff(h.db, { schoolId: school.id, telegramId: 9501, role: "director", fullName: "Гульнара Ахметова", lang: "ru" });
    for (let n = 1; n <= 70; n++)
      await seedStaff(h.db, { schoolId: school.id, telegramId: 9510 + n, role: "specialist", fullName: specialist(n), lang: "ru" });
    const boss = tgUser(h.emulator, { id: 9501, firstName: "Гульнара", lang: "ru" }).chatWith("provider_bot");

    await boss.send("/staff");
    const first = await boss.nextMessage(/Сотрудники — Школа-лицей №809/);
    expect(first.text).toContain("Страница 1 из 4 (сотрудники 1–20 из 71)");
    expect(first.text).toContain("Гульнара Ахметова (вы) — директор");
    expect(first.text).toContain(specialist(19));
    expect(first.text).not.toContain(specialist(20));
    expect(offButtons(first)).toHaveLength(19);
    expect(buttons(first)).toContain("Следующие ▶️");
    expect(buttons(first)).not.toContain("◀️ Предыдущие");

    // The page turns in the same message.
    await boss.tap("Следующие ▶️");
    const second = await boss.nextMessage(/Страница 2 из 4/);
    expect(second.message_id).toBe(first.message_id);
    expect(second.text).toContain("(сотрудники 21–40 из 71)");
    expect(second.text).toContain(specialist(20));
    expect(second.text).toContain(specialist(39));
    expect(second.text).not.toContain(specialist(19));
    expect(offButtons(second).map((b) => b.text)).toEqual(Array.from({ length: 20 }, (_, i) => `🚫 ${specialist(20 + i)}`));
    expect(buttons(second)).toEqual(expect.arrayContaining(["◀️ Предыдущие", "Следующие ▶️", "➕ Пригласить специалиста"]));

    await boss.tap("Следующие ▶️");
    await boss.nextMessage(/Страница 3 из 4/);
    await boss.tap("Следующие ▶️");
    const last = await boss.nextMessage(/Страница 4 из 4 \(сотрудники 61–71 из 71\)/);
    expect(last.text).toContain(specialist(70));
    expect(buttons(last)).not.toContain("Следующие ▶️");

    // Switching someone off from page 4 and cancelling: page 4 again, not the first.
    await boss.tap(`🚫 ${specialist(65)}`);
    await boss.nextMessage(new RegExp(`Отключить сотрудника ${specialist(65)} \\(специалист\\)\\?`));
    await boss.tap("Отмена");
    const back = await boss.nextMessage(/Страница 4 из 4/);
    expect(back.text).toContain(specialist(65));
    expect(await findActiveStaff(h.db, 9510 + 65)).toBeDefined();

    // A specialist turns the pages too (and has no switch-off buttons).
    const colleague = tgUser(h.emulator, { id: 9511, firstName: "Айгерим", lang: "ru" }).chatWith("provider_bot");
    await colleague.send("/staff");
    const seen = await colleague.nextMessage(/Страница 1 из 4/);
    expect(buttons(seen)).toEqual(["Следующие ▶️"]);
    await colleague.tap("Следующие ▶️");
    await colleague.nextMessage(/Страница 2 из 4/);
  });

  it("in Kazakh too", async () => {
    const school = await seedSchool(h.db, "990140000908", "№908 мектеп");
    await seedStaff(h.db, { schoolId: school.id, telegramId: 9601, role: "director", fullName: "Гүлнар Ахметова", lang: "kk" });
    for (let n = 1; n <= 24; n++)
      await seedStaff(h.db, { schoolId: school.id, telegramId: 9610 + n, role: "specialist", fullName: specialist(n), lang: "kk" });
    const boss = tgUser(h.emulator, { id: 9601, firstName: "Гүлнар", lang: "kk" }).chatWith("provider_bot");
    await boss.send("/staff");
    const first = await boss.nextMessage(/Қызметкерлер — №908 мектеп/);
    expect(first.text).toContain("2 беттің 1-беті (25 қызметкердің 1–20 аралығы)");
    await boss.tap("Келесілері ▶️");
    const second = await boss.nextMessage(/2 беттің 2-беті \(25 қызметкердің 21–25 аралығы\)/);
    expect(buttons(second)).toContain("◀️ Алдыңғылары");
  });
});
