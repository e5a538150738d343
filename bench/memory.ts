/**
 * Memory: the RSS of a process running the real parent bot with 10,000 parents in the middle of
 * a form — each has started a meals application through the bot and is being asked the child's
 * name (a draft in PostgreSQL, the open question in the session) — measured after a full GC.
 * Sessions are in Redis (the production setup), so the figure is what the bot process itself
 * holds per waiting parent.
 *
 * Registration (consent, phone, IIN) is written straight to the database, in bulk, to keep the
 * run short: it is not part of the state of a form in progress. Runs in a child process of its own
 * (`node --expose-gc`), so no other benchmark's garbage is counted.
 *
 *   npx tsx bench/memory.ts [parents=10000] [maxSeconds=150]
 */
import { fork } from "node:child_process";
import { fileURLToPath, pathToFileURL } from "node:url";
import { users } from "#root/db/schema.ts";
import { makeIin } from "#root/flows/iin.ts";
import { FakeTelegram } from "./lib/fake-telegram.ts";
import { phoneOf } from "./lib/meals-script.ts";
import { DeadlineError, SimParent } from "./lib/sim-parent.ts";
import { fakeParentBot, openStack } from "./lib/stack.ts";
import { pool, printTable, round } from "./lib/stats.ts";

export interface MemoryFigures {
  parents: number;
  /** Parents who reached the child's name question before the time cap. */
  inForm: number;
  sessions: "redis";
  baseline: { rssMb: number; heapUsedMb: number; heapTotalMb: number };
  loaded: { rssMb: number; heapUsedMb: number; heapTotalMb: number; externalMb: number };
  /** (loaded − baseline) ÷ parents in the form. */
  rssKbPerParent: number;
  heapKbPerParent: number;
  redisKeys: number;
  redisMb: number;
  seconds: number;
}

const mb = (bytes: number) => round(bytes / 1024 / 1024, 1);

function snapshot() {
  (globalThis as { gc?: () => void }).gc?.();
  (globalThis as { gc?: () => void }).gc?.();
  const m = process.memoryUsage();
  return { rssMb: mb(m.rss), heapUsedMb: mb(m.heapUsed), heapTotalMb: mb(m.heapTotal), externalMb: mb(m.external) };
}

/** In this process (call it with --expose-gc). */
export async function measureMemory(parents = 10_000, maxSeconds = 150): Promise<MemoryFigures> {
  if (!(globalThis as { gc?: unknown }).gc) throw new Error("run with node --expose-gc (runMemoryBench() does it for you)");
  const stack = await openStack({ sessions: "redis" });
  const fake = new FakeTelegram();
  const { bot, restore } = await fakeParentBot(stack, fake);
  const t0 = performance.now();
  try {
    const iin = makeIin("1988-07-14", "female", 21);
    // Registered parents (consent, phone, IIN), written in bulk: not part of a form's state.
    const seed = async (ids: number[]) => {
      for (let i = 0; i < ids.length; i += 1000) {
        const now = new Date();
        await stack.deps.db.insert(users).values(
          ids.slice(i, i + 1000).map((id) => ({
            telegramId: id,
            phone: phoneOf(id),
            fullName: "Петрова Анна Сергеевна",
            iin,
            lang: "ru" as const,
            consentAt: now,
          })),
        );
      }
    };
    const ids = (from: number, n: number) => Array.from({ length: n }, (_, i) => from + i);
    await seed(ids(3_000_000, 20));
    await seed(ids(3_100_000, parents));
    const drive = async (id: number, deadline = Infinity) => {
      const p = new SimParent(id, bot as never, fake, undefined, "ru", deadline);
      await p.tapData("apply:new:meals", "apply");
      // The parent's details come from the profile and meals asks no email: the draft is at the child's name.
      p.expect(/Шаг 1 из 4/);
      fake.forget(id); // the harness keeps nothing per parent
    };
    await pool(20, 10, (i) => drive(3_000_000 + i)); // warm-up, then the baseline
    const baseline = snapshot();
    const deadline = performance.now() + maxSeconds * 1000;
    let inForm = 0;
    await pool(parents, 200, async (i) => {
      try {
        await drive(3_100_000 + i, deadline);
        inForm++;
      } catch (err) {
        if (!(err instanceof DeadlineError)) throw err;
      }
    });
    const seconds = (performance.now() - t0) / 1000;
    const loaded = snapshot();
    let redisKeys = 0;
    let redisBytes = 0;
    let cursor = "0";
    do {
      const [next, keys] = await stack.redis.scan(cursor, "MATCH", `*${stack.redisPrefix}*`, "COUNT", 1000);
      cursor = next;
      redisKeys += keys.length;
      for (const k of keys) redisBytes += Number((await stack.redis.call("MEMORY", "USAGE", k)) ?? 0);
    } while (cursor !== "0");
    return {
      parents,
      inForm,
      sessions: "redis",
      baseline: { rssMb: baseline.rssMb, heapUsedMb: baseline.heapUsedMb, heapTotalMb: baseline.heapTotalMb },
      loaded,
      rssKbPerParent: round(((loaded.rssMb - baseline.rssMb) * 1024) / Math.max(1, inForm), 2),
      heapKbPerParent: round(((loaded.heapUsedMb - baseline.heapUsedMb) * 1024) / Math.max(1, inForm), 2),
      redisKeys,
      redisMb: mb(redisBytes),
      seconds: round(seconds, 1),
    };
  } finally {
    restore();
    await stack.close();
  }
}

/** Run the measurement in a child process with --expose-gc; resolves with its figures. */
export function runMemoryBench(parents = 10_000, maxSeconds = 150): Promise<MemoryFigures> {
  const child = fork(fileURLToPath(import.meta.url), ["--child", String(parents), String(maxSeconds)], {
    execArgv: ["--expose-gc", "--import", "tsx"],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  return new Promise((resolve, reject) => {
    child.once("message", (m) => resolve(m as MemoryFigures));
    child.once("exit", (code) => code !== 0 && reject(new Error(`the memory bench process exited with ${code}`)));
  });
}

export function printMemory(f: MemoryFigures): void {
  printTable(
    `Memory: the parent bot with ${f.inForm} of ${f.parents} parents in the middle ` +
      `of a form (asked the child's name), sessions in ${f.sessions}, after GC`,
    [
      {
        "": "before (after warm-up)",
        "RSS MB": f.baseline.rssMb,
        "heap used MB": f.baseline.heapUsedMb,
        "heap total MB": f.baseline.heapTotalMb,
      },
      {
        "": `with ${f.inForm} parents in a form`,
        "RSS MB": f.loaded.rssMb,
        "heap used MB": f.loaded.heapUsedMb,
        "heap total MB": f.loaded.heapTotalMb,
      },
    ],
  );
  console.log(
    `  per parent: RSS +${f.rssKbPerParent} KB, heap +${f.heapKbPerParent} KB · ` +
      `Redis: ${f.redisKeys} keys, ${f.redisMb} MB (MEMORY USAGE) · ${f.seconds} s`,
  );
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain && process.argv[2] === "--child") {
  const figures = await measureMemory(Number(process.argv[3]), Number(process.argv[4]));
  process.send!(figures);
  process.exit(0);
} else if (isMain) {
  printMemory(await runMemoryBench(Number(process.argv[2] ?? 10_000), Number(process.argv[3] ?? 150)));
}
