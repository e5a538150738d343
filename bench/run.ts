/**
 * `npm run bench` — every benchmark, or the ones named: `npm run bench -- throughput fanout`.
 * Each prints its own table; a summary of the targets comes last. Nothing here asserts: the
 * figures are for reading (and for bench/README.md).
 *
 * Names: throughput, statements, scale-out, form-length, fanout, notices, search, documents, signatures, memory.
 * Runs against PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/test, a
 * scratch database per benchmark) and Redis (REDIS_URL, default redis://127.0.0.1:6379, keys
 * under a prefix of the run's own, deleted afterwards). Bounded: about 5 minutes on 2 cores.
 */
import { runDocumentsBench, type DocumentsBenchResult } from "./documents.ts";
import { printFanout, runFanoutBench } from "./fanout.ts";
import { printFormLength, runFormLengthBench } from "./form-length.ts";
import { printMemory, runMemoryBench } from "./memory.ts";
import { printNoticeLatency, runNoticeLatencyBench } from "./notice-latency.ts";
import { printSchoolSearch, runSchoolSearchBench } from "./school-search.ts";
import { runSignaturesBench } from "./signatures.ts";
import { printTable } from "./lib/stats.ts";
import { printScaleOut, runScaleOutBench } from "./scale-out.ts";
import { printThroughput, runThroughputBench } from "./throughput.ts";
import { printStatements, runStatementsBench } from "./statements.ts";

type Verdict = { benchmark: string; figure: string; target: string; met: string };
const verdicts: Verdict[] = [];
const yes = (ok: boolean) => (ok ? "yes" : "NO");

