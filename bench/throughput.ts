/**
 * Update throughput and handler latency of the real parent bot, in process, on PostgreSQL and
 * Redis sessions, with every Bot API call answered locally. Many simulated parents complete the
 * meals application at once (20 updates each, one update at a time per chat, many chats
 * concurrently — as @grammyjs/runner's sequentialize would feed them); then a bare grammY echo
 * bot gets the same number of updates with the same concurrency on the same fake API.
 *
 *   npx tsx bench/throughput.ts [parents=200] [maxSeconds=60] [isolatedParents=10] [pacedParents=150] [--photo=<width>]
 *
 * `--photo=1280` sends phone-sized photos (what Telegram hands a bot) instead of the tests' 8×8 JPEG.
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Bot, session, type Context, type SessionFlavor } from "grammy";
import { sql } from "drizzle-orm";
import { BOT_USER, FAKE_API_ROOT, FAKE_TOKEN, FakeTelegram, JPEG, PDF, phonePhoto } from "./lib/fake-telegram.ts";
import { completeMealsApplication, MEALS_UPDATES } from "./lib/meals-script.ts";
import { DeadlineError, SimParent, type Sample } from "./lib/sim-parent.ts";
import { mulberry32 } from "#root/api/playground/faults.ts";
import { demo } from "#root/flows/documents/demo.ts";
import { renderOffThread } from "#root/flows/documents/off-thread.ts";
import { acceptUpload } from "#root/flows/files.ts";
import { allPageChecksDone } from "#root/flows/form/pages.ts";
import { fakeParentBot, openStack, type BenchStack } from "./lib/stack.ts";
import { distribution, pool, printTable, round, type Distribution } from "./lib/stats.ts";

export interface LoadFigures {
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  latencyMs: Distribution;
  /** Process CPU time (user + system) per update: less disturbed by other load than wall time. */
  cpuMsPerUpdate: number;
}

export interface ThroughputFigures {
  parents: number;
  concurrency: number;
  completed: number;
  failed: number;
  firstFailure?: string;
  stoppedByDeadline: boolean;
  bot: LoadFigures;
  echo: LoadFigures;
  /** bot updates/s ÷ echo updates/s. */
  ratio: number;
  perStep: Array<{ step: string } & Distribution>;
  isolatedPerStep: Array<{ step: string } & Distribution>;
  /** Median CPU ms of this process per step, one parent at a time (what the step itself costs). */
  isolatedCpuPerStep: Record<string, number>;
  /** SQL statements (BEGIN/COMMIT included) each step sends, per parent, in the isolated run (its work after the answer included). */
  statementsPerStep: Record<string, number>;
  /** Mean CPU ms per parent of what a step left running after its answer (a photo's check), one parent at a time. */
  afterAnswerCpuPerStep: Record<string, number>;
  /** CPU time of the PostgreSQL backends (other processes on this machine) per update. */
  pgCpuMsPerUpdate: number;
  /** /proc/loadavg when the concurrent run ended: other processes' load shows here. */
  loadAverage: string;
  /**
   * Handler latency without queueing: parents one after another (concurrency 1), so each figure
   * is the cost of one update (its own CPU, its database and Redis round trips).
   */
  isolated: { parents: number; latencyMs: Distribution };
  /**
   * PostgreSQL transactions (autocommit statements included) per update over the bot's whole
   * life (warm-up and isolated phases too; migrations and the schools import add < 1%), read
   * from pg_stat_database once the pool is closed so every backend has reported.
   */
  dbTransactionsPerUpdate: number;
  /**
   * Open loop: parents arrive one by one at random (a Poisson stream) so that updates are
   * offered at a share of the concurrent run's updates/s; each parent answers as soon as the
   * bot has answered. Latency is the handlers' own plus the queueing that load causes: what a
   * parent sees when the bot is busy but not overloaded.
   */
  paced: Array<{
    share: number;
    offeredPerSecond: number;
    achievedPerSecond: number;
    latencyMs: Distribution;
    perStep: Array<{ step: string } & Distribution>;
  }>;
  /**
   * What any stateful bot pays on this stack: grammY, the session read and written in Redis,
   * one PostgreSQL upsert (committed) and one reply per update — same concurrency, same fake API.
   */
  floor: LoadFigures;
  /**
   * The floor plus the work the meals application itself asks for, whoever builds the bot: at the
   * same places of a 20-update chat, the three photos checked and re-encoded and the PDF checked
   * (`acceptUpload`, as the bot does) with their bytes stored, and the statement rendered on the
   * render thread (`renderOffThread`) and stored. Its updates/s ÷ the floor's is the highest
   * parent ÷ floor ratio any bot doing this application on this stack can reach.
   */
  workFloor: LoadFigures;
  /** The size of every photo sent (the tests' 8×8 JPEG unless `--photo=<width>`). */
  photoBytes: number;
  /** Redis keys left by the run and their total bytes (STRLEN), after every parent finished. */
  redisKeysAfter: number;
  redisBytesAfter: number;
}

