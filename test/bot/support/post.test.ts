/**
 * Posts into a support topic while the group is at Telegram's limit, on every database backend:
 * refused with a 429 they wait in the outbox, and go out in the order the parent wrote them even
 * when a later one comes due first; a topic made again meanwhile keeps its card and the line why.
 * A ticket's topic asked for at the limit waits there too, ahead of the parent's messages, and is
 * made once (asked for twice, it waits once). What becomes of a post that cannot go for good:
 * test/bot/support/deliverer.test.ts.
 */
import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { createDeliverers } from "#root/bot/shared/delivery.ts";
import { closeSupportTicket } from "#root/bot/support/close.ts";
import { supportDeliverer } from "#root/bot/support/deliverer.ts";
import { forgetNameInTopics, openTopic, postInTopic } from "#root/bot/support/post.ts";
import { attachTopic, createTopic } from "#root/bot/support/topic.ts";
import { startOutboxSender, type OutboxSenderOptions } from "#root/db/outbox-sender.ts";
import { outboxStats } from "#root/db/queries/outbox.ts";
import { closeTicket, getTicket, openTicket, type SupportTicket } from "#root/db/queries/support.ts";
import { getUser, setUserLang } from "#root/db/queries/users.ts";
import { createMailer } from "#root/flows/mailer.ts";
import { createLogger } from "#root/log.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { PARENT_TOKEN, PROVIDER_TOKEN } from "#root/test/helpers/fixtures.ts";
import { serveEmulator, tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

const log = createLogger("silent");
const GROUP = -1001000000001;

describe.each(backends)("posts into a support topic on $name", (backend) => {
  let database: Awaited<ReturnType<(typeof backends)[number]["open"]>>;
  let emulator: Emulator;
  let server: Awaited<ReturnType<typeof serveEmulator>>;
  let clock: number;
  let parent: TgChat;
  let ticket: SupportTicket;
  let api: Api;

  beforeEach(async () => {
    emulator = createEmulator({
      bots: [
        { token: PARENT_TOKEN, username: "parent_bot" },
        { token: PROVIDER_TOKEN, username: "provider_bot" },
      ],
      group: { id: GROUP },
    });
    server = await serveEmulator(emulator);
    database = await backend.open();
    parent = tgUser(emulator, { id: 5101, firstName: "Айгерим", lang: "ru" }).chatWith("parent_bot");
    api = new Api(PARENT_TOKEN, { apiRoot: server.url });
    const user = await setUserLang(database.db, 5101, "ru");
    ticket = (await createTopic(api, deps(), (await openTicket(database.db, user.id, new Date())).ticket, { user })).ticket;
    // Rows get their first attempt time from the database clock: the fake one starts after it.
    clock = Date.now() + 5000;
  });

  afterEach(async () => {
    await server.close();
    await database.dispose();
  });

  const deps = () => ({ db: database.db, log, chatId: GROUP });
  const copy = async (text: string) => {
    const m = await parent.send(text);
    return { kind: "copy" as const, fromChatId: 5101, messageId: m.message_id, recreate: true };
  };
  const inTopic = () => tgUser(emulator, { id: 5102, firstName: "Оператор", lang: "ru" }).inGroup(ticket.topicId!);
  const said = () =>
    inTopic()
      .botMessages()
      .map((m) => m.text ?? "");

  it("a post refused for the group's limit waits in the outbox, the ones after it queue behind it, and all go out in order", async () => {
    emulator.faults.groupRateLimit({ count: 1, windowMs: 60_000 });
    expect(await postInTopic(api, deps(), ticket, await copy("первое"))).toBe("posted");
    expect(await postInTopic(api, deps(), ticket, await copy("второе"))).toBe("queued");
    emulator.faults.groupRateLimit(null);
    // The group takes posts again, but "второе" waits: "третье" does not overtake it.
    expect(await postInTopic(api, deps(), ticket, await copy("третье"))).toBe("queued");
    expect(said()).toEqual(["первое"]);

    // The sender: "второе" fails once (a 502), so "третье" comes due before it.
    emulator.faults.addRule({ methods: ["copyMessage"], kind: "error", status: 502, times: 1 });
    const sender = startSender();
    try {
      await sender.drain();
      expect(said()).toEqual(["первое"]);
      clock += 100;
      await sender.drain();
      expect(said()).toEqual(["первое", "второе", "третье"]);
    } finally {
      await sender.stop();
    }
  });

  /** What the bot said in the topic the ticket has now (made again or not). */
  const saidNow = async () => {
    const now = await getTicket(database.db, ticket.id);
    return tgUser(emulator, { id: 5102, firstName: "Оператор", lang: "ru" })
      .inGroup(now!.topicId!)
      .botMessages()
      .map((m) => m.text ?? "");
  };

  it("a topic made again while the group is at its limit gets its card and the line why before the parent's message", async () => {
    await api.deleteForumTopic(GROUP, ticket.topicId!);
    // The try into the deleted topic, the new topic and its card take the group's three posts: the line is refused.
    emulator.faults.groupRateLimit({ count: 3, windowMs: 60_000 });
    expect(await postInTopic(api, deps(), ticket, await copy("Вы здесь?"))).toBe("queued");
    emulator.faults.groupRateLimit(null);
    const sender = startSender();
    try {
      await sender.drain();
      const [card, ...rest] = await saidNow();
      expect(card).toMatch(/Обращение №\d+/);
      expect(rest).toEqual(["Прежняя тема этого обращения была удалена — переписка продолжается здесь.", "Вы здесь?"]);
    } finally {
      await sender.stop();
    }
  });

  it("a queued message whose topic was deleted: the new topic's card and line, cut off by the limit, go before it later", async () => {
    emulator.faults.groupRateLimit({ count: 1, windowMs: 60_000 });
    await postInTopic(api, deps(), ticket, await copy("первое"));
    expect(await postInTopic(api, deps(), ticket, await copy("второе"))).toBe("queued");
    await api.deleteForumTopic(GROUP, ticket.topicId!);
    // The sender makes the topic again: the try into the old one, the new topic and its card go, the line is refused.
    emulator.faults.groupRateLimit({ count: 3, windowMs: 60_000 });
    const first = startSender();
    await first.drain();
    await first.stop();
    expect(await saidNow()).toHaveLength(1);
    // Later (a sender that was not paused by the 429), with room in the group.
    emulator.faults.groupRateLimit(null);
    clock += 120_000;
    const sender = startSender();
    try {
      await sender.drain();
      expect((await saidNow()).slice(1)).toEqual(["Прежняя тема этого обращения была удалена — переписка продолжается здесь.", "второе"]);
    } finally {
      await sender.stop();
    }
  });

  /** The parent's next ticket, with no topic yet: their first one closed, its topic too (as closing a ticket leaves it). */
  const nextTicket = async () => {
    await closeTicket(database.db, ticket.id, new Date());
    await api.closeForumTopic(GROUP, ticket.topicId!);
    return {
      next: (await openTicket(database.db, ticket.parentId, new Date())).ticket,
      user: (await getUser(database.db, ticket.parentId))!,
    };
  };
  /** The group at its limit of `count` posts a minute, all taken. */
  const groupAtItsLimit = async (count: number) => {
    emulator.faults.groupRateLimit({ count, windowMs: 60_000 });
    for (let i = 0; i < count; i++) await api.sendMessage(GROUP, `Занято ${i}`);
  };

  it("a topic asked for at the limit: the sender reopens the parent's, its card (cut off by the limit) before their message", async () => {
    const { next, user } = await nextTicket();
    await groupAtItsLimit(1);
    // The name the parent asked with names the topic when it is made.
    expect((await openTopic(api, deps(), next, { user, telegramName: "Айгерим" })).queued).toBe(true);
    expect(await postInTopic(api, deps(), next, await copy("Здравствуйте, я снова"))).toBe("queued");
    // The sender reopens and renames the parent's topic: the card is refused.
    emulator.faults.groupRateLimit({ count: 2, windowMs: 60_000 });
    const first = startSender();
    await first.drain();
    await first.stop();
    expect(said()).toEqual([]);
    expect(emulator.state.group!.topics.get(ticket.topicId!)).toMatchObject({ closed: false, name: `Айгерим · №${next.id}` });
    emulator.faults.groupRateLimit(null);
    clock += 120_000;
    const sender = startSender();
    try {
      await sender.drain();
      const [card, ...rest] = said();
      expect(card).toMatch(new RegExp(`Обращение №${next.id}`));
      expect(rest).toEqual(["Здравствуйте, я снова"]);
      expect((await getTicket(database.db, next.id))!.topicId).toBe(ticket.topicId);
    } finally {
      await sender.stop();
    }
  });

  it("a ticket's topic that waited and another try made meanwhile (another instance): no second topic, no second card", async () => {
    const { next, user } = await nextTicket();
    await groupAtItsLimit(1);
    expect((await openTopic(api, deps(), next, { user })).queued).toBe(true);
    emulator.faults.groupRateLimit(null);
    const other = await attachTopic(api, deps(), next, { user });
    expect(other.made).toBe(true);
    await api.sendMessage(GROUP, "Карточка другой попытки", { message_thread_id: other.ticket.topicId! });
    const sender = startSender();
    try {
      await sender.drain();
      expect(said()).toEqual(["Карточка другой попытки"]);
      expect([...emulator.state.group!.topics.values()].filter((t) => !t.deleted)).toHaveLength(1);
    } finally {
      await sender.stop();
    }
  });

  it("a ticket closed while the group is at its limit: its line and the topic's close wait behind the parent's message", async () => {
    emulator.faults.groupRateLimit({ count: 1, windowMs: 60_000 });
    await postInTopic(api, deps(), ticket, await copy("первое"));
    expect(await postInTopic(api, deps(), ticket, await copy("Спасибо, всё понятно"))).toBe("queued");
    const closed = await closeSupportTicket(api, { ...deps(), now: () => new Date() }, ticket, "ru", { kind: "parent" });
    expect(closed?.status).toBe("closed");
    expect(emulator.state.group!.topics.get(ticket.topicId!)?.closed).toBe(false);
    emulator.faults.groupRateLimit(null);
    const sender = startSender();
    try {
      await sender.drain();
      expect(said()).toEqual(["первое", "Спасибо, всё понятно", "Родитель завершил разговор и вернулся к боту."]);
      expect(emulator.state.group!.topics.get(ticket.topicId!)?.closed).toBe(true);
    } finally {
      await sender.stop();
    }
  });

  it("a close that waited, and the parent asked again meanwhile: the topic closes, then reopens for the new ticket", async () => {
    await groupAtItsLimit(1);
    await closeSupportTicket(api, { ...deps(), now: () => new Date() }, ticket, "ru", { kind: "parent" });
    const next = (await openTicket(database.db, ticket.parentId, new Date())).ticket;
    expect((await openTopic(api, deps(), next, { user: (await getUser(database.db, ticket.parentId))! })).queued).toBe(true);
    emulator.faults.groupRateLimit(null);
    const sender = startSender();
    try {
      await sender.drain();
      expect((await getTicket(database.db, next.id))!.topicId).toBe(ticket.topicId);
      expect(emulator.state.group!.topics.get(ticket.topicId!)).toMatchObject({ closed: false, name: `id 5101 · №${next.id}` });
      expect(said()).toEqual([expect.stringMatching(/завершил разговор/), expect.stringMatching(`Обращение №${next.id}`)]);
      // The old ticket's close tried again (a row retried after it went): the new ticket's topic stays open.
      await postInTopic(api, deps(), ticket, { kind: "close" });
      expect(emulator.state.group!.topics.get(ticket.topicId!)?.closed).toBe(false);
    } finally {
      await sender.stop();
    }
  });

  it("a ticket ended while its topic still waits for the group: the topic is made, then says it ended and closes", async () => {
    const { next, user } = await nextTicket();
    await groupAtItsLimit(1);
    expect((await openTopic(api, deps(), next, { user })).queued).toBe(true);
    await closeSupportTicket(api, { ...deps(), now: () => new Date() }, next, "ru", { kind: "parent" });
    emulator.faults.groupRateLimit(null);
    const sender = startSender();
    try {
      await sender.drain();
      expect((await getTicket(database.db, next.id))!.topicId).toBe(ticket.topicId);
      expect(said()).toEqual([expect.stringMatching(`Обращение №${next.id}`), "Родитель завершил разговор и вернулся к боту."]);
      expect(emulator.state.group!.topics.get(ticket.topicId!)?.closed).toBe(true);
    } finally {
      await sender.stop();
    }
  });

  it("asked for twice while the ticket's topic waits (/support again): it waits once, and comes once with one card", async () => {
    const { next, user } = await nextTicket();
    await groupAtItsLimit(1);
    expect((await openTopic(api, deps(), next, { user })).queued).toBe(true);
    expect((await openTopic(api, deps(), next, { user })).queued).toBe(true);
    // One row in the group's queue, not a second for the same ticket's topic (each takes its turn at the group's pace).
    expect(await outboxStats(database.db)).toMatchObject({ pending: 1 });
    emulator.faults.groupRateLimit(null);
    const sender = startSender();
    try {
      await sender.drain();
      expect(said()).toEqual([expect.stringMatching(`Обращение №${next.id}`)]);
      expect(await outboxStats(database.db)).toMatchObject({ pending: 0, sent: 1 });
    } finally {
      await sender.stop();
    }
  });

  it("a withdrawn parent's topic, renamed while the group is at its limit, loses their name once the group allows", async () => {
    await api.editForumTopic(GROUP, ticket.topicId!, { name: `Айгерим Серикова · №${ticket.id}` });
    await groupAtItsLimit(1);
    await forgetNameInTopics(api, deps(), (await getUser(database.db, ticket.parentId))!);
    expect(emulator.state.group!.topics.get(ticket.topicId!)?.name).toBe(`Айгерим Серикова · №${ticket.id}`);
    emulator.faults.groupRateLimit(null);
    const sender = startSender();
    try {
      await sender.drain();
      expect(emulator.state.group!.topics.get(ticket.topicId!)?.name).toBe(`id 5101 · №${ticket.id}`);
    } finally {
      await sender.stop();
    }
  });

  function startSender(extra: Partial<OutboxSenderOptions> = {}) {
    return startOutboxSender({
      db: database.db,
      tryLock: database.tryLock,
      log,
      now: () => new Date(clock),
      autoStart: false,
      backoffMs: 100,
      deliver: createDeliverers({
        parentApi: api,
        providerApi: api,
        mailer: createMailer({ log }),
        db: database.db,
        log,
        support: supportDeliverer({ ...deps(), api }),
      }),
      ...extra,
    });
  }
});
