/**
 * The provider bot end to end through the playground emulator: staff onboarding, the review
 * of a meals application up to the certificate in the parent's chat, a refusal with its
 * reason, and home schooling through the receipt and the director's order — with the order
 * notice received by a real SMTP server on loopback.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { addDocument, getApplication, listEvents } from "#root/db/queries/applications.ts";
import { storeFile } from "#root/db/queries/files.ts";
import { enqueue } from "#root/db/queries/outbox.ts";
import { listIssued } from "#root/db/queries/issued.ts";
import { findActiveStaff } from "#root/db/queries/staff.ts";
import { checkRoutes } from "#root/api/check/index.ts";
import { performAction } from "#root/bot/provider/perform.ts";
import { changeStatus } from "#root/flows/applications.ts";
import { queueDigests } from "#root/flows/digest.ts";
import { formatDate } from "#root/flows/form.ts";
import { almatyDate } from "#root/flows/sla.ts";
import { createMailer } from "#root/flows/mailer.ts";
import type { DigestPayload } from "#root/flows/notify.ts";
import { createLogger } from "#root/log.ts";
import {
  joinAsStaff,
  openAnnounced,
  registerInBot,
  seedSchool,
  startProviderHarness,
  submittedApplication,
  tinyPng,
  type ProviderHarness,
} from "#root/test/helpers/fixtures.ts";
import { startSmtp, type TestSmtp } from "#root/test/helpers/smtp.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

/** The text of a PDF, as pdftotext reads it. */
function pdfText(bytes: Uint8Array): string {
  const dir = mkdtempSync(join(tmpdir(), "pdf-"));
  try {
    writeFileSync(join(dir, "doc.pdf"), bytes);
    return execFileSync("pdftotext", ["-enc", "UTF-8", join(dir, "doc.pdf"), "-"], { encoding: "utf8" });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

let h: ProviderHarness;
let smtp: TestSmtp;
let schoolId: number;
let nextUserId = 7000;

beforeAll(async () => {
  smtp = await startSmtp();
});
afterAll(async () => {
  await smtp.close();
});

beforeEach(async () => {
  h = await startProviderHarness({ mailer: createMailer({ smtpUrl: smtp.url, log: createLogger("silent") }) });
  schoolId = (await seedSchool(h.db, "123456789012", "Школа-гимназия №12")).id;
});
afterEach(async () => {
  await h.close();
});

/** A staff member who redeemed an invite through the bot, and their chat with it. */
async function staffChat(name: string, role: "specialist" | "director", school = schoolId): Promise<TgChat> {
  const chat = tgUser(h.emulator, { id: ++nextUserId, firstName: name, lang: "ru" }).chatWith("provider_bot");
  await joinAsStaff(
    chat,
    await h.invite(school, role),
    `${name} Ахметова`,
    role === "director" ? "Директор" : "Заместитель директора по учебной работе",
  );
  return chat;
}

/** A parent who has written to the parent bot (so the bot may write to them). */
async function parentChat(name = "Айгерим"): Promise<TgChat> {
  const chat = tgUser(h.emulator, { id: ++nextUserId, firstName: name, lang: "ru" }).chatWith("parent_bot");
  await chat.send("/start");
  return chat;
}

const idOf = (chat: TgChat) => chat.chat.user.id;

describe("staff onboarding", () => {
  it("binds a Telegram account to the invite's school and role, once", async () => {
    const user = tgUser(h.emulator, { id: ++nextUserId, firstName: "Гульнара", lastName: "Ахметова", lang: "ru" });
    const chat = user.chatWith("provider_bot");
    const token = await h.invite(schoolId, "director");
    await chat.send(`/start ${token}`);
    const welcome = await chat.nextMessage(/Добро пожаловать/);
    expect(welcome.text).toContain("Гульнара Ахметова");
    expect(welcome.text).toContain("Школа-гимназия №12");
    expect(welcome.text).toContain("директор");

    const other = tgUser(h.emulator, { id: ++nextUserId, firstName: "Марат", lang: "ru" }).chatWith("provider_bot");
    await other.send(`/start ${token}`);
    expect((await other.nextMessage()).text).toMatch(/уже использована/);
    await other.send("/inbox");
    expect((await other.nextMessage()).text).toMatch(/только для сотрудников школ/);
  });

  it("asks the staff member's full name and position before anything else, and keeps them for documents", async () => {
    const user = tgUser(h.emulator, { id: ++nextUserId, firstName: "Гуля", lang: "ru" });
    const chat = user.chatWith("provider_bot");
    await chat.send(`/start ${await h.invite(schoolId, "specialist")}`);
    await chat.nextMessage(/Добро пожаловать/);
    await chat.nextMessage(/фамилию, имя и отчество полностью/);
    await chat.send("/inbox");
    await chat.nextMessage(/фамилию, имя и отчество полностью/);
    await chat.send("Гуля");
    await chat.nextMessage(/от 2 до 4 слов/);
    const name = await chat.send("Ахметова Гульнара Сериковна");
    await chat.nextMessage(/должность/);
    // An edit of the name is not read, and the position is still what is asked.
    chat.chat.edit(name.message_id, "Ахметова Гульнара");
    expect((await chat.nextMessage(/не видит исправлений/)).reply_to_message?.message_id).toBe(name.message_id);
    await chat.send("!");
    await chat.nextMessage(/от 3 до 120 символов/);
    await chat.send("Заместитель директора по воспитательной работе");
    const done = await chat.nextMessage(/Готово/);
    expect(done.text).toContain("Заместитель директора по воспитательной работе Ахметова Гульнара Сериковна");
    expect(await findActiveStaff(h.db, idOf(chat))).toMatchObject({
      fullName: "Ахметова Гульнара Сериковна",
      position: "Заместитель директора по воспитательной работе",
    });
    await chat.send("/inbox");
    await chat.nextMessage(/Заявления/);
  });

  it("politely tells a stranger that the bot is for school staff, in Kazakh by default", async () => {
    const chat = tgUser(h.emulator, { id: ++nextUserId, firstName: "Ерлан", lang: "en" }).chatWith("provider_bot");
    await chat.send("/start");
    expect((await chat.nextMessage()).text).toMatch(/тек мектеп қызметкерлеріне арналған/);
    await chat.send("Сәлем");
    expect((await chat.nextMessage()).text).toMatch(/тек мектеп қызметкерлеріне арналған/);
  });

  it("refuses an unknown invite token", async () => {
    const chat = tgUser(h.emulator, { id: ++nextUserId, firstName: "Ерлан", lang: "ru" }).chatWith("provider_bot");
    await chat.send("/start AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    expect((await chat.nextMessage()).text).toMatch(/недействительна/);
  });
});

describe("meals: register, then issue the certificate", () => {
  it("shows the new application with its files, and the parent receives the status and the certificate PDF", async () => {
    const specialist = await staffChat("Сауле", "specialist");
    const parent = await parentChat();
    const app = await submittedApplication(h.db, {
      serviceId: "meals",
      schoolId,
      parentTelegramId: idOf(parent),
      childName: "Нурлан Сапаров",
    });

    await h.deliver();
    await specialist.nextMessage(new RegExp(`Новое заявление № ${app.number}`));
    await specialist.tap("Открыть заявление");
    const statement = await specialist.nextMessage(/\[document .*\.pdf\] Заявление №/);
    expect(statement.document?.mime_type).toBe("application/pdf");
    await specialist.nextMessage(/Документ, подтверждающий|Свидетельство|\[document .*\.png\]/);
    const card = await specialist.nextMessage(new RegExp(`📄 Заявление № ${app.number}`));
    // Every answer is named as on the statement (the question list's labels), the birth date from the IIN among them.
    expect(card.text).toContain("Фамилия, имя, отчество ребёнка: Нурлан Сапаров");
    expect(card.text).toContain("Фамилия, имя, отчество заявителя: Айгерим Сапарова");
    expect(card.text).toMatch(/ИИН ребёнка: \d{12}\n• Дата рождения ребёнка: \d\d\.\d\d\.\d{4}/);
    expect(card.text).toMatch(/📋 Сведения для услуги\n• Категория обучающегося: Многодетн/i); // the category answer, as its label
    expect(card.text).toMatch(/ЭЦП проверена/);
    expect(specialist.lastKeyboard()).toContain("Зарегистрировать");
    expect(specialist.lastKeyboard()).not.toContain("Выдать справку");

    await specialist.tap("Зарегистрировать");
    await specialist.nextMessage(/Подтверждаете/);
    await specialist.tap("✅ Подтвердить");
    await specialist.nextMessage(/Зарегистрировано/);

    await h.deliver();
    const registered = await parent.nextMessage(/Зарегистрировано/);
    expect(registered.text).toMatch(/Срок решения — до \d\d\.\d\d\.\d{4}/);
    expect(registered.reply_markup?.inline_keyboard.flat()).toContainEqual(expect.objectContaining({ callback_data: `my:open:${app.id}` }));

    await specialist.tap("Открыть заявление");
    await specialist.nextMessage(/Статус: Зарегистрировано/);
    expect(specialist.lastKeyboard()).toEqual(expect.arrayContaining(["Выдать справку", "Мотивированный отказ"]));
    await specialist.tap("Выдать справку");
    await specialist.nextMessage(/Подтверждаете/);
    await specialist.tap("✅ Подтвердить");
    await specialist.nextMessage(/Результат выдан/);

    await h.deliver();
    const done = await parent.nextMessage(/Результат выдан/);
    expect(done.document?.file_name).toMatch(/\.pdf$/);
    const pdf = await parent.downloadLast();
    expect(Buffer.from(pdf.bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    // Signed with the name and position the specialist gave, not their Telegram name alone.
    expect(pdfText(pdf.bytes)).toMatch(/Справку выдал\(а\):\s+Заместитель директора по\s+учебной работе[\s\S]*Сауле Ахметова/);
    // The specialist gets a copy of what they issued.
    const copy = await specialist.nextMessage(/Копия выданного вами документа/);
    expect(copy.caption).toContain(app.number);
    expect(Buffer.from((await specialist.downloadLast()).bytes).equals(Buffer.from(pdf.bytes))).toBe(true);

    const events = await listEvents(h.db, app.id);
    expect(events.filter((e) => e.actorKind === "staff").map((e) => e.action)).toEqual(["register", "issue"]);
  });
});

describe("a reasoned refusal with a reason too short", () => {
  it("is refused with the Cancel button under the refusal, and Cancel ends the action", async () => {
    const specialist = await staffChat("Сауле", "specialist");
    const parent = await parentChat();
    const app = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: idOf(parent) });
    await h.deliver();
    await openAnnounced(specialist, app.number);
    await registerInBot(specialist);
    await specialist.tap("Мотивированный отказ");
    await specialist.nextMessage(/Напишите причину мотивированного отказа/);
    await specialist.send("нет");
    await specialist.nextMessage(/Напишите причину длиной от 10/);
    expect(specialist.lastKeyboard()).toEqual(["Отмена"]);
    await specialist.tap("Отмена");
    await specialist.nextMessage(/Действие отменено/);
  });
});

describe("the files staff receive", () => {
  it("are named by the system — application number, document, page — never by the parent", async () => {
    const specialist = await staffChat("Сауле", "specialist");
    const parent = await parentChat();
    const app = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: idOf(parent) });
    // A second page stored under the name a parent gave it, shown by Telegram as "spravkaexe.pdf".
    const page = await storeFile(h.db, { bytes: tinyPng(), name: "spravka\u202Efdp.exe" });
    await addDocument(h.db, { applicationId: app.id, requirementId: "birth-certificate", fileId: page.id });

    await h.deliver();
    await openAnnounced(specialist, app.number);
    const names = specialist.botMessages().flatMap((m) => (m.document?.file_name ? [m.document.file_name] : []));
    expect(names).toEqual(
      expect.arrayContaining([
        `${app.number}-statement.pdf`,
        `${app.number}-birth-certificate-1.png`,
        `${app.number}-birth-certificate-2.png`,
      ]),
    );
    for (const name of names) expect(name).toMatch(new RegExp(`^${app.number}-[a-z0-9-]+\\.(pdf|png|jpg)$`));
  });
});

describe("refusal for incomplete documents", () => {
  it("sends the parent the chosen reason and the specialist's comment", async () => {
    const specialist = await staffChat("Сауле", "specialist");
    const parent = await parentChat();
    const app = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: idOf(parent) });
    await h.deliver();
    await specialist.tap("Открыть заявление");
    await specialist.nextMessage(/Статус: Отправлено в школу/);
    await specialist.tap("Отказать в приёме");
    await specialist.nextMessage(/выберите причину отказа/);
    // Reason buttons are a few words, read whole on a phone; the full reason follows.
    for (const button of specialist.lastKeyboard()) expect(button.length).toBeLessThanOrEqual(30);
    await specialist.tap("Копия нечитаема");
    await specialist.nextMessage(/комментарий/);
    const comment = await specialist.send("Свидетельство о рождении <размыто>");
    const confirm = await specialist.nextMessage(/Подтверждаете/);
    expect(confirm.text).toContain("Копию документа невозможно прочитать: сфотографируйте его заново при хорошем освещении.");
    expect(confirm.text).toContain("Свидетельство о рождении <размыто>");
    // An edit of the comment is not read (the parent gets the comment as confirmed), and the dialog goes on.
    specialist.chat.edit(comment.message_id, "Свидетельство о рождении в порядке");
    expect((await specialist.nextMessage(/не видит исправлений/)).reply_to_message?.message_id).toBe(comment.message_id);
    await specialist.tap("✅ Подтвердить");
    await specialist.nextMessage(/Отказано в приёме: копию документа невозможно прочитать/);

    await h.deliver();
    // The reasoned refusal is a document of the school's, numbered and checkable, with the reason beside it.
    const refused = await parent.nextMessage(/Отказано в приёме: копию документа невозможно прочитать/);
    expect(refused.document?.mime_type).toBe("application/pdf");
    const notice = refused.text ?? refused.caption ?? "";
    expect(notice).not.toContain("неполный пакет");
    expect(notice).toContain("Копию документа невозможно прочитать: сфотографируйте его заново при хорошем освещении.");
    expect(notice).toContain("Свидетельство о рождении <размыто>");
    expect((await getApplication(h.db, app.id))?.reason).toBe("unreadable-copy");
  });

  it("with a comment of 1000 characters still reaches the parent: its start under the PDF, all of it in the PDF", async () => {
    const specialist = await staffChat("Сауле", "specialist");
    const parent = await parentChat();
    await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: idOf(parent) });
    await h.deliver();
    const sentence = "Справка о доходах & свидетельство <форма 086> размыты, переснимите их при дневном свете. ";
    const ending = "Последнее: подпишите заявление заново.";
    const comment = sentence.repeat(20).slice(0, 1000 - ending.length) + ending;
    expect(comment).toHaveLength(1000);
    await specialist.tap("Открыть заявление");
    await specialist.nextMessage(/Статус: Отправлено в школу/);
    await specialist.tap("Отказать в приёме");
    await specialist.nextMessage(/выберите причину отказа/);
    await specialist.tap("Копия нечитаема");
    await specialist.nextMessage(/комментарий/);
    await specialist.send(comment);
    await specialist.nextMessage(/Подтверждаете/);
    await specialist.tap("✅ Подтвердить");
    await specialist.nextMessage(/Отказано в приёме: копию документа невозможно прочитать/);

    await h.deliver();
    // Telegram takes 1024 characters under a file: the notice still arrives, with the PDF and the way to fix it.
    const refused = await parent.nextMessage(/Отказано в приёме: копию документа невозможно прочитать/);
    expect(refused.document?.mime_type).toBe("application/pdf");
    const notice = refused.caption ?? "";
    expect(notice).toContain("Копию документа невозможно прочитать: сфотографируйте его заново при хорошем освещении.");
    expect(notice).toContain(`Комментарий специалиста: ${sentence.repeat(3)}`);
    expect(notice).not.toContain(ending);
    expect(notice).toContain("текст сокращён: полностью он приведён в приложенном документе и в заявлении");
    const flat = (s: string) => s.replace(/\s+/g, " ").trim();
    expect(flat(pdfText((await parent.downloadLast()).bytes))).toContain(flat(comment));
  });
});

