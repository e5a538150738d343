/**
 * Support when the operators' group is at Telegram's limit for one group (about 20 posts a minute;
 * here the emulator's limit per group and the system's pace are a few posts in 2 s, so the test is
 * short): parents writing at once lose nothing and wait for nothing. On PostgreSQL and Redis when
 * DATABASE_URL and REDIS_URL are set, else on the embedded defaults.
 */
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PLAYGROUND_SUPPORT_CHAT_ID } from "#root/bot/playground.ts";
import { outboxStats } from "#root/db/queries/outbox.ts";
import { getOpenTicket } from "#root/db/queries/support.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { DATABASE_URL, REDIS_URL } from "#root/test/helpers/databases.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { makeIin } from "#root/flows/iin.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

/** The group's limit, and the system's pace to it. */
const LIMIT = { count: 3, windowMs: 2000 };

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({
    ...(DATABASE_URL ? { postgres: DATABASE_URL } : {}),
    env: REDIS_URL ? { REDIS_URL } : {},
    supportRate: LIMIT,
  });
});
afterAll(() => system?.close());

/** The topic of the parent's open ticket, as an operator sees it (it may wait for the group's limit: then it fails). */
async function topicOf(parent: TgChat, operator: ReturnType<typeof tgUser>): Promise<TgChat> {
  const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
  const ticket = await getOpenTicket(system.database.db, user!.id);
  expect(ticket!.topicId).not.toBeNull();
  return operator.inGroup(ticket!.topicId!);
}

const said = (chat: TgChat) => chat.botMessages().map((m) => m.text ?? "");

/** What the bot said in the parent's topic so far: nothing while the topic itself waits for the group. */
async function saidFor(parent: TgChat, operator: ReturnType<typeof tgUser>): Promise<string[]> {
  const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
  const topicId = (await getOpenTicket(system.database.db, user!.id))!.topicId;
  return topicId === null ? [] : said(operator.inGroup(topicId));
}

