/**
 * The emulator speaks the Bot API to an unchanged grammY bot: text, inline
 * buttons, contacts, files both ways, Telegram's error envelopes, faults.
 */
import { randomBytes } from "node:crypto";
import { Hono } from "hono";
import { serve } from "@hono/node-server";
import { Bot, GrammyError, InputFile, InlineKeyboard, Keyboard, webhookCallback } from "grammy";
import { autoRetry } from "@grammyjs/auto-retry";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createEmulator, type Emulator } from "#root/api/playground/index.ts";
import { serveEmulator, tgUser } from "#root/test/helpers/tg-client.ts";

const PARENT = "111111:parent-secret";
const PROVIDER = "222222:provider-secret";

let emulator: Emulator;
let server: Awaited<ReturnType<typeof serveEmulator>>;
const bots: Bot[] = [];

function botFor(token: string): Bot {
  const bot = new Bot(token, { client: { apiRoot: server.url } });
  bots.push(bot);
  return bot;
}

/** Starts long polling and resolves once the bot is running. */
async function start(bot: Bot): Promise<void> {
  await new Promise<void>((resolve) => void bot.start({ onStart: () => resolve() }));
}

async function call(path: string, body?: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
  const headers = { "x-playground-key": emulator.webKey, ...(body === undefined ? {} : { "content-type": "application/json" }) };
  const res = await fetch(
    `${server.url}${path}`,
    body === undefined ? { headers } : { method: "POST", headers, body: typeof body === "string" ? body : JSON.stringify(body) },
  );
  return { status: res.status, json: (await res.json()) as Record<string, unknown> };
}

beforeEach(async () => {
  emulator = createEmulator({
    bots: [
      { token: PARENT, username: "parent_bot", label: "Parent bot" },
      { token: PROVIDER, username: "provider_bot", label: "Provider bot" },
    ],
  });
  server = await serveEmulator(emulator);
});

afterEach(async () => {
  await Promise.all(bots.splice(0).map((b) => (b.isRunning() ? b.stop() : undefined)));
  await server.close();
});

