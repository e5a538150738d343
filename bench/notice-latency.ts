/**
 * How long a notice waits in the outbox: from the commit of the statement that wrote it (as a
 * status change writes its notices) to the parent's message at the Bot API (the playground
 * emulator, in process). Notices are written one at a time at random moments while the sender
 * runs as in production (polling every second), first woken by the database when a row is
 * written (`LISTEN outbox`, as `system.ts` starts it), then left to its polls alone.
 *
 *   npx tsx bench/notice-latency.ts [notices=40] [backend=postgres|pglite]
 */
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { serve } from "@hono/node-server";
import { Api } from "grammy";
import { createEmulator } from "#root/api/playground/index.ts";
import { createDeliverers } from "#root/bot/shared/delivery.ts";
import { openDatabase, type Database } from "#root/db/client.ts";
import { openMemoryDatabase } from "#root/db/open-embedded.ts";
import { startOutboxSender } from "#root/db/outbox-sender.ts";
import { enqueue } from "#root/db/queries/outbox.ts";
import { createMailer } from "#root/flows/mailer.ts";
import type { StatusPayload } from "#root/flows/notify.ts";
import { createLogger } from "#root/log.ts";
import { createScratchPostgres } from "#root/test/helpers/databases.ts";
import { mulberry32 } from "#root/api/playground/faults.ts";
import { DATABASE_URL } from "./lib/stack.ts";
import { distribution, printTable, type Distribution } from "./lib/stats.ts";

const TOKEN = "222444:bench-notice-latency-parent-token-abc";
const PARENT = 7_100_001;

export interface NoticeLatencyRun {
  backend: string;
  woken: boolean;
  notices: number;
  /** Commit → the message at the Bot API, ms. */
  latencyMs: Distribution;
}

async function openBackend(backend: string): Promise<{ database: Database; dispose(): Promise<void> }> {
  if (backend === "pglite") {
    const database = await openMemoryDatabase();
    return { database, dispose: () => database.close() };
  }
  const scratch = await createScratchPostgres(DATABASE_URL);
  const database = await openDatabase({ databaseUrl: scratch.url, dataDir: "/nonexistent" });
  return {
    database,
    async dispose() {
      await database.close();
      await scratch.drop();
    },
  };
}

async function runOnce(backend: string, woken: boolean, notices: number): Promise<NoticeLatencyRun> {
  const { database, dispose } = await openBackend(backend);
  const emulator = createEmulator({ bots: [{ token: TOKEN, username: "parent_bot" }], group: false });
  const bot = [...emulator.state.bots.values()][0]!;
  emulator.user({ id: PARENT, firstName: "Parent", lang: "ru" });
  emulator.state.privateChat(bot.id, PARENT, true);
  const arrived = new Map<string, number>();
  const unsubscribe = emulator.state.events.subscribe((e) => {
    if (e.type === "message" && e.sender === "bot") arrived.set(/2026-\d{6}/.exec(e.message.text ?? "")?.[0] ?? "", performance.now());
  });
  const server = await new Promise<{ url: string; close(): void }>((resolve) => {
    const s = serve({ fetch: emulator.routes.fetch, port: 0, hostname: "127.0.0.1" }, (info: AddressInfo) =>
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => s.close() }),
    );
  });
  const log = createLogger("silent");
  const sender = startOutboxSender({
    db: database.db,
    tryLock: database.tryLock,
    log,
    deliver: createDeliverers({
      parentApi: new Api(TOKEN, { apiRoot: server.url }),
      providerApi: new Api(TOKEN, { apiRoot: server.url }),
      mailer: createMailer({ log }),
      db: database.db,
      log,
    }),
  });
  const unlisten = woken ? await database.listen!("outbox", () => sender.wake()) : undefined;
  const random = mulberry32(7);
  const committed = new Map<string, number>();
  try {
    for (let i = 0; i < notices; i++) {
      // At a random moment of the sender's second-long poll interval.
      await new Promise((r) => setTimeout(r, 200 + random() * 1000));
      const number = `2026-${String(i + 1).padStart(6, "0")}`;
      const payload: StatusPayload = {
        template: "status",
        applicationId: `00000000-0000-4000-8000-${String(i + 1).padStart(12, "0")}`,
        number,
        serviceId: "meals",
        status: "registered",
        lang: "ru",
      };
      await enqueue(database.db, [{ channel: "parent", recipient: String(PARENT), payload, dedupeKey: `latency:${i}` }]);
      committed.set(number, performance.now());
    }
    const deadline = performance.now() + 5000;
    while (arrived.size < notices && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  } finally {
    await unlisten?.();
    await sender.stop();
    unsubscribe();
    server.close();
    await dispose();
  }
  const waits = [...committed].flatMap(([n, at]) => (arrived.has(n) ? [arrived.get(n)! - at] : []));
  return { backend, woken, notices: waits.length, latencyMs: distribution(waits) };
}

export async function runNoticeLatencyBench(notices = 40, backends = ["postgres", "pglite"]): Promise<NoticeLatencyRun[]> {
  const runs: NoticeLatencyRun[] = [];
  for (const backend of backends) for (const woken of [true, false]) runs.push(await runOnce(backend, woken, notices));
  return runs;
}

export function printNoticeLatency(runs: NoticeLatencyRun[]): void {
  printTable(
    "Notice latency: commit of the row → the parent's message at the Bot API (the sender polls every 1 s)",
    runs.map((r) => ({
      backend: r.backend,
      sender: r.woken ? "woken by LISTEN outbox" : "polls only",
      notices: r.notices,
      "p50 ms": r.latencyMs.p50,
      "p95 ms": r.latencyMs.p95,
      "max ms": r.latencyMs.max,
    })),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1]!).href) {
  const notices = Number(process.argv[2] ?? 40);
  const backends = process.argv[3] ? [process.argv[3]] : ["postgres", "pglite"];
  printNoticeLatency(await runNoticeLatencyBench(notices, backends));
  process.exit(0);
}
