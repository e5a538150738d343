/**
 * Documents rendered on the renderer thread are the documents the renderers make: the same
 * bytes for the same data, each answer to its own request when several are in flight, and a
 * render still comes back when the thread is gone.
 */
import { afterAll, describe, expect, it } from "vitest";
import { demo, renderCertificate, renderStatement } from "#root/flows/documents/index.ts";
import { threadId } from "node:worker_threads";
import { renderOffThread, renderThreadId, stopRenderThread } from "#root/flows/documents/off-thread.ts";

afterAll(() => stopRenderThread());

describe("documents rendered off the event loop", () => {
  it("gives the same bytes as rendering in this thread, in both languages", async () => {
    for (const lang of ["kk", "ru"] as const) {
      const off = await renderOffThread({ kind: "statement", data: demo.statement(lang) });
      expect(Buffer.from(off).equals(Buffer.from(await renderStatement(demo.statement(lang))))).toBe(true);
    }
    // …and it was rendered on a thread of its own.
    expect(renderThreadId()).toBeGreaterThan(0);
    expect(renderThreadId()).not.toBe(threadId);
  });

  it("answers each of many concurrent requests with its own document", async () => {
    const numbers = Array.from({ length: 6 }, (_, i) => `MEAL-2026-00000${i}`);
    const rendered = await Promise.all(
      numbers.map((number, i) =>
        i % 2 === 0
          ? renderOffThread({ kind: "statement", data: { ...demo.statement("ru"), number } })
          : renderOffThread({ kind: "certificate", data: { ...demo.certificate("kk"), number } }),
      ),
    );
    for (const [i, number] of numbers.entries()) {
      const expected =
        i % 2 === 0
          ? await renderStatement({ ...demo.statement("ru"), number })
          : await renderCertificate({ ...demo.certificate("kk"), number });
      expect(Buffer.from(rendered[i]!).equals(Buffer.from(expected))).toBe(true);
    }
  });

  it("a render in flight when the thread stops still comes back", async () => {
    const inFlight = renderOffThread({ kind: "statement", data: demo.statement("kk") });
    await stopRenderThread();
    const bytes = await inFlight;
    expect(Buffer.from(bytes).equals(Buffer.from(await renderStatement(demo.statement("kk"))))).toBe(true);
  });
});
