/**
 * Every question of the form meets every wrong kind of message — stickers, voice, locations,
 * someone else's contact, forwarded messages, 5,000 characters, HTML, empty captions, wrong
 * files, double taps, old buttons — and answers each with a clear localized re-prompt. Nothing
 * already answered is lost, and nothing invalid gets into the draft.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listDocuments, listParentApplications } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade } from "#root/test/helpers/parent-flow.ts";
import type { TgChat } from "#root/test/helpers/tg-client.ts";
import { JPEG, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

const GENERIC_ERROR = /Что-то пошло не так/;

/** Send something wrong and expect a Russian re-prompt (never the generic error, never a key name). */
async function refused(parent: TgChat, send: () => unknown, expected: RegExp): Promise<void> {
  await send();
  const reply = await parent.nextMessage();
  const text = reply.text ?? "";
  expect(text).not.toMatch(GENERIC_ERROR);
  expect(text).toMatch(/[а-яё]/i);
  expect(text).not.toMatch(/\b(form|apply|ask|registration)-[a-z-]+\b/);
  expect(text).toMatch(expected);
}

const HOSTILE_TEXT: Array<[string, RegExp]> = [
  ["<b>Иван</b> <script>alert(1)</script>", /букв/],
  ["x".repeat(5000), /длинн/],
  ["   ", /пуст|текстом/],
  ["Robert'); DROP TABLE users;--", /букв/],
  ["Иван\u200b\u200b", /фамилию, имя|слов/],
  ["😀😀😀", /букв/],
];

