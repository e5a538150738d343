/**
 * While talking to an operator, a parent forwards what Telegram lets no bot copy (a channel's giveaway, a paid post):
 * the parent is told, in their language, that such a message cannot reach the operator and how to ask instead, and
 * nothing is posted into the topic. Before, the refused copy was logged as an error and the parent was told to send it
 * again in a minute — which could never work.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "grammy/types";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { getOpenTicket } from "#root/db/queries/support.ts";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";
import { capturedLog, sendRaw } from "#root/test/helpers/update-shapes.ts";

const logged = capturedLog();
let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ log: logged.log });
});
afterAll(() => system?.close());

const channel = { id: -1002233445566, type: "channel" as const, title: "Магазин" };
const forwarded = { forward_origin: { type: "channel" as const, chat: channel, message_id: 7, date: Math.floor(Date.now() / 1000) - 60 } };
const giveaway: Partial<Message> = { ...forwarded, giveaway: { chats: [channel], winners_selection_date: 1_900_000_000, winner_count: 3 } };
const paid: Partial<Message> = { ...forwarded, paid_media: { star_count: 10, paid_media: [{ type: "preview", width: 100, height: 100 }] } };

describe("a message no bot may copy, sent to the operator", () => {
  it.each([
    {
      lang: "ru",
      content: giveaway,
      said: "Такое сообщение нельзя передать оператору. Напишите вопрос текстом или пришлите фото либо файл.",
    },
    {
      lang: "kk",
      content: paid,
      said: "Мұндай хабарламаны операторға жіберу мүмкін емес. Сұрағыңызды мәтінмен жазыңыз немесе фото не файл жіберіңіз.",
    },
  ])("in $lang: the parent is told it cannot go and how to ask; the topic gets nothing; no error", async ({ lang, content, said }) => {
    const parent = system.parent({ lang });
    await parent.send("/support");
    await parent.nextMessage(lang === "ru" ? /Вы пишете в службу поддержки/ : /Сіз қолдау қызметіне жазып отырсыз/);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    const topic = (await getOpenTicket(system.database.db, user!.id))!.topicId!;
    const inTopic = () => tgUser(system.playground!, { id: 939001, firstName: "Гульнара", lang: "ru" }).inGroup(topic).messages().length;
    const before = inTopic();

    sendRaw(system.playground!, parent, content);
    const reply = await parent.nextMessage();
    expect(reply.text).toBe(said);
    expect(reply.reply_markup?.inline_keyboard.flat().length).toBe(1);
    expect(inTopic()).toBe(before);
    expect(logged.errors()).toEqual([]);
  });
});
