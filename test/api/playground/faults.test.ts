/** Fault injection and update-queue rules that tests and benchmarks rely on. */
import { describe, expect, it } from "vitest";
import { Faults } from "#root/api/playground/faults.ts";
import { UpdateQueue } from "#root/api/playground/updates.ts";

describe("Faults", () => {
  it("limits sends over a sliding second and computes retry_after from the window", async () => {
    let now = 10_000;
    const faults = new Faults(() => now);
    faults.rateLimit(3);
    for (let i = 0; i < 3; i++) await faults.beforeCall("sendMessage");
    await faults.beforeCall("getMe"); // not a send: never limited
    await expect(faults.beforeCall("sendMessage")).rejects.toMatchObject({
      code: 429,
      parameters: { retry_after: 1 },
      description: "Too Many Requests: retry after 1",
    });
    now += 1000;
    await expect(faults.beforeCall("sendDocument")).resolves.toBeUndefined();
  });

  it("limits a bot's posts into one group (off by default), not its other calls, other chats or other bots", async () => {
    let now = 10_000;
    const faults = new Faults(() => now);
    const group = { bot: 1, chat: -1001000000001 };
    for (let i = 0; i < 5; i++) await faults.beforeCall("sendMessage", group); // no limit unless asked
    faults.groupRateLimit({ count: 2, windowMs: 60_000 });
    await faults.beforeCall("sendMessage", group);
    now += 30_000;
    await faults.beforeCall("copyMessage", { ...group, chat: String(group.chat) });
    await expect(faults.beforeCall("sendPhoto", group)).rejects.toMatchObject({ code: 429, parameters: { retry_after: 30 } });
    // Not a new post, another group, a private chat, another bot: not counted against it.
    await faults.beforeCall("editMessageText", group);
    await faults.beforeCall("sendChatAction", group);
    await faults.beforeCall("sendMessage", { ...group, chat: -1002 });
    await faults.beforeCall("sendMessage", { ...group, chat: 5001 });
    await faults.beforeCall("sendMessage", { ...group, bot: 2 });
    // The first post leaves the window: one more fits.
    now += 30_000;
    await faults.beforeCall("sendMessage", group);
    await expect(faults.beforeCall("sendMessage", group)).rejects.toMatchObject({ code: 429 });
    faults.reset();
    await faults.beforeCall("sendMessage", group);
  });

  it("counts a forum topic's service messages (created, edited, closed, reopened) against the group, not its deletion", async () => {
    let now = 10_000;
    const faults = new Faults(() => now);
    const group = { bot: 1, chat: -1001000000001 };
    faults.groupRateLimit({ count: 4, windowMs: 60_000 });
    for (const method of ["createForumTopic", "editForumTopic", "closeForumTopic", "reopenForumTopic"])
      await faults.beforeCall(method, group);
    await faults.beforeCall("deleteForumTopic", group);
    await expect(faults.beforeCall("createForumTopic", group)).rejects.toMatchObject({ code: 429, parameters: { retry_after: 60 } });
    await expect(faults.beforeCall("sendMessage", group)).rejects.toMatchObject({ code: 429 });
    now += 60_000;
    await faults.beforeCall("createForumTopic", group);
  });

  it("fails the next N calls of a method, then recovers", async () => {
    const faults = new Faults();
    faults.addRule({ methods: ["sendMessage"], kind: "error", status: 500, times: 2 });
    await expect(faults.beforeCall("sendmessage")).rejects.toMatchObject({ code: 500, description: "Internal Server Error" });
    await expect(faults.beforeCall("sendMessage")).rejects.toMatchObject({ code: 500 });
    await expect(faults.beforeCall("sendMessage")).resolves.toBeUndefined();
  });

  it("makes probabilistic faults reproducible with a seed", async () => {
    const outcomes = async (seed: number) => {
      const faults = new Faults();
      faults.set({ seed, rules: [{ methods: "*", kind: "error", status: 502, probability: 0.5 }] });
      const out: boolean[] = [];
      for (let i = 0; i < 40; i++)
        out.push(
          await faults.beforeCall("getMe").then(
            () => true,
            () => false,
          ),
        );
      return out;
    };
    const a = await outcomes(7);
    expect(await outcomes(7)).toEqual(a);
    expect(a).toContain(true);
    expect(a).toContain(false);
  });
});

describe("UpdateQueue", () => {
  it("refuses getUpdates while a webhook is set, like Telegram", async () => {
    const q = new UpdateQueue(1);
    q.setWebhook({ url: "http://127.0.0.1:9/never", maxConnections: 1 }, false);
    await expect(q.poll({})).rejects.toMatchObject({ code: 409, description: expect.stringContaining("webhook is active") });
    q.deleteWebhook(true);
  });

  it("terminates an older long poll with 409 when a second poller arrives", async () => {
    const q = new UpdateQueue(1);
    const first = q.poll({ timeoutSec: 30 });
    const second = q.poll({ timeoutSec: 30 });
    await expect(first).rejects.toMatchObject({ code: 409, description: expect.stringContaining("terminated by other getUpdates") });
    q.push({ message: { message_id: 1, date: 0, chat: { id: 1, type: "private", first_name: "A" }, text: "x" } } as never);
    expect((await second).map((u) => u.update_id)).toEqual([1]);
  });

  it("returns an aborted long poll at once with no updates", async () => {
    const q = new UpdateQueue(1);
    const abort = new AbortController();
    const polling = q.poll({ timeoutSec: 30, signal: abort.signal });
    abort.abort();
    expect(await polling).toEqual([]);
  });

  it("confirms updates below offset and keeps the rest, honouring limit", async () => {
    const q = new UpdateQueue(10);
    for (let i = 0; i < 5; i++)
      q.push({ message: { message_id: i, date: 0, chat: { id: 1, type: "private", first_name: "A" }, text: String(i) } } as never);
    expect((await q.poll({ offset: 12, limit: 2 })).map((u) => u.update_id)).toEqual([12, 13]);
    expect(q.pendingCount).toBe(3);
    expect((await q.poll({ offset: -1 })).map((u) => u.update_id)).toEqual([14]);
  });
});