describe("hostile input in the parent bot", () => {
  it("re-prompts every wrong answer and keeps only the valid ones", async () => {
    // Telegram's language is neither Kazakh nor Russian: the language is asked.
    const parent = system.parent({ lang: "en", firstName: "Тест", phone: "+77015550001" });
    const chat = parent.chat;
    await parent.send("/start");
    await parent.nextMessage(/Выберите язык/);
    const langTap = await parent.tap("Русский");
    await parent.nextMessage(/Согласие/);
    // A second tap on an answered button does nothing twice.
    const again = await chat.tapButton(parent.botMessages()[0]!.message_id, "lang:ru");
    expect((await parent.callbackAnswer(String(again))).text).toBe("Язык: русский.");
    void langTap;
    await parent.tap("✅ Согласен(на)");
    await parent.nextMessage(/Поделитесь номером/);
    expect(parent.botMessages().filter((m) => /Согласие/.test(m.text ?? ""))).toHaveLength(1);

    // The phone: only the parent's own contact, through the button.
    await refused(parent, () => parent.send("+7 701 555 00 01"), /Отправить мой номер/);
    await refused(parent, () => parent.sendContact({ phone_number: "+77019998877", first_name: "Чужой", user_id: 999 }), /чужой контакт/i);
    await refused(parent, () => chat.sendSticker(), /Отправить мой номер/);
    await refused(parent, () => chat.sendLocation(43.25, 76.95), /Отправить мой номер/);
    await parent.shareContact();
    await parent.nextMessage(/ваши фамилию, имя и отчество/);

    // The name.
    for (const [text, expected] of HOSTILE_TEXT) await refused(parent, () => parent.send(text), expected);
    await refused(parent, () => chat.sendVoice(new Uint8Array([0x4f, 0x67, 0x67, 0x53]), 2), /текстом/);
    await refused(parent, () => chat.sendForwarded("Петрова Анна Сергеевна"), /Пересланные/);
    await refused(parent, () => parent.sendPhoto(JPEG), /текстом/); // a photo with an empty caption
    await parent.send("Тестова Айым Серікқызы");
    await parent.nextMessage(/ваш ИИН/);

    // The IIN.
    const iin = makeIin("1990-05-05", "female", 44);
    const wrongDigit = iin.slice(0, 11) + String((Number(iin[11]) + 1) % 10);
    await refused(parent, () => parent.send(wrongDigit), /Контрольная цифра/);
    await refused(parent, () => parent.send("12345"), /12 цифр/);
    await refused(parent, () => parent.send("/unknown"), /команда/);
    await parent.send(iin);
    await parent.nextMessage(/Государственные услуги/);

    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");

    // The child (the parent's details are the profile's; meals sends no email).
    await parent.nextMessage(/фамилию, имя и отчество ребёнка/);
    await parent.send("Тестов Ерлан");
    await parent.nextMessage(/ИИН ребёнка/);
    // The birth date is the one in the IIN: not asked. A sixth-grader this school year.
    const born = bornForGrade(6, new Date(), "01-20");
    await parent.send(makeIin(born, "male", 9));
    await parent.nextMessage(/В каком классе/);
    await refused(parent, () => parent.send("12"), /от 0 до/);
    await parent.send("6");

    // The school: an old button says it is out of date.
    await parent.nextMessage(/Выберите область или город/);
    const regions = parent.botMessages().at(-1)!;
    await parent.tap("город Астана");
    await parent.nextMessage(/Выберите район/);
    const stale = await chat.tapButton(
      regions.message_id,
      (regions.reply_markup!.inline_keyboard[0]![0] as { callback_data: string }).callback_data,
    );
    expect((await parent.callbackAnswer(String(stale))).text).toMatch(/устарела/);
    await refused(parent, () => parent.send("я"), /хотя бы 2 буквы/);
    // Nothing found: said so, with the regions to go on from; too many: the first ones, and a word to refine.
    await parent.send("Лицей <Хогвартс>");
    const none = await parent.nextMessage(/По запросу «Лицей <Хогвартс>» школ не найдено\. Проверьте написание/);
    expect(none.reply_markup!.inline_keyboard.flat().map((b) => b.text)).toEqual([
      "город Алматы",
      "город Астана",
      "Карагандинская область",
    ]);
    await parent.send("школа");
    await parent.nextMessage(/Найдено по запросу «школа»: \d\d+, ниже первые 8\. Уточните запрос/);
    expect(parent.lastKeyboard()).toHaveLength(9); // 8 schools and "Back"
    // Typed on the English layout: searched on the Russian one, and said so above the list.
    await parent.send("2 Fkvfns");
    const instead = await parent.nextMessage(/По запросу «2 Fkvfns» школ не найдено/);
    expect(instead.text).toContain(
      "По запросу «2 Fkvfns» школ не найдено, поэтому показаны результаты по запросу «2 Алматы» в другой раскладке клавиатуры.\n\n" +
        "Найдено по запросу «2 Алматы»: 1. Выберите школу",
    );
    expect(parent.lastKeyboard()).toEqual(["Общеобразовательная школа №2 (ДЕМО) · Алмалинский район", "◀ Назад"]);
    // A school's number is found whole («2» is not №12 or №20–23), with its city if given.
    await parent.send("2 Алматы");
    await parent.nextMessage(/Найдено по запросу «2 Алматы»: 1\. Выберите школу/);
    await parent.send("школа 3");
    await parent.nextMessage(/Найдено по запросу «школа 3»: 1\./);
    // The schools found say where they are: «школа №3» is in many towns.
    await parent.tap("Общеобразовательная школа №3 (ДЕМО) · Алмалинский район");

    // The category: typed nonsense is refused, the button works.
    await parent.nextMessage(/категории/);
    await refused(parent, () => parent.send("богатая семья"), /вариант/);
    // The refusal carries the options again: the question may have scrolled away.
    expect(parent.lastKeyboard()).toEqual(expect.arrayContaining(["Многодетная семья", "Семья получает АСП"]));
    await parent.tap("Многодетная семья");

    // Documents: text, an empty file, a file that lies about its type, a file over 20 MB.
    await parent.nextMessage(/Документ 1 из 2/);
    await refused(parent, () => parent.send("вот документ"), /Отправьте фото или PDF/);
    await refused(parent, () => parent.sendDocument(new Uint8Array(), "empty.pdf", "application/pdf"), /пустой|Принимаются только/);
    await refused(
      parent,
      () => parent.sendDocument(new TextEncoder().encode("MZ this is an exe"), "scan.pdf", "application/pdf"),
      /Принимаются только фото/,
    );
    await refused(parent, () => parent.sendDocument(new Uint8Array(21 * 1024 * 1024), "big.pdf", "application/pdf"), /больше 20 МБ/);
    // The question has no "Done" before a page (it could answer nothing); a forged one is refused.
    const question = parent.botMessages().at(-5)!;
    expect(question.text).toMatch(/Документ 1 из 2/);
    expect(question.reply_markup).toBeUndefined();
    const early = await chat.tapButton(question.message_id, "d:birth-certificate:done");
    expect((await parent.callbackAnswer(String(early))).text).toMatch(/хотя бы одна страница/);
    // The one page the certificate needs: it goes on to the next document by itself.
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/Получено страниц: 1/);
    await parent.nextMessage(/Документ 2 из 2/);

    // /cancel in the middle keeps the draft; /apply continues at the same question.
    await parent.send("/cancel");
    await parent.nextMessage(/Сохранить черновик/);
    await parent.tap("Сохранить черновик");
    await parent.nextMessage(/Черновик сохранён/);
    await parent.send("/apply");
    await parent.nextMessage(/незаконченное заявление/);
    await parent.tap("▶ Продолжить");
    await parent.nextMessage(/Документ 2 из 2/);

    const db = system.database.db;
    const user = await findUserByTelegramId(db, chat.user.id);
    expect(user).toMatchObject({ fullName: "Тестова Айым Серікқызы", iin, phone: "+77015550001" });
    const [app] = await listParentApplications(db, user!.id);
    expect(app!.form).toEqual({
      parent: { fullName: "Тестова Айым Серікқызы", iin, phone: "+77015550001" },
      child: expect.objectContaining({ fullName: "Тестов Ерлан", birthDate: born, grade: 6 }),
      school: { schoolId: expect.any(Number) },
      fields: { category: "large-family" },
      documents: { "birth-certificate": "done" },
    });
    expect(await listDocuments(db, app!.id)).toHaveLength(1);
  });
});
