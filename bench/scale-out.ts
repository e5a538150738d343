/**
 * Scale-out: the same meals load as throughput.ts, handled by 1, then N parent-bot processes
 * sharing one PostgreSQL database and one Redis (as instances behind webhooks or several
 * pollers would: each chat is handled by one process at a time, the state is shared). Each
 * process takes its share of the parents; the figure is the updates of all processes over the
 * time from "go" to the last one finishing.
 *
 *   npx tsx bench/scale-out.ts [processes=2] [parents=200]
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { FakeTelegram } from "./lib/fake-telegram.ts";
import { completeMealsApplication, MEALS_UPDATES } from "./lib/meals-script.ts";
import { SimParent, startUpdateIdsAt, type Sample } from "./lib/sim-parent.ts";
import { fakeParentBot, openStack } from "./lib/stack.ts";
import { distribution, pool, printTable, round, type Distribution } from "./lib/stats.ts";

export interface ScaleOutRow {
  processes: number;
  updates: number;
  seconds: number;
  updatesPerSecond: number;
  latencyMs: Distribution;
  /** CPU of all bot processes (user + system) per update. */
  cpuMsPerUpdate: number;
  failed: number;
}

type FromChild = { kind: "ready" } | { kind: "done"; samples: number[]; cpuMs: number; failed: number; firstFailure?: string };

/** One bot process: attach to the stack, warm up, wait for "go", run its share, report. */
async function child(databaseUrl: string, redisPrefix: string, index: number, parents: number): Promise<void> {
  startUpdateIdsAt(1_000_000_000 + index * 10_000_000);
  const stack = await openStack({ attach: { databaseUrl, redisPrefix } });
  const fake = new FakeTelegram();
  const { bot, restore } = await fakeParentBot(stack, fake);
  // Parent ids (and so phone numbers, built from their last 7 digits) of their own per process.
  const base = 3_000_000 + index * 100_000;
  await pool(10, 10, (i) => completeMealsApplication(new SimParent(base + 90_000 + i, bot as never, fake, undefined)));
  process.send!({ kind: "ready" } satisfies FromChild);
  await new Promise<void>((resolve) => process.once("message", () => resolve()));
  const samples: Sample[] = [];
  let failed = 0;
  let firstFailure: string | undefined;
  const cpu0 = process.cpuUsage();
  await pool(parents, parents, async (i) => {
    try {
      await completeMealsApplication(new SimParent(base + i, bot as never, fake, samples));
    } catch (err) {
      failed++;
      firstFailure ??= (err as Error).message;
    }
    fake.forget(base + i);
  });
  const cpu = process.cpuUsage(cpu0);
  process.send!({
    kind: "done",
    samples: samples.map((s) => s.ms),
    cpuMs: (cpu.user + cpu.system) / 1000,
    failed,
    firstFailure,
  } satisfies FromChild);
  restore();
  await stack.close();
  process.exit(0);
}

async function runProcesses(
  databaseUrl: string,
  redisPrefix: string,
  processes: number,
  parents: number,
  round_: number,
): Promise<ScaleOutRow> {
  const children: ChildProcess[] = [];
  const messages: Array<Promise<FromChild>> = [];
  const ready: Array<Promise<void>> = [];
  for (let i = 0; i < processes; i++) {
    const share = Math.floor(parents / processes) + (i < parents % processes ? 1 : 0);
    const c = fork(fileURLToPath(import.meta.url), ["--child", databaseUrl, redisPrefix, String(round_ * 10 + i), String(share)], {
      execArgv: ["--import", "tsx"],
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
    children.push(c);
    ready.push(
      new Promise((resolve, reject) => {
        c.once("message", () => resolve());
        c.once("exit", (code) => reject(new Error(`bot process ${i} exited (${code}) before it was ready`)));
      }),
    );
  }
  await Promise.all(ready);
  for (const c of children) {
    c.removeAllListeners("exit");
    messages.push(
      new Promise((resolve, reject) => {
        c.once("message", (m: FromChild) => resolve(m));
        c.once("exit", (code) => reject(new Error(`bot process exited (${code}) before it reported`)));
      }),
    );
  }
  const t0 = performance.now();
  for (const c of children) c.send("go");
  const done = (await Promise.all(messages)) as Array<Extract<FromChild, { kind: "done" }>>;
  const seconds = (performance.now() - t0) / 1000;
  const all = done.flatMap((d) => d.samples);
  const failed = done.reduce((n, d) => n + d.failed, 0);
  if (failed) console.log(`  ${failed} applications failed; first: ${done.find((d) => d.firstFailure)?.firstFailure}`);
  return {
    processes,
    updates: all.length,
    seconds: round(seconds),
    updatesPerSecond: Math.round(all.length / seconds),
    latencyMs: distribution(all),
    cpuMsPerUpdate: round(done.reduce((n, d) => n + d.cpuMs, 0) / Math.max(1, all.length), 3),
    failed,
  };
}

export async function runScaleOutBench(opts: { processes?: number; parents?: number } = {}): Promise<ScaleOutRow[]> {
  const processes = opts.processes ?? 2;
  const parents = opts.parents ?? 200;
  const stack = await openStack();
  try {
    const url = stack.config.databaseUrl!;
    const rows: ScaleOutRow[] = [];
    const counts = [...new Set([1, processes])];
    for (const [i, n] of counts.entries()) rows.push(await runProcesses(url, stack.redisPrefix, n, parents, i));
    return rows;
  } finally {
    await stack.close();
  }
}

export function printScaleOut(rows: ScaleOutRow[], parents: number): void {
  printTable(
    `Scale-out: ${parents} parents at once (meals application, ${MEALS_UPDATES} ` +
      `updates each) split over bot processes sharing PostgreSQL and Redis`,
    rows.map((r) => ({
      processes: r.processes,
      updates: r.updates,
      s: r.seconds,
      "updates/s": r.updatesPerSecond,
      "p50 ms": r.latencyMs.p50,
      "p99 ms": r.latencyMs.p99,
      "cpu ms/update (bots)": r.cpuMsPerUpdate,
      failed: r.failed,
    })),
  );
  if (rows.length > 1)
    console.log(`  ${rows.at(-1)!.processes} processes ÷ 1: ×${round(rows.at(-1)!.updatesPerSecond / rows[0]!.updatesPerSecond, 2)}`);
}

if (process.argv[2] === "--child") {
  const [databaseUrl, redisPrefix, index, parents] = process.argv.slice(3);
  await child(databaseUrl!, redisPrefix!, Number(index), Number(parents));
} else if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const processes = Number(process.argv[2] ?? 2);
  const parents = Number(process.argv[3] ?? 200);
  printScaleOut(await runScaleOutBench({ processes, parents }), parents);
}
