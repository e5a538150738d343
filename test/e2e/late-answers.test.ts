/**
 * A tap answered too late for Telegram still does what it should. Telegram takes a tap's answer
 * only a short while after the tap (about 15 s); a tap that waited behind slow work in its chat,
 * or in the backlog after a restart, gets 400 "query is too old…" for its answer. Here the
 * emulator takes no answer at all (its timeout 0), and each tap still ends as it should: the
 * statement formed and the signed paper asked for, the application sent with its "sent", the
 * parent told the operator ended the conversation, and the topic closed when the parent ends it.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Message } from "grammy/types";
import { listParentApplications } from "#root/db/queries/applications.ts";
import { getOpenTicket } from "#root/db/queries/support.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import { CALLBACK_QUERY_TIMEOUT_MS } from "#root/api/playground/state.ts";
import { makeIin } from "#root/flows/iin.ts";
import { registerInRussian } from "#root/test/helpers/parent-flow.ts";
import { mealsDraftAtReview } from "#root/test/helpers/drafts.ts";
import { JPEG, startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem();
});
afterAll(() => system?.close());
afterEach(() => tooLateFromNow(false));

/** From now on, every tap's answer comes too late for the emulated Telegram (or in time again). */
function tooLateFromNow(late = true): void {
  if (system) system.playground!.state.callbackQueryTimeoutMs = late ? 0 : CALLBACK_QUERY_TIMEOUT_MS;
}

let serial = 60;

async function registeredParent(fullName: string): Promise<TgChat> {
  const parent = system.parent({ lang: "ru", firstName: fullName.split(" ")[1] });
  await registerInRussian(parent, fullName, makeIin("1987-04-11", "female", serial++));
  return parent;
}

/** A registered parent whose meals draft is complete (the form is tested elsewhere), at its review. */
async function parentAtReview(fullName: string): Promise<TgChat> {
  const parent = await registeredParent(fullName);
  await mealsDraftAtReview(system.database.db, parent, serial++);
  return parent;
}

/** The parent opens support; an operator in the group gets the ticket's card, in its topic. */
async function supportTicket(parent: TgChat, operatorId: number) {
  const operator = tgUser(system.playground!, { id: operatorId, firstName: "Ольга", lastName: "Операторова", lang: "ru" });
  const group = operator.inGroup();
  await parent.send("/support");
  await parent.nextMessage(/Вы пишете в службу поддержки/);
  let card: Message;
  do card = await group.nextMessage(/Обращение № \d+/);
  while (!card.reply_markup);
  const threadId = card.message_thread_id!;
  return { inTopic: operator.inGroup(threadId), topic: () => system.playground!.state.group!.topics.get(threadId)! };
}

describe("a tap answered too late for Telegram", () => {
  it("still forms the statement and asks for the signed paper", async () => {
    const parent = await parentAtReview("Нурланова Асель Бекболатовна");
    tooLateFromNow();
    await parent.tap("📄 Загрузить подписанное бумажное заявление");
    await parent.nextMessage(/Заявление № \S+ сформировано\./);
    await parent.nextMessage(/Распечатайте заявление/);
  });

  it("still sends the application, and the parent is told it is sent", async () => {
    const parent = await parentAtReview("Сейткали Дана Маратовна");
    // In time, the tap's spinner stops before the statement is formed, not once it is sent.
    const tap = String(await parent.tap("📄 Загрузить подписанное бумажное заявление"));
    const statement = await parent.nextMessage(/Заявление № \S+ сформировано\./);
    await parent.callbackAnswer(tap);
    const answered = system.playground!.state.events.since(0).find((e) => e.type === "callback_answer" && e.queryId === tap);
    const formed = system.playground!.state.events.since(0).find((e) => e.type === "message" && e.message === statement);
    expect(answered!.seq).toBeLessThan(formed!.seq);
    await parent.nextMessage(/Распечатайте заявление/);
    await parent.sendPhoto(JPEG);
    await parent.nextMessage(/подписано\. Отправить его в школу/);
    tooLateFromNow();
    await parent.tap("📨 Отправить в школу");
    await parent.nextMessage(/отправлено в организацию образования/);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    expect((await listParentApplications(system.database.db, user!.id))[0]).toMatchObject({ status: "submitted" });
  });

  it("still tells the parent the operator's Close ended the conversation, and takes the card's buttons away", async () => {
    const parent = await registeredParent("Абенова Гаухар Сериковна");
    const { inTopic, topic } = await supportTicket(parent, 930_001);
    tooLateFromNow();
    await inTopic.tap("✅ Закрыть");
    await parent.nextMessage(/Разговор с оператором завершён/);
    await parent.nextMessage(/Государственные услуги школы/);
    expect(topic().closed).toBe(true);
    expect(inTopic.botMessages().find((m) => /Обращение №/.test(m.text ?? ""))?.reply_markup).toBeUndefined();
  });

  it("still ends the conversation when the parent taps 'End conversation'", async () => {
    const parent = await registeredParent("Омарова Айжан Ерлановна");
    const { inTopic, topic } = await supportTicket(parent, 930_002);
    tooLateFromNow();
    await parent.tap("✅ Завершить разговор");
    await inTopic.nextMessage(/завершил/);
    await parent.nextMessage(/Разговор с оператором завершён/);
    expect(topic().closed).toBe(true);
    const user = await findUserByTelegramId(system.database.db, parent.chat.user.id);
    expect(await getOpenTicket(system.database.db, user!.id)).toBeUndefined();
  });
});
