/** Reading Bot API parameters from every encoding grammY and other clients use. */
import { Api, InputFile } from "grammy";
import { describe, expect, it } from "vitest";
import { readParams } from "#root/api/playground/params.ts";

/** Captures the exact multipart request grammY sends, through grammY's `client.fetch` hook. */
async function grammyMultipart(payload: Record<string, unknown>): Promise<Request> {
  let captured: Request | undefined;
  const api = new Api("1:a", {
    fetch: (async (url: string, init: { headers: Record<string, string>; body: AsyncIterable<Uint8Array> }) => {
      const chunks: Uint8Array[] = [];
      for await (const chunk of init.body) chunks.push(chunk);
      captured = new Request(url, { method: "POST", headers: init.headers, body: Buffer.concat(chunks) });
      return new Response(JSON.stringify({ ok: true, result: true }));
    }) as never,
  });
  await api.raw.sendDocument(payload as never);
  return captured!;
}

describe("readParams", () => {
  it("reads grammY's multipart upload: attach:// file, JSON-stringified objects, plain fields", async () => {
    const bytes = new Uint8Array([0, 1, 2, 255, 13, 10, 45, 45]);
    const req = await grammyMultipart({
      chat_id: 42,
      caption: "Өтініш",
      document: new InputFile(bytes, "заявление 1.pdf"),
      reply_markup: { inline_keyboard: [[{ text: "A", callback_data: "a" }]] },
    });
    const p = await readParams(req);
    expect(p.int("chat_id")).toBe(42);
    expect(p.str("caption")).toBe("Өтініш");
    expect(p.json("reply_markup")).toEqual({ inline_keyboard: [[{ text: "A", callback_data: "a" }]] });
    const file = p.inputFile("document");
    expect(file?.kind).toBe("upload");
    expect(file?.kind === "upload" && [...file.file.bytes]).toEqual([...bytes]);
    expect(file?.kind === "upload" && file.file.filename).toBe("заявление 1.pdf");
  });

  it("reads JSON, urlencoded and query-string parameters", async () => {
    const json = await readParams(
      new Request("http://x/m?offset=5", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: '{"chat_id":"-100","text":"hi"}',
      }),
    );
    expect([json.chatId(), json.str("text"), json.int("offset")]).toEqual([-100, "hi", 5]);
    const form = await readParams(
      new Request("http://x/m", {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "chat_id=%40group&disable_notification=true",
      }),
    );
    expect([form.chatId(), form.bool("disable_notification")]).toEqual(["@group", true]);
  });

  it("tells a file_id, a URL and a missing attach:// apart", async () => {
    const p = await readParams(
      new Request("http://x/m", { method: "POST", body: JSON.stringify({ a: "BQAC123", b: "https://x/y.pdf", c: "attach://nope" }) }),
    );
    expect(p.inputFile("a")).toEqual({ kind: "file_id", fileId: "BQAC123" });
    expect(p.inputFile("b")).toEqual({ kind: "url", url: "https://x/y.pdf" });
    expect(() => p.inputFile("c")).toThrow(/attach:\/\/nope/);
  });

  it("answers malformed bodies and wrong types with a 400 ApiError instead of crashing", async () => {
    await expect(readParams(new Request("http://x/m", { method: "POST", body: "{oops" }))).rejects.toMatchObject({ code: 400 });
    await expect(
      readParams(
        new Request("http://x/m", {
          method: "POST",
          headers: { "content-type": "multipart/form-data; boundary=zz" },
          body: "--zz\r\nbroken",
        }),
      ),
    ).rejects.toMatchObject({ code: 400 });
    const p = await readParams(new Request("http://x/m", { method: "POST", body: '{"chat_id":"abc1","limit":1.5,"reply_markup":"{bad"}' }));
    expect(() => p.int("limit")).toThrow('Bad Request: field "limit" must be of type Integer');
    expect(() => p.json("reply_markup")).toThrow(/can't parse/);
    expect(() => p.str("text", "message text is empty")).toThrow("Bad Request: message text is empty");
  });
});
