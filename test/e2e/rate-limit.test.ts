/** A user who floods the bot is slowed down: told once, and the extra updates do nothing. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestSystem, type TestSystem } from "#root/test/helpers/system.ts";

let system: TestSystem;
beforeAll(async () => {
  system = await startTestSystem({ rateLimit: { count: 5, windowSec: 60 } });
});
afterAll(() => system?.close());

describe("per-user rate limit", () => {
  it("answers the first updates, then says once to slow down and ignores the rest of the window", async () => {
    const parent = system.parent({ lang: "ru" });
    for (let i = 0; i < 9; i++) await parent.send("/help");
    await parent.nextMessage(/Слишком много сообщений/);
    await new Promise((r) => setTimeout(r, 500));
    const texts = parent.botMessages().map((m) => m.text ?? "");
    expect(texts.filter((t) => /Как это работает/.test(t))).toHaveLength(5);
    expect(texts.filter((t) => /Слишком много сообщений/.test(t))).toHaveLength(1);
    const metrics = await (await fetch(`http://127.0.0.1:${system.port}/metrics`)).text();
    expect(metrics).toMatch(/desk_rate_limited_total\{bot="parent"\} 4/);
  });
});
