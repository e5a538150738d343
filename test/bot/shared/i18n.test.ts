/** The bots' languages: what Telegram says of a user's app is taken when the bots speak it. */
import { expect, it } from "vitest";
import { telegramLang } from "#root/bot/shared/i18n.ts";

it("takes Kazakh or Russian from Telegram's language tag, with or without a region, and nothing else", () => {
  expect(telegramLang("kk")).toBe("kk");
  expect(telegramLang("ru")).toBe("ru");
  expect(telegramLang("ru-RU")).toBe("ru");
  expect(telegramLang("KK-kz")).toBe("kk");
  expect(telegramLang("en")).toBeUndefined();
  expect(telegramLang("rue")).toBeUndefined(); // Rusyn, not Russian
  expect(telegramLang(undefined)).toBeUndefined();
});