describe("a grammY bot against the emulator", () => {
  it("echoes text", async () => {
    const bot = botFor(PARENT);
    bot.on("message:text", (ctx) => ctx.reply(`echo: ${ctx.message.text}`));
    await start(bot);
    const user = tgUser(emulator, { firstName: "Aigerim", lang: "kk" }).chatWith("parent_bot");
    await user.send("Сәлем!");
    const reply = await user.nextMessage(/echo/);
    expect(reply.text).toBe("echo: Сәлем!");
    expect(reply.from?.username).toBe("parent_bot");
  });

  it("delivers a commands' bot_command entity and the user's language", async () => {
    const bot = botFor(PARENT);
    bot.command("start", (ctx) => ctx.reply(`start in ${ctx.from?.language_code}`));
    await start(bot);
    const user = tgUser(emulator, { firstName: "Aigerim", lang: "kk" }).chatWith("parent_bot");
    await user.send("/start");
    expect((await user.nextMessage()).text).toBe("start in kk");
  });

  it("answers an inline button and edits the message", async () => {
    const bot = botFor(PARENT);
    bot.command("start", (ctx) =>
      ctx.reply("Тілді таңдаңыз", { reply_markup: new InlineKeyboard().text("Қазақша", "lang:kk").text("Русский", "lang:ru") }),
    );
    bot.callbackQuery(/^lang:(.+)$/, async (ctx) => {
      await ctx.answerCallbackQuery({ text: `ok ${ctx.match[1]}` });
      await ctx.editMessageText(`<b>Язык:</b> ${ctx.match[1]}`, { parse_mode: "HTML" });
    });
    await start(bot);
    const user = tgUser(emulator, { firstName: "Olga", lang: "ru" }).chatWith("parent_bot");
    await user.send("/start");
    await user.nextMessage(/Тілді/);
    expect(user.lastKeyboard()).toEqual(["Қазақша", "Русский"]);
    const query = await user.tap("Русский");
    expect(await user.callbackAnswer(String(query))).toEqual({ text: "ok ru", showAlert: false });
    const edited = await user.nextMessage(/Язык/);
    expect(edited.text).toBe("Язык: ru");
    expect(edited.entities).toEqual([{ type: "bold", offset: 0, length: 5 }]);
    expect(edited.edit_date).toBeTypeOf("number");
    expect(user.lastKeyboard()).toEqual([]); // an edit without reply_markup removes the keyboard, as in Telegram
  });

  it("still delivers a tap on a button the message no longer has", async () => {
    const bot = botFor(PARENT);
    const seen: string[] = [];
    bot.command("start", (ctx) => ctx.reply("pick", { reply_markup: new InlineKeyboard().text("A", "a") }));
    bot.on("callback_query:data", async (ctx) => {
      seen.push(ctx.callbackQuery.data);
      await ctx.answerCallbackQuery();
      await ctx.editMessageText("picked").catch(() => undefined);
    });
    await start(bot);
    const user = tgUser(emulator, { firstName: "Olga" }).chatWith("parent_bot");
    await user.send("/start");
    const msg = await user.nextMessage(/pick/);
    await user.callbackAnswer(user.chat.tapButton(msg.message_id, "a"));
    await user.callbackAnswer(user.chat.tapButton(msg.message_id, "a"));
    expect(seen).toEqual(["a", "a"]);
  });

  it("refuses a tap's answer after its timeout, and a second answer, with Telegram's 400", async () => {
    emulator.state.callbackQueryTimeoutMs = 200;
    const bot = botFor(PARENT);
    const refused: string[] = [];
    const refusal = (err: unknown) => refused.push(err instanceof GrammyError ? `${err.error_code} ${err.description}` : String(err));
    bot.command("start", (ctx) => ctx.reply("pick", { reply_markup: new InlineKeyboard().text("Slow", "slow").text("Twice", "twice") }));
    bot.callbackQuery("slow", async (ctx) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      await ctx.answerCallbackQuery({ text: "late" }).catch(refusal);
    });
    bot.callbackQuery("twice", async (ctx) => {
      await ctx.answerCallbackQuery({ text: "first" });
      await ctx.answerCallbackQuery({ text: "second" }).catch(refusal);
    });
    await start(bot);
    const user = tgUser(emulator, { firstName: "Olga" }).chatWith("parent_bot");
    await user.send("/start");
    const msg = await user.nextMessage(/pick/);
    const slow = user.chat.tapButton(msg.message_id, "slow");
    await expect.poll(() => refused.length, { timeout: 3000 }).toBe(1);
    await expect(user.callbackAnswer(slow, { timeoutMs: 100 })).rejects.toThrow(/did not answer/);
    expect(await user.callbackAnswer(user.chat.tapButton(msg.message_id, "twice"))).toEqual({ text: "first", showAlert: false });
    await expect.poll(() => refused.length, { timeout: 3000 }).toBe(2);
    const tooOld = "400 Bad Request: query is too old and response timeout expired or query ID is invalid";
    expect(refused).toEqual([tooOld, tooOld]);
  });

  it("receives the user's own contact from a request_contact button", async () => {
    const bot = botFor(PARENT);
    bot.command("start", (ctx) => ctx.reply("Share your phone", { reply_markup: new Keyboard().requestContact("📱 Share").oneTime() }));
    bot.on("message:contact", (ctx) =>
      ctx.reply(ctx.message.contact.user_id === ctx.from.id ? `own ${ctx.message.contact.phone_number}` : "someone else's", {
        reply_markup: { remove_keyboard: true },
      }),
    );
    await start(bot);
    const user = tgUser(emulator, { firstName: "Aigerim", phone: "+77011234567" }).chatWith("parent_bot");
    await expect(user.shareContact()).rejects.toThrow(/no "share contact" button/);
    await user.send("/start");
    await user.nextMessage(/Share/);
    expect(user.lastKeyboard()).toEqual(["📱 Share"]);
    await user.shareContact();
    expect((await user.nextMessage(/own/)).text).toBe("own +77011234567");
    expect(user.lastKeyboard()).toEqual([]);
    await user.sendContact({ phone_number: "+77000000000", user_id: 42 });
    await user.nextMessage(/someone else's/);
  });

  it("round-trips a document: upload → getFile → download → re-send → the user gets the same bytes", async () => {
    const bot = botFor(PARENT);
    const original = new Uint8Array(randomBytes(300_000));
    let botSaw: Uint8Array | undefined;
    bot.on("message:document", async (ctx) => {
      const file = await ctx.getFile();
      const res = await fetch(`${server.url}/file/bot${PARENT}/${file.file_path}`);
      botSaw = new Uint8Array(await res.arrayBuffer());
      await ctx.replyWithDocument(new InputFile(botSaw, "copy.pdf"), { caption: "your copy" });
    });
    await start(bot);
    const user = tgUser(emulator, { firstName: "Aigerim" }).chatWith("parent_bot");
    await user.sendDocument(original, "scan.pdf", "application/pdf");
    const reply = await user.nextMessage(/your copy/);
    expect(reply.document?.file_name).toBe("copy.pdf");
    expect(reply.document?.mime_type).toBe("application/pdf");
    expect(Buffer.from(botSaw!).equals(Buffer.from(original))).toBe(true);
    const download = await user.downloadLast();
    expect(Buffer.from(download.bytes).equals(Buffer.from(original))).toBe(true);
  });

  it("returns photo sizes and lets the bot resend a photo it received by file_id", async () => {
    const bot = botFor(PARENT);
    bot.on("message:photo", (ctx) =>
      ctx.replyWithPhoto(ctx.message.photo.at(-1)!.file_id, { caption: `${ctx.message.photo.at(-1)!.width}px` }),
    );
    await start(bot);
    const user = tgUser(emulator, { firstName: "Aigerim" }).chatWith("parent_bot");
    await user.sendPhoto(png(640, 480));
    const reply = await user.nextMessage(/640px/);
    expect(reply.photo?.map((p) => [p.width, p.height])).toEqual([
      [320, 240],
      [640, 480],
    ]);
  });
});

