import { runThroughputBench } from "./throughput.ts";
const f = await runThroughputBench({ parents: Number(process.argv[2] ?? 200), pacedShares: [], isolatedParents: 3 });
if (f) console.log(JSON.stringify({ ups: f.bot.updatesPerSecond, cpu: f.bot.cpuMsPerUpdate, pg: f.pgCpuMsPerUpdate, p99: f.bot.latencyMs.p99, floor: f.floor.updatesPerSecond, tx: f.dbTransactionsPerUpdate, failed: f.failed, iso99: f.isolated.latencyMs.p99 }));