export interface ThroughputOptions {
  parents?: number;
  concurrency?: number;
  maxSeconds?: number;
  warmupParents?: number;
  isolatedParents?: number;
  /** Shares of the measured maximum offered in the open-loop phases (default 0.5 and 0.8). */
  pacedShares?: number[];
  pacedParents?: number;
  /** The bytes of every photo the parents send (default: the tests' 8×8 JPEG; `--photo=1280`: {@link phonePhoto}). */
  photo?: Uint8Array;
}

function perStepOf(samples: Sample[]): Array<{ step: string } & Distribution> {
  const byStep = new Map<string, number[]>();
  for (const s of samples) byStep.set(s.label, [...(byStep.get(s.label) ?? []), s.ms]);
  return [...byStep].map(([step, ms]) => ({ step, ...distribution(ms) }));
}

function figures(samples: Sample[], seconds: number, cpu: NodeJS.CpuUsage): LoadFigures {
  return {
    updates: samples.length,
    seconds: round(seconds),
    updatesPerSecond: Math.round(samples.length / seconds),
    latencyMs: distribution(samples.map((s) => s.ms)),
    cpuMsPerUpdate: round((cpu.user + cpu.system) / 1000 / Math.max(1, samples.length), 3),
  };
}

/** Run the meals load on the real bot, then the echo baseline; returns the figures. */
export async function runThroughputBench(opts: ThroughputOptions = {}): Promise<ThroughputFigures | undefined> {
  const parents = opts.parents ?? 200;
  const concurrency = opts.concurrency ?? parents;
  const maxSeconds = opts.maxSeconds ?? 60;
  const stack = await openStack({ sessions: "redis" });
  const fake = new FakeTelegram({ photo: opts.photo });
  const { bot, restore } = await fakeParentBot(stack, fake);
  let result: ThroughputFigures | undefined;
  let updatesFed = 0;
  /** Transactions of the floors (not the bot's), taken off the database's count at the end. */
  let floorTransactions = 0;
  try {
    // Warm-up (JIT, pools, locale bundles, fonts): a few parents, not measured.
    const warmupSamples: Sample[] = [];
    await pool(opts.warmupParents ?? 10, 10, (i) =>
      completeMealsApplication(new SimParent(900_000 + i, bot as never, fake, warmupSamples)),
    );

    // Isolated: no queueing, the cost of each update on its own.
    const isolatedParents = opts.isolatedParents ?? 10;
    const isolatedSamples: Sample[] = [];
    const statementsPerStep: Record<string, number> = {};
    const afterAnswerCpuPerStep: Record<string, number> = {};
    // One parent at a time: the statements sent while an update is handled are that update's.
    class CountingParent extends SimParent {
      override async feed(label: string, update: Parameters<SimParent["feed"]>[1]): Promise<void> {
        const before = stack.statements();
        await super.feed(label, update);
        // A parent's pause: what the answer left running (a photo's check) is done before the next
        // update, as when a parent takes seconds to photograph the next page; its statements are this step's.
        const c0 = process.cpuUsage();
        await allPageChecksDone();
        const c = process.cpuUsage(c0);
        afterAnswerCpuPerStep[label] = (afterAnswerCpuPerStep[label] ?? 0) + (c.user + c.system) / 1000 / isolatedParents;
        statementsPerStep[label] = (statementsPerStep[label] ?? 0) + (stack.statements() - before) / isolatedParents;
      }
    }
    await pool(isolatedParents, 1, (i) => completeMealsApplication(new CountingParent(950_000 + i, bot as never, fake, isolatedSamples)));

    const samples: Sample[] = [];
    const pgCpu0 = await stack.backendCpuMs();
    let completed = 0;
    let failed = 0;
    let stoppedByDeadline = false;
    let firstFailure: string | undefined;
    const deadline = performance.now() + maxSeconds * 1000;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await pool(parents, concurrency, async (i) => {
      const p = new SimParent(1_000_000 + i, bot as never, fake, samples, "ru", deadline);
      try {
        await completeMealsApplication(p);
        completed++;
      } catch (err) {
        if (err instanceof DeadlineError) stoppedByDeadline = true;
        else {
          failed++;
          firstFailure ??= (err as Error).message;
        }
      }
      fake.forget(p.id);
    });
    const botFigures = figures(samples, (performance.now() - t0) / 1000, process.cpuUsage(cpu0));

    const perStep = perStepOf(samples);
    // Backends that exited during the run are not counted: the pool keeps its connections.
    const pgCpuMsPerUpdate = round(((await stack.backendCpuMs()) - pgCpu0) / Math.max(1, samples.length), 3);

    let redisKeysAfter = 0;
    let redisBytesAfter = 0;
    let cursor = "0";
    do {
      const [next, keys] = await stack.redis.scan(cursor, "MATCH", `${stack.redisPrefix}*`, "COUNT", 1000);
      cursor = next;
      for (const k of keys) {
        redisKeysAfter++;
        redisBytesAfter += await stack.redis.strlen(k);
      }
    } while (cursor !== "0");

    const paced: ThroughputFigures["paced"] = [];
    for (const share of opts.pacedShares ?? [0.5, 0.8]) {
      // Parents arrive on their own (exponential gaps: a Poisson stream, seeded), each going
      // through the application as fast as the bot answers: updates are offered at `share` of
      // the maximum measured above, and bursts happen as they would.
      const offered = Math.max(1, Math.round(botFigures.updatesPerSecond * share));
      const meanGapMs = (1000 * MEALS_UPDATES) / offered;
      const random = mulberry32(Math.round(share * 1000)); // the same arrivals on every run
      const pacedSamples: Sample[] = [];
      const n = opts.pacedParents ?? 150;
      const base = 2_000_000 + Math.round(share * 100) * 10_000;
      const t1 = performance.now();
      let at = t1;
      const runs: Array<Promise<void>> = [];
      for (let i = 0; i < n; i++) {
        at += -Math.log(1 - random()) * meanGapMs;
        const startAt = at;
        runs.push(
          (async () => {
            await new Promise((r) => setTimeout(r, Math.max(0, startAt - performance.now())));
            await completeMealsApplication(new SimParent(base + i, bot as never, fake, pacedSamples));
            fake.forget(base + i);
          })(),
        );
      }
      await Promise.all(runs);
      const seconds = (performance.now() - t1) / 1000;
      paced.push({
        share,
        offeredPerSecond: offered,
        achievedPerSecond: Math.round(pacedSamples.length / seconds),
        latencyMs: distribution(pacedSamples.map((x) => x.ms)),
        perStep: perStepOf(pacedSamples),
      });
      updatesFed += pacedSamples.length;
    }
    const floor = await runFloor(stack, botFigures.updates || parents * MEALS_UPDATES, concurrency);
    const workFloor = await runWorkFloor(stack, botFigures.updates || parents * MEALS_UPDATES, concurrency, fake.photo);
    const echo = await runEcho(botFigures.updates || parents * MEALS_UPDATES, concurrency);
    updatesFed += warmupSamples.length + isolatedSamples.length + samples.length;
    // Each floor runs its load twice (warm-up, measured): one upsert per update, and the work
    // floor also stores 5 files per chat of 20 updates (and creates its table once).
    floorTransactions = 2 * floor.updates + 2 * workFloor.updates * (1 + 5 / MEALS_UPDATES) + 1;
    result = {
      parents,
      concurrency,
      completed,
      failed,
      firstFailure,
      stoppedByDeadline,
      bot: botFigures,
      echo,
      ratio: round(botFigures.updatesPerSecond / echo.updatesPerSecond, 4),
      perStep,
      pgCpuMsPerUpdate,
      loadAverage: readFileSync("/proc/loadavg", "utf8").split(" ").slice(0, 3).join(" "),
      isolated: { parents: isolatedParents, latencyMs: distribution(isolatedSamples.map((x) => x.ms)) },
      isolatedPerStep: perStepOf(isolatedSamples),
      afterAnswerCpuPerStep,
      isolatedCpuPerStep: Object.fromEntries(perStepOf(isolatedSamples.map((x) => ({ ...x, ms: x.cpuMs }))).map((s) => [s.step, s.p50])),
      statementsPerStep,
      dbTransactionsPerUpdate: NaN, // filled in once the pool is closed (below)
      redisKeysAfter,
      redisBytesAfter,
      paced,
      floor,
      workFloor,
      photoBytes: fake.photo.length,
    };
  } finally {
    restore();
    const closed = await stack.close();
    if (result) result.dbTransactionsPerUpdate = round((closed.transactions - floorTransactions) / Math.max(1, updatesFed), 1);
  }
  return result;
}

