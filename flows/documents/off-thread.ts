/**
 * Documents rendered on a worker thread. A statement takes ~14 ms of CPU to lay out, subset
 * fonts and compress; on the bot's event loop that is 14 ms in which no other parent's update
 * is handled. On its own thread the render runs beside the loop (on another core when there is
 * one), and the bytes are the same: same renderers, same fonts, deterministic.
 *
 * One worker, started on first use and kept (it holds the parsed fonts); it does not keep the
 * process alive while idle. If it cannot start or dies, documents are rendered in this thread.
 */
import { Worker } from "node:worker_threads";
import { renderCertificate } from "./certificate.ts";
import { demo } from "./demo.ts";
import { renderOrderNotice } from "./order-notice.ts";
import { renderReceipt } from "./receipt.ts";
import { renderRefusal } from "./refusal.ts";
import { renderStatement } from "./statement.ts";
import type { CertificateData, OrderNoticeData, ReceiptData, RefusalNoticeData, StatementData } from "./types.ts";

export type RenderJob =
  | { kind: "statement"; data: StatementData }
  | { kind: "certificate"; data: CertificateData }
  | { kind: "receipt"; data: ReceiptData }
  | { kind: "order-notice"; data: OrderNoticeData }
  | { kind: "refusal"; data: RefusalNoticeData };

export type RenderReply = { id: number; bytes: Uint8Array } | { id: number; error: string };

const inThread: { [K in RenderJob["kind"]]: (data: never) => Promise<Uint8Array> } = {
  statement: renderStatement,
  certificate: renderCertificate,
  receipt: renderReceipt,
  "order-notice": renderOrderNotice,
  refusal: renderRefusal,
};

let worker: Worker | undefined;
let broken = false;
let nextId = 1;
const pending = new Map<number, { resolve: (bytes: Uint8Array) => void; reject: (err: Error) => void; job: RenderJob }>();

function start(): Worker | undefined {
  if (worker || broken) return worker;
  const url = new URL("./render-worker.ts", import.meta.url).href;
  try {
    // The project runs TypeScript through tsx; a worker's entry must be JavaScript, which then
    // loads the TypeScript worker through tsx's API.
    const w = new Worker(`import("tsx/esm/api").then(({ tsImport }) => tsImport(${JSON.stringify(url)}, ${JSON.stringify(url)}))`, {
      eval: true,
    });
    w.unref();
    w.on("message", (reply: RenderReply) => {
      const call = pending.get(reply.id);
      if (!call) return;
      pending.delete(reply.id);
      if (pending.size === 0) w.unref();
      if ("bytes" in reply) call.resolve(reply.bytes);
      else call.reject(new Error(reply.error));
    });
    const fail = () => {
      // The thread is gone: what it was rendering is rendered here, and so is everything after.
      broken = true;
      worker = undefined;
      const calls = [...pending.values()];
      pending.clear();
      for (const call of calls) inThread[call.job.kind](call.job.data as never).then(call.resolve, call.reject);
    };
    w.on("error", fail);
    w.on("exit", () => worker === w && fail());
    worker = w;
  } catch {
    broken = true;
  }
  return worker;
}

/** Render a document on the renderer thread (or here, when there is none). Same bytes either way. */
export function renderOffThread(job: RenderJob): Promise<Uint8Array> {
  const w = start();
  if (!w) return inThread[job.kind](job.data as never);
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, job });
    w.ref(); // a render in progress keeps the process alive until it is back
    w.postMessage({ ...job, id });
  });
}

/**
 * Start the renderer thread and have it render one document now, at startup: its first render
 * parses the fonts and compiles the layout code (hundreds of ms), which the first parent to ask
 * for a statement would otherwise wait for.
 */
export function warmRenderThread(): void {
  renderOffThread({ kind: "statement", data: demo.statement("kk") }).catch(() => {});
}

/** The renderer thread's id while it runs (undefined before the first render, or without one). */
export const renderThreadId = (): number | undefined => worker?.threadId;

/** Stop the renderer thread (tests, shutdown); the next render starts it again. */
export async function stopRenderThread(): Promise<void> {
  const w = worker;
  worker = undefined;
  broken = false;
  if (w) {
    w.removeAllListeners("exit");
    w.removeAllListeners("error");
    const calls = [...pending.values()];
    pending.clear();
    await w.terminate();
    for (const call of calls) inThread[call.job.kind](call.job.data as never).then(call.resolve, call.reject);
  }
}
