/**
 * What the system writes to its log at LOG_LEVEL=debug while a parent applies for meals, a
 * specialist registers and refuses it, the parent talks to support and withdraws the consent —
 * with a mistyped IIN, Telegram answering 502 and a broken webhook update on the way — never
 * carries an IIN, a phone number (in any spelling), a name or a text anyone typed.
 */
import { rmSync } from "node:fs";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { createStaffInvite } from "#root/db/queries/staff.ts";
import { makeIin } from "#root/flows/iin.ts";
import { createEmulator } from "#root/api/playground/index.ts";
import { loadConfig } from "#root/config.ts";
import { createLogger } from "#root/log.ts";
import { startSystem } from "#root/system.ts";
import { freePort } from "#root/test/helpers/process.ts";
import { joinAsStaff } from "#root/test/helpers/fixtures.ts";
import { bornForGrade, mealsSchoolAndCategory } from "#root/test/helpers/parent-flow.ts";
import { JPEG, PDF, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { serveEmulator, tgUser } from "#root/test/helpers/tg-client.ts";

const lines: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    lines.push(String(chunk));
    cb();
  },
});
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: createLogger("debug", sink) });
});
afterAll(() => system?.close());

const parentName = "Жумабекова Динара Ерлановна";
const parentIin = makeIin("1987-03-21", "female", 417);
// The same IIN with a wrong check digit: a typo the form refuses.
const typoIin = parentIin.slice(0, 11) + String((Number(parentIin[11]) + 1) % 10);
const phoneDigits = "7015550193";
const childName = "Жумабеков Тимур Асланович";
const childIin = makeIin(bornForGrade(3), "male", 288);
const staffName = "Сейткалиева Меруерт Болатовна";
const refusal = "Жумабекова Динара, приложите справку АСП за текущий месяц";
const spacedPhone = `8 ${phoneDigits.slice(0, 3)} ${phoneDigits.slice(3, 6)} ${phoneDigits.slice(6)}`;
const supportText = `Перезвоните мне на ${spacedPhone}, мой ИИН ${parentIin}`;

