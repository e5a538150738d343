/**
 * The language: Telegram's own when it is Kazakh or Russian (no question), with a one-tap switch
 * to the other on the first message; asked when Telegram's language is another.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { describedIn } from "#root/api/playground/methods/meta.ts";
import { t } from "#root/flows/i18n.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

describe("the parent's language", () => {
  it("is the language of what Telegram shows before the first message: both bots describe themselves in Kazakh and Russian", async () => {
    const bots = [...system.playground!.state.bots.values()];
    const keys = (bot: (typeof bots)[number]) => (bot.label.startsWith("Provider") ? "provider-bot-" : "bot-");
    await expect.poll(() => bots.every((b) => describedIn(b, "short_description", "ru", false) !== "")).toBe(true);
    for (const bot of bots) {
      for (const lang of ["kk", "ru"] as const) {
        expect(describedIn(bot, "description", lang)).toBe(t(lang, `${keys(bot)}description`));
        expect(describedIn(bot, "short_description", lang)).toBe(t(lang, `${keys(bot)}short-description`));
      }
      // Any other language sees the Kazakh one.
      expect(describedIn(bot, "description", "en")).toBe(t("kk", `${keys(bot)}description`));
    }
  });

  it("follows Telegram's Russian, and one tap on the consent switches to Kazakh, which is kept", async () => {
    const parent = system.parent({ lang: "ru" });
    await parent.send("/start");
    await parent.nextMessage(/Согласие на сбор и обработку/);
    await parent.tap("🔁 Қазақша");
    await parent.nextMessage(/Дербес деректерді жинауға/);
    await parent.tap("✅ Келісемін");
    await parent.nextMessage(/Нөмірімді жіберу/);
    expect((await findUserByTelegramId(system.database.db, parent.chat.user.id))?.lang).toBe("kk");
  });

  it("records the consent once: a second tap on the same button changes nothing and asks nothing again", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "ru" });
    await parent.send("/start");
    const consent = await parent.nextMessage(/Согласие на сбор и обработку/);
    await parent.tap("✅ Согласен(на)");
    await parent.nextMessage(/Поделитесь номером/);
    const first = await findUserByTelegramId(db, parent.chat.user.id);
    expect(first?.consentAt).not.toBeNull();
    expect(first?.lang).toBe("ru");
    // The same button again (a double tap, or an old message): answered, nothing else.
    const asked = parent.botMessages().length;
    await parent.callbackAnswer(await parent.chat.tapButton(consent.message_id, "consent:yes"));
    await parent.send("/help");
    await parent.nextMessage(/Как это работает/);
    expect(parent.botMessages().filter((m) => /Поделитесь номером/.test(m.text ?? "")).length).toBe(1);
    expect(parent.botMessages().length).toBe(asked + 1);
    expect(await findUserByTelegramId(db, parent.chat.user.id)).toEqual(first);
  });

  it("asks when Telegram's language is neither", async () => {
    const parent = system.parent({ lang: "en" });
    await parent.send("/start");
    await parent.nextMessage(/Тілді таңдаңыз \/ Выберите язык/);
    await parent.tap("Русский");
    await parent.nextMessage(/Согласие на сбор и обработку/);
  });
});
