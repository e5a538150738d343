/**
 * Posts into a support topic while the group is at Telegram's limit, on every database backend:
 * refused with a 429 they wait in the outbox, and go out in the order the parent wrote them even
 * when a later one comes due first.
 */
import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { createDeliverers } from "#root/bot/shared/delivery.ts";
import { postInTopic, supportDeliverer } from "#root/bot/support/post.ts";
import { createTopic } from "#root/bot/support/topic.ts";
import { startOutboxSender } from "#root/db/outbox-sender.ts";
import { openTicket, type SupportTicket } from "#root/db/queries/support.ts";
import { setUserLang } from "#root/db/queries/users.ts";
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
    ticket = await createTopic(api, deps(), (await openTicket(database.db, user.id, new Date())).ticket, { user });
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
    const sender = startOutboxSender({
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
    });
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
});
