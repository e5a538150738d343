/**
 * A parent's upload fetched from the Bot API: a download that stalls is given up (the parent is
 * told to send the file again) instead of holding their chat, and a body that runs past 20 MB is
 * refused as too large without being read to its end. Telegram's file server is a local HTTP
 * server here, answering getFile and the file's path as Telegram does.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Api } from "grammy";
import { afterEach, expect, it } from "vitest";
import { DownloadError, downloadFile } from "#root/bot/shared/files.ts";
import { MAX_FILE_BYTES } from "#root/flows/files.ts";

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((done) => s.close(done).closeAllConnections());
});

/** A Bot API whose file `photo.jpg` is served by `serve` (getFile says it is `fileSize` bytes). */
async function telegram(fileSize: number, serve: (res: import("node:http").ServerResponse) => void) {
  const server = createServer((req, res) => {
    if (req.url?.includes("/getFile")) {
      res.setHeader("content-type", "application/json");
      res.end(JSON.stringify({ ok: true, result: { file_id: "f", file_unique_id: "u", file_size: fileSize, file_path: "photo.jpg" } }));
    } else if (req.url === "/file/botTOKEN/photo.jpg") serve(res);
    else res.writeHead(404).end();
  });
  servers.push(server);
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const apiRoot = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { api: new Api("TOKEN", { apiRoot }), token: "TOKEN", apiRoot };
}

it("fetches the file's bytes as Telegram serves them", async () => {
  const access = await telegram(3, (res) => res.end(Buffer.from([1, 2, 3])));
  expect(await downloadFile(access, "f")).toEqual(new Uint8Array([1, 2, 3]));
});

it("gives up a download that stalls, as a failed one (the parent sends the file again)", async () => {
  // Headers and a first chunk, then nothing: the socket stays open.
  const access = await telegram(1000, (res) => {
    res.writeHead(200, { "content-length": "1000" });
    res.write(Buffer.alloc(10));
  });
  const failed = await downloadFile(access, "f", undefined, 300).catch((err: unknown) => err);
  expect(failed).toBeInstanceOf(DownloadError);
  expect((failed as DownloadError).reason).toBe("failed");
});

it("refuses a file whose bytes run past 20 MB, whatever getFile said of its size", async () => {
  let written = 0;
  const access = await telegram(1000, (res) => {
    const chunk = Buffer.alloc(1 << 20);
    const more = () => {
      // Up to twice the limit, as long as the client reads.
      while (written < 2 * MAX_FILE_BYTES && res.write(chunk)) written += chunk.length;
      if (written < 2 * MAX_FILE_BYTES) res.once("drain", more);
      else res.end();
    };
    more();
  });
  const refused = await downloadFile(access, "f").catch((err: unknown) => err);
  expect((refused as DownloadError).reason).toBe("too_large");
  // Not read to its end: reading stopped once past the limit.
  expect(written).toBeLessThan(2 * MAX_FILE_BYTES);
});
