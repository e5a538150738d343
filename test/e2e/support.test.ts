import { Api } from "grammy";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { findDraft } from "#root/db/queries/applications.ts";
import { getOpenTicket, getTicket } from "#root/db/queries/support.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { PLAYGROUND_BOT_USERNAMES, PLAYGROUND_SUPPORT_CHAT_ID } from "#root/bot/playground.ts";
import { remindRound, remindWaitingParents } from "#root/bot/support/index.ts";
import { makeIin } from "#root/flows/iin.ts";
import { bornForGrade, registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { mealsDraftAtReview } from "#root/test/helpers/drafts.ts";
import { JPEG, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());

let serial = 40;
let nextOperator = 910_001;

/** A Russian-speaking parent, registered, looking at the services menu. */
async function registeredParent(fullName: string): Promise<TgChat> {
  const parent = system.parent({ lang: "ru", firstName: fullName.split(" ")[1] });
  await registerInRussian(parent, fullName, makeIin("1988-07-14", "female", serial++));
  return parent;
}

/** The parent opens support, and the operator finds the card: its topic, to write in as the operator. */
async function ticketOf(parent: TgChat, staff: ReturnType<typeof operator>) {
  await parent.send("/support");
  await parent.nextMessage(/Вы пишете в службу поддержки/);
  const { card, threadId } = await cardIn(staff.group);
  return { card, threadId, inTopic: staff.user.inGroup(threadId) };
}

/** A registered parent whose meals draft is complete (the form itself is tested elsewhere), at its review. */
async function parentAtReview(fullName: string): Promise<TgChat> {
  const parent = await registeredParent(fullName);
  await mealsDraftAtReview(system.database.db, parent, serial++);
  return parent;
}

/** The parent asks for support mid-way; the operator closes the ticket at once; the bot is back. */
async function supportOpenedAndClosed(parent: TgChat, by: ReturnType<typeof operator>): Promise<void> {
  const { inTopic } = await ticketOf(parent, by);
  await inTopic.tap("✅ Закрыть");
  await parent.nextMessage(/Разговор с оператором завершён/);
}

/** An operator in the support group (the whole group, to see new topics appear). */
function operator(firstName: string, lastName: string) {
  const user = tgUser(system.playground!, { id: nextOperator++, firstName, lastName, lang: "ru" });
  return { user, group: user.inGroup() };
}

/** Wait for a new ticket card (with its buttons) in the group; returns it and its topic. */
async function cardIn(group: TgChat, title = /Обращение № \d+/): Promise<{ card: Message; threadId: number }> {
  for (;;) {
    const card = await group.nextMessage(title);
    if (!card.reply_markup) continue; // an earlier card, edited when its ticket closed
    expect(card.message_thread_id).toBeDefined();
    return { card, threadId: card.message_thread_id! };
  }
}

const topic = (threadId: number) => system.playground!.state.group!.topics.get(threadId)!;
const parentBotId = () => system.playground!.state.bot(PLAYGROUND_BOT_USERNAMES.parent).id;
const botApi = () => new Api(system.playgroundSecrets!.parentToken, { apiRoot: `http://127.0.0.1:${system.port}` });
const supportDeps = () => ({
  db: system.database.db,
  log: system.log,
  config: { ...system.config, supportChatId: PLAYGROUND_SUPPORT_CHAT_ID },
});

describe("support: an operator takes over and hands back", () => {
  it("relays both ways without the operator's identity, keeps notes private, and resumes the form at the same question", async () => {
    const parent = await registeredParent("Петрова Анна Сергеевна");
    const childBorn = bornForGrade(5);
    const childIin = makeIin(childBorn, "male", 33);
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);
    await parent.send("Петров Алихан Маратович");
    await parent.nextMessage(/ИИН ребёнка/);
    await parent.send(childIin);
    await parent.nextMessage(/В каком классе/);

    // Mid-question, the parent asks for a human.
    const olga = operator("Ольга", "Операторова");
    await parent.send("/support");
    await parent.nextMessage(/Вы пишете в службу поддержки/);
    expect(parent.lastKeyboard()).toEqual(["✅ Завершить разговор"]);

    const { card, threadId } = await cardIn(olga.group);
    expect(topic(threadId).name).toMatch(/^Петрова Анна Сергеевна · № \d+$/);
    expect(card.text).toContain("Родитель: Петрова Анна Сергеевна");
    expect(card.text).toContain("Язык: русский");
    expect(card.text).toMatch(/№ \d{4}-\d{6} — Бесплатное и льготное питание в школе — Черновик/);
    expect(card.text).toMatch(/Сейчас: заявление № \d{4}-\d{6} .*Шаг 1 из 4 · Ребёнок/);
    expect(card.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["🙋 Взять", "✅ Закрыть"]);

    // The parent's text and photo land in the topic, and do not answer the form's question.
    const inTopic = olga.user.inGroup(threadId);
    const asked = await parent.send("Не знаю точную дату рождения сына");
    expect((await inTopic.nextMessage("Не знаю точную дату рождения сына")).forward_origin).toBeUndefined();
    // A correction the parent makes to a sent message reaches the operator as it reads now, marked as one.
    parent.chat.edit(asked.message_id, "Не знаю точную дату рождения сына: свидетельство потеряно");
    await inTopic.nextMessage("✏️ Родитель исправил своё сообщение, теперь оно такое:");
    await inTopic.nextMessage("Не знаю точную дату рождения сына: свидетельство потеряно");
    await parent.sendPhoto(JPEG, "свидетельство");
    expect((await inTopic.nextMessage("[photo] свидетельство")).photo).toBeDefined();
    await parent.send("/start");
    // Held back, saying which command still works: /privacy, the parent's right at any time.
    expect((await parent.nextMessage(/Сейчас вы говорите с оператором/)).text).toContain("кроме /privacy");
    expect(parent.lastKeyboard()).toEqual(["✅ Завершить разговор"]);

    // The operator's text and photo reach the parent as the bot's own messages.
    const told = await inTopic.send("Дата рождения указана в свидетельстве.");
    await parent.nextMessage("Дата рождения указана в свидетельстве.");
    // The operator's correction reaches the parent too, marked as one.
    inTopic.chat.edit(told.message_id, "Дата рождения указана в свидетельстве о рождении.");
    await parent.nextMessage("✏️ Оператор исправил своё сообщение, теперь оно такое:");
    const answer = await parent.nextMessage("Дата рождения указана в свидетельстве о рождении.");
    // A reaction to the corrected message may come as that edit again: the parent is not sent the correction twice.
    operator("Дана", "Коллегова").user.inGroup(threadId).chat.react(told.message_id);
    const sentPhoto = await inTopic.sendPhoto(JPEG, "Вот где её искать");
    const photo = await parent.nextMessage();
    expect(photo.caption).toBe("Вот где её искать");
    // A colleague's reaction may reach the bot as an "edit" that changed nothing: the parent is not sent it again.
    operator("Дана", "Коллегова").user.inGroup(threadId).chat.react(sentPhoto.message_id);
    for (const m of [answer, photo]) {
      expect(m.from?.id).toBe(parentBotId());
      expect(m.forward_origin).toBeUndefined();
    }

    // A private note stays in the topic; the next real answer arrives, the note never does.
    const note = await inTopic.send("! мама волнуется, ответить мягко");
    await inTopic.send("Введите дату так: ДД.ММ.ГГГГ.");
    expect((await parent.nextMessage()).text).toBe("Введите дату так: ДД.ММ.ГГГГ.");
    // A note made a message reaches the parent as a new one: there is nothing they had to correct.
    inTopic.chat.edit(note.message_id, "Не волнуйтесь, всё успеем.");
    await parent.nextMessage("Не волнуйтесь, всё успеем.");
    expect(parent.messages().at(-2)?.text).toBe("Введите дату так: ДД.ММ.ГГГГ.");
    // A message the parent has, made a note afterwards: the operator is told it was not taken back.
    inTopic.chat.edit(note.message_id, "! передумала");
    await inTopic.nextMessage(/уже отправлено родителю/);
    const seen = parent
      .messages()
      .map((m) => `${m.text ?? ""} ${m.caption ?? ""}`)
      .join("\n");
    expect(seen).not.toContain("волнуется");
    expect(seen).not.toContain("передумала");
    expect(seen).not.toContain("Ольга");
    expect(seen).not.toContain("Операторова");

    // Take shows who took it; Close ends the conversation and closes the topic.
    await inTopic.tap("🙋 Взять");
    await inTopic.nextMessage(/Оператор: Ольга Операторова/);
    await inTopic.nextMessage("Ольга Операторова взял(а) обращение.");
    await inTopic.tap("✅ Закрыть");
    await parent.nextMessage(/Разговор с оператором завершён/);
    const again = await parent.nextMessage(/В каком классе/);
    expect(again.text).toContain("Шаг 1 из 4");
    expect(topic(threadId).closed).toBe(true);
    expect(olga.group.botMessages().find((m) => m.message_id === card.message_id)?.text).toContain("Закрыто.");

    // The same form goes on: the child stage finishes with every earlier answer intact.
    await parent.send("5");
    await parent.nextMessage(/Шаг 2 из 4/);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    const draft = await findDraft(system.database.db, user!.id);
    expect(draft?.form).toMatchObject({
      child: { fullName: "Петров Алихан Маратович", iin: childIin, birthDate: childBorn, grade: 5 },
    });
  });

  it("reopens the parent's topic when they write to support again, and lets the parent end the conversation", async () => {
    const parent = await registeredParent("Ким Елена Викторовна");
    const pavel = operator("Павел", "Смирнов");
    await parent.tap("🆘 Поддержка");
    await parent.nextMessage(/Вы пишете в службу поддержки/);
    const first = await cardIn(pavel.group);
    expect(first.card.text).toContain("Сейчас не заполняет заявление.");
    expect(first.card.text).toContain("Заявлений пока нет.");
    const inTopic = pavel.user.inGroup(first.threadId);
    await inTopic.tap("✅ Закрыть");
    await parent.nextMessage(/Разговор с оператором завершён/);
    await parent.nextMessage(/Государственные услуги школы/); // not in a form: the menu
    expect(topic(first.threadId).closed).toBe(true);

    await parent.tap("🆘 Поддержка");
    await parent.nextMessage(/Вы пишете в службу поддержки/);
    const second = await cardIn(pavel.group);
    expect(second.threadId).toBe(first.threadId);
    expect(topic(first.threadId).closed).toBe(false);
    const number = (m: Message) => Number(/Обращение № (\d+)/.exec(m.text ?? "")![1]);
    expect(number(second.card)).toBeGreaterThan(number(first.card));
    expect(topic(first.threadId).name).toContain(`№ ${number(second.card)}`);
    await parent.send("Это снова я");
    await inTopic.nextMessage("Это снова я");

    await parent.tap("✅ Завершить разговор");
    await inTopic.nextMessage("Родитель завершил разговор и вернулся к боту.");
    await parent.nextMessage(/Разговор с оператором завершён/);
    await parent.nextMessage(/Государственные услуги школы/);
    expect(topic(first.threadId).closed).toBe(true);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    expect(await getOpenTicket(system.database.db, user!.id)).toBeUndefined();
    // Back with the bot: an ordinary command works again.
    await parent.send("/my");
    await parent.nextMessage(/заявлен/i);
  });

  it("a parent who was signing the statement on paper gets the ways to sign again after the close, and signs", async () => {
    const parent = await parentAtReview("Жумабаева Динара Ерлановна");
    // The parent chose the paper route, then asked for help instead of sending the photo.
    await parent.tap("📄 Загрузить подписанное бумажное заявление");
    await parent.nextMessage(/Распечатайте заявление/);
    await supportOpenedAndClosed(parent, operator("Ольга", "Сергеева"));
    // Not the services menu: the statement is waiting for a signature.
    const again = await parent.nextMessage(/сформировано\. Подпишите его/);
    expect(again.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual([
      "📱 Подписать в eGov mobile",
      "🔐 Подписать ЭЦП (компьютер с NCALayer)",
      "📄 Загрузить подписанное бумажное заявление",
    ]);
    await parent.tap("📄 Загрузить подписанное бумажное заявление");
    await parent.nextMessage(/Распечатайте заявление/);
    // Changing their mind while the photo is awaited: the EDS button answers, then paper again.
    await parent.tap("🔐 Подписать ЭЦП (компьютер с NCALayer)");
    await parent.nextMessage(/Откройте ссылку на компьютере/);
    await parent.tap("📄 Загрузить подписанное бумажное заявление");
    await parent.nextMessage(/Распечатайте заявление/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/подписано\. Отправить его в школу/);
  });

  it("a parent editing a stage from the review is editing it again after the close", async () => {
    const parent = await parentAtReview("Сапарова Айгуль Маратовна");
    await parent.tap("✏️ Ребёнок");
    await parent.nextMessage(/Для какого ребёнка заявление/);
    await supportOpenedAndClosed(parent, operator("Ольга", "Ким"));
    // The same question of the same edit — not the review it was opened from.
    await parent.nextMessage(/Для какого ребёнка заявление/);
    await parent.tap("➕ Добавить ребёнка");
    await parent.nextMessage(/фамилию, имя и отчество ребёнка/);
  });

  it("a parent who withdraws their consent is no longer named in the titles of their support topics", async () => {
    const parent = await registeredParent("Абенова Гульмира Сериковна");
    const { threadId, inTopic } = await ticketOf(parent, operator("Нина", "Ли"));
    expect(topic(threadId).name).toMatch(/^Абенова Гульмира Сериковна · № \d+$/);
    await inTopic.tap("✅ Закрыть");
    await parent.nextMessage(/Разговор с оператором завершён/);

    await parent.send("/privacy");
    await parent.nextMessage(/Что бот хранит о вас/);
    await parent.tap("🗑 Отозвать согласие");
    await parent.nextMessage(/Согласие отозвано/);
    await vi.waitFor(() => expect(topic(threadId).name).toMatch(new RegExp(`^id ${parent.chat.user.id} · № \\d+$`)));
  });

  it("withdrawing the consent while talking to an operator ends the conversation as the parent would, then the data goes", async () => {
    const parent = await registeredParent("Тулегенова Асель Маратовна");
    const { threadId, inTopic } = await ticketOf(parent, operator("Нина", "Ким"));
    await parent.send("Хочу удалить свои данные");
    await inTopic.nextMessage("Хочу удалить свои данные");

    // Not held back until the operator lets the parent go: the screen, saying the conversation would end.
    await parent.send("/privacy");
    const report = await parent.nextMessage(/Что бот хранит о вас/);
    expect(report.text).toContain("Сейчас идёт разговор с оператором: если вы отзовёте согласие, он завершится.");
    await parent.tap("🗑 Отозвать согласие");
    await parent.nextMessage(/Согласие отозвано/);
    expect(parent.botMessages().at(-2)?.text).toBe("Разговор с оператором завершён.");

    // The operators see it end — by the withdrawal, not to write to the parent again —, the topic closes, and the
    // parent's name leaves its title.
    const line = await inTopic.nextMessage(/Родитель (завершил разговор|отозвал согласие)/);
    expect(line.text).toBe(
      "🔒 Родитель отозвал согласие на обработку своих персональных данных, разговор завершён. " +
        "Не пишите ему сами: отвечайте, только если он снова обратится в поддержку.",
    );
    await vi.waitFor(() => expect(topic(threadId).closed).toBe(true));
    await vi.waitFor(() => expect(topic(threadId).name).toMatch(new RegExp(`^id ${parent.chat.user.id} · № \\d+$`)));
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    expect(user).toMatchObject({ fullName: null, iin: null, consentAt: null });
    expect(await getOpenTicket(system.database.db, user!.id)).toBeUndefined();
    // Back with the bot, nothing more reaches the topic.
    await parent.send("Спасибо");
    await parent.nextMessage(/Я не понял сообщение/);
    expect(inTopic.messages().some((m) => m.text === "Спасибо")).toBe(false);
  });

  it("a parent talking to an operator who looks at /privacy and keeps the consent goes on talking", async () => {
    const parent = await registeredParent("Жаксыбекова Дина Ерлановна");
    const { threadId, inTopic } = await ticketOf(parent, operator("Вера", "Пак"));
    await parent.send("/privacy");
    await parent.nextMessage(/Что бот хранит о вас/);
    await parent.tap("Оставить как есть");
    await parent.nextMessage(/ничего не изменено\. Разговор с оператором продолжается/);
    expect(parent.lastKeyboard()).toEqual(["✅ Завершить разговор"]);

    await parent.send("Тогда вопрос про справку");
    await inTopic.nextMessage("Тогда вопрос про справку");
    expect(topic(threadId).closed).toBe(false);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    expect(user?.consentAt).not.toBeNull();
    expect(await getOpenTicket(system.database.db, user!.id)).toBeDefined();
    // Other commands still wait for the end of the conversation.
    await parent.send("/my");
    await parent.nextMessage(/Сейчас вы говорите с оператором/);
  });

  it("recreates a deleted topic and loses nothing the parent writes", async () => {
    const parent = await registeredParent("Ахметов Ерлан Болатович");
    const aida = operator("Аида", "Нурланова");
    const { threadId } = await ticketOf(parent, aida);
    await botApi().deleteForumTopic(PLAYGROUND_SUPPORT_CHAT_ID, threadId);

    await parent.send("Вы меня слышите?");
    const recreated = await cardIn(aida.group);
    expect(recreated.threadId).not.toBe(threadId);
    expect(topic(recreated.threadId).name).toMatch(/^Ахметов Ерлан Болатович · № \d+$/);
    const inNew = aida.user.inGroup(recreated.threadId);
    await aida.group.nextMessage(/Прежняя тема этого обращения была удалена/);
    await aida.group.nextMessage("Вы меня слышите?");
    expect(inNew.messages().some((m) => m.text === "Вы меня слышите?")).toBe(true);

    await inNew.send("Да, слышу.");
    await parent.nextMessage("Да, слышу.");
  });

  it("reminds the topic once when the parent has waited more than 10 minutes without an answer", async () => {
    const parent = await registeredParent("Оспанова Динара Маратовна");
    const staff = operator("Сергей", "Ли");
    const { inTopic } = await ticketOf(parent, staff);
    await parent.send("Помогите, пожалуйста");
    await inTopic.nextMessage("Помогите, пожалуйста");
    const reminders = () => inTopic.messages().filter((m) => /ждёт ответа больше 10 минут/.test(m.text ?? "")).length;
    const at = (minutes: number) => new Date(Date.now() + minutes * 60_000);

    await remindWaitingParents(supportDeps(), botApi(), at(5));
    expect(reminders()).toBe(0);
    // Two instances' rounds at the same minute: one reminder.
    const round = () => remindRound(supportDeps(), botApi(), at(11), system.database.tryLock);
    await Promise.all([round(), round()]);
    expect(reminders()).toBe(1);
    await remindWaitingParents(supportDeps(), botApi(), at(20));
    expect(reminders()).toBe(1); // once per wait, not every round

    await inTopic.send("Здравствуйте, чем помочь?");
    await parent.nextMessage("Здравствуйте, чем помочь?");
    await remindWaitingParents(supportDeps(), botApi(), at(40));
    expect(reminders()).toBe(1); // answered: nobody is waiting
  });

  it("reports in the topic that the parent blocked the bot, or that Telegram did not take a message", async () => {
    const parent = await registeredParent("Жумабаева Сауле Кайратовна");
    const staff = operator("Марат", "Ахмедов");
    const { inTopic } = await ticketOf(parent, staff);
    // Refused by Telegram for good: the operator is told to send it again, the ticket goes on.
    system.playground!.faults.addRule({ methods: ["copyMessage"], kind: "error", status: 400, times: 1 });
    await inTopic.send("Справку можно принести позже.");
    await inTopic.nextMessage(/Сообщение не доставлено родителю: Telegram не принял его/);
    await inTopic.send("Справку можно принести позже.");
    await parent.nextMessage("Справку можно принести позже.");
    parent.chat.setBlocked(true);

    await inTopic.send("Вы получили наш ответ?");
    await inTopic.nextMessage(/Родитель заблокировал бота: сообщение не доставлено/);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    expect(user?.blockedAt).not.toBeNull();

    await inTopic.tap("✅ Закрыть");
    await inTopic.nextMessage(/Родитель заблокировал бота и не узнал о закрытии обращения/);
  });

  it("keeps a note's whole album and any forward in the topic; an administrator writing anonymously reaches the parent", async () => {
    const parent = await registeredParent("Сейтова Айгерим Нурлановна");
    const staff = operator("Ирина", "Ким");
    const { inTopic } = await ticketOf(parent, staff);
    // An album captioned "!": Telegram puts the caption on the first photo only.
    inTopic.chat.sendAlbum([JPEG, JPEG, JPEG], "! сканы для коллег");
    // A forward (a colleague's message, say) is not passed on unseen: the operator is told.
    inTopic.chat.sendForwarded("Служебное: ИИН 880714400123, проверить льготу");
    await inTopic.nextMessage(/Пересланное сообщение родителю не отправлено/);
    inTopic.chat.sendAnonymously("Здравствуйте! Документы получили, проверяем.");
    await parent.nextMessage("Здравствуйте! Документы получили, проверяем.");
    expect(parent.botMessages().filter((m) => m.photo)).toEqual([]);
    expect(parent.messages().map((m) => m.text ?? m.caption ?? "")).not.toContainEqual(expect.stringContaining("880714400123"));
  });

  it("an administrator who remains anonymous is told to act as themselves to take or close a ticket; nothing is recorded", async () => {
    const parent = await registeredParent("Мусина Алия Бекболатовна");
    const { card, threadId, inTopic } = await ticketOf(parent, operator("Гаухар", "Абенова"));
    const dataOf = (text: string) => {
      const button = card.reply_markup!.inline_keyboard.flat().find((b) => b.text === text)!;
      return "callback_data" in button ? button.callback_data! : "";
    };
    const refusal =
      "Брать и закрывать обращения можно только под своим именем: " +
      "выключите «Анонимность» в своих правах администратора группы и нажмите снова.";
    for (const button of ["🙋 Взять", "✅ Закрыть"]) {
      const query = inTopic.chat.tapButton(card.message_id, dataOf(button), { anonymously: true });
      expect(await inTopic.callbackAnswer(query)).toEqual({ text: refusal, showAlert: true });
    }
    // Neither taken by "Group" nor closed: the card, the topic and the parent's conversation are as they were.
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    expect(await getOpenTicket(system.database.db, user!.id)).toMatchObject({ operatorTelegramId: null, operatorName: null });
    expect(inTopic.botMessages().find((m) => m.message_id === card.message_id)?.text).toContain("Оператор: ещё никто не взял");
    expect(topic(threadId).closed).toBe(false);
    await parent.send("Мне кто-нибудь ответит?");
    await inTopic.nextMessage("Мне кто-нибудь ответит?");
    // Writing anonymously still reaches the parent; the same administrator, named, takes the ticket.
    inTopic.chat.sendAnonymously("Да, сейчас посмотрим.");
    await parent.nextMessage("Да, сейчас посмотрим.");
    await inTopic.tap("🙋 Взять");
    await inTopic.nextMessage("Гаухар Абенова взял(а) обращение.");
    expect(inTopic.botMessages().some((m) => /Group/.test(m.text ?? ""))).toBe(false);
  });

  it("a post as a channel is not relayed: the operator is told under it, in Russian, to post as themselves", async () => {
    const parent = await registeredParent("Ахметова Динара Касымовна");
    const { inTopic } = await ticketOf(parent, operator("Асель", "Жумабаева"));
    const posted = inTopic.chat.sendAsChannel("Документы получили, проверяем.", { id: -1001777000001, title: "Школа №12" });
    // Before, nothing: the operator believed it answered, the parent never had it.
    const said = await inTopic.nextMessage(/от имени канала/);
    expect(said.text).toBe(
      "⚠️ Сообщение от имени канала родителю не передано: бот передаёт только сообщения, написанные от вашего имени. " +
        "Нажмите на аватар рядом с полем ввода, выберите себя и отправьте сообщение снова.",
    );
    expect(said.reply_to_message?.message_id).toBe(posted.message_id);
    // Posted as themselves, it reaches the parent — the first thing the parent has from the operator.
    await inTopic.send("Документы получили, проверяем!");
    await parent.nextMessage("Документы получили, проверяем!");
    expect(parent.botMessages().map((m) => m.text)).not.toContain("Документы получили, проверяем.");
  });

  it("a message the parent writes as the operator closes is said not to have gone, and is not taken as an answer", async () => {
    const parent = await registeredParent("Нурланова Жанар Ериковна");
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);
    const staff = operator("Алия", "Серикова");
    const { card, threadId } = await ticketOf(parent, staff);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    const ticket = await getOpenTicket(system.database.db, user!.id);

    // The close reaches the database at once; closing the topic in Telegram takes a while.
    system.playground!.faults.addRule({ methods: ["closeForumTopic"], kind: "latency", ms: 1500, times: 1 });
    void staff.user.inGroup(threadId).tap("✅ Закрыть");
    await vi.waitFor(async () => expect((await getTicket(system.database.db, ticket!.id))?.status).toBe("closed"));
    await parent.send("Спасибо большое вам");
    await parent.nextMessage(/Оператор уже завершил разговор, поэтому это сообщение ему не передано/);
    await parent.nextMessage(/Разговор с оператором завершён/);
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);
    expect((await findDraft(system.database.db, user!.id))?.form).not.toHaveProperty("child");

    // The hand-back, late, says nothing twice; the form goes on with the next answer.
    await staff.group.nextMessage(/Закрыто\./);
    expect(staff.group.botMessages().find((m) => m.message_id === card.message_id)?.text).toContain("Закрыто.");
    await parent.send("Нурланов Алихан Ерикович");
    await parent.nextMessage(/ИИН ребёнка/);
    expect(parent.botMessages().filter((m) => /Разговор с оператором завершён/.test(m.text ?? ""))).toHaveLength(1);
    expect(staff.group.messages().some((m) => m.text === "Спасибо большое вам")).toBe(false);
  });

  it("one parent's slow chat does not hold up the operators' answers to another", async () => {
    const [first, second] = [await registeredParent("Ержанова Гаухар Ахметовна"), await registeredParent("Ким Ольга Игоревна")];
    const staff = operator("Самат", "Жунусов");
    const one = await ticketOf(first, staff);
    const two = await ticketOf(second, staff);

    // The first parent's message is slow to reach the topic: their chat is busy meanwhile.
    system.playground!.faults.addRule({ methods: ["copyMessage"], kind: "latency", ms: 3000, times: 1 });
    await first.send("Ещё вопрос про справку");
    await vi.waitFor(() => expect(system.playground!.faults.get().rules.find((r) => r.kind === "latency")?.times).toBe(0));
    await staff.user.inGroup(one.threadId).tap("✅ Закрыть");
    await staff.user.inGroup(two.threadId).send("Ольга Игоревна, справку можно принести позже.");
    await second.nextMessage("Ольга Игоревна, справку можно принести позже.");
    // The first parent's hand-back waits for their own chat, not the other way round.
    expect(first.botMessages().some((m) => /Разговор с оператором завершён/.test(m.text ?? ""))).toBe(false);
    await first.nextMessage(/Разговор с оператором завершён/, { timeoutMs: 10_000 });
  });

  it("serves a parent who has not registered yet, in Kazakh", async () => {
    const parent = system.parent({ lang: "kk", firstName: "Әсел" });
    const staff = operator("Дәурен", "Омаров");
    await parent.send("/support");
    await parent.nextMessage(/Сіз қолдау қызметіне жазып отырсыз/);
    const { card, threadId } = await cardIn(staff.group, /№ \d+ сұрау/);
    expect(card.text).toContain("Ата-ана: Әсел");
    expect(card.text).toContain("Тілі: қазақ тілі");
    expect(card.text).toContain("Әзірге өтініш жоқ.");
    expect(topic(threadId).name).toMatch(/^Әсел · № \d+$/);
    const inTopic = staff.user.inGroup(threadId);
    await parent.send("Нөмірім шетелдік, тіркеле алмаймын");
    await inTopic.nextMessage("Нөмірім шетелдік, тіркеле алмаймын");
    // Taken, the card still names the parent; a second operator's Take does not take it from the first.
    await inTopic.tap("🙋 Алу");
    await inTopic.nextMessage("Дәурен Омаров сұрауды алды.");
    const taken = staff.group.botMessages().find((m) => m.message_id === card.message_id)!;
    expect(taken.text).toContain("Ата-ана: Әсел");
    expect(taken.text).toContain("Оператор: Дәурен Омаров");
    const other = operator("Бауыржан", "Сейітов").user.inGroup(threadId);
    const query = await other.tap("🙋 Алу");
    expect(await other.callbackAnswer(String(query))).toEqual({ text: "Сұрауды Дәурен Омаров алып қойған.", showAlert: true });
    expect(staff.group.botMessages().find((m) => m.message_id === card.message_id)?.text).toContain("Оператор: Дәурен Омаров");
    await inTopic.tap("✅ Жабу");
    await parent.nextMessage(/Оператормен әңгіме аяқталды/);
    await inTopic.nextMessage(/Сұрау жабылды \(Дәурен Омаров\)/);
  });
});
