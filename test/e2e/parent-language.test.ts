/**
 * The language: Telegram's own when it is Kazakh or Russian (no question), with a one-tap switch
 * to the other on the first message; asked when Telegram's language is another. Switched with /lang
 * mid-form, the form goes on in the new one: the question it is at, or its review, asked again in it,
 * and the statement formed afterwards is in it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { describedIn } from "#root/api/playground/methods/meta.ts";
import { t } from "#root/flows/i18n.ts";
import { makeIin } from "#root/flows/iin.ts";
import { mealsDraftAtReview } from "#root/test/helpers/drafts.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { readPdf } from "#root/test/helpers/pdf-text.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";

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

  it("switched with /lang mid-form goes on in the new language: a question, the review (shown again in it), the statement", async () => {
    const parent = system.parent({ lang: "ru" });
    await registerInRussian(parent, "Омарова Сауле Нурлановна", makeIin("1989-02-11", "female", 31));
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);
    await parent.send("/lang");
    await parent.nextMessage(/Выберите язык/);
    await parent.tap("Қазақша");
    await parent.nextMessage("Тіл: қазақша.");
    await parent.nextMessage(/Баланың тегін, атын және әкесінің атын жазыңыз/);
    await discardDraftIn(parent);

    await mealsDraftAtReview(system.database.db, parent, 32, { continueTap: "▶ Жалғастыру", review: /Өтінішті тексеріңіз/ });
    await parent.send("/lang");
    await parent.nextMessage(/Тілді таңдаңыз/);
    await parent.tap("Русский");
    await parent.nextMessage("Язык: русский.");
    // Before, the services menu came instead, and the review on screen stayed in Kazakh.
    const review = await parent.nextMessage();
    expect(review.text).toMatch(/^Проверьте заявление/);
    expect(parent.lastKeyboard()).toContain("📄 Загрузить подписанное бумажное заявление");

    // The statement is in the language switched to (the draft was begun in Russian): before, in the draft's first one.
    await parent.send("/lang");
    await parent.nextMessage(/Выберите язык/);
    await parent.tap("Қазақша");
    await parent.nextMessage("Тіл: қазақша.");
    await parent.nextMessage(/^Өтінішті тексеріңіз/);
    await parent.tap("📄 Қол қойылған қағаз өтінішті жүктеу");
    await parent.nextMessage(/Өтінішті \(жоғарыдағы PDF\) басып шығарып/);
    const statement = readPdf((await parent.downloadLast()).bytes).text;
    expect(statement).toContain("ӨТІНІШ");
    expect(statement).not.toContain("ЗАЯВЛЕНИЕ");
  });

  it("asks when Telegram's language is neither", async () => {
    const parent = system.parent({ lang: "en" });
    await parent.send("/start");
    await parent.nextMessage(/Тілді таңдаңыз \/ Выберите язык/);
    await parent.tap("Русский");
    await parent.nextMessage(/Согласие на сбор и обработку/);
  });
});

/** The draft open is discarded, in Kazakh (/cancel, "Жобаны жою"). */
async function discardDraftIn(parent: TgChat): Promise<void> {
  await parent.send("/cancel");
  await parent.nextMessage(/жобасын сақтайсыз ба/);
  await parent.tap("Жобаны жою");
  await parent.nextMessage("Жоба жойылды.");
}