describe("Telegram's error envelopes", () => {
  it("answers 404 for an unknown method, 401 for an unknown token and 400 for a malformed body", async () => {
    expect(await call(`/bot${PARENT}/sendMesage`, {})).toEqual({
      status: 404,
      json: { ok: false, error_code: 404, description: "Not Found" },
    });
    expect(await call(`/bot999:nope/getMe`)).toEqual({ status: 401, json: { ok: false, error_code: 401, description: "Unauthorized" } });
    const broken = await call(`/bot${PARENT}/sendMessage`, "{not json");
    expect(broken.status).toBe(400);
    expect(broken.json.ok).toBe(false);
    expect(await call(`/bot${PARENT}/sendMessage`, { chat_id: 123, text: "hi" })).toEqual({
      status: 400,
      json: { ok: false, error_code: 400, description: "Bad Request: chat not found" },
    });
  });

  it("accepts urlencoded and query-string parameters", async () => {
    const res = await fetch(`${server.url}/bot${PARENT}/getChatMember?chat_id=-1001000000001`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "user_id=111111",
    });
    expect(((await res.json()) as { result: { status: string } }).result.status).toBe("administrator");
  });

  it("refuses broken HTML like Telegram and stores entities for valid HTML", async () => {
    const user = tgUser(emulator, { firstName: "Olga" }).chatWith("parent_bot");
    await user.send("hi");
    const api = botFor(PARENT).api;
    await expect(api.sendMessage(user.chat.chat.id, "a<br>b", { parse_mode: "HTML" })).rejects.toMatchObject({
      error_code: 400,
      description: 'Bad Request: can\'t parse entities: Unsupported start tag "br" at byte offset 1',
    });
    const sent = await api.sendMessage(user.chat.chat.id, '<i>Сәлем</i> &amp; <a href="https://egov.kz">eGov</a>', { parse_mode: "HTML" });
    expect(sent.text).toBe("Сәлем & eGov");
    expect(sent.entities).toEqual([
      { type: "italic", offset: 0, length: 5 },
      { type: "text_link", offset: 8, length: 4, url: "https://egov.kz" },
    ]);
    await expect(
      api.editMessageText(user.chat.chat.id, sent.message_id, '<i>Сәлем</i> &amp; <a href="https://egov.kz">eGov</a>', {
        parse_mode: "HTML",
      }),
    ).rejects.toThrow(/message is not modified/);
    await expect(api.editMessageText(user.chat.chat.id, 999, "x")).rejects.toThrow("Bad Request: message to edit not found");
  });

  it("surfaces a blocked user as GrammyError 403", async () => {
    const user = tgUser(emulator, { firstName: "Olga" }).chatWith("parent_bot");
    await user.send("hi");
    user.chat.setBlocked(true);
    const error = await botFor(PARENT)
      .api.sendMessage(user.chat.chat.id, "news")
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect(error).toMatchObject({ error_code: 403, description: "Forbidden: bot was blocked by the user" });
  });

  it("rate-limits sends with 429 and retry_after, which auto-retry waits out", async () => {
    const user = tgUser(emulator, { firstName: "Olga" }).chatWith("parent_bot");
    await user.send("hi");
    emulator.faults.rateLimit(2);
    const api = botFor(PARENT).api;
    await api.sendMessage(user.chat.chat.id, "1");
    await api.sendMessage(user.chat.chat.id, "2");
    const error = await api.sendMessage(user.chat.chat.id, "3").catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GrammyError);
    expect((error as GrammyError).error_code).toBe(429);
    expect((error as GrammyError).parameters.retry_after).toBeGreaterThanOrEqual(1);
    expect((error as GrammyError).description).toMatch(/^Too Many Requests: retry after \d+$/);

    api.config.use(autoRetry());
    await api.sendMessage(user.chat.chat.id, "3 again");
    expect(user.botMessages().map((m) => m.text)).toEqual(["1", "2", "3 again"]);
  });

  it("injects 502 on the next call of a chosen method, configurable over HTTP", async () => {
    const user = tgUser(emulator, { firstName: "Olga" }).chatWith("parent_bot");
    await user.send("hi");
    const set = await call("/playground/api/faults", { rules: [{ methods: ["sendMessage"], kind: "error", status: 502, times: 1 }] });
    expect(set.status).toBe(200);
    const api = botFor(PARENT).api;
    await expect(api.sendMessage(user.chat.chat.id, "x")).rejects.toMatchObject({ error_code: 502, description: "Bad Gateway" });
    await expect(api.sendMessage(user.chat.chat.id, "x")).resolves.toMatchObject({ text: "x" });
  });
});

