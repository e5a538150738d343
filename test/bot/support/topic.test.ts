/**
 * A ticket's forum topic when two tries make it at once (two instances answering one parent, an
 * outbox row tried again): the operators see one topic per ticket, and one try owes its card.
 */
import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { attachTopic, createTopic } from "#root/bot/support/topic.ts";
import { getTicket, openTicket } from "#root/db/queries/support.ts";
import { setUserLang, type User } from "#root/db/queries/users.ts";
import { createLogger } from "#root/log.ts";
import { backends } from "#root/test/helpers/databases.ts";
import { PARENT_TOKEN, PROVIDER_TOKEN } from "#root/test/helpers/fixtures.ts";
import { serveEmulator } from "#root/test/helpers/tg-client.ts";

const log = createLogger("silent");
const GROUP = -1001000000001;

describe.each(backends)("a support ticket's topic on $name", (backend) => {
  let database: Awaited<ReturnType<(typeof backends)[number]["open"]>>;
  let emulator: Emulator;
  let server: Awaited<ReturnType<typeof serveEmulator>>;
  let api: Api;
  let user: User;

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
    api = new Api(PARENT_TOKEN, { apiRoot: server.url });
    user = await setUserLang(database.db, 5201, "ru");
  });

  afterEach(async () => {
    await server.close();
    await database.dispose();
  });

  const deps = () => ({ db: database.db, log, chatId: GROUP });
  /** The topics an operator sees in the group. */
  const liveTopics = () => [...emulator.state.group!.topics.values()].filter((t) => !t.deleted).map((t) => t.threadId);

  it("two tries giving a new ticket its topic at once: the operators see one topic, and one try owes the card", async () => {
    const { ticket } = await openTicket(database.db, user.id, new Date());
    const tries = await Promise.all([attachTopic(api, deps(), ticket, { user }), attachTopic(api, deps(), ticket, { user })]);
    const saved = (await getTicket(database.db, ticket.id))!.topicId;
    expect(liveTopics()).toEqual([saved]);
    expect(tries.map((t) => t.ticket.topicId)).toEqual([saved, saved]);
    expect(tries.filter((t) => t.made)).toHaveLength(1);
  });

  it("two tries making a deleted topic again at once: one new topic, one try owes its card", async () => {
    const first = await createTopic(api, deps(), (await openTicket(database.db, user.id, new Date())).ticket, { user });
    await api.deleteForumTopic(GROUP, first.ticket.topicId!);
    const tries = await Promise.all([createTopic(api, deps(), first.ticket, { user }), createTopic(api, deps(), first.ticket, { user })]);
    const saved = (await getTicket(database.db, first.ticket.id))!.topicId;
    expect(saved).not.toBe(first.ticket.topicId);
    expect(liveTopics()).toEqual([saved]);
    expect(tries.filter((t) => t.made)).toHaveLength(1);
  });
});
