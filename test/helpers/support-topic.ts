/**
 * A parent's support ticket with its topic in the operators' group, on one database backend: the
 * emulator serving both bots and the group, the parent's chat, an outbox sender that delivers into
 * the group through the support channel on a clock the test moves. For the tests of what becomes
 * of posts into a topic (test/bot/support/post.test.ts, deliverer.test.ts).
 */
import { Api } from "grammy";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { createDeliverers } from "#root/bot/shared/delivery.ts";
import { supportDeliverer } from "#root/bot/support/deliverer.ts";
import { createTopic } from "#root/bot/support/topic.ts";
import { startOutboxSender, type OutboxSenderOptions } from "#root/db/outbox-sender.ts";
import { closeTicket, openTicket, type SupportTicket } from "#root/db/queries/support.ts";
import { getUser, setUserLang } from "#root/db/queries/users.ts";
import { createMailer } from "#root/flows/mailer.ts";
import { createLogger, type Logger } from "#root/log.ts";
import type { backends } from "#root/test/helpers/databases.ts";
import { PARENT_TOKEN, PROVIDER_TOKEN } from "#root/test/helpers/fixtures.ts";
import { serveEmulator, tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

export const SUPPORT_GROUP = -1001000000001;
const silent = createLogger("silent");

export type SupportTopicBed = Awaited<ReturnType<typeof openSupportTopicBed>>;

/**
 * Parent 5101 (Russian) with an open ticket whose topic is made; `clock` starts after the database's own. `log`: where the
 * topic functions, the deliverer and the sender write (silent by default).
 */
export async function openSupportTopicBed(backend: (typeof backends)[number], opts: { log?: Logger } = {}) {
  const log = opts.log ?? silent;
  const emulator: Emulator = createEmulator({
    bots: [
      { token: PARENT_TOKEN, username: "parent_bot" },
      { token: PROVIDER_TOKEN, username: "provider_bot" },
    ],
    group: { id: SUPPORT_GROUP },
  });
  const server = await serveEmulator(emulator);
  const database = await backend.open();
  const parent: TgChat = tgUser(emulator, { id: 5101, firstName: "Айгерим", lang: "ru" }).chatWith("parent_bot");
  const api = new Api(PARENT_TOKEN, { apiRoot: server.url });
  const deps = () => ({ db: database.db, log, chatId: SUPPORT_GROUP });
  const user = await setUserLang(database.db, 5101, "ru");
  const ticket: SupportTicket = (await createTopic(api, deps(), (await openTicket(database.db, user.id, new Date())).ticket, { user }))
    .ticket;
  const bed = {
    emulator,
    database,
    parent,
    api,
    ticket,
    log,
    /** The sender's clock (ms): rows get their first attempt time from the database clock, so it starts after it. */
    clock: Date.now() + 5000,
    deps,
    /** The parent's message `text`, as a post to copy into the topic. */
    async copy(text: string) {
      const m = await parent.send(text);
      return { kind: "copy" as const, fromChatId: 5101, messageId: m.message_id, recreate: true };
    },
    /** An operator's view of the ticket's topic. */
    inTopic: () => tgUser(emulator, { id: 5102, firstName: "Оператор", lang: "ru" }).inGroup(bed.ticket.topicId!),
    /** What the bot said in the ticket's topic. */
    said: () =>
      bed
        .inTopic()
        .botMessages()
        .map((m) => m.text ?? ""),
    /** An outbox sender delivering into the group on {@link clock}, started by the test (drain, stop). */
    startSender: (extra: Partial<OutboxSenderOptions> = {}) =>
      startOutboxSender({
        db: database.db,
        tryLock: database.tryLock,
        log,
        now: () => new Date(bed.clock),
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
      }),
    /** The parent's next ticket, with no topic yet: their first one closed, its topic too (as closing a ticket leaves it). */
    async nextTicket() {
      await closeTicket(database.db, bed.ticket.id, new Date());
      await api.closeForumTopic(SUPPORT_GROUP, bed.ticket.topicId!);
      return {
        next: (await openTicket(database.db, bed.ticket.parentId, new Date())).ticket,
        user: (await getUser(database.db, bed.ticket.parentId))!,
      };
    },
    /** The group at its limit of `count` posts a minute, all taken. */
    async groupAtItsLimit(count: number) {
      emulator.faults.groupRateLimit({ count, windowMs: 60_000 });
      for (let i = 0; i < count; i++) await api.sendMessage(SUPPORT_GROUP, `Занято ${i}`);
    },
    async close() {
      await server.close();
      await database.dispose();
    },
  };
  return bed;
}
