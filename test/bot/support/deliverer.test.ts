/**
 * What the support channel's deliverer (bot/support/deliverer.ts) does with a post that waited for
 * the group's limit, on every database backend: a parent's message that cannot be shown for good is
 * said not to have gone, and does not hold up the ones after it; a ticket's topic that cannot be made
 * for good closes its ticket, the parent told once, and no topic is made for that ticket after it;
 * and every call a row makes counts against the group's pace.
 */
import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { createDeliverers } from "#root/bot/shared/delivery.ts";
import { closeSupportTicket } from "#root/bot/support/close.ts";
import { SUPPORT_GIVE_UP_ATTEMPTS, supportDeliverer } from "#root/bot/support/deliverer.ts";
import { openTopic, postInTopic } from "#root/bot/support/post.ts";
import { createTopic } from "#root/bot/support/topic.ts";
import { startOutboxSender, type OutboxSenderOptions } from "#root/db/outbox-sender.ts";
import { enqueue, outboxStats } from "#root/db/queries/outbox.ts";
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

  /** The parent's chat: what the bot said, and to which of their messages. */
  const toldParent = () => parent.botMessages().map((m) => ({ text: m.text, to: m.reply_to_message?.message_id }));

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

  it("a waiting message Telegram refuses for good: the parent is told, under it, and their next message goes on", async () => {
    emulator.faults.groupRateLimit({ count: 1, windowMs: 60_000 });
    await postInTopic(api, deps(), ticket, await copy("первое"));
    const lost = await copy("второе");
    expect(await postInTopic(api, deps(), ticket, lost)).toBe("queued");
    expect(await postInTopic(api, deps(), ticket, await copy("третье"))).toBe("queued");
    emulator.faults.groupRateLimit(null);
    emulator.faults.addRule({ methods: ["copyMessage"], kind: "error", status: 400, times: 1 });
    const sender = startSender();
    try {
      await sender.drain();
      expect(said()).toEqual(["первое", "третье"]);
      expect(toldParent()).toEqual([
        { text: "Сообщение не удалось передать оператору. Отправьте его ещё раз через минуту.", to: lost.messageId },
      ]);
    } finally {
      await sender.stop();
    }
  });

  it("a waiting message Telegram keeps failing (5xx) is given up after a while, the parent told, and the next one goes", async () => {
    emulator.faults.groupRateLimit({ count: 1, windowMs: 60_000 });
    await postInTopic(api, deps(), ticket, await copy("первое"));
    const lost = await copy("второе");
    await postInTopic(api, deps(), ticket, lost);
    await postInTopic(api, deps(), ticket, await copy("третье"));
    emulator.faults.groupRateLimit(null);
    emulator.faults.addRule({ methods: ["copyMessage"], kind: "error", status: 502, times: SUPPORT_GIVE_UP_ATTEMPTS });
    const sender = startSender();
    try {
      for (let i = 0; i < SUPPORT_GIVE_UP_ATTEMPTS; i++) {
        await sender.drain();
        clock += 120_000;
      }
      await sender.drain();
      expect(said()).toEqual(["первое", "третье"]);
      expect(toldParent()).toEqual([
        { text: "Сообщение не удалось передать оператору. Отправьте его ещё раз через минуту.", to: lost.messageId },
      ]);
    } finally {
      await sender.stop();
    }
  });

  it("a topic that waited, reopened and renamed with its card on top, counts as its three posts: the message after it waits", async () => {
    const { next, user } = await nextTicket();
    await groupAtItsLimit(1);
    expect((await openTopic(api, deps(), next, { user })).queued).toBe(true);
    expect(await postInTopic(api, deps(), next, await copy("Здравствуйте, я снова"))).toBe("queued");
    emulator.faults.groupRateLimit(null);
    // The group's pace: three posts in 2.9 s (a sender that has just started assumes one went a moment ago).
    const sender = startSender({ channelRates: { support: { count: 3, windowMs: 2900 } } });
    try {
      await sender.drain();
      // The reopen, the rename and the card took the group's three posts: the parent's message waits its turn.
      expect(emulator.state.group!.topics.get(ticket.topicId!)).toMatchObject({ closed: false, name: `id 5101 · №${next.id}` });
      expect(said()).toEqual([expect.stringMatching(`Обращение №${next.id}`)]);
      expect(await outboxStats(database.db)).toMatchObject({ pending: 1, failed: 0 });
    } finally {
      await sender.stop();
    }
  });

  it("a ticket's topic that waited and Telegram keeps failing (5xx): the parent is told once support was not reached", async () => {
    const { next, user } = await nextTicket();
    await groupAtItsLimit(1);
    expect((await openTopic(api, deps(), next, { user })).queued).toBe(true);
    await postInTopic(api, deps(), next, await copy("Вы здесь?"));
    await postInTopic(api, deps(), next, await copy("Алло"));
    emulator.faults.groupRateLimit(null);
    emulator.faults.addRule({ methods: ["reopenForumTopic"], kind: "error", status: 502, times: SUPPORT_GIVE_UP_ATTEMPTS });
    const sender = startSender();
    try {
      for (let i = 0; i < SUPPORT_GIVE_UP_ATTEMPTS; i++) {
        await sender.drain();
        clock += 120_000;
      }
      await sender.drain();
      expect((await getTicket(database.db, next.id))!).toMatchObject({ status: "closed", topicId: null });
      // Once, for the request: not a line under each message the operators did not get.
      expect(toldParent()).toEqual([
        {
          text:
            "⚠️ Не удалось связаться со службой поддержки: операторы не получили ваше обращение и сообщения.\n" +
            "Бот снова с вами — ваши ответы сохранены. Если нужна помощь, откройте поддержку ещё раз позже: /support",
          to: undefined,
        },
      ]);
      // Nothing behind it made a topic of its own: the parent's old one stays closed, with nothing new.
      expect(said()).toEqual([]);
      expect([...emulator.state.group!.topics.values()].filter((t) => !t.deleted)).toHaveLength(1);
      expect(emulator.state.group!.topics.get(ticket.topicId!)?.closed).toBe(true);
    } finally {
      await sender.stop();
    }
  });

  it("a ticket the parent ended before its topic, which then cannot be made (a 400): the parent is told once nobody saw it", async () => {
    const { next, user } = await nextTicket();
    await groupAtItsLimit(1);
    expect((await openTopic(api, deps(), next, { user })).queued).toBe(true);
    await postInTopic(api, deps(), next, await copy("Вы здесь?"));
    // Asked again while it waited (/support twice): the same row still waits, none is added.
    expect((await openTopic(api, deps(), next, { user })).queued).toBe(true);
    await closeSupportTicket(api, { ...deps(), now: () => new Date() }, next, "ru", { kind: "parent" });
    emulator.faults.groupRateLimit(null);
    emulator.faults.addRule({ methods: ["reopenForumTopic"], kind: "error", status: 400, times: 2 });
    const sender = startSender();
    try {
      await sender.drain();
      // Back with the bot already (and maybe in a newer ticket): not "the bot is with you again", but that nobody saw
      // what they wrote — once.
      expect(toldParent()).toEqual([
        {
          text:
            "⚠️ Обращение в службу поддержки, которое вы завершили, не дошло до операторов: " +
            "никто не видел ни его, ни ваших сообщений в нём.\n" +
            "Если вопрос остался, откройте поддержку ещё раз: /support",
          to: undefined,
        },
      ]);
      expect(said()).toEqual([]);
      expect((await getTicket(database.db, next.id))!).toMatchObject({ status: "closed", topicId: null });
    } finally {
      await sender.stop();
    }
  });

  it("a second topic row of a ticket given up since (written twice before): no topic after the parent was told nobody saw it", async () => {
    const { next, user } = await nextTicket();
    await groupAtItsLimit(1);
    expect((await openTopic(api, deps(), next, { user })).queued).toBe(true);
    // The second row a second /support wrote while the topic waited, before a ticket's topic waited in one row.
    const second = { ticketId: next.id, post: { kind: "topic" } };
    await enqueue(database.db, [
      { channel: "support", recipient: String(next.parentId), payload: second, dedupeKey: "support-open:older" },
    ]);
    await postInTopic(api, deps(), next, await copy("Вы здесь?"));
    await closeSupportTicket(api, { ...deps(), now: () => new Date() }, next, "ru", { kind: "parent" });
    emulator.faults.groupRateLimit(null);
    // The first row cannot make the topic (a 400); the second could, a moment later.
    emulator.faults.addRule({ methods: ["reopenForumTopic"], kind: "error", status: 400, times: 1 });
    const sender = startSender();
    try {
      await sender.drain();
      expect(toldParent().map((m) => m.text)).toEqual([expect.stringMatching(/никто не видел ни его, ни ваших сообщений в нём/)]);
      // Nothing in the group contradicts that: no topic reopened for the ticket, no card, no line.
      expect(said()).toEqual([]);
      expect(emulator.state.group!.topics.get(ticket.topicId!)).toMatchObject({ closed: true, name: `id 5101 · №${ticket.id}` });
      expect((await getTicket(database.db, next.id))!).toMatchObject({ status: "closed", topicId: null });
      expect(await outboxStats(database.db)).toMatchObject({ pending: 0, superseded: 1 });
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
