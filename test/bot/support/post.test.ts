/**
 * Posts into a support topic while the group is at Telegram's limit, on every database backend:
 * refused with a 429 they wait in the outbox, and go out in the order the parent wrote them even
 * when a later one comes due first; a topic made again meanwhile keeps its card and the line why.
 * A ticket's topic asked for at the limit waits there too, ahead of the parent's messages, and is
 * made once (asked for twice, it waits once). What becomes of a post that cannot go for good:
 * test/bot/support/deliverer.test.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { closeSupportTicket } from "#root/bot/support/close.ts";
import { forgetNameInTopics, openTopic, postInTopic } from "#root/bot/support/post.ts";
import { attachTopic } from "#root/bot/support/topic.ts";
import { outboxStats } from "#root/db/queries/outbox.ts";
import { getTicket, openTicket } from "#root/db/queries/support.ts";
import { getUser } from "#root/db/queries/users.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { openSupportTopicBed, SUPPORT_GROUP, type SupportTopicBed } from "#root/test/helpers/support-topic.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";

describe.each(backends)("posts into a support topic on $name", (backend) => {
  let bed: SupportTopicBed;
  beforeEach(async () => {
    bed = await openSupportTopicBed(backend);
  });
  afterEach(() => bed.close());

  it("a post refused for the group's limit waits in the outbox, the ones after it queue behind it, and all go out in order", async () => {
    bed.emulator.faults.groupRateLimit({ count: 1, windowMs: 60_000 });
    expect(await postInTopic(bed.api, bed.deps(), bed.ticket, await bed.copy("первое"))).toBe("posted");
    expect(await postInTopic(bed.api, bed.deps(), bed.ticket, await bed.copy("второе"))).toBe("queued");
    bed.emulator.faults.groupRateLimit(null);
    // The group takes posts again, but "второе" waits: "третье" does not overtake it.
    expect(await postInTopic(bed.api, bed.deps(), bed.ticket, await bed.copy("третье"))).toBe("queued");
    expect(bed.said()).toEqual(["первое"]);

    // The sender: "второе" fails once (a 502), so "третье" comes due before it.
    bed.emulator.faults.addRule({ methods: ["copyMessage"], kind: "error", status: 502, times: 1 });
    const sender = bed.startSender();
    try {
      await sender.drain();
      expect(bed.said()).toEqual(["первое"]);
      bed.clock += 100;
      await sender.drain();
      expect(bed.said()).toEqual(["первое", "второе", "третье"]);
    } finally {
      await sender.stop();
    }
  });

  /** What the bot said in the topic the ticket has now (made again or not). */
  const saidNow = async () => {
    const now = await getTicket(bed.database.db, bed.ticket.id);
    return tgUser(bed.emulator, { id: 5102, firstName: "Оператор", lang: "ru" })
      .inGroup(now!.topicId!)
      .botMessages()
      .map((m) => m.text ?? "");
  };

  it("a topic made again while the group is at its limit gets its card and the line why before the parent's message", async () => {
    await bed.api.deleteForumTopic(SUPPORT_GROUP, bed.ticket.topicId!);
    // The try into the deleted topic, the new topic and its card take the group's three posts: the line is refused.
    bed.emulator.faults.groupRateLimit({ count: 3, windowMs: 60_000 });
    expect(await postInTopic(bed.api, bed.deps(), bed.ticket, await bed.copy("Вы здесь?"))).toBe("queued");
    bed.emulator.faults.groupRateLimit(null);
    const sender = bed.startSender();
    try {
      await sender.drain();
      const [card, ...rest] = await saidNow();
      expect(card).toMatch(/Обращение № \d+/);
      expect(rest).toEqual(["Прежняя тема этого обращения была удалена — переписка продолжается здесь.", "Вы здесь?"]);
    } finally {
      await sender.stop();
    }
  });

  it("a queued message whose topic was deleted: the new topic's card and line, cut off by the limit, go before it later", async () => {
    bed.emulator.faults.groupRateLimit({ count: 1, windowMs: 60_000 });
    await postInTopic(bed.api, bed.deps(), bed.ticket, await bed.copy("первое"));
    expect(await postInTopic(bed.api, bed.deps(), bed.ticket, await bed.copy("второе"))).toBe("queued");
    await bed.api.deleteForumTopic(SUPPORT_GROUP, bed.ticket.topicId!);
    // The sender makes the topic again: the try into the old one, the new topic and its card go, the line is refused.
    bed.emulator.faults.groupRateLimit({ count: 3, windowMs: 60_000 });
    const first = bed.startSender();
    await first.drain();
    await first.stop();
    expect(await saidNow()).toHaveLength(1);
    // Later (a sender that was not paused by the 429), with room in the group.
    bed.emulator.faults.groupRateLimit(null);
    bed.clock += 120_000;
    const sender = bed.startSender();
    try {
      await sender.drain();
      expect((await saidNow()).slice(1)).toEqual(["Прежняя тема этого обращения была удалена — переписка продолжается здесь.", "второе"]);
    } finally {
      await sender.stop();
    }
  });

  it("a topic asked for at the limit: the sender reopens the parent's, its card (cut off by the limit) before their message", async () => {
    const { next, user } = await bed.nextTicket();
    await bed.groupAtItsLimit(1);
    // The name the parent asked with names the topic when it is made.
    expect((await openTopic(bed.api, bed.deps(), next, { user, telegramName: "Айгерим" })).queued).toBe(true);
    expect(await postInTopic(bed.api, bed.deps(), next, await bed.copy("Здравствуйте, я снова"))).toBe("queued");
    // The sender reopens and renames the parent's topic: the card is refused.
    bed.emulator.faults.groupRateLimit({ count: 2, windowMs: 60_000 });
    const first = bed.startSender();
    await first.drain();
    await first.stop();
    expect(bed.said()).toEqual([]);
    expect(bed.emulator.state.group!.topics.get(bed.ticket.topicId!)).toMatchObject({ closed: false, name: `Айгерим · № ${next.id}` });
    bed.emulator.faults.groupRateLimit(null);
    bed.clock += 120_000;
    const sender = bed.startSender();
    try {
      await sender.drain();
      const [card, ...rest] = bed.said();
      expect(card).toMatch(new RegExp(`Обращение № ${next.id}`));
      expect(rest).toEqual(["Здравствуйте, я снова"]);
      expect((await getTicket(bed.database.db, next.id))!.topicId).toBe(bed.ticket.topicId);
    } finally {
      await sender.stop();
    }
  });

  it("a ticket's topic that waited and another try made meanwhile (another instance): no second topic, no second card", async () => {
    const { next, user } = await bed.nextTicket();
    await bed.groupAtItsLimit(1);
    expect((await openTopic(bed.api, bed.deps(), next, { user })).queued).toBe(true);
    bed.emulator.faults.groupRateLimit(null);
    const other = await attachTopic(bed.api, bed.deps(), next, { user });
    expect(other.made).toBe(true);
    await bed.api.sendMessage(SUPPORT_GROUP, "Карточка другой попытки", { message_thread_id: other.ticket.topicId! });
    const sender = bed.startSender();
    try {
      await sender.drain();
      expect(bed.said()).toEqual(["Карточка другой попытки"]);
      expect([...bed.emulator.state.group!.topics.values()].filter((t) => !t.deleted)).toHaveLength(1);
    } finally {
      await sender.stop();
    }
  });

  it("a ticket closed while the group is at its limit: its line and the topic's close wait behind the parent's message", async () => {
    bed.emulator.faults.groupRateLimit({ count: 1, windowMs: 60_000 });
    await postInTopic(bed.api, bed.deps(), bed.ticket, await bed.copy("первое"));
    expect(await postInTopic(bed.api, bed.deps(), bed.ticket, await bed.copy("Спасибо, всё понятно"))).toBe("queued");
    const closed = await closeSupportTicket(bed.api, { ...bed.deps(), now: () => new Date() }, bed.ticket, "ru", { kind: "parent" });
    expect(closed?.status).toBe("closed");
    expect(bed.emulator.state.group!.topics.get(bed.ticket.topicId!)?.closed).toBe(false);
    bed.emulator.faults.groupRateLimit(null);
    const sender = bed.startSender();
    try {
      await sender.drain();
      expect(bed.said()).toEqual(["первое", "Спасибо, всё понятно", "Родитель завершил разговор и вернулся к боту."]);
      expect(bed.emulator.state.group!.topics.get(bed.ticket.topicId!)?.closed).toBe(true);
    } finally {
      await sender.stop();
    }
  });

  it("a close that waited, and the parent asked again meanwhile: the topic closes, then reopens for the new ticket", async () => {
    await bed.groupAtItsLimit(1);
    await closeSupportTicket(bed.api, { ...bed.deps(), now: () => new Date() }, bed.ticket, "ru", { kind: "parent" });
    const next = (await openTicket(bed.database.db, bed.ticket.parentId, new Date())).ticket;
    expect((await openTopic(bed.api, bed.deps(), next, { user: (await getUser(bed.database.db, bed.ticket.parentId))! })).queued).toBe(
      true,
    );
    bed.emulator.faults.groupRateLimit(null);
    const sender = bed.startSender();
    try {
      await sender.drain();
      expect((await getTicket(bed.database.db, next.id))!.topicId).toBe(bed.ticket.topicId);
      expect(bed.emulator.state.group!.topics.get(bed.ticket.topicId!)).toMatchObject({ closed: false, name: `id 5101 · № ${next.id}` });
      expect(bed.said()).toEqual([expect.stringMatching(/завершил разговор/), expect.stringMatching(`Обращение № ${next.id}`)]);
      // The old ticket's close tried again (a row retried after it went): the new ticket's topic stays open.
      await postInTopic(bed.api, bed.deps(), bed.ticket, { kind: "close" });
      expect(bed.emulator.state.group!.topics.get(bed.ticket.topicId!)?.closed).toBe(false);
    } finally {
      await sender.stop();
    }
  });

  it("a ticket ended while its topic still waits for the group: the topic is made, then says it ended and closes", async () => {
    const { next, user } = await bed.nextTicket();
    await bed.groupAtItsLimit(1);
    expect((await openTopic(bed.api, bed.deps(), next, { user })).queued).toBe(true);
    await closeSupportTicket(bed.api, { ...bed.deps(), now: () => new Date() }, next, "ru", { kind: "parent" });
    bed.emulator.faults.groupRateLimit(null);
    const sender = bed.startSender();
    try {
      await sender.drain();
      expect((await getTicket(bed.database.db, next.id))!.topicId).toBe(bed.ticket.topicId);
      expect(bed.said()).toEqual([expect.stringMatching(`Обращение № ${next.id}`), "Родитель завершил разговор и вернулся к боту."]);
      expect(bed.emulator.state.group!.topics.get(bed.ticket.topicId!)?.closed).toBe(true);
    } finally {
      await sender.stop();
    }
  });

  it("asked for twice while the ticket's topic waits (/support again): it waits once, and comes once with one card", async () => {
    const { next, user } = await bed.nextTicket();
    await bed.groupAtItsLimit(1);
    expect((await openTopic(bed.api, bed.deps(), next, { user })).queued).toBe(true);
    expect((await openTopic(bed.api, bed.deps(), next, { user })).queued).toBe(true);
    // One row in the group's queue, not a second for the same ticket's topic (each takes its turn at the group's pace).
    expect(await outboxStats(bed.database.db)).toMatchObject({ pending: 1 });
    bed.emulator.faults.groupRateLimit(null);
    const sender = bed.startSender();
    try {
      await sender.drain();
      expect(bed.said()).toEqual([expect.stringMatching(`Обращение № ${next.id}`)]);
      expect(await outboxStats(bed.database.db)).toMatchObject({ pending: 0, sent: 1 });
    } finally {
      await sender.stop();
    }
  });

  it("a withdrawn parent's topic, renamed while the group is at its limit, loses their name once the group allows", async () => {
    await bed.api.editForumTopic(SUPPORT_GROUP, bed.ticket.topicId!, { name: `Айгерим Серикова · № ${bed.ticket.id}` });
    await bed.groupAtItsLimit(1);
    await forgetNameInTopics(bed.api, bed.deps(), (await getUser(bed.database.db, bed.ticket.parentId))!);
    expect(bed.emulator.state.group!.topics.get(bed.ticket.topicId!)?.name).toBe(`Айгерим Серикова · № ${bed.ticket.id}`);
    bed.emulator.faults.groupRateLimit(null);
    const sender = bed.startSender();
    try {
      await sender.drain();
      expect(bed.emulator.state.group!.topics.get(bed.ticket.topicId!)?.name).toBe(`id 5101 · № ${bed.ticket.id}`);
    } finally {
      await sender.stop();
    }
  });
});
