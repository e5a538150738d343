/**
 * The outbox sender against the emulated Bot API, on every database backend: Telegram's 429
 * is waited out for `retry_after`, 5xx is retried with backoff, a parent who blocked the bot
 * is marked and never retried, a row that keeps failing is given up, and two senders on one
 * database deliver each row exactly once.
 */
import { createServer, type AddressInfo, type Socket } from "node:net";
import { sql } from "drizzle-orm";
import { Api } from "grammy";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { cancelOnStop } from "#root/bot/shared/cancel.ts";
import { createDeliverers } from "#root/bot/shared/delivery.ts";
import { openDatabase, type Database } from "#root/db/client.ts";
import { startOutboxSender, type DeliveryOutcome, type OutboxSenderOptions } from "#root/db/outbox-sender.ts";
import { enqueue, getOutboxRow, oldestPendingAt, type OutboxMessage, type OutboxRow } from "#root/db/queries/outbox.ts";
import { findUserByTelegramId, setUserLang } from "#root/db/queries/users.ts";
import { createMailer } from "#root/flows/mailer.ts";
import type { StatusPayload } from "#root/flows/notify.ts";
import { createLogger } from "#root/log.ts";
import { backends, DATABASE_URL } from "#root/test/helpers/databases.ts";
import { PARENT_TOKEN, PROVIDER_TOKEN } from "#root/test/helpers/fixtures.ts";
import { serveEmulator, tgUser, type TgChat } from "#root/test/helpers/tg-client.ts";

const log = createLogger("silent");

