/**
 * The composition root: config → database → session storage → HTTP → bots, notifications and
 * schedulers. `main.ts` (npm start) runs it; tests call `startSystem()` with their own config.
 */
import { allPageChecksDone } from "#root/flows/form/pages.ts";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { serve, type ServerType } from "@hono/node-server";
import type { RunnerHandle } from "@grammyjs/runner";
import { createApp } from "./api/app.ts";
import type { Emulator } from "./api/playground/index.ts";
import { metricsRoutes } from "./api/metrics.ts";
import { checkRoutes } from "./api/check/index.ts";
import { signingRoutes } from "./api/signing/index.ts";
import { staffSigningRoutes } from "./api/signing/staff.ts";
import { playgroundPhone } from "./api/signing/playground-phone.ts";
import { webhookRoutes } from "./api/webhooks.ts";
import { oldestPendingAt, outboxStats } from "./db/queries/outbox.ts";
import { Metrics } from "./metrics.ts";
import { loadTrustStore, trustStoreFrom } from "./flows/signatures/index.ts";
import { Api } from "grammy";
import { createParentBot, registerParentCommands } from "./bot/parent/index.ts";
import { compactKeyboards } from "./bot/shared/keyboard.ts";
import { createProviderBot, registerProviderCommands } from "./bot/provider/index.ts";
import { createDeliverers } from "./bot/shared/delivery.ts";
import { startOutboxSender } from "./db/outbox-sender.ts";
import { startDigestScheduler } from "./flows/digest.ts";
import { checkCalendar, useCalendarDir } from "./flows/calendar/index.ts";
import { readinessGauge, startCalendarMonitor } from "./flows/calendar/monitor.ts";
import { startRetentionScheduler } from "./flows/retention.ts";
import { createMailer } from "./flows/mailer.ts";
import { warmRenderThread } from "./flows/documents/off-thread.ts";
import { createPlayground, PLAYGROUND_SUPPORT_CHAT_ID, type PlaygroundSecrets } from "./bot/playground.ts";
import { handBackUnreached, startSupportReminders, SUPPORT_GROUP_RATE, supportDeliverer } from "./bot/support/index.ts";
import type { BotDeps } from "./bot/shared/deps.ts";
import { startPolling, stopPolling } from "./bot/shared/polling.ts";
import { openSessionStorage, type SessionStorage } from "./bot/shared/storage.ts";
import { ConfigError, type Config } from "./config.ts";
import { openDatabase, type Database } from "./db/client.ts";
import { pendingMigrations } from "./db/migrations.ts";
import type { Readiness } from "./api/health.ts";
import { cancelOnStop, StoppingError } from "./bot/shared/cancel.ts";
import { writeSystemUrl } from "./db/embedded.ts";
import { importSchools } from "./db/import-schools.ts";
import { countSchools } from "./db/queries/schools.ts";
import { createLogger, type Logger } from "./log.ts";

export const DEMO_SCHOOLS_CSV = new URL("./db/seed/schools-demo.csv", import.meta.url);

export interface System {
  config: Config;
  log: Logger;
  database: Database;
  sessions: SessionStorage;
  /** The port the HTTP server listens on (useful with PORT=0). */
  port: number;
  /** The built-in Telegram emulator, when no tokens are configured. */
  playground?: Emulator;
  /** Its bots' tokens and web key (per data directory). */
  playgroundSecrets?: PlaygroundSecrets;
  /**
   * Resolves once both bots take updates: at once with webhooks; with polling, once Telegram
   * answered (it is retried until then). Rejects when Telegram refuses the bots (a wrong token).
   */
  bots: Promise<void>;
  /**
   * Stop within `deadline` (epoch ms; default SHUTDOWN_TIMEOUT_MS from now): /health/ready says
   * "stopping" at once, no new updates are taken, the updates and the notification in flight
   * finish — Bot API calls still waiting are cancelled shortly before the deadline —, the outbox
   * lock is released, then the server, session storage and database are closed.
   */
  stop(opts?: { deadline?: number }): Promise<void>;
}

/** Knobs for tests and benchmarks that are not configuration. */
export interface SystemOptions {
  /** Per-user update limit (default 30 per 10 s). */
  rateLimit?: { count: number; windowSec: number };
  /** The pace of posts into the support group (default Telegram's, 20 a minute). */
  supportRate?: { count: number; windowMs: number };
  /** The database, when the caller opened it already (main.ts starts opening it first thing). */
  database?: Promise<Database>;
}

