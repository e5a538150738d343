/**
 * The document renderer's thread (see off-thread.ts): renders what it is sent and posts the
 * bytes back. The same renderers, fonts and access policies as in the main thread (a denied
 * URL or file is refused here as there; only the main thread's `onDeniedAccess` listeners do
 * not hear of it).
 */
import { parentPort } from "node:worker_threads";
import { renderCertificate } from "./certificate.ts";
import { renderOrderNotice } from "./order-notice.ts";
import { renderReceipt } from "./receipt.ts";
import { renderRefusal } from "./refusal.ts";
import { renderStatement } from "./statement.ts";
import type { RenderJob, RenderReply } from "./off-thread.ts";

const renderers: { [K in RenderJob["kind"]]: (data: never) => Promise<Uint8Array> } = {
  statement: renderStatement,
  certificate: renderCertificate,
  receipt: renderReceipt,
  "order-notice": renderOrderNotice,
  refusal: renderRefusal,
};

parentPort!.on("message", async (job: RenderJob & { id: number }) => {
  let reply: RenderReply;
  try {
    // A copy of its own: the renderer's bytes may be a view of a shared buffer pool.
    const bytes = new Uint8Array(await renderers[job.kind](job.data as never));
    reply = { id: job.id, bytes };
    parentPort!.postMessage(reply, [bytes.buffer]);
  } catch (err) {
    reply = { id: job.id, error: (err as Error).message ?? String(err) };
    parentPort!.postMessage(reply);
  }
});