describe("updates", () => {
  it("long-poll getUpdates returns as soon as an update arrives, and offset confirms it", async () => {
    const user = tgUser(emulator, { firstName: "Olga" }).chatWith("parent_bot");
    // 50 s is longer than the test timeout: only a prompt answer lets this test pass.
    const polling = call(`/bot${PARENT}/getUpdates`, { timeout: 50 });
    await new Promise((r) => setTimeout(r, 100));
    await user.send("wake up");
    const first = (await polling).json.result as { update_id: number; message: { text: string } }[];
    expect(first.map((u) => u.message.text)).toEqual(["wake up"]);
    await user.send("second");
    const next = (await call(`/bot${PARENT}/getUpdates`, { offset: first[0]!.update_id + 1 })).json.result as {
      update_id: number;
      message: { text: string };
    }[];
    expect(next.map((u) => u.message.text)).toEqual(["second"]);
    expect(next[0]!.update_id).toBeGreaterThan(first[0]!.update_id);
  });

  it("POSTs updates to a webhook with the secret token header", async () => {
    const bot = botFor(PARENT);
    bot.on("message:text", (ctx) => ctx.reply(`hook: ${ctx.message.text}`));
    const app = new Hono().post("/hook", webhookCallback(bot, "hono", { secretToken: "s3cret" }));
    const hook = await new Promise<{ port: number; close: () => void }>((resolve) => {
      const s = serve({ fetch: app.fetch, port: 0, hostname: "127.0.0.1" }, (info) => resolve({ port: info.port, close: () => s.close() }));
    });
    try {
      await bot.api.setWebhook(`http://127.0.0.1:${hook.port}/hook`, { secret_token: "s3cret" });
      const user = tgUser(emulator, { firstName: "Olga" }).chatWith("parent_bot");
      await user.send("ping");
      expect((await user.nextMessage(/hook/)).text).toBe("hook: ping");
      expect((await bot.api.getWebhookInfo()).pending_update_count).toBe(0);
    } finally {
      hook.close();
    }
  });
});