/** Start everything the configuration asks for. Throws one-line errors for unreachable dependencies. */
export async function startSystem(
  config: Config,
  log: Logger = createLogger(config.logLevel),
  options: SystemOptions = {},
): Promise<System> {
  // The working-day calendar is process-wide: an operator's file replaces a shipped year.
  const calendarYears = useCalendarDir(config.calendarDir);
  // The CA certificates signatures are checked against: a path that cannot be read is the operator's to fix.
  let trust: ReturnType<typeof loadTrustStore>;
  try {
    trust = loadTrustStore(config.edsTrustDir);
  } catch (err) {
    throw new ConfigError(`Invalid configuration: EDS_TRUST_DIR: ${(err as Error).message}`);
  }
  const database = await (options.database ??
    openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, migrate: config.migrateOnStart || "verify" }));
  log.info({ db: database.kind, location: database.location }, "database ready, migrations applied");
  log.info(
    {
      calendar: calendarYears.map(
        (y) => `${y.data.year}${y.source === "override" ? " (override)" : ""}${y.data.confirmed ? "" : " (unconfirmed)"}`,
      ),
    },
    "working-day calendar loaded",
  );
  // The playground's demo schools; never beside real bots, where parents would pick them.
  if (database.kind === "pglite" && config.telegram.mode === "playground" && (await countSchools(database.db)) === 0) {
    const report = await importSchools(database.db, readFileSync(DEMO_SCHOOLS_CSV, "utf8"), { isDemo: true });
    log.warn({ added: report.added }, "loaded the DEMO schools directory (db/seed/schools-demo.csv) — not real schools");
  } else if ((await countSchools(database.db)) === 0) {
    // Parents are told the list is not loaded yet; the operator is told how to load it.
    log.warn("no schools are imported: parents cannot choose a school until `npm run schools:import <file>` loads the directory");
  }
  let sessions: SessionStorage;
  try {
    sessions = await openSessionStorage({ redisUrl: config.redisUrl, db: database.db });
  } catch (err) {
    await database.close();
    throw err;
  }
  // The playground can sign as eGov mobile would, with a demo key whose CA only it trusts.
  const phone =
    config.telegram.mode === "playground"
      ? playgroundPhone({
          db: database.db,
          dir: join(config.dataDir, "playground", "egov-demo"),
          request: (url, init) => signing.request(url, init),
        })
      : undefined;
  const made =
    config.telegram.mode === "playground"
      ? createPlayground(config.dataDir, { phoneSigner: ({ userId, link }) => phone!.sign({ telegramId: userId, link }) })
      : undefined;
  const playground = made?.emulator;
  const demoCa = phone ? trustStoreFrom([phone.caPem], "playground demo CA") : undefined;
  const signingDeps = {
    db: database.db,
    log,
    config,
    now: () => new Date(),
    trust: demoCa
      ? { certificates: [...trust.certificates, ...demoCa.certificates], sources: [...trust.sources, ...demoCa.sources] }
      : trust,
  };
  const signing = signingRoutes(signingDeps);
  const metrics = new Metrics();
  metrics.onScrape(async () => {
    for (const [status, n] of Object.entries(await outboxStats(database.db))) metrics.outbox.set({ status }, n);
    const oldest = await oldestPendingAt(database.db);
    metrics.outboxOldestPending.set(oldest ? Math.max(0, (Date.now() - oldest.getTime()) / 1000) : 0);
  });
  metrics.onScrape(async () => {
    for (const c of checkCalendar(new Date())) metrics.calendarYearReady.set({ year: String(c.year) }, readinessGauge[c.readiness]);
  });
  const webhooks = config.botMode === "webhook" ? webhookRoutes(config.webhookSecret!, { log }) : undefined;
  const check = checkRoutes({
    db: database.db,
    log,
    now: () => new Date(),
    trustProxy: config.trustProxy,
    limiter: (opts) => sessions.rateLimiter(opts),
  });
  const routes = [
    signing,
    staffSigningRoutes(signingDeps),
    check,
    metricsRoutes(metrics, config.metricsToken),
    ...(webhooks ? [webhooks.routes] : []),
    ...(playground ? [playground.routes] : []),
  ];
  // Aborted when the work in flight at a stop has had its time: cancels every Bot API call.
  const cancel = new AbortController();
  let stopping = false;
  let bots: ReturnType<Readiness["bots"]> = "starting";
  // Polling bots that receive no updates (Telegram refuses the poll: a webhook set by hand, another
  // poller, a revoked token, any 4xx but 429; or has not answered it for a minute — bot/shared/polling.ts): not ready meanwhile.
  const refused = new Set<string>();
  const readiness: Readiness = {
    stopping: () => stopping,
    bots: () => (bots === "ok" && refused.size > 0 ? "failed" : bots),
    pendingMigrations: () => pendingMigrations(database),
  };
  const app = createApp({ log, db: database, sessions, routes, readiness, detailsToken: config.metricsToken });
  const server = await listen(app.fetch, config.port, config.host);
  const port = (server.address() as { port: number }).port;
  // Commands print links to the playground: they read the address actually listened on here.
  if (database.kind === "pglite") writeSystemUrl(config.dataDir, `http://localhost:${port}`);
  log.info({ port, host: config.host, sessions: sessions.kind, telegram: config.telegram.mode }, `listening on http://localhost:${port}`);

  // Documents print the check address: without PUBLIC_URL, the address actually listened on.
  if (!config.publicUrlConfigured) config = { ...config, publicUrl: `http://localhost:${port}` };
  const deps: BotDeps = {
    config,
    db: database.db,
    log,
    sessions,
    now: () => new Date(),
    metrics,
    rateLimit: options.rateLimit,
    cancelCalls: cancel.signal,
  };
  // Support: in the playground, its forum group is the support chat unless SUPPORT_CHAT_ID is set.
  if (playground && config.supportChatId === undefined) deps.config = { ...config, supportChatId: PLAYGROUND_SUPPORT_CHAT_ID };
  const apiRoot = config.telegram.mode === "telegram" ? config.telegram.apiRoot : `http://127.0.0.1:${port}`;
  const telegram =
    config.telegram.mode === "telegram"
      ? { parent: { token: config.telegram.parentToken, apiRoot }, provider: { token: config.telegram.providerToken, apiRoot } }
      : { parent: { token: made!.secrets.parentToken, apiRoot }, provider: { token: made!.secrets.providerToken, apiRoot } };
  const parentBot = createParentBot(deps, telegram.parent);
  warmRenderThread(); // statements are rendered off the event loop; the thread's first render is slow
  const providerBot = createProviderBot(deps, telegram.provider);
  // Notifications: the outbox sender delivers what status changes wrote, through plain Api
  // objects (it honours retry_after itself), to parents, staff and email; and the posts into the
  // support group that wait for its limit, at its pace.
  const mailer = createMailer({ smtpUrl: config.smtpUrl, log });
  const parentApi = cancellable(new Api(telegram.parent.token, { apiRoot }), cancel.signal);
  const supportChatId = deps.config.supportChatId;
  const sender = startOutboxSender({
    db: database.db,
    tryLock: database.tryLock,
    log,
    deliver: createDeliverers({
      parentApi,
      providerApi: cancellable(new Api(telegram.provider.token, { apiRoot }), cancel.signal),
      mailer,
      db: database.db,
      log,
      ...(supportChatId !== undefined
        ? {
            support: supportDeliverer({ api: parentApi, db: database.db, log, chatId: supportChatId }),
            unreachedHandBack: handBackUnreached(parentBot, log),
          }
        : {}),
    }),
    channelRates: { support: options.supportRate ?? SUPPORT_GROUP_RATE },
  });
  // A notice leaves when the transaction that wrote it commits, not at the sender's next poll
  // (the poll stays: it is what brings back a row whose retry is due, and it covers a lost listen).
  const unlisten = database.listen
    ? await database
        .listen("outbox", () => sender.wake())
        .catch((err: Error) => {
          log.warn({ error: err.message }, "outbox: could not listen for new rows; notices leave at the sender's next poll");
          return undefined;
        })
    : undefined;
  const digests = startDigestScheduler({ db: database.db, log });
  const calendarMonitor = startCalendarMonitor({ log, now: () => new Date() });
  const retention = startRetentionScheduler({ db: database.db, tryLock: database.tryLock, log });
  const supportReminders = startSupportReminders(deps, parentBot.api, database.tryLock); // support: waiting parents → a note in the topic
  const runners: RunnerHandle[] = [];
  let botsStarted: Promise<void>;
  if (webhooks) {
    webhooks.register("parent", parentBot as never);
    webhooks.register("provider", providerBot as never);
    bots = "ok";
    botsStarted = Promise.resolve();
  } else {
    // Polling starts once Telegram answers (retried meanwhile): a Telegram outage at start leaves
    // the instance up, not ready, and stoppable.
    botsStarted = (async () => {
      const poll = async (name: "parent" | "provider", bot: unknown) => {
        const onRefused = (yes: boolean) => void (yes ? refused.add(name) : refused.delete(name));
        runners.push(await startPolling(bot as never, { name, log, onRefused }));
      };
      await poll("parent", parentBot);
      await poll("provider", providerBot);
      bots = "ok";
    })();
    // Reported by the caller (main.ts: one line, exit 1); here only what /health/ready says.
    botsStarted.catch((err: unknown) => {
      if (!(err instanceof StoppingError) && !stopping) bots = "failed";
    });
  }
  const unregistered = (bot: string) => (err: unknown) => {
    if (!(err instanceof StoppingError)) log.warn({ error: err }, `could not register the ${bot} bot's commands`);
  };
  registerParentCommands(parentBot).catch(unregistered("parent"));
  registerProviderCommands(providerBot).catch(unregistered("provider"));
  // The key is in the link: the web chat shows every parent's messages to whoever holds it.
  if (playground) log.info(`playground (Telegram emulator with a web chat): http://localhost:${port}/playground?key=${playground.webKey}`);
  if (playground && !config.edsOcspUrl)
    log.info("playground: EDS signatures are not checked for revocation (set EDS_OCSP_URL to check them)");

  return {
    config,
    log,
    database,
    sessions,
    port,
    playground,
    ...(made ? { playgroundSecrets: made.secrets } : {}),
    bots: botsStarted,
    async stop({ deadline = Date.now() + config.shutdownTimeoutMs } = {}) {
      stopping = true;
      supportReminders.stop();
      digests.stop();
      calendarMonitor.stop();
      await retention.stop();
      await unlisten?.().catch(() => {});
      webhooks?.refuseNew();
      // What was taken finishes: updates (their webhook requests are answered), the notification
      // being sent (then the outbox lock is released for another instance).
      // A page's photo being checked after its answer is stored (or refused and said).
      const inFlight = () => Promise.all([...runners.map((r) => stopPolling(r)), webhooks?.drain(), sender.stop(), allPageChecksDone()]);
      const reserve = Math.min(2_000, config.shutdownTimeoutMs / 4);
      await within(inFlight(), deadline - reserve);
      // Telegram may be out: what still waits on it is cancelled and fails at once.
      cancel.abort();
      await botsStarted.catch(() => {});
      await within(inFlight(), deadline - reserve / 2);
      mailer.close();
      await closeServer(server);
      playground?.close();
      await sessions.close();
      await database.close();
    },
  };
}

