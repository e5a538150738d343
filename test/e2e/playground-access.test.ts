/**
 * The playground is safe by default: on the embedded default the server listens on this
 * machine only, the web chat and its API answer only a client holding the data directory's key,
 * and the bots' tokens and file paths are random per data directory.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { connect } from "node:net";
import { networkInterfaces, tmpdir } from "node:os";
import { join } from "node:path";
import { Api, InputFile } from "grammy";
import { afterAll, describe, expect, it } from "vitest";
import { PLAYGROUND_BOT_USERNAMES } from "#root/bot/playground.ts";
import { startTestSystem, PDF, type TestSystem } from "#root/test/helpers/system.ts";
import { tgUser } from "#root/test/helpers/tg-client.ts";

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), "desk-access-"));
  dirs.push(d);
  return d;
};
let system: TestSystem | undefined;
afterAll(async () => {
  await system?.close();
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Whether a TCP connection to host:port is accepted. */
function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
}

/** This machine's address on its network (not loopback), if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((a) => a && a.family === "IPv4" && !a.internal)?.address;

describe("the playground on the embedded default", () => {
  it.runIf(lanAddress)(
    "listens on 127.0.0.1 only, unless HOST says otherwise",
    async () => {
      system = await startTestSystem();
      expect(await accepts("127.0.0.1", system.port)).toBe(true);
      expect(await accepts(lanAddress!, system.port)).toBe(false);
      await system.close();

      system = await startTestSystem({ env: { HOST: "0.0.0.0" } });
      expect(await accepts(lanAddress!, system.port)).toBe(true);
      await system.close();
      system = undefined;
    },
    60_000,
  );

  it("refuses the web chat and its API to a client without the key, and lets the page in with the printed link", async () => {
    system = await startTestSystem();
    const base = `http://127.0.0.1:${system.port}`;
    const key = system.playground!.webKey;
    const parentBot = 7000000001;
    const refused = [
      fetch(`${base}/playground`),
      fetch(`${base}/playground/api/chat?userId=100001&bot=${parentBot}`),
      fetch(`${base}/playground/api/state`),
      fetch(`${base}/playground/api/events?after=0&timeout=0`),
      fetch(`${base}/playground/api/chat?userId=100001&bot=${parentBot}`, { headers: { "x-playground-key": "a".repeat(key.length) } }),
      fetch(`${base}/playground/api/chat?userId=100001&bot=${parentBot}`, { headers: { cookie: "playground_key=guess" } }),
      fetch(`${base}/playground/api/send`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ userId: 100001, bot: parentBot, text: "/start" }),
      }),
      fetch(`${base}/playground?key=wrong`),
      // The bots' tokens were constants once; they are not valid here.
      fetch(`${base}/bot7000000001:playground-parent-bot-token-0001/getUpdates`),
    ];
    expect((await Promise.all(refused)).map((r) => r.status)).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 401]);
    expect(system.playground!.state.privateChat(parentBot, 100001)).toBeUndefined(); // the refused send did nothing

    // The link printed at start: the key becomes a cookie and leaves the address.
    const open = await fetch(`${base}/playground?key=${key}&bot=provider&start=abc`, { redirect: "manual" });
    expect(open.status).toBe(303);
    expect(open.headers.get("location")).toBe("/playground?bot=provider&start=abc");
    const cookie = open.headers.get("set-cookie")!;
    expect(cookie).toMatch(/HttpOnly/i);
    const withCookie = { headers: { cookie: cookie.split(";")[0]! } };
    expect((await fetch(`${base}/playground`, withCookie)).status).toBe(200);
    expect((await fetch(`${base}/playground/api/chat?userId=100001&bot=${parentBot}`, withCookie)).status).toBe(200);
    await system.close();
    system = undefined;
  }, 60_000);

  it("makes the bots' tokens and the key per data directory, and file paths that do not follow a count", async () => {
    const seen: Array<{ key: string; token: string; paths: string[] }> = [];
    const [first, second] = [tempDir(), tempDir()];
    for (const dataDir of [first, second, first]) {
      system = await startTestSystem({ dataDir });
      const token = system.playgroundSecrets!.parentToken;
      const api = new Api(token, { apiRoot: `http://127.0.0.1:${system.port}` });
      // a bot writes only to users who wrote first
      tgUser(system.playground!, 100001).chatWith(PLAYGROUND_BOT_USERNAMES.parent).send("/start");
      const paths: string[] = [];
      for (const name of ["a.pdf", "b.pdf"]) {
        const sent = await api.sendDocument(100001, new InputFile(PDF, name));
        paths.push((await api.getFile(sent.document.file_id)).file_path!);
      }
      const base = `http://127.0.0.1:${system.port}`;
      expect((await fetch(`${base}/file/bot${token}/${paths[0]}`)).status).toBe(200);
      for (const other of seen.filter((o) => o.token !== token))
        expect((await fetch(`${base}/file/bot${other.token}/${paths[0]}`)).status).toBe(404);
      seen.push({ key: system.playground!.webKey, token, paths });
      await system.close();
      system = undefined;
    }
    const [a, b, aAgain] = seen as [(typeof seen)[0], (typeof seen)[0], (typeof seen)[0]];
    expect(b.key).not.toBe(a.key);
    expect(b.token).not.toBe(a.token);
    expect(aAgain.key).toBe(a.key); // kept in the data directory
    expect(aAgain.token).toBe(a.token);
    const all = [...a.paths, ...b.paths, ...aAgain.paths];
    expect(new Set(all).size).toBe(6);
    for (const path of all) expect(path).toMatch(/^documents\/file_[A-Za-z0-9_-]{22}\.pdf$/);
  }, 90_000);
});