/** Every spelling of the personal data used in the run, as it could appear in a log line. */
function secrets(): string[] {
  const s = [
    parentIin,
    typoIin,
    childIin,
    `+7${phoneDigits}`,
    `8${phoneDigits}`,
    phoneDigits,
    `${phoneDigits.slice(0, 3)} ${phoneDigits.slice(3, 6)}`,
    phoneDigits.slice(3),
    "Жумабекова",
    "Жумабеков",
    "Динара",
    "Тимур",
    "Сейткалиева",
    "Меруерт",
    "справку АСП за текущий",
    "Перезвоните мне",
  ];
  // JSON escapes non-ASCII only when asked to; pino writes UTF-8, but check the \u form too.
  return [
    ...s,
    ...s
      .filter((x) => /[^\x00-\x7f]/.test(x))
      .map((x) =>
        JSON.stringify(x)
          .slice(1, -1)
          .replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`),
      ),
  ];
}

describe("the debug log of a whole application, a decision, support and a withdrawal", () => {
  it("carries no IIN, phone number, name or typed text", async () => {
    const db = system.database.db;
    const parent = system.parent({ lang: "ru", firstName: "Динара", phone: `+7${phoneDigits}` });
    await parent.send("/start");
    await parent.nextMessage(/Согласие/);
    await parent.tap("✅ Согласен(на)");
    await parent.nextMessage(/Поделитесь номером/);
    await parent.shareContact();
    await parent.nextMessage(/ваши фамилию, имя и отчество/);
    await parent.send(parentName);
    await parent.nextMessage(/ваш ИИН/);
    await parent.send(typoIin);
    await parent.nextMessage(/ИИН/);
    // Telegram answers the IIN's reply 502 (retried) and then 400: the update fails, its error is logged.
    system.playground!.faults.addRule({ methods: ["sendMessage"], kind: "error", status: 502, times: 1 });
    system.playground!.faults.addRule({ methods: ["sendMessage"], kind: "error", status: 400, times: 1 });
    await parent.send(parentIin);
    await parent.nextMessage(/Что-то пошло не так/);
    await parent.send("/start");
    if (/ваш ИИН/.test((await parent.nextMessage(/Государственные услуги школы|ваш ИИН/)).text ?? "")) {
      await parent.send(parentIin);
      await parent.nextMessage(/Государственные услуги школы/);
    }
    await parent.send("/apply");
    await parent.nextMessage(/Государственные услуги школы/);
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);
    await parent.send(childName);
    await parent.nextMessage(/ИИН ребёнка/);
    await parent.send(childIin);
    await parent.nextMessage(/В каком классе/);
    await parent.send("3");
    await parent.nextMessage(/Выберите область или город/);
    await mealsSchoolAndCategory(parent);
    parent.chat.sendAlbum([JPEG, JPEG]);
    await parent.nextMessage(/Документ 2 из 2/);
    await parent.sendDocument(PDF, `${childName}.pdf`, "application/pdf");
    await parent.nextMessage(/Проверьте заявление/);
    await parent.tap("📄 Загрузить подписанное бумажное заявление");
    await parent.nextMessage(/Распечатайте заявление/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/подписано\. Отправить его в школу/);
    await parent.tap("📨 Отправить в школу");
    const sent = await parent.nextMessage(/отправлено в организацию образования/);
    const number = /№\s?(\d{4}-\d{6})/.exec(sent.text ?? "")![1]!;

    // A specialist of the demo school registers it and refuses it with a comment naming the parent.
    const schoolId = (await db.query.schools.findFirst())!.id;
    const specialist = tgUser(system.playground!, { id: 930_001, firstName: "Меруерт", lang: "ru" }).chatWith(
      PLAYGROUND_BOT_USERNAMES.provider,
    );
    const { token } = await createStaffInvite(db, { schoolId, role: "specialist", now: new Date() });
    await joinAsStaff(specialist, token, staffName, "Заместитель директора");
    await specialist.send("/inbox");
    await specialist.nextMessage(/Заявления/);
    await specialist.tap(`№ ${number} · ${childName}`);
    await specialist.nextMessage(/Статус: Отправлено в школу/);
    await specialist.tap("Зарегистрировать");
    await specialist.nextMessage(/Подтверждаете/);
    await specialist.tap("✅ Подтвердить");
    await specialist.nextMessage(/Зарегистрировано/);
    await specialist.tap("Открыть заявление");
    await specialist.nextMessage(/Статус: Зарегистрировано/);
    await specialist.tap("Мотивированный отказ");
    await specialist.nextMessage(/Напишите причину мотивированного отказа/);
    await specialist.send(refusal);
    await specialist.nextMessage(/Подтверждаете/);
    await specialist.tap("✅ Подтвердить");
    await specialist.nextMessage(/Мотивированный отказ|отказ/i);
    await parent.nextMessage(/отказ/i);

    // Support: the parent writes a phone number and the IIN; an operator answers.
    const operator = tgUser(system.playground!, { id: 930_002, firstName: "Ольга", lastName: "Операторова", lang: "ru" });
    const group = operator.inGroup();
    await parent.send("/support");
    await parent.nextMessage(/Вы пишете в службу поддержки/);
    const card = await group.nextMessage(/Обращение № \d+/);
    const inTopic = operator.inGroup(card.message_thread_id!);
    system.playground!.faults.addRule({ methods: ["copyMessage"], kind: "error", status: 400, times: 1 });
    await parent.send(`${childName}: ${childIin}`);
    await parent.nextMessage(/.+/);
    await parent.send(supportText);
    await inTopic.nextMessage(supportText);
    await inTopic.send(`${parentName.split(" ")[1]}, мы перезвоним`);
    await parent.nextMessage(/мы перезвоним/);
    await parent.tap("✅ Завершить разговор");
    await parent.nextMessage(/завершён/);

    // The consent withdrawn.
    await parent.send("/privacy");
    await parent.nextMessage(/Что бот хранит о вас/);
    await parent.tap("🗑 Отозвать согласие");
    await parent.nextMessage(/Согласие отозвано/);

    const log = lines.join("");
    expect(lines.length).toBeGreaterThan(5);
    const leaked = secrets().filter((s) => log.includes(s));
    expect(leaked, lines.filter((l) => leaked.some((s) => l.includes(s))).join("")).toEqual([]);
  });
});

describe("the log of webhook updates that break the bot", () => {
  it("carries none of the personal data in them", async () => {
    const own: string[] = [];
    const out = new Writable({
      write(chunk, _enc, cb) {
        own.push(String(chunk));
        cb();
      },
    });
    const bots = { parent: { token: "8000000011:lp-parent-token-aaaaaaaaaaaa", username: "lp_parent_bot" } };
    const provider = { token: "8000000012:lp-provider-token-bbbbbbbbbb", username: "lp_staff_bot" };
    const served = await serveEmulator(createEmulator({ bots: [bots.parent, provider] }));
    const port = await freePort();
    const secret = "log-privacy-secret-0123456789";
    const webhook = await startSystem(
      loadConfig({
        BOT_TOKEN: bots.parent.token,
        PROVIDER_BOT_TOKEN: provider.token,
        TELEGRAM_API_ROOT: served.url,
        BOT_MODE: "webhook",
        WEBHOOK_SECRET: secret,
        PORT: String(port),
        PUBLIC_URL: `http://127.0.0.1:${port}`,
        DATA_DIR: `/tmp/desk-log-privacy-${port}`,
      }),
      createLogger("debug", out),
    );
    try {
      await webhook.bots;
      const date = Math.floor(Date.now() / 1000);
      const text = `${parentName} ${parentIin} 8${phoneDigits}`;
      const user = { id: 930_100, is_bot: false, first_name: "Динара", last_name: "Жумабекова", language_code: "ru" };
      const updates = [
        // No chat, no sender: the bot cannot even say who wrote.
        { update_id: 1, message: { message_id: 1, date, text } },
        // A chat id that is not a number.
        { update_id: 2, message: { message_id: 2, date, text, chat: { id: parentIin, type: "private" }, from: user } },
        // A contact with nothing but a phone number.
        { update_id: 3, message: { message_id: 3, date, chat: { id: 930_100, type: "private" }, from: user, contact: `+7${phoneDigits}` } },
        { update_id: 4, callback_query: { id: "1", from: user, chat_instance: "1", data: text } },
        { update_id: 5, message: { message_id: 5, date, chat: { id: 930_100, type: "private" }, from: user, text } },
      ];
      for (const update of updates) {
        const res = await fetch(`http://127.0.0.1:${port}/webhook/parent`, {
          method: "POST",
          headers: { "content-type": "application/json", "X-Telegram-Bot-Api-Secret-Token": secret },
          body: JSON.stringify(update),
        });
        expect(res.status).toBe(200);
      }
    } finally {
      await webhook.stop();
      await served.close();
      rmSync(`/tmp/desk-log-privacy-${port}`, { recursive: true, force: true });
    }
    const log = own.join("");
    const leaked = secrets().filter((s) => log.includes(s));
    expect(leaked, own.filter((l) => leaked.some((s) => l.includes(s))).join("")).toEqual([]);
  });
});