describe.each(backends)("outbox sender on $name", (backend) => {
  let database: Database & { dispose(): Promise<void> };
  let emulator: Emulator;
  let server: Awaited<ReturnType<typeof serveEmulator>>;
  let clock: number;
  let realTimeLimit = false;
  let parent: TgChat;
  const senders: Array<{ stop(): Promise<void> }> = [];

  beforeEach(async () => {
    clock = Date.now();
    realTimeLimit = false;
    emulator = createEmulator({
      bots: [
        { token: PARENT_TOKEN, username: "parent_bot" },
        { token: PROVIDER_TOKEN, username: "provider_bot" },
      ],
      // The fake clock, or the real one where pacing against the emulator's limit is the point.
      clock: () => (realTimeLimit ? Date.now() : clock),
    });
    server = await serveEmulator(emulator);
    database = await backend.open();
    parent = tgUser(emulator, { id: 5001, firstName: "Айгерим", lang: "ru" }).chatWith("parent_bot");
    await parent.send("/start");
    await setUserLang(database.db, 5001, "ru");
    // Rows get their first attempt time from the database clock: the fake one starts after it.
    clock = Date.now() + 5000;
  });

  /** Another process's own connections to this test's database (PostgreSQL). */
  async function anotherProcess() {
    const [{ name }] = (await database.db.execute(sql`select current_database() as name`)) as unknown as [{ name: string }];
    const url = new URL(DATABASE_URL!);
    url.pathname = `/${name}`;
    return openDatabase({ databaseUrl: url.toString(), dataDir: "/nonexistent", migrate: false });
  }

  afterEach(async () => {
    await Promise.all(senders.splice(0).map((s) => s.stop()));
    await server.close();
    await database.dispose();
  });

  const deliveryDeps = () => ({
    parentApi: new Api(PARENT_TOKEN, { apiRoot: server.url }),
    providerApi: new Api(PROVIDER_TOKEN, { apiRoot: server.url }),
    mailer: createMailer({ log }),
    db: database.db,
    log,
  });
  const deliverers = () => createDeliverers(deliveryDeps());
  const smtpMailer = (port: number) => createMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, log });

  function sender(extra: Partial<OutboxSenderOptions> = {}) {
    const s = startOutboxSender({
      db: database.db,
      tryLock: database.tryLock,
      log,
      now: () => new Date(clock),
      autoStart: false,
      backoffMs: 100,
      deliver: deliverers(),
      ...extra,
    });
    senders.push(s);
    return s;
  }

  /** The parent channel's deliverer, counting what it sends into `sent`. */
  function counted(sent: number[]): OutboxSenderOptions["deliver"] {
    const real = deliverers();
    return {
      ...real,
      parent: async (row) => {
        sent.push(row.id);
        return real.parent(row);
      },
    };
  }

  /** A "result issued" notification to the parent, numbered so each message can be told apart. */
  function notification(n: number): OutboxMessage {
    const payload: StatusPayload = {
      template: "status",
      applicationId: "00000000-0000-4000-8000-" + String(n).padStart(12, "0"),
      number: `2026-${String(n).padStart(6, "0")}`,
      serviceId: "meals",
      status: "completed",
      lang: "ru",
    };
    return { channel: "parent", recipient: "5001", payload, dedupeKey: `test:${n}` };
  }
  const texts = () => parent.botMessages().map((m) => m.text ?? "");

  it("waits out Telegram's 429 for retry_after, then sends", async () => {
    emulator.faults.rateLimit(1);
    await enqueue(database.db, [notification(1), notification(2)]);
    const s = sender();
    await s.drain();
    expect(texts()).toHaveLength(1);
    const limited = (await getOutboxRow(database.db, "test:2"))!;
    expect(limited.status).toBe("pending");
    expect(limited.lastError).toMatch(/^429/);
    // retry_after is 1 s; the backoff alone (100 ms) would have been sooner.
    expect(limited.nextAttemptAt.getTime() - clock).toBeGreaterThanOrEqual(1000);

    clock += 500;
    await s.drain();
    expect(texts()).toHaveLength(1);
    clock += 600;
    await s.drain();
    expect(texts()).toEqual([expect.stringContaining("2026-000001"), expect.stringContaining("2026-000002")]);
    expect((await getOutboxRow(database.db, "test:2"))!.status).toBe("sent");
  });

  it("paces itself to Telegram's limit: 40 notifications at 30 messages/s draw no 429", async () => {
    emulator.faults.rateLimit(30);
    realTimeLimit = true;
    await enqueue(
      database.db,
      Array.from({ length: 40 }, (_, i) => notification(i + 1)),
    );
    const real = deliverers();
    const limited: number[] = [];
    const s = sender({
      deliver: {
        ...real,
        parent: async (row) => {
          const outcome = await real.parent(row);
          if (outcome.status === "retry" && outcome.retryAfterMs !== undefined) limited.push(row.id);
          return outcome;
        },
      },
    });
    await s.drain();
    expect(limited).toEqual([]);
    expect(texts()).toHaveLength(40);
  });

  it("keeps a channel to a pace of its own (the support group's) without holding up a parent's notice behind it", async () => {
    const posted: number[] = [];
    const post = (n: number): OutboxMessage => ({ channel: "support", recipient: "1", payload: { n }, dedupeKey: `post:${n}` });
    await enqueue(database.db, [post(1), post(2), notification(1)]);
    const s = sender({
      deliver: {
        ...deliverers(),
        support: async (row) => {
          posted.push(row.id);
          return { status: "sent" };
        },
      },
      // One post a minute: a sender that has just started assumes the last one went a moment ago.
      channelRates: { support: { count: 1, windowMs: 60_000 } },
    });
    await s.drain();
    expect(texts()).toEqual([expect.stringContaining("2026-000001")]);
    expect(posted).toEqual([]);
    for (const key of ["post:1", "post:2"]) {
      const row = (await getOutboxRow(database.db, key))!;
      expect(row).toMatchObject({ status: "pending", attempts: 0, lastError: "paced: waiting" });
      expect(row.nextAttemptAt.getTime() - clock).toBeGreaterThan(50_000);
    }
  });

  it("retries a 5xx answer with backoff and sends the message once", async () => {
    emulator.faults.addRule({ methods: ["sendMessage"], kind: "error", status: 502, times: 2 });
    await enqueue(database.db, [notification(1)]);
    const s = sender();
    await s.drain();
    let row = (await getOutboxRow(database.db, "test:1"))!;
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.lastError).toMatch(/^502/);
    clock += 100;
    await s.drain();
    row = (await getOutboxRow(database.db, "test:1"))!;
    expect(row.attempts).toBe(2);
    expect(row.nextAttemptAt.getTime() - clock).toBeGreaterThanOrEqual(200); // doubled
    clock += 200;
    await s.drain();
    expect((await getOutboxRow(database.db, "test:1"))!).toMatchObject({ status: "sent", attempts: 3 });
    expect(texts()).toHaveLength(1);
  });

  it("marks a parent who blocked the bot, and does not retry", async () => {
    parent.chat.setBlocked(true);
    await enqueue(database.db, [notification(1)]);
    const s = sender();
    await s.drain();
    const row = (await getOutboxRow(database.db, "test:1"))!;
    expect(row.status).toBe("blocked");
    expect(row.lastError).toMatch(/blocked by the user/);
    expect((await findUserByTelegramId(database.db, 5001))?.blockedAt).toBeInstanceOf(Date);
    clock += 3_600_000;
    await s.drain();
    expect((await getOutboxRow(database.db, "test:1"))!.attempts).toBe(1);
  });

  it("keeps retrying a Telegram outage of hours (at most 10 min apart) and gives the notice up only when it is 48 h old", async () => {
    emulator.faults.addRule({ methods: ["sendMessage"], kind: "error", status: 500, times: 100 });
    await enqueue(database.db, [notification(1)]);
    const s = sender();
    for (let i = 0; i < 12; i++) {
      await s.drain();
      clock += 10 * 60_000;
    }
    // Two hours of 5xx: still waiting, its next try at most 10 minutes away.
    let row = (await getOutboxRow(database.db, "test:1"))!;
    expect(row).toMatchObject({ status: "pending", attempts: 12 });
    expect(row.nextAttemptAt.getTime() - clock).toBeLessThanOrEqual(0);
    expect((await oldestPendingAt(database.db))?.getTime()).toBe(row.createdAt.getTime());

    clock = row.createdAt.getTime() + 48 * 3_600_000;
    await s.drain();
    row = (await getOutboxRow(database.db, "test:1"))!;
    expect(row).toMatchObject({ status: "failed", attempts: 13 });
    expect(row.lastError).toMatch(/gave up after 48 h/);
    expect(texts()).toHaveLength(0);
    expect(await oldestPendingAt(database.db)).toBeUndefined();
  });

  it("of two instances, one sends and the other stands by until the first stops (the bot's 30 messages/s is not doubled)", async () => {
    const byA: number[] = [];
    const byB: number[] = [];
    const a = sender({ deliver: counted(byA) });
    const b = sender({ deliver: counted(byB) });
    await enqueue(database.db, [1, 2, 3].map(notification));
    await a.drain();
    await enqueue(database.db, [4, 5].map(notification));
    await b.drain(); // a holds the sending lock: b sends nothing
    expect(byA).toHaveLength(3);
    expect(byB).toHaveLength(0);
    expect((await getOutboxRow(database.db, "test:4"))!.status).toBe("pending");

    await a.stop();
    await b.drain();
    expect(byB).toHaveLength(2);
    expect(texts()).toHaveLength(5);
    expect(new Set(texts().map((t) => /2026-\d{6}/.exec(t)?.[0])).size).toBe(5);
  });

  it(
    "stopped while Telegram hangs on a send, an instance hands over: its call is " +
      "cancelled, and the other instance sends that row and the rest of the batch at once",
    async () => {
      await enqueue(database.db, [1, 2, 3].map(notification));
      emulator.faults.addRule({ methods: ["sendMessage"], kind: "latency", ms: 600_000, times: 1 });
      const stopping = new AbortController();
      const parentApi = new Api(PARENT_TOKEN, { apiRoot: server.url });
      parentApi.config.use(cancelOnStop(stopping.signal));
      const real = createDeliverers({
        parentApi,
        providerApi: new Api(PROVIDER_TOKEN, { apiRoot: server.url }),
        mailer: createMailer({ log }),
        db: database.db,
        log,
      });
      const a = sender({ deliver: real });
      void a.drain();
      while (emulator.faults.get().rules[0]?.times !== 0) await new Promise((r) => setTimeout(r, 20)); // the first send hangs
      const stopped = a.stop();
      stopping.abort(); // what the system does when the stop has waited long enough
      await stopped;

      const byB: number[] = [];
      await sender({ deliver: counted(byB) }).drain();
      expect(byB).toHaveLength(3);
      expect(new Set(texts().map((t) => /2026-\d{6}/.exec(t)?.[0])).size).toBe(3);
    },
  );

  it.runIf(backend.name === "postgres")(
    "when the sending process dies, a standby takes over at once and sends what the dead one had claimed, without waiting for its lease",
    async () => {
      await enqueue(database.db, [1, 2, 3, 4, 5].map(notification));
      // Process A: its own connections to the same database. It claims a batch of 3 and hangs
      // before its first send, as a process killed there would.
      const other = await anotherProcess();
      let claimed!: () => void;
      const hanging = new Promise<void>((r) => (claimed = r));
      let unhang!: () => void;
      const dead = new Promise<void>((r) => (unhang = r));
      const stuck = async (): Promise<DeliveryOutcome> => {
        claimed();
        await dead;
        return { status: "failed", error: "a dead process's call" };
      };
      const a = sender({ db: other.db, tryLock: other.tryLock, batch: 3, leaseMs: 60_000, deliver: { ...deliverers(), parent: stuck } });
      try {
        void a.drain();
        await hanging;
        const byB: number[] = [];
        const b = sender({ deliver: counted(byB) });
        await b.drain();
        expect(byB).toHaveLength(0); // A is alive: B stands by

        // A's process dies: its connections end (the lock's, and the one holding the row it was
        // sending), and PostgreSQL frees the sending lock. Only this test's database: other test
        // files hold advisory locks (migrations) on the same server.
        await database.db.execute(
          sql`select pg_terminate_backend(pid, 5000) from pg_locks
            where (locktype = 'advisory' or relation = 'outbox'::regclass) and pid <> pg_backend_pid()
              and database = (select oid from pg_database where datname = current_database())`,
        );

        await b.drain(); // the clock has not moved: A's lease (60 s) has not ended
        expect(byB).toHaveLength(5);
        expect(new Set(texts().map((t) => /2026-\d{6}/.exec(t)?.[0])).size).toBe(5);
      } finally {
        unhang();
        await a.stop();
        await other.close();
      }
      // A late outcome from the old sender cannot undo a delivery.
      for (const n of [1, 2, 3, 4, 5]) expect((await getOutboxRow(database.db, `test:${n}`))!.status).toBe("sent");
    },
  );

  it.runIf(backend.name === "postgres")(
    "a sender that loses its lock connection mid-batch but lives on does not send what the sender taking over sends: " +
      "the parent gets each notice once",
    async () => {
      await enqueue(database.db, [1, 2, 3, 4, 5].map(notification));
      const other = await anotherProcess();
      const real = deliverers();
      let sending!: () => void;
      const started = new Promise<void>((r) => (sending = r));
      let go!: () => void;
      const lockLost = new Promise<void>((r) => (go = r));
      // A sends slowly; while its first send is under way, only its lock connection ends.
      const slow = async (row: OutboxRow): Promise<DeliveryOutcome> => {
        sending();
        await lockLost;
        return real.parent(row);
      };
      const a = sender({ db: other.db, tryLock: other.tryLock, batch: 5, leaseMs: 60_000, deliver: { ...real, parent: slow } });
      try {
        const drainA = a.drain();
        await started;
        await database.db.execute(
          sql`select pg_terminate_backend(pid, 5000) from pg_locks
            where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`,
        );
        const byB: number[] = [];
        await sender({ deliver: counted(byB) }).drain(); // B takes the lock over while A is still sending row 1
        go();
        await drainA;
        const numbers = texts().map((t) => /2026-\d{6}/.exec(t)?.[0]);
        expect(numbers).toHaveLength(5);
        expect(new Set(numbers).size).toBe(5);
        expect(byB).toHaveLength(4);
      } finally {
        go();
        await a.stop();
        await other.close();
      }
      for (const n of [1, 2, 3, 4, 5]) expect((await getOutboxRow(database.db, `test:${n}`))!.status).toBe("sent");
    },
  );

  it("a silent SMTP server does not hold up Telegram: a parent notice queued behind an e-mail goes out while it waits", async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket)); // accepts, never greets
    await new Promise<void>((r) => silent.listen(0, "127.0.0.1", () => r()));
    const port = (silent.address() as AddressInfo).port;
    const mail: StatusPayload = { ...(notification(2).payload as StatusPayload), serviceId: "home-schooling", status: "order_signed" };
    await enqueue(database.db, [{ channel: "email", recipient: "a@mail.kz", payload: mail, dedupeKey: "test:mail" }]);
    await enqueue(database.db, [notification(1)]);
    const s = sender({ deliver: { ...deliverers(), email: createDeliverers({ ...deliveryDeps(), mailer: smtpMailer(port) }).email } });
    const draining = s.drain();
    try {
      await expect.poll(() => texts().length).toBe(1);
      await expect.poll(() => sockets.length).toBe(1); // the e-mail waits for the server's greeting
      expect((await getOutboxRow(database.db, "test:mail"))!.status).toBe("pending");
    } finally {
      for (const socket of sockets) socket.destroy();
      await draining;
      silent.close();
    }
  });

  it("two senders on one database deliver each row exactly once", async () => {
    const rows = Array.from({ length: 40 }, (_, i) => notification(i + 1));
    await enqueue(database.db, rows);
    const a = sender({ batch: 3 });
    const b = sender({ batch: 3 });
    await Promise.all([a.drain(), b.drain(), a.drain(), b.drain()]);
    const numbers = texts().map((t) => /2026-\d{6}/.exec(t)?.[0]);
    expect(numbers).toHaveLength(40);
    expect(new Set(numbers).size).toBe(40);
    for (const r of rows) expect((await getOutboxRow(database.db, r.dedupeKey))!.status).toBe("sent");
  });

  it("a notice leaves when the transaction that wrote it commits, not at the sender's next poll (an hour away here)", async () => {
    const s = sender({ autoStart: true, pollMs: 3_600_000 });
    const unlisten = await database.listen!("outbox", () => s.wake());
    try {
      // Its first poll found nothing: it sleeps until the next one.
      await s.drain();
      await enqueue(database.db, [notification(1)]);
      await vi.waitFor(() => expect(texts()).toEqual([expect.stringContaining("2026-000001")]), { timeout: 5000 });
      if (backend.name !== "postgres") return;
      // A row another instance writes wakes it as well.
      const other = await anotherProcess();
      try {
        await enqueue(other.db, [notification(2)]);
      } finally {
        await other.close();
      }
      await vi.waitFor(() => expect(texts()).toHaveLength(2), { timeout: 5000 });
    } finally {
      await unlisten();
    }
  });
});
