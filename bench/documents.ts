/**
 * Documents bench: renders a meals certificate and an application statement 1,000 times each
 * (after a warm-up) and reports the median and p95 time per document and documents per second.
 *   npx tsx bench/documents.ts [iterations]
 */
import { pathToFileURL } from "node:url";
import { demo, renderCertificate, renderStatement } from "#root/flows/documents/index.ts";

export interface DocumentBenchFigures {
  iterations: number;
  medianMs: number;
  p95Ms: number;
  docsPerSecond: number;
  /** CPU time per document (user + system); less disturbed than wall time on a busy machine. */
  cpuMsPerDoc: number;
}

export interface DocumentsBenchResult {
  certificate: DocumentBenchFigures;
  statement: DocumentBenchFigures;
}

function percentile(sorted: number[], p: number): number {
  const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return sorted[Math.max(0, index)]!;
}

async function measure(render: () => Promise<Uint8Array>, iterations: number, warmup: number): Promise<DocumentBenchFigures> {
  for (let i = 0; i < warmup; i++) await render();
  const times: number[] = [];
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await render();
    times.push(performance.now() - t0);
  }
  const total = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  times.sort((a, b) => a - b);
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    iterations,
    medianMs: round(percentile(times, 50)),
    p95Ms: round(percentile(times, 95)),
    docsPerSecond: Math.round((iterations / total) * 1000),
    cpuMsPerDoc: round((cpu.user + cpu.system) / 1000 / iterations),
  };
}

/** Run the bench (sequential renders, one process) and return the figures. */
export async function runDocumentsBench(iterations = 1000, warmup = 50): Promise<DocumentsBenchResult> {
  // Vary the language so both fonts' caches and both locale bundles are exercised.
  const certificates = [demo.certificate("kk"), demo.certificate("ru")];
  const statements = [demo.statement("kk"), demo.statement("ru")];
  let c = 0;
  let s = 0;
  return {
    certificate: await measure(() => renderCertificate(certificates[c++ % 2]!), iterations, warmup),
    statement: await measure(() => renderStatement(statements[s++ % 2]!), iterations, warmup),
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const iterations = Number(process.argv[2] ?? 1000);
  if (!Number.isInteger(iterations) || iterations < 1) {
    console.error("usage: npx tsx bench/documents.ts [iterations ≥ 1]");
    process.exit(2);
  }
  const result = await runDocumentsBench(iterations);
  for (const [kind, f] of Object.entries(result)) {
    console.log(
      `${kind.padEnd(12)} median ${f.medianMs} ms  p95 ${f.p95Ms} ms  ${f.docsPerSecond} ` +
        `docs/s  cpu ${f.cpuMsPerDoc} ms/doc  (${f.iterations} renders)`,
    );
  }
}
