/**
 * /start with a payload (a deep link, t.me/<bot>?start=…) in the parents' bot: a school staff invite opened here is said
 * to be for the staff bot, and is left unused — no parent's consent is asked of a staff member; any other payload (a
 * made-up one, one as long as Telegram allows) starts the bot as a plain /start does.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createStaffInvite, redeemStaffInvite } from "#root/db/queries/staff.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { seedSchool } from "#root/test/helpers/fixtures.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe("/start with a payload in the parents' bot", () => {
  it("a staff invite: said to be for the staff bot, in the user's language, the invite unused and no consent asked", async () => {
    const db = system.database.db;
    const school = await seedSchool(db, "990140000881");
    const { token } = await createStaffInvite(db, { schoolId: school.id, role: "specialist", now: new Date() });

    const ru = system.parent({ lang: "ru" });
    await ru.send(`/start ${token}`);
    const said = await ru.nextMessage();
    expect(said.text).toMatch(/^Это ссылка-приглашение для сотрудников школы\. Она работает только в боте для сотрудников/);
    const kk = system.parent({ lang: "kk" });
    await kk.send(`/start ${token}`);
    expect((await kk.nextMessage()).text).toMatch(/^Бұл — мектеп қызметкерлеріне арналған шақыру сілтемесі/);
    // Before, the parents' consent to the processing of personal data was asked, as of a parent.
    expect([...ru.botMessages(), ...kk.botMessages()].some((m) => /Согласие|келісім/i.test(m.text ?? ""))).toBe(false);
    expect(await findUserByTelegramId(db, ru.chat.user.id)).toBeUndefined();
    // Still the invite it was: the staff bot takes it.
    const redeemed = await redeemStaffInvite(db, { token, telegramId: ru.chat.user.id, fullName: "Сауле", lang: "ru", now: new Date() });
    expect(redeemed.ok).toBe(true);

    // A plain /start afterwards begins as ever.
    await ru.send("/start");
    await ru.nextMessage(/Согласие на сбор и обработку/);
  });

  for (const [what, payload] of [
    ["a made-up payload", "utm_source_instagram_2026"],
    ["a payload as long as Telegram allows", "x".repeat(64)],
    ["a longer one, with spaces", `a b ${"я".repeat(300)}`],
  ] as const) {
    it(`${what}: starts as a plain /start does`, async () => {
      const parent = system.parent({ lang: "ru" });
      await parent.send(`/start ${payload}`);
      await parent.nextMessage(/Согласие на сбор и обработку/);
    });
  }
});
