/**
 * Buttons of the catalog's "you have an unfinished application" message, tapped after the parent
 * withdrew the consent (/privacy): the bot says to register again with /start, and the tap is
 * answered, so the button's spinner stops at once on the parent's phone.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeIin } from "#root/flows/iin.ts";
import { registerInKazakh, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system.close());

const cases = [
  {
    lang: "ru",
    register: registerInRussian,
    service: "Бесплатное и льготное питание в школе",
    page: /по кнопке «Подробнее»/,
    apply: "📝 Подать заявление",
    found: /Продолжить его\?/,
    other: "Другая услуга",
    catalog: /Государственные услуги школы/,
    report: /Что бот хранит о вас/,
    withdraw: "🗑 Отозвать согласие",
    withdrawn: /Согласие отозвано/,
    restart: "Начать заново",
    needStart: "Сначала пройдите регистрацию: отправьте /start.",
  },
  {
    lang: "kk",
    register: registerInKazakh,
    service: "Мектепте тегін және жеңілдетілген тамақ",
    page: /«Толығырақ» батырмасында/,
    apply: "📝 Өтініш беру",
    found: /Жалғастырасыз ба\?/,
    other: "Басқа қызмет",
    catalog: /Мектептің мемлекеттік көрсетілетін қызметтері/,
    report: /Бот сіз туралы не сақтайды/,
    withdraw: "🗑 Келісімді кері қайтарып алу",
    withdrawn: /Келісім кері қайтарып алынды/,
    restart: "Қайтадан бастау",
    needStart: "Алдымен тіркеліңіз: /start жіберіңіз.",
  },
];

describe.each(cases)("'Start again' tapped after the consent was withdrawn ($lang)", (c) => {
  it("says to send /start, and the tap is answered: the spinner stops", async () => {
    const parent = system.parent({ lang: c.lang });
    await c.register(parent, "Сәрсенова Айгүл Маратқызы", makeIin("1985-04-12", "female", c.lang === "ru" ? 81 : 82));
    await parent.tap(c.service);
    await parent.nextMessage(c.page);
    await parent.tap(c.apply);
    await parent.nextMessage(/.+/);
    await parent.send("/apply");
    await parent.nextMessage(c.found);
    await parent.tap(c.other);
    await parent.nextMessage(c.catalog);
    await parent.tap(c.service);
    await parent.nextMessage(c.page);
    await parent.tap(c.apply);
    await parent.nextMessage(c.found);
    expect(parent.lastKeyboard()).toContain(c.restart);
    await parent.send("/privacy");
    await parent.nextMessage(c.report);
    await parent.tap(c.withdraw);
    await parent.nextMessage(c.withdrawn);

    const tap = (await parent.tap(c.restart)) as string;
    await parent.nextMessage(c.needStart);
    expect(await parent.callbackAnswer(tap, { timeoutMs: 2000 })).toEqual({ showAlert: false });
  });
});
