/**
 * Update throughput and handler latency of the real parent bot, in process, on PostgreSQL and
 * Redis sessions, with every Bot API call answered locally. Many simulated parents complete the
 * meals application at once (25 updates each, one update at a time per chat, many chats
 * concurrently — as @grammyjs/runner's sequentialize would feed them); then a bare grammY echo
 * bot gets the same number of updates with the same concurrency on the same fake API.
 *
 *   npx tsx bench/throughput.ts [parents=200] [maxSeconds=60]
 */
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { Bot } from "grammy";
import { BOT_USER, FAKE_API_ROOT, FAKE_TOKEN, FakeTelegram } from "./lib/fake-telegram.ts";
import { completeMealsApplication } from "./lib/meals-script.ts";
import { DeadlineError, SimParent, type Sample } from "./lib/sim-parent.ts";
import { fakeParentBot, openStack } from "./lib/stack.ts";
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
  const fake = new FakeTelegram();
  const { bot, restore } = await fakeParentBot(stack, fake);
  let result: ThroughputFigures | undefined;
  let updatesFed = 0;
  try {
    // Warm-up (JIT, pools, locale bundles, fonts): a few parents, not measured.
    const warmupSamples: Sample[] = [];
    await pool(opts.warmupParents ?? 10, 10, (i) => completeMealsApplication(new SimParent(900_000 + i, bot as never, fake, warmupSamples)));

    // Isolated: no queueing, the cost of each update on its own.
    const isolatedParents = opts.isolatedParents ?? 10;
    const isolatedSamples: Sample[] = [];
    await pool(isolatedParents, 1, (i) => completeMealsApplication(new SimParent(950_000 + i, bot as never, fake, isolatedSamples)));

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

    const echo = await runEcho(botFigures.updates || parents * 25, concurrency);
    updatesFed = warmupSamples.length + isolatedSamples.length + samples.length;
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
      dbTransactionsPerUpdate: NaN, // filled in once the pool is closed (below)
      redisKeysAfter,
      redisBytesAfter,
    };
  } finally {
    restore();
    const closed = await stack.close();
    if (result) result.dbTransactionsPerUpdate = round(closed.transactions / Math.max(1, updatesFed), 1);
  }
  return result;
}

/** A bare grammY bot that echoes text, on the same fake API: the ceiling of this machine. */
async function runEcho(updates: number, concurrency: number): Promise<LoadFigures> {
  const fake = new FakeTelegram({ keepMessages: false });
  const bot = new Bot(FAKE_TOKEN, { botInfo: BOT_USER, client: { apiRoot: FAKE_API_ROOT } });
  bot.api.config.use(fake.transformer);
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  await bot.init();
  const perChat = 25;
  const chats = Math.ceil(updates / perChat);
  const send = async (samples: Sample[] | undefined, base: number) =>
    pool(chats, concurrency, async (i) => {
      const p = new SimParent(base + i, bot as never, fake, samples);
      for (let k = 0; k < perChat; k++) await p.send(`echo ${k}`, "echo");
    });
  await send(undefined, 5_000_000); // warm-up
  const samples: Sample[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await send(samples, 6_000_000);
  return figures(samples, (performance.now() - t0) / 1000, process.cpuUsage(cpu0));
}

export function printThroughput(f: ThroughputFigures): void {
  printTable(`Throughput: ${f.parents} parents, ${f.concurrency} at a time, full meals application (25 updates each), Redis sessions + PostgreSQL`, [
    { bot: "parent bot", "updates": f.bot.updates, "s": f.bot.seconds, "updates/s": f.bot.updatesPerSecond, "p50 ms": f.bot.latencyMs.p50, "p95 ms": f.bot.latencyMs.p95, "p99 ms": f.bot.latencyMs.p99, "max ms": f.bot.latencyMs.max, "cpu ms/update": f.bot.cpuMsPerUpdate },
    { bot: "echo bot", "updates": f.echo.updates, "s": f.echo.seconds, "updates/s": f.echo.updatesPerSecond, "p50 ms": f.echo.latencyMs.p50, "p95 ms": f.echo.latencyMs.p95, "p99 ms": f.echo.latencyMs.p99, "max ms": f.echo.latencyMs.max, "cpu ms/update": f.echo.cpuMsPerUpdate },
  ]);
  console.log(`  ratio parent/echo: ${f.ratio} · applications completed ${f.completed}, failed ${f.failed}${f.stoppedByDeadline ? ", stopped by the time cap" : ""}`);
  if (f.firstFailure) console.log(`  first failure: ${f.firstFailure}`);
  console.log(`  targets: ≥ 2000 updates/s (${f.bot.updatesPerSecond >= 2000 ? "met" : "NOT met"}), p99 ≤ 25 ms (${f.bot.latencyMs.p99 <= 25 ? "met" : "NOT met"})`);
  console.log(`  Redis after the run: ${f.redisKeysAfter} keys, ${f.redisBytesAfter} bytes (sessions of finished parents)`);
  console.log(`  PostgreSQL: ${f.dbTransactionsPerUpdate} transactions per update; backend CPU ${f.pgCpuMsPerUpdate} ms per update · load average at the end: ${f.loadAverage}`);
  const iso = f.isolated.latencyMs;
  console.log(`  isolated handler latency (${f.isolated.parents} parents one at a time, no queueing): p50 ${iso.p50} ms, p95 ${iso.p95} ms, p99 ${iso.p99} ms, max ${iso.max} ms`);
  const loaded = new Map(f.perStep.map((s) => [s.step, s]));
  printTable("Latency per step (ms): isolated = one parent at a time; loaded = under the concurrent run", f.isolatedPerStep.map((s) => {
    const l = loaded.get(s.step);
    return { step: s.step, "isolated p50": s.p50, "isolated max": s.max, "loaded p50": l?.p50 ?? "", "loaded p95": l?.p95 ?? "", "loaded p99": l?.p99 ?? "" };
  }));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const parents = Number(process.argv[2] ?? 200);
  const maxSeconds = Number(process.argv[3] ?? 60);
  const figures = await runThroughputBench({ parents, maxSeconds });
  if (figures) printThroughput(figures);
}