describe("files and limits", () => {
  it("refuses URLs (no internet), other bots' file_ids and downloads over 20 MB", async () => {
    const user = tgUser(emulator, { firstName: "Olga" }).chatWith("parent_bot");
    const upload = await user.sendDocument(new Uint8Array(21 * 1024 * 1024), "big.pdf");
    const parent = botFor(PARENT).api;
    await expect(parent.getFile(upload.document!.file_id)).rejects.toThrow("Bad Request: file is too big");
    await expect(parent.sendDocument(user.chat.chat.id, "https://example.com/a.pdf")).rejects.toMatchObject({ error_code: 400 });

    const staff = tgUser(emulator, { firstName: "Marat" }).chatWith("provider_bot");
    await staff.send("/start");
    await expect(botFor(PROVIDER).api.sendDocument(staff.chat.chat.id, upload.document!.file_id)).rejects.toThrow(
      "Bad Request: wrong file identifier/HTTP URL specified",
    );
  });
});

describe("the support forum group", () => {
  it("lets the admin bot open a topic, post into it, and receive users' topic messages", async () => {
    const bot = botFor(PARENT);
    const group = emulator.state.group!;
    const topic = await bot.api.createForumTopic(group.id, "Aigerim #12");
    await bot.api.sendMessage(group.id, "new request", { message_thread_id: topic.message_thread_id });
    await expect(bot.api.sendMessage(group.id, "x", { message_thread_id: 9999 })).rejects.toThrow("Bad Request: message thread not found");
    bot.on("message:text", (ctx) =>
      ctx.reply(`got ${ctx.message.text} in ${ctx.message.message_thread_id}`, { message_thread_id: ctx.message.message_thread_id! }),
    );
    await start(bot);
    const operator = tgUser(emulator, { firstName: "Dana" }).inGroup(topic.message_thread_id);
    await operator.send("I take it");
    expect((await operator.nextMessage(/got/)).text).toBe(`got I take it in ${topic.message_thread_id}`);
    await bot.api.closeForumTopic(group.id, topic.message_thread_id);
    await expect(operator.send("more")).rejects.toThrow(/closed/);
  });
});

describe("what Telegram refuses to read", () => {
  it("a text, a button or a topic's name cut inside an emoji, and more than 100 inline buttons, are refused as by Telegram", async () => {
    const bot = botFor(PROVIDER);
    const staff = tgUser(emulator, { firstName: "Marat" }).chatWith("provider_bot");
    await staff.send("/start");
    const chatId = staff.chat.chat.id;
    const half = "Сауле 🌷".slice(0, -1);
    const notUtf8 = "Bad Request: strings must be encoded in UTF-8";
    await expect(bot.api.sendMessage(chatId, half)).rejects.toThrow(notUtf8);
    await expect(
      bot.api.sendMessage(chatId, "Сотрудники", { reply_markup: new InlineKeyboard().text(`🚫 ${half}`, "team:off:1") }),
    ).rejects.toThrow(notUtf8);
    await expect(botFor(PARENT).api.createForumTopic(emulator.state.group!.id, `${half} · №12`)).rejects.toThrow(notUtf8);
    const many = (n: number) => InlineKeyboard.from(Array.from({ length: n }, (_, i) => [InlineKeyboard.text(`№${i}`, `b${i}`)]));
    await bot.api.sendMessage(chatId, "100", { reply_markup: many(100) });
    await expect(bot.api.sendMessage(chatId, "101", { reply_markup: many(101) })).rejects.toThrow("Bad Request: reply markup is too long");
    expect(staff.botMessages().map((m) => m.text)).toEqual(["100"]);
  });
});