describe("support while the operators' group is at Telegram's limit", () => {
  it("a burst of parents: every message reaches its topic once and in order, and no chat waits for the group", async () => {
    const operator = tgUser(system.playground!, { id: 920_001, firstName: "Гульнара", lastName: "Оспанова", lang: "ru" });
    system.playground!.faults.groupRateLimit(LIMIT);
    const parents = Array.from({ length: 5 }, (_, i) => system.parent({ lang: "ru", firstName: `Родитель${i}` }));
    await Promise.all(
      parents.map(async (parent) => {
        await parent.send("/support");
        await parent.nextMessage(/Вы пишете в службу поддержки/);
      }),
    );
    const questions = (i: number) => [1, 2, 3].map((k) => `Родитель${i}: вопрос ${k}`);
    // Everyone writes at once; the first parent last, behind the others' messages.
    const [first, ...others] = parents;
    await Promise.all(
      others.map(async (parent, i) => questions(i + 1).reduce((p, q) => p.then(() => parent.send(q)), Promise.resolve({}))),
    );
    for (const q of questions(0)) await first!.send(q);

    // The parent's next update is answered while their messages still wait for the group.
    await first!.send("/start");
    await first!.nextMessage(/Сейчас вы говорите с оператором/);
    expect(await saidFor(first!, operator)).not.toContain("Родитель0: вопрос 3");

    // The operators' updates do not wait for the group either: a Take's line waits, an answer goes at once.
    const second = parents[1]!;
    await vi.waitFor(async () => expect((await saidFor(second, operator))[0]).toMatch(/Обращение № \d+/), { timeout: 20_000 });
    const secondTopic = await topicOf(second, operator);
    const query = await secondTopic.tap("🙋 Взять");
    expect((await secondTopic.callbackAnswer(String(query))).text).toBe("Обращение ваше.");
    await secondTopic.send("Здравствуйте, смотрю ваш вопрос.");
    await second.nextMessage("Здравствуйте, смотрю ваш вопрос.");
    expect(said(secondTopic)).not.toContain("Гульнара Оспанова взял(а) обращение.");

    // Everything arrives: the card, then each question once and in order (and the Take's line after them).
    await vi.waitFor(
      async () => {
        for (const [i, parent] of parents.entries()) {
          const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
          const threadId = (await getOpenTicket(system.database.db, user!.id))!.topicId!;
          const topic = operator.inGroup(threadId);
          const expected = [...questions(i), ...(i === 1 ? ["Гульнара Оспанова взял(а) обращение."] : [])];
          expect(said(topic).slice(1)).toEqual(expected);
          expect(said(topic)[0]).toMatch(/Обращение № \d+/);
        }
      },
      { timeout: 60_000, interval: 250 },
    );

    // What waited went through the outbox, and all of it went out (these parents have no other notices).
    const outbox = await outboxStats(system.database.db);
    expect(outbox).toMatchObject({ pending: 0, failed: 0 });
    expect(outbox.sent).toBeGreaterThan(0);

    // An operator's reply to a message that waited reaches the parent.
    const firstTopic = await topicOf(first!, operator);
    const waited = firstTopic.botMessages().find((m) => m.text === "Родитель0: вопрос 3")!;
    firstTopic.chat.sendText("Ответ на третий вопрос.", { replyTo: waited.message_id });
    await first!.nextMessage("Ответ на третий вопрос.");
  }, 120_000);

  it("a consent withdrawn at the limit: the ending line after the parent's messages, then the topic closed and unnamed", async () => {
    const operator = tgUser(system.playground!, { id: 920_002, firstName: "Нина", lastName: "Ким", lang: "ru" });
    const parent = system.parent({ lang: "ru", firstName: "Мадина" });
    await registerInRussian(parent, "Сарсенова Мадина Ериковна", makeIin("1988-07-14", "female", 77));
    system.playground!.faults.groupRateLimit(null);
    await parent.send("/support");
    await parent.nextMessage(/Вы пишете в службу поддержки/);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    const threadId = (await getOpenTicket(system.database.db, user!.id))!.topicId!;
    const topic = operator.inGroup(threadId);
    system.playground!.faults.groupRateLimit(LIMIT);
    const questions = ["Удалите мои данные", "и детей тоже", "спасибо", "до свидания"];
    for (const q of questions) await parent.send(q);

    await parent.send("/privacy");
    await parent.nextMessage(/Что бот хранит о вас/);
    await parent.tap("🗑 Отозвать согласие");
    await parent.nextMessage(/Согласие отозвано/);
    const state = () => system.playground!.state.group!.topics.get(threadId)!;
    await vi.waitFor(
      () => {
        expect(said(topic).slice(1)).toEqual([...questions, expect.stringMatching(/^🔒 Родитель отозвал согласие на обработку/)]);
        expect(state()).toMatchObject({ closed: true, name: expect.stringMatching(new RegExp(`^id ${parent.chat.user.id} · № \\d+$`)) });
      },
      { timeout: 60_000, interval: 250 },
    );
  }, 120_000);

  it("a request that never reached support while the parent was in a form: told so, then the form's question again", async () => {
    const parent = system.parent({ lang: "ru", firstName: "Жанар" });
    await registerInRussian(parent, "Искакова Жанар Ериковна", makeIin("1988-07-14", "female", 78));
    await parent.tap("Бесплатное и льготное питание в школе");
    await parent.nextMessage(/по кнопке «Подробнее»/);
    await parent.tap("📝 Подать заявление");
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/);

    // The group at its limit: the request is taken, its topic waits; then the bot may not make topics any more (a 400).
    system.playground!.faults.groupRateLimit(LIMIT);
    const api = new Api(system.playgroundSecrets!.parentToken, { apiRoot: `http://127.0.0.1:${system.port}` });
    for (let i = 0; i < LIMIT.count; i++) await api.sendMessage(PLAYGROUND_SUPPORT_CHAT_ID, `Занято ${i}`).catch(() => {});
    await parent.send("/support");
    await parent.nextMessage(/Обращение принято: операторы увидят его в течение нескольких минут/);
    system.playground!.faults.addRule({ methods: ["createForumTopic"], kind: "error", status: 400, times: 1 });
    system.playground!.faults.groupRateLimit(null);

    await parent.nextMessage(/Не удалось связаться со службой поддержки/, { timeoutMs: 20_000 });
    // What the form expects is asked again, under the notice — not "the conversation ended".
    await parent.nextMessage(/Введите фамилию, имя и отчество ребёнка/, { timeoutMs: 10_000 });
    expect(parent.botMessages().some((m) => /Разговор с оператором завершён/.test(m.text ?? ""))).toBe(false);
    await parent.send("Искаков Алихан Ерикович");
    await parent.nextMessage(/ИИН ребёнка/);
  }, 60_000);
});