/**
 * The floor of this stack: a grammY bot that, for every text, reads and writes its session in
 * Redis (the bench's session storage), upserts one row in PostgreSQL (its own transaction,
 * committed) and replies. Any bot that keeps state on this stack pays at least this.
 */
async function runFloor(stack: BenchStack, updates: number, concurrency: number): Promise<LoadFigures> {
  const fake = new FakeTelegram({ keepMessages: false });
  const bot = new Bot<Context & SessionFlavor<{ n: number }>>(FAKE_TOKEN, { botInfo: BOT_USER, client: { apiRoot: FAKE_API_ROOT } });
  bot.api.config.use(fake.transformer);
  bot.use(session({ initial: () => ({ n: 0 }), storage: stack.sessions.adapter<{ n: number }>("floor:") }));
  bot.on("message:text", async (ctx) => {
    ctx.session.n++;
    const key = `floor:${ctx.chat.id}`;
    await stack.database.db.execute(
      sql`insert into sessions (key, value, updated_at) values (${key}, ${JSON.stringify({ n: ctx.session.n })}::jsonb, now())
          on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    );
    await ctx.reply(`#${ctx.session.n}`);
  });
  await bot.init();
  return textLoad(bot as never, fake, updates, concurrency, "floor", 7_000_000);
}

/** Where the meals script's updates carry work of their own (0-based, in a chat of {@link MEALS_UPDATES}). */
const PHOTO_AT = new Set([14, 15, 18]); // the album's two pages, the signed statement's photo
const PDF_AT = 16; // the PDF, whose answer shows the review: the statement is rendered then

/**
 * The floor, plus at the places above the work the application itself needs (see
 * `ThroughputFigures.workFloor`): same Redis session, same upsert, same reply.
 */
async function runWorkFloor(stack: BenchStack, updates: number, concurrency: number, photo: Uint8Array): Promise<LoadFigures> {
  const fake = new FakeTelegram({ keepMessages: false });
  const bot = new Bot<Context & SessionFlavor<{ n: number }>>(FAKE_TOKEN, { botInfo: BOT_USER, client: { apiRoot: FAKE_API_ROOT } });
  bot.api.config.use(fake.transformer);
  await stack.database.db.execute(sql`create table if not exists bench_work_files (key text primary key, bytes bytea not null)`);
  const store = (key: string, bytes: Uint8Array) =>
    stack.database.db.execute(
      sql`insert into bench_work_files (key, bytes) values (${key}, ${Buffer.from(bytes)})
          on conflict (key) do update set bytes = excluded.bytes`,
    );
  bot.use(session({ initial: () => ({ n: 0 }), storage: stack.sessions.adapter<{ n: number }>("work:") }));
  bot.on("message:text", async (ctx) => {
    const k = ctx.session.n++ % MEALS_UPDATES;
    const key = `work:${ctx.chat.id}`;
    if (PHOTO_AT.has(k) || k === PDF_AT) {
      const upload = await acceptUpload(k === PDF_AT ? PDF : photo);
      if (!upload.ok) throw new Error(`the bench's ${k === PDF_AT ? "PDF" : "photo"} was refused: ${upload.reason}`);
      await store(`${key}:${k}`, upload.bytes);
    }
    if (k === PDF_AT) await store(`${key}:statement`, await renderOffThread({ kind: "statement", data: demo.statement("ru") }));
    await stack.database.db.execute(
      sql`insert into sessions (key, value, updated_at) values (${key}, ${JSON.stringify({ n: ctx.session.n })}::jsonb, now())
          on conflict (key) do update set value = excluded.value, updated_at = excluded.updated_at`,
    );
    await ctx.reply(`#${ctx.session.n}`);
  });
  await bot.init();
  return textLoad(bot as never, fake, updates, concurrency, "work", 9_000_000, MEALS_UPDATES);
}

/**
 * `updates` texts to `bot` from chats of `perChat` texts each (25 unless given), `concurrency` chats at a time: once to
 * warm up (chat ids from `firstChat`), once measured (the next million ids).
 */
async function textLoad(
  bot: Bot,
  fake: FakeTelegram,
  updates: number,
  concurrency: number,
  label: string,
  firstChat: number,
  perChat = 25,
): Promise<LoadFigures> {
  const chats = Math.ceil(updates / perChat);
  const send = async (samples: Sample[] | undefined, base: number) =>
    pool(chats, concurrency, async (i) => {
      const p = new SimParent(base + i, bot as never, fake, samples);
      for (let k = 0; k < perChat; k++) await p.send(`${label} ${k}`, label);
    });
  await send(undefined, firstChat); // warm-up
  const samples: Sample[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await send(samples, firstChat + 1_000_000);
  return figures(samples, (performance.now() - t0) / 1000, process.cpuUsage(cpu0));
}

/** A bare grammY bot that echoes text, on the same fake API: the ceiling of this machine. */
async function runEcho(updates: number, concurrency: number): Promise<LoadFigures> {
  const fake = new FakeTelegram({ keepMessages: false });
  const bot = new Bot(FAKE_TOKEN, { botInfo: BOT_USER, client: { apiRoot: FAKE_API_ROOT } });
  bot.api.config.use(fake.transformer);
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  await bot.init();
  return textLoad(bot, fake, updates, concurrency, "echo", 5_000_000);
}

export function printThroughput(f: ThroughputFigures): void {
  printTable(
    `Throughput: ${f.parents} parents, ${f.concurrency} at a time, full meals ` +
      `application (${MEALS_UPDATES} updates each), Redis sessions + PostgreSQL`,
    [
      {
        bot: "parent bot",
        updates: f.bot.updates,
        s: f.bot.seconds,
        "updates/s": f.bot.updatesPerSecond,
        "p50 ms": f.bot.latencyMs.p50,
        "p95 ms": f.bot.latencyMs.p95,
        "p99 ms": f.bot.latencyMs.p99,
        "max ms": f.bot.latencyMs.max,
        "cpu ms/update": f.bot.cpuMsPerUpdate,
      },
      {
        bot: "stack floor",
        updates: f.floor.updates,
        s: f.floor.seconds,
        "updates/s": f.floor.updatesPerSecond,
        "p50 ms": f.floor.latencyMs.p50,
        "p95 ms": f.floor.latencyMs.p95,
        "p99 ms": f.floor.latencyMs.p99,
        "max ms": f.floor.latencyMs.max,
        "cpu ms/update": f.floor.cpuMsPerUpdate,
      },
      {
        bot: "work floor",
        updates: f.workFloor.updates,
        s: f.workFloor.seconds,
        "updates/s": f.workFloor.updatesPerSecond,
        "p50 ms": f.workFloor.latencyMs.p50,
        "p95 ms": f.workFloor.latencyMs.p95,
        "p99 ms": f.workFloor.latencyMs.p99,
        "max ms": f.workFloor.latencyMs.max,
        "cpu ms/update": f.workFloor.cpuMsPerUpdate,
      },
      {
        bot: "echo bot",
        updates: f.echo.updates,
        s: f.echo.seconds,
        "updates/s": f.echo.updatesPerSecond,
        "p50 ms": f.echo.latencyMs.p50,
        "p95 ms": f.echo.latencyMs.p95,
        "p99 ms": f.echo.latencyMs.p99,
        "max ms": f.echo.latencyMs.max,
        "cpu ms/update": f.echo.cpuMsPerUpdate,
      },
    ],
  );
  console.log("  stack floor = grammY + session read/write in Redis + one PostgreSQL upsert + a reply, per update");
  console.log(
    "  work floor = the stack floor + the application's own work: 3 photos re-encoded, a PDF checked, the statement rendered, " +
      `all stored · photos: ${f.photoBytes === JPEG.length ? "the tests' 8×8 JPEG" : "phone-sized JPEG"}, ${f.photoBytes} bytes`,
  );
  const ceiling = round(f.workFloor.updatesPerSecond / f.floor.updatesPerSecond, 3);
  console.log(
    `  ratio parent/echo: ${f.ratio} · parent/floor: ${round(f.bot.updatesPerSecond / f.floor.updatesPerSecond, 3)}` +
      ` · work floor/floor (the highest parent/floor this application allows): ${ceiling}` +
      ` · parent/work floor: ${round(f.bot.updatesPerSecond / f.workFloor.updatesPerSecond, 3)}`,
  );
  console.log(`  applications completed ${f.completed}, failed ${f.failed}${f.stoppedByDeadline ? ", stopped by the time cap" : ""}`);
  if (f.firstFailure) console.log(`  first failure: ${f.firstFailure}`);
  const met = (ok: boolean) => (ok ? "met" : "NOT met");
  const openLoop = f.paced.map((x) => `${Math.round(x.share * 100)}% load ${x.latencyMs.p99} ms ${met(x.latencyMs.p99 <= 25)}`).join(", ");
  console.log(
    `  targets: ≥ 2000 updates/s (${met(f.bot.updatesPerSecond >= 2000)}); p99 ≤ 25 ms: at the ` +
      `maximum ${f.bot.latencyMs.p99} ms ${met(f.bot.latencyMs.p99 <= 25)}, open loop ${openLoop}`,
  );
  console.log(`  Redis after the run: ${f.redisKeysAfter} keys, ${f.redisBytesAfter} bytes (sessions of finished parents)`);
  console.log(
    `  PostgreSQL: ${f.dbTransactionsPerUpdate} transactions per update; backend CPU ` +
      `${f.pgCpuMsPerUpdate} ms per update · load average at the end: ${f.loadAverage}`,
  );
  const iso = f.isolated.latencyMs;
  console.log(
    `  isolated handler latency (${f.isolated.parents} parents one at a time, no ` +
      `queueing): p50 ${iso.p50} ms, p95 ${iso.p95} ms, p99 ${iso.p99} ms, max ${iso.max} ms`,
  );
  printTable(
    "Open loop: parents arriving at random so that updates are offered at a share of the maximum above",
    f.paced.map((x) => ({
      share: `${Math.round(x.share * 100)}%`,
      "offered/s": x.offeredPerSecond,
      "achieved/s": x.achievedPerSecond,
      "p50 ms": x.latencyMs.p50,
      "p95 ms": x.latencyMs.p95,
      "p99 ms": x.latencyMs.p99,
      "max ms": x.latencyMs.max,
    })),
  );
  for (const x of f.paced) {
    const slowest = [...x.perStep].sort((a, b) => b.p99 - a.p99).slice(0, 4);
    console.log(
      `  ${Math.round(x.share * 100)}% load, slowest steps (p50 / p99 ms): ` +
        slowest.map((s) => `${s.step} ${s.p50} / ${s.p99}`).join(" · "),
    );
  }
  const loaded = new Map(f.perStep.map((s) => [s.step, s]));
  printTable(
    "Latency per step (ms): isolated = one parent at a time (cpu: this process's CPU ms, render " +
      "thread included; after answer cpu: what the step left running, a photo's check, done before the next step); " +
      "loaded = under the concurrent run; SQL = statements the step sends",
    f.isolatedPerStep.map((s) => {
      const l = loaded.get(s.step);
      return {
        step: s.step,
        SQL: round(f.statementsPerStep[s.step] ?? 0, 1),
        "isolated cpu p50": f.isolatedCpuPerStep[s.step] ?? "",
        "after answer cpu": round(f.afterAnswerCpuPerStep[s.step] ?? 0, 2) || "",
        "isolated p50": s.p50,
        "isolated p99": s.p99,
        "isolated max": s.max,
        "loaded p50": l?.p50 ?? "",
        "loaded p95": l?.p95 ?? "",
        "loaded p99": l?.p99 ?? "",
      };
    }),
  );
  const worst = [...f.isolatedPerStep].sort((a, b) => b.p99 - a.p99)[0];
  if (worst)
    console.log(`  isolated p99 ≤ 25 ms for every step: ${worst.p99 <= 25 ? "met" : "NOT met"} (slowest: ${worst.step} ${worst.p99} ms)`);
  const total = Object.values(f.statementsPerStep).reduce((a, b) => a + b, 0);
  console.log(
    `  SQL statements per application: ${round(total, 1)} (${round(total / Math.max(1, f.isolatedPerStep.length), 2)} per update)`,
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2).filter((a) => !a.startsWith("--"));
  const photoWidth = Number(process.argv.find((a) => a.startsWith("--photo="))?.slice("--photo=".length) ?? 0);
  const parents = Number(args[0] ?? 200);
  const maxSeconds = Number(args[1] ?? 60);
  const isolatedParents = Number(args[2] ?? 10);
  const pacedParents = Number(args[3] ?? 150);
  const photo = photoWidth > 0 ? await phonePhoto(photoWidth) : undefined;
  const figures = await runThroughputBench({ parents, maxSeconds, isolatedParents, pacedParents, photo });
  if (figures) printThroughput(figures);
}