describe("relaying between chats", () => {
  it("copies, forwards and deletes messages, and delivers users' edits", async () => {
    const bot = botFor(PARENT);
    const edits: string[] = [];
    bot.on("edited_message:text", (ctx) => void edits.push(ctx.editedMessage.text));
    await start(bot);
    const group = emulator.state.group!;
    const parent = tgUser(emulator, { firstName: "Aigerim" }).chatWith("parent_bot");
    const question = await parent.send("Где моё заявление?");
    const topic = await bot.api.createForumTopic(group.id, "Aigerim");
    const copy = await bot.api.copyMessage(group.id, parent.chat.chat.id, question.message_id, {
      message_thread_id: topic.message_thread_id,
    });
    const forwarded = await bot.api.forwardMessage(group.id, parent.chat.chat.id, question.message_id, {
      message_thread_id: topic.message_thread_id,
    });
    const inTopic = tgUser(emulator, { firstName: "Dana" }).inGroup(topic.message_thread_id).messages();
    // topic-created service message first
    expect(inTopic.map((m) => m.text)).toEqual([undefined, "Где моё заявление?", "Где моё заявление?"]);
    expect(inTopic.find((m) => m.message_id === copy.message_id)?.forward_origin).toBeUndefined();
    expect(forwarded.forward_origin).toMatchObject({ type: "user", sender_user: { first_name: "Aigerim" } });

    await bot.api.deleteMessage(group.id, copy.message_id);
    await expect(bot.api.deleteMessage(group.id, copy.message_id)).rejects.toThrow("Bad Request: message to delete not found");
    parent.chat.edit(question.message_id, "Где моё заявление №12?");
    await expect.poll(() => edits).toEqual(["Где моё заявление №12?"]);
  });

  it("accepts uploads through the web chat's JSON API and refuses invalid input", async () => {
    const staff = emulator.user({ firstName: "Marat" });
    const form = new FormData();
    form.append("userId", String(staff.id));
    form.append("bot", "222222");
    form.append("file", new Blob([new Uint8Array([37, 80, 68, 70, 1, 2, 3])], { type: "application/pdf" }), "приказ.pdf");
    const key = { "x-playground-key": emulator.webKey };
    const res = await fetch(`${server.url}/playground/api/upload`, { method: "POST", body: form, headers: key });
    const sent = ((await res.json()) as { result: { document: { file_id: string; file_name: string } } }).result;
    expect(sent.document.file_name).toBe("приказ.pdf");
    const file = await fetch(`${server.url}/playground/api/files/${sent.document.file_id}`, { headers: key });
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect([...new Uint8Array(await file.arrayBuffer())]).toEqual([37, 80, 68, 70, 1, 2, 3]);
    const bad = await call("/playground/api/send", { userId: staff.id, text: "" });
    expect(bad.status).toBe(400);
  });

  it("lets the web chat send what a parent can: a sticker, a location, a voice message, an album and an edit", async () => {
    const bot = botFor(PARENT);
    const got: Array<Record<string, unknown>> = [];
    bot.on("message", (ctx) => void got.push(ctx.message as never));
    bot.on("edited_message", (ctx) => void got.push({ edited: ctx.editedMessage.text }));
    await start(bot);
    const parent = emulator.user({ firstName: "Aigerim", lang: "kk" });
    const chat = { userId: parent.id, bot: 111111 };
    const sent = await call("/playground/api/send", { ...chat, text: "Сәлем" });
    await call("/playground/api/sticker", { ...chat, emoji: "🙏" });
    await call("/playground/api/location", { ...chat, latitude: 43.238949, longitude: 76.889709 });
    await call("/playground/api/voice", { ...chat, durationSec: 4 });
    const album = new FormData();
    for (const [k, v] of Object.entries({ ...chat, kind: "album", caption: "Анықтама" })) album.append(k, String(v));
    for (let i = 0; i < 2; i++)
      album.append("file", new Blob([png(640, 480) as Uint8Array<ArrayBuffer>], { type: "image/png" }), `page-${i}.png`);
    const albumRes = await fetch(`${server.url}/playground/api/upload`, {
      method: "POST",
      body: album,
      headers: { "x-playground-key": emulator.webKey },
    });
    expect(albumRes.status).toBe(200);
    await call("/playground/api/edit", {
      ...chat,
      messageId: (sent.json.result as { message_id: number }).message_id,
      text: "Сәлеметсіз бе",
    });
    await expect.poll(() => got.length).toBe(7);
    expect(got[1]).toMatchObject({ sticker: { emoji: "🙏", type: "regular" } });
    expect(got[2]).toMatchObject({ location: { latitude: 43.238949, longitude: 76.889709 } });
    expect(got[3]).toMatchObject({ voice: { duration: 4, mime_type: "audio/ogg" } });
    expect(got[4]).toMatchObject({ caption: "Анықтама", photo: expect.any(Array) });
    expect(got[5]!.media_group_id).toBe(got[4]!.media_group_id);
    expect(got[5]!.caption).toBeUndefined();
    expect(got[6]).toEqual({ edited: "Сәлеметсіз бе" });
    // An album is two photos or more.
    const one = new FormData();
    for (const [k, v] of Object.entries({ ...chat, kind: "album" })) one.append(k, String(v));
    one.append("file", new Blob([png(10, 10) as Uint8Array<ArrayBuffer>], { type: "image/png" }), "one.png");
    expect(
      (await fetch(`${server.url}/playground/api/upload`, { method: "POST", body: one, headers: { "x-playground-key": emulator.webKey } }))
        .status,
    ).toBe(400);
  });

  it("gives the web chat's menu button the bot's commands in the user's language", async () => {
    const bot = botFor(PARENT);
    await bot.api.setMyCommands([{ command: "apply", description: "Өтініш беру" }], { language_code: "kk" });
    await bot.api.setMyCommands([{ command: "apply", description: "Подать заявление" }], { language_code: "ru" });
    await bot.api.setMyCommands([{ command: "help", description: "Help" }]);
    const commands = async (lang: string) => {
      const u = emulator.user({ firstName: "U", lang });
      return (await call(`/playground/api/chat?userId=${u.id}&bot=111111`)).json.commands;
    };
    expect(await commands("kk")).toEqual([{ command: "apply", description: "Өтініш беру" }]);
    expect(await commands("ru")).toEqual([{ command: "apply", description: "Подать заявление" }]);
    expect(await commands("en")).toEqual([{ command: "help", description: "Help" }]);
  });

  it("keeps the bot's description and short description per language, as Telegram does, and shows an empty chat the user's", async () => {
    const bot = botFor(PARENT);
    await bot.api.setMyDescription("Мектеп қызметтері");
    await bot.api.setMyDescription("Школьные услуги", { language_code: "ru" });
    await bot.api.setMyShortDescription("Өтініштер", { language_code: "kk" });
    expect(await bot.api.getMyDescription({ language_code: "ru" })).toEqual({ description: "Школьные услуги" });
    expect(await bot.api.getMyDescription()).toEqual({ description: "Мектеп қызметтері" });
    // Asked for a language it has none in: empty (a user of that language is shown the default one).
    expect(await bot.api.getMyDescription({ language_code: "en" })).toEqual({ description: "" });
    expect(await bot.api.getMyShortDescription({ language_code: "kk" })).toEqual({ short_description: "Өтініштер" });
    await expect(bot.api.setMyDescription("x".repeat(513))).rejects.toThrow(/BOT_DESCRIPTION_INVALID/);
    await expect(bot.api.setMyShortDescription("x".repeat(121))).rejects.toThrow(/BOT_SHORT_DESCRIPTION_INVALID/);
    const shown = async (lang: string) => {
      const u = emulator.user({ firstName: "U", lang });
      return (await call(`/playground/api/chat?userId=${u.id}&bot=111111`)).json.description;
    };
    expect(await shown("ru")).toBe("Школьные услуги");
    expect(await shown("en")).toBe("Мектеп қызметтері");
    // An empty description removes it.
    await bot.api.setMyDescription("", { language_code: "ru" });
    expect(await shown("ru")).toBe("Мектеп қызметтері");
  });
});