describe("home schooling: receipt, then the director's order", () => {
  it("a specialist issues the receipt, cannot sign the order, and the director's order notice reaches chat and email", async () => {
    const specialist = await staffChat("Сауле", "specialist");
    const director = await staffChat("Гульнара", "director");
    const parent = await parentChat();
    const app = await submittedApplication(h.db, {
      serviceId: "home-schooling",
      schoolId,
      parentTelegramId: idOf(parent),
      email: "aigerim@example.kz",
    });
    await h.deliver();

    await specialist.tap("Открыть заявление");
    await specialist.nextMessage(/Статус: Отправлено в школу/);
    await registerInBot(specialist);
    await specialist.tap("Выдать расписку");
    await specialist.nextMessage(/Подтверждаете/);
    await specialist.tap("✅ Подтвердить");
    await specialist.nextMessage(/Документы приняты, ожидается приказ директора/);
    await h.deliver();
    // The receipt says what it is, and what comes next; not "the result was issued".
    const receipt = await parent.nextMessage(/Документы приняты, ожидается приказ директора/);
    expect(receipt.caption).toContain("Следующий шаг — приказ директора");
    expect(receipt.caption).not.toContain("Результат выдан");
    expect(Buffer.from((await parent.downloadLast()).bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");

    // The specialist sees no order button, and a crafted one is refused.
    await specialist.tap("Открыть заявление");
    const card = await specialist.nextMessage(/Статус: Документы приняты, ожидается приказ директора/);
    expect(specialist.lastKeyboard()).not.toContain("Подписать приказ");
    const current = (await getApplication(h.db, app.id))!;
    const query = specialist.chat.tapButton(card.message_id, `a:order:${app.id}:${current.version}`);
    expect((await specialist.callbackAnswer(query)).text).toMatch(/нет права/);
    const forged = specialist.chat.tapButton(card.message_id, `do:order:${app.id}:${current.version}`);
    await specialist.callbackAnswer(forged);
    await specialist.nextMessage(/нет права|недоступно|Не указаны/);
    expect((await getApplication(h.db, app.id))?.status).toBe("completed");

    await director.send("/inbox");
    await director.nextMessage(/Заявления/);
    await director.tap(`№ ${app.number} · Нурлан Сапаров`);
    await director.nextMessage(/Статус: Документы приняты, ожидается приказ директора/);
    await director.tap("Подписать приказ");
    await director.nextMessage(/номер приказа/);
    await director.send("45-Ж");
    await director.nextMessage(/дату приказа/);
    await director.send("31.12.2999");
    await director.nextMessage(/не может быть в будущем/);
    // Nor before the application was sent.
    await director.send("01.01.2020");
    await director.nextMessage(
      new RegExp(`раньше, чем подано заявление: напишите дату не ранее ${formatDate(almatyDate(app.submittedAt!))}`),
    );
    // Today in Almaty, the day the application was sent at the earliest (not the machine's day).
    await director.send(formatDate(almatyDate(new Date())));
    await director.nextMessage(/Приказ: № 45-Ж/);
    await director.tap("✅ Подтвердить");
    await director.nextMessage(/Приказ подписан/);

    await h.deliver();
    await parent.nextMessage(/Приказ подписан/);
    expect(Buffer.from((await parent.downloadLast()).bytes.subarray(0, 5)).toString("latin1")).toBe("%PDF-");
    expect(smtp.mails).toHaveLength(1);
    expect(smtp.mails[0]!.to).toEqual(["aigerim@example.kz"]);
    const pdf = smtp.mails[0]!.parsed.attachments.find((a) => a.contentType === "application/pdf");
    expect(pdf?.filename).toMatch(/\.pdf$/);
    expect(pdf!.content.subarray(0, 5).toString("latin1")).toBe("%PDF-");
  });
});

describe("revoking an issued document", () => {
  it("staff find the certificate by its number, revoke it with a reason, the parent is told and the check page says revoked", async () => {
    const specialist = await staffChat("Сауле", "specialist");
    const parent = await parentChat();
    const app = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: idOf(parent) });
    await performAction(h.deps, idOf(specialist), { applicationId: app.id, action: "register", version: app.version });
    await performAction(h.deps, idOf(specialist), { applicationId: app.id, action: "issue", version: app.version + 1 });
    const [doc] = await listIssued(h.db, app.id);
    await h.deliver();
    await parent.nextMessage(/Результат выдан/);

    await specialist.send(`№${doc!.number}`);
    const card = await specialist.nextMessage(new RegExp(`📄 Заявление № ${app.number}`));
    expect(card.text).toContain(`Справка № ${doc!.number}`);
    expect(card.text).toContain("— действует");
    await specialist.tap(`Отозвать документ № ${doc!.number}`);
    await specialist.nextMessage(/напишите причину отзыва/);
    await specialist.send("ошибка");
    await specialist.nextMessage(/от 10 до 500 символов/);
    const reason = "Выдана по ошибке: ребёнок переведён в другую школу <№7>";
    await specialist.send(reason);
    const confirm = await specialist.nextMessage(/Отозвать документ/);
    expect(confirm.text).toContain(reason);
    await specialist.tap("✅ Подтвердить");
    await specialist.nextMessage(new RegExp(`Документ № ${doc!.number.replace("/", "\\/")} отозван`));

    await h.deliver();
    const notice = await parent.nextMessage(/Школа отозвала документ/);
    expect(notice.text).toContain(doc!.number);
    expect(notice.text).toContain(reason);

    const check = checkRoutes({ db: h.db, log: createLogger("silent"), now: () => new Date() });
    const page = await (await check.request(`/check/${doc!.checkCode}?lang=ru`)).text();
    expect(page).toMatch(/Документ отозван организацией образования \d\d\.\d\d\.\d{4}/);
    expect(page).toContain("Причина: Выдана по ошибке: ребёнок переведён в другую школу &lt;№7&gt;");
    expect((await listEvents(h.db, app.id)).at(-1)).toMatchObject({ action: "revoke", actorKind: "staff", reason });

    await specialist.send(doc!.number);
    const after = await specialist.nextMessage(new RegExp(`📄 Заявление № ${app.number}`));
    expect(after.text).toMatch(/❌ отозван .*Причина: Выдана по ошибке/);
    expect(specialist.lastKeyboard()).not.toContain(`Отозвать документ № ${doc!.number}`);
  });

  it("another school's staff cannot find or revoke it", async () => {
    const parent = await parentChat();
    const app = await submittedApplication(h.db, { serviceId: "meals", schoolId, parentTelegramId: idOf(parent) });
    const ours = await staffChat("Сауле", "specialist");
    await performAction(h.deps, idOf(ours), { applicationId: app.id, action: "register", version: app.version });
    await performAction(h.deps, idOf(ours), { applicationId: app.id, action: "issue", version: app.version + 1 });
    const [doc] = await listIssued(h.db, app.id);
    const otherSchool = (await seedSchool(h.db, "999999999999", "Школа №99")).id;
    const stranger = await staffChat("Марат", "director", otherSchool);
    await stranger.send(doc!.number);
    const reply = await stranger.nextMessage(/не найдено/);
    const forged = stranger.chat.tapButton(reply.message_id, `rv:${app.id}:${doc!.id}`);
    expect((await stranger.callbackAnswer(forged)).text).toMatch(/не найдено/);
    expect((await listIssued(h.db, app.id))[0]!.revokedAt).toBeNull();
  });
});