function listen(fetch: Parameters<typeof serve>[0]["fetch"], port: number, hostname: string): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, port, hostname }, () => resolve(server));
    server.once("error", (err: NodeJS.ErrnoException) =>
      reject(
        err.code === "EADDRINUSE"
          ? new ConfigError(`Port ${port} is already in use: stop the other process or set PORT.`)
          : err.code === "EADDRNOTAVAIL" || err.code === "ENOTFOUND" || err.code === "EAI_AGAIN"
            ? new ConfigError(
                `HOST ${hostname} is not an address of this machine (${err.code}): set HOST to one of its addresses, or 0.0.0.0.`,
              )
            : err.code === "EACCES"
              ? new ConfigError(`Port ${port} needs privileges this account lacks (EACCES): set PORT to 1024 or above.`)
              : err,
      ),
    );
  });
}

/** Wait for `work`, but not past `until` (epoch ms). */
async function within(work: Promise<unknown>, until: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([work.catch(() => {}), new Promise((resolve) => (timer = setTimeout(resolve, Math.max(0, until - Date.now()))))]);
  clearTimeout(timer);
}

/** Stop listening; requests answered by now have gone out, connections still open are cut. */
async function closeServer(server: ServerType): Promise<void> {
  const http = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  http.closeIdleConnections?.();
  await within(closed, Date.now() + 200);
  http.closeAllConnections?.();
  await closed;
}

/** The outbox sender's Api: its calls are cancelled by a stop, and its keyboards sent, like the bots'. */
function cancellable(api: Api, signal: AbortSignal): Api {
  api.config.use(cancelOnStop(signal), compactKeyboards);
  return api;
}