/** A minimal valid PNG header with the given size (enough for Telegram-like size detection). */
function png(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(64);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]).copy(b);
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  return new Uint8Array(b);
}

describe("hostile input", () => {
  it("answers nonsense parameters with 400 envelopes, never 500", async () => {
    const user = tgUser(emulator, { firstName: "Olga" }).chatWith("parent_bot");
    await user.send("hi");
    const id = user.chat.chat.id;
    const bodies = [
      { chat_id: { a: 1 }, text: "x" },
      { chat_id: id, text: "x", entities: 5 },
      { chat_id: id, text: "x", reply_markup: 5 },
      { chat_id: id, text: "x", reply_markup: { inline_keyboard: [[null]] } },
      { chat_id: id, text: "x", reply_markup: { inline_keyboard: [[{ text: "a", callback_data: "x".repeat(65) }]] } },
      { chat_id: id, text: "x".repeat(5000) },
      { chat_id: id, text: "x", message_thread_id: "abc" },
      { chat_id: id, text: "x", parse_mode: "HTML", reply_parameters: { message_id: 999 } },
    ];
    for (const body of bodies) {
      const res = await call(`/bot${PARENT}/sendMessage`, body);
      expect({ body, status: res.status, ok: res.json.ok }).toEqual({ body, status: 400, ok: false });
    }
    expect(user.botMessages()).toEqual([]);
  });
});