describe("the morning digest", () => {
  it("reaches staff in their language, and the overdue application is escalated to the director", async () => {
    const specialist = await staffChat("Сауле", "specialist");
    const director = await staffChat("Гульнара", "director");
    await director.send("/lang");
    await director.nextMessage(/Выберите язык/);
    await director.tap("Қазақша");
    await director.nextMessage(/Тіл өзгертілді/);
    const member = (await findActiveStaff(h.db, idOf(specialist)))!;
    const registeredAt = new Date("2026-03-12T10:00:00+05:00");
    const app = await submittedApplication(h.db, { serviceId: "home-schooling", schoolId, parentTelegramId: 99, now: registeredAt });
    await changeStatus(h.db, {
      applicationId: app.id,
      action: "register",
      principal: { kind: "staff", staffId: member.id, role: "specialist", schoolId },
      now: registeredAt,
    });
    await queueDigests(h.db, new Date("2026-03-16T08:00:00+05:00"));
    await h.deliver();

    const digest = await specialist.nextMessage(/Сводка по срокам, 16\.03\.2026/);
    expect(digest.text).toMatch(/Просрочено: 1/);
    expect(digest.text).toContain(app.number);
    await director.nextMessage(/Мерзімдер бойынша шолу/);
    const escalation = await director.nextMessage(/мерзімі өтіп кетті/);
    expect(escalation.text).toContain(app.number);
    await director.tap(`№ ${app.number} өтінішті ашу`);
    await director.nextMessage(/Қарау мерзімі өтіп кетті: 13\.03\.2026/);
  });

  it("with 60 applications still arrives: the first 30 by number, the rest counted, and where to find them all", async () => {
    const specialist = await staffChat("Сауле", "specialist");
    const item = (n: number) => ({
      applicationId: `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`,
      number: `2026-${String(n).padStart(6, "0")}`,
      serviceId: "home-schooling",
      deadlineAt: "2026-03-13T13:00:00.000Z",
    });
    const payload: DigestPayload = {
      template: "digest",
      kind: "daily",
      lang: "ru",
      date: "2026-03-16",
      overdue: Array.from({ length: 40 }, (_, i) => item(i + 1)),
      dueToday: Array.from({ length: 20 }, (_, i) => item(i + 41)),
    };
    await enqueue(h.db, [{ channel: "provider", recipient: String(idOf(specialist)), payload, dedupeKey: "test:digest:60" }]);
    await h.deliver();

    const digest = (await specialist.nextMessage(/Сводка по срокам, 16\.03\.2026/)).text ?? "";
    expect(digest).toMatch(/Просрочено: 40/);
    expect(digest).toMatch(/Срок истекает сегодня: 20/);
    expect(digest).toContain("№ 2026-000030,");
    expect(digest).not.toContain("№ 2026-000031,");
    expect(digest).toContain("… и ещё заявлений: 10. Полный список заявлений: /inbox");
    expect(digest).toContain("… и ещё заявлений: 20. Полный список заявлений: /inbox");
  });
});