const benches: Record<string, () => Promise<void>> = {
  async throughput() {
    const f = await runThroughputBench({ parents: 200, maxSeconds: 60 });
    if (!f) return;
    printThroughput(f);
    verdicts.push({
      benchmark: "throughput",
      figure: `${f.bot.updatesPerSecond} updates/s (echo ${f.echo.updatesPerSecond}, ratio ${f.ratio})`,
      target: "≥ 2000 updates/s",
      met: yes(f.bot.updatesPerSecond >= 2000),
    });
    const open = f.paced.map((x) => `${Math.round(x.share * 100)}% load ${x.latencyMs.p99} ms`).join(", ");
    verdicts.push({
      benchmark: "latency",
      figure: `p99: at the maximum ${f.bot.latencyMs.p99} ms; open loop ${open}; isolated ${f.isolated.latencyMs.p99} ms`,
      target: "p99 ≤ 25 ms",
      met: yes(f.bot.latencyMs.p99 <= 25),
    });
  },
  async statements() {
    const b = await runStatementsBench(2);
    printStatements(b);
    verdicts.push({
      benchmark: "SQL statements",
      figure: `${Math.round(b.total * 10) / 10} per meals application`,
      target: "≤ 45",
      met: yes(b.total <= 45),
    });
  },
  async "scale-out"() {
    const rows = await runScaleOutBench({ processes: 2, parents: 200 });
    printScaleOut(rows, 200);
    const [one, many] = [rows[0]!, rows.at(-1)!];
    verdicts.push({
      benchmark: "scale-out",
      figure:
        `${many.processes} processes ${many.updatesPerSecond} updates/s, 1 process ${one.updatesPerSecond} ` +
        `(×${Math.round((100 * many.updatesPerSecond) / one.updatesPerSecond) / 100})`,
      target: "(figure)",
      met: "-",
    });
  },
  async "form-length"() {
    const f = await runFormLengthBench({ parents: 20, questions: 40 });
    printFormLength(f);
    verdicts.push({
      benchmark: "form length",
      figure: `step ${f.questions} = ×${f.cpuRatio} CPU of step 5 (engine alone ×${f.engineRatio})`,
      target: "≤ 1.2×",
      met: yes(f.cpuRatio <= 1.2),
    });
    verdicts.push({
      benchmark: "state size",
      figure: `meals: Redis max ${f.mealsMaxBytes} B per parent; ${f.questions}-field draft ${f.formBytes} B of answers`,
      target: "≤ 4 KB per application",
      met: yes(f.mealsMaxBytes <= 4096),
    });
  },
  async fanout() {
    const runs = await runFanoutBench({ notifications: 1000, maxSeconds: 75 });
    printFanout(runs);
    for (const r of runs) {
      verdicts.push({
        benchmark: `fan-out (${r.scenario.split(";")[0]})`,
        figure:
          `${r.timedOut ? "> " : ""}${r.firstToLastSeconds} s (×${r.overLimit}), ` +
          `lost ${r.lost}, pending at cap ${r.undelivered}, dup ${r.duplicated}`,
        target: "≤ 35 s, 0 lost, 0 dup",
        met: yes(r.overLimit <= 1.05 && r.lost === 0 && r.undelivered === 0 && r.duplicated === 0),
      });
    }
  },
  async notices() {
    const runs = await runNoticeLatencyBench(30);
    printNoticeLatency(runs);
    for (const r of runs.filter((x) => x.woken)) {
      verdicts.push({
        benchmark: `notice latency (${r.backend})`,
        figure: `p50 ${r.latencyMs.p50} ms, p95 ${r.latencyMs.p95} ms`,
        target: "well under the 1 s poll",
        met: yes(r.latencyMs.p95 < 500),
      });
    }
  },
  async search() {
    const rows = await runSchoolSearchBench(100);
    printSchoolSearch(rows, 100);
    const slowest = Math.max(...rows.map((r) => Number(r["wall ms now"])));
    verdicts.push({
      benchmark: "school search (7,000 schools)",
      figure: `slowest query ${slowest} ms`,
      target: "no slower than the ILIKEs it replaced",
      met: yes(rows.every((r) => Number(r["wall before ÷ now"]) >= 1)),
    });
  },
  async documents() {
    const r: DocumentsBenchResult = await runDocumentsBench(1000);
    printTable(
      "Documents: 1,000 renders each (after 50 warm-up), one process",
      Object.entries(r).map(([kind, f]) => ({
        document: kind,
        "median ms": f.medianMs,
        "p95 ms": f.p95Ms,
        "docs/s": f.docsPerSecond,
        "cpu ms/doc": f.cpuMsPerDoc,
      })),
    );
    verdicts.push({
      benchmark: "documents",
      figure: `certificate ${r.certificate.medianMs} ms, statement ${r.statement.medianMs} ms (median)`,
      target: "(figure)",
      met: "-",
    });
  },
  async signatures() {
    const r = await runSignaturesBench();
    printTable("Signatures: detached RSA-2048 CMS, full checks", [
      { "verifications/s": r.verificationsPerSecond, "mean ms": r.meanMs, iterations: r.iterations, "payload bytes": r.payloadBytes },
    ]);
    verdicts.push({ benchmark: "signatures", figure: `${r.verificationsPerSecond} verifications/s`, target: "(figure)", met: "-" });
  },
  async memory() {
    const f = await runMemoryBench(10_000, 90);
    printMemory(f);
    verdicts.push({
      benchmark: "memory",
      figure: `RSS ${f.loaded.rssMb} MB with ${f.inForm} parents in a form (+${f.rssKbPerParent} KB each)`,
      target: "(figure)",
      met: "-",
    });
  },
};

const asked = process.argv.slice(2);
const unknown = asked.filter((n) => !(n in benches));
if (unknown.length) {
  console.error(`Unknown benchmark ${unknown.join(", ")}. Known: ${Object.keys(benches).join(", ")}.`);
  process.exit(2);
}
const started = performance.now();
for (const name of asked.length ? asked : Object.keys(benches)) {
  const t0 = performance.now();
  console.log(`\n=== ${name} ===`);
  await benches[name]!();
  console.log(`  (${name}: ${Math.round((performance.now() - t0) / 1000)} s)`);
}
printTable(`Summary (${Math.round((performance.now() - started) / 1000)} s)`, verdicts);
// Pools and sockets of libraries may keep the event loop alive: everything is closed, so leave.
process.exit(0);
