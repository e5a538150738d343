/**
 * The outbox sender as a process of its own, for the fan-out bench (which kills it with SIGKILL
 * halfway and starts another): delivers the parent channel through the given Bot API root.
 *
 *   node --import tsx bench/fanout-sender.ts <databaseUrl> <apiRoot> <token> <leaseMs>
 */
import { Api } from "grammy";
import { createDeliverers } from "#root/bot/shared/delivery.ts";
import { openDatabase } from "#root/db/client.ts";
import { startOutboxSender } from "#root/db/outbox-sender.ts";
import { createMailer } from "#root/flows/mailer.ts";
import { createLogger } from "#root/log.ts";

const [databaseUrl, apiRoot, token, leaseMs] = process.argv.slice(2);
if (!databaseUrl || !apiRoot || !token) {
  console.error("usage: node --import tsx bench/fanout-sender.ts <databaseUrl> <apiRoot> <token> [leaseMs]");
  process.exit(2);
}
const log = createLogger("silent");
const database = await openDatabase({ databaseUrl, dataDir: "/nonexistent", migrate: false });
// Plain Api instances without auto-retry, as delivery.ts asks: the sender honours retry_after.
const api = new Api(token, { apiRoot });
const sender = startOutboxSender({
  db: database.db,
  tryLock: database.tryLock,
  log,
  leaseMs: leaseMs ? Number(leaseMs) : undefined,
  deliver: createDeliverers({ parentApi: api, providerApi: api, mailer: createMailer({ log }), db: database.db, log }),
});
process.send?.("started");
process.on("SIGTERM", () => {
  void sender
    .stop()
    .then(() => database.close())
    .then(() => process.exit(0));
});
