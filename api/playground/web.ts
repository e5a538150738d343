/**
 * The web chat: the page at `/playground` and the small JSON API it uses under
 * `/playground/api/...` (state snapshot, one chat's messages, long-polled
 * events, send / tap / contact / upload, users, files, faults).
 */
import { readFileSync } from "node:fs";
import { Hono, type Context } from "hono";
import { z } from "zod";
import { pageGate, requireKey } from "./access.ts";
import type { Faults, FaultConfig } from "./faults.ts";
import { commandsFor, describedIn } from "./methods/meta.ts";
import type { EmulatorState } from "./state.ts";
import type { SimulatedUser, UserChat } from "./users.ts";

const SAFE_INLINE = new Set(["application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp", "text/plain"]);
const asset = (name: string) => readFileSync(new URL(`./web/${name}`, import.meta.url), "utf8");

const Target = z.object({
  userId: z.coerce.number().int(),
  bot: z.coerce.number().int().optional(),
  group: z.coerce.boolean().optional(),
  threadId: z.coerce.number().int().optional(),
});
const Send = Target.extend({ text: z.string().min(1).max(4096) });
const Tap = Target.extend({ messageId: z.coerce.number().int(), data: z.string().min(1) });
const Edit = Target.extend({ messageId: z.coerce.number().int(), text: z.string().min(1).max(4096) });
const Sticker = Target.extend({ emoji: z.string().min(1).max(16).default("👍") });
const Location = Target.extend({ latitude: z.number().min(-90).max(90), longitude: z.number().min(-180).max(180) });
const Voice = Target.extend({ durationSec: z.number().int().min(1).max(600).default(3) });
/** A voice message's bytes when the page has no microphone to record one: an Ogg page header. */
const VOICE_SAMPLE = new Uint8Array([
  0x4f,
  0x67,
  0x67,
  0x53,
  0,
  2,
  ...new Array<number>(22).fill(0),
  1,
  19,
  ...new TextEncoder().encode("OpusHead"),
  1,
  1,
  0x38,
  1,
  0x80,
  0xbb,
  0,
  0,
  0,
  0,
  0,
]);
const NewUser = z.object({
  firstName: z.string().min(1).max(64),
  lastName: z.string().max(64).optional(),
  lang: z.enum(["kk", "ru", "en"]).default("ru"),
});
const FaultsPatch = z.object({
  rateLimit: z
    .object({ perSecond: z.number().positive(), methods: z.array(z.string()).optional() })
    .nullable()
    .optional(),
  groupLimit: z.object({ count: z.number().int().positive(), windowMs: z.number().int().positive() }).nullable().optional(),
  rules: z
    .array(
      z.object({
        methods: z.union([z.literal("*"), z.array(z.string())]),
        kind: z.enum(["error", "latency"]),
        status: z.union([z.literal(400), z.literal(500), z.literal(502)]).optional(),
        ms: z.number().nonnegative().optional(),
        times: z.number().int().nonnegative().optional(),
        probability: z.number().min(0).max(1).optional(),
      }),
    )
    .optional(),
  blocked: z.array(z.object({ userId: z.number().int(), botId: z.number().int() })).optional(),
  seed: z.number().int().optional(),
});

/**
 * Does on the user's behalf what eGov mobile does with a signing QR code or launch link (the
 * playground has no phone); answers the app's last response.
 */
export type PhoneSigner = (input: { userId: number; link: string }) => Promise<{ ok: boolean; status: number; body: unknown }>;
const PhoneSign = Target.extend({ link: z.string().min(1).max(2000) });

/** Dependencies of the web routes. */
export interface WebDeps {
  state: EmulatorState;
  faults: Faults;
  user: (id: number) => SimulatedUser;
  createUser: (spec: { firstName: string; lastName?: string; lang: string }) => SimulatedUser;
  /** The key a browser or client must hold (see access.ts). */
  key: string;
  phoneSigner?: PhoneSigner;
}

/** The `/playground` page and its JSON API. */
export function createWebRouter({ state, faults, user, createUser, key, phoneSigner }: WebDeps): Hono {
  const app = new Hono();
  const page = asset("index.html");
  const script = asset("app.js");
  const render = asset("render.js");
  const style = asset("style.css");

  app.get("/playground", pageGate(key, page));
  app.use("/playground/api/*", requireKey(key));
  app.get("/playground/app.js", (c) => c.body(script, 200, { "content-type": "text/javascript; charset=utf-8" }));
  app.get("/playground/render.js", (c) => c.body(render, 200, { "content-type": "text/javascript; charset=utf-8" }));
  app.get("/playground/style.css", (c) => c.body(style, 200, { "content-type": "text/css; charset=utf-8" }));

  app.get("/playground/api/state", (c) =>
    c.json({
      seq: state.events.seq,
      bots: [...state.bots.values()].map((b) => ({ id: b.id, username: b.username, label: b.label, firstName: b.firstName })),
      users: [...state.users.values()],
      group: state.group && {
        id: state.group.id,
        key: state.group.key,
        title: state.group.title,
        topics: [...state.group.topics.values()].filter((t) => !t.deleted),
        members: [...state.group.members].filter((id) => state.users.has(id)),
      },
    }),
  );

  const commandsOf = (t: z.infer<typeof Target>) => {
    const bot = t.bot !== undefined ? state.bots.get(t.bot) : undefined;
    const u = state.users.get(t.userId);
    return bot && u ? commandsFor(bot, u.id, u.lang) : [];
  };

  const descriptionOf = (t: z.infer<typeof Target>) => {
    const bot = t.bot !== undefined ? state.bots.get(t.bot) : undefined;
    const u = state.users.get(t.userId);
    return bot && u ? describedIn(bot, "description", u.lang) : "";
  };

  app.get("/playground/api/chat", (c) => {
    const q = Target.safeParse(c.req.query());
    if (!q.success) return bad(c, q.error);
    const chat = q.data.group ? state.group : q.data.bot !== undefined ? state.privateChat(q.data.bot, q.data.userId) : undefined;
    return c.json({
      key: chat?.key ?? `p:${q.data.bot}:${q.data.userId}`,
      messages: chat
        ? [...chat.messages.values()].map((m) => ({ sender: m.sender, senderId: m.senderId, deleted: m.deleted, message: m.message }))
        : [],
      replyKeyboard: chat?.replyKeyboard ?? null,
      blocked: q.data.bot !== undefined && faults.isBlocked(q.data.userId, q.data.bot),
      // The menu button's list: the bot's commands for this user's language.
      commands: commandsOf(q.data),
      // What an empty chat shows above its START button, in the user's language.
      description: descriptionOf(q.data),
    });
  });

  app.get("/playground/api/events", async (c) => {
    const after = Number(c.req.query("after") ?? 0) || 0;
    const timeout = Math.min(Number(c.req.query("timeout") ?? 25) || 0, 50) * 1000;
    const events = await state.events.wait(after, timeout, c.req.raw.signal);
    // The page refetches what changed, so the events go out without message bodies.
    const slim = events.map((e) => ("message" in e ? { ...e, message: undefined } : e));
    return c.json({ seq: events.at(-1)?.seq ?? Math.max(after, 0), events: slim });
  });

  const act = async (c: Context, schema: z.ZodType, run: (chat: UserChat, body: never) => unknown) => {
    const parsed = schema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return bad(c, parsed.error);
    try {
      const body = parsed.data as z.infer<typeof Target>;
      return c.json({ ok: true, result: run(chatOf(user(body.userId), body), body as never) ?? null });
    } catch (e) {
      return c.json({ ok: false, error: (e as Error).message }, 400);
    }
  };
  app.post("/playground/api/send", (c) => act(c, Send, (chat, b: z.infer<typeof Send>) => chat.sendText(b.text)));
  app.post("/playground/api/tap", (c) => act(c, Tap, (chat, b: z.infer<typeof Tap>) => chat.tapButton(b.messageId, b.data)));
  app.post("/playground/api/contact", (c) => act(c, Target, (chat) => chat.sendContact()));
  app.post("/playground/api/edit", (c) => act(c, Edit, (chat, b: z.infer<typeof Edit>) => chat.edit(b.messageId, b.text)));
  app.post("/playground/api/sticker", (c) => act(c, Sticker, (chat, b: z.infer<typeof Sticker>) => chat.sendSticker(b.emoji)));
  app.post("/playground/api/location", (c) =>
    act(c, Location, (chat, b: z.infer<typeof Location>) => chat.sendLocation(b.latitude, b.longitude)),
  );
  app.post("/playground/api/voice", (c) => act(c, Voice, (chat, b: z.infer<typeof Voice>) => chat.sendVoice(VOICE_SAMPLE, b.durationSec)));
  app.post("/playground/api/block", (c) =>
    act(c, Target.extend({ blocked: z.boolean() }), (chat, b: { blocked: boolean }) => chat.setBlocked(b.blocked)),
  );

  app.post("/playground/api/phone/sign", async (c) => {
    if (!phoneSigner) return c.json({ ok: false, error: "eGov mobile is not emulated here" }, 404);
    const body = PhoneSign.safeParse(await c.req.json().catch(() => null));
    if (!body.success) return c.json({ ok: false, error: body.error.issues[0]?.message ?? "bad request" }, 400);
    const out = await phoneSigner({ userId: body.data.userId, link: body.data.link });
    const reason = (out.body as { message?: string; error?: string; reason?: string } | null) ?? {};
    return out.ok
      ? c.json({ ok: true, result: out.body })
      : c.json({ ok: false, error: `eGov mobile: ${reason.message ?? reason.error ?? reason.reason ?? `HTTP ${out.status}`}` }, 200);
  });
  app.post("/playground/api/upload", async (c) => {
    const form = await c.req.formData().catch(() => undefined);
    const fields: Record<string, string> = {};
    form?.forEach((v, k) => {
      if (typeof v === "string") fields[k] = v;
    });
    const target = Target.safeParse(form ? fields : undefined);
    const file = form?.get("file");
    if (!target.success) return bad(c, target.error);
    if (!file || typeof file === "string") return c.json({ ok: false, error: 'Attach the file in the multipart field "file".' }, 400);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const chat = chatOf(user(target.data.userId), target.data);
      const caption = form?.get("caption");
      const cap = typeof caption === "string" && caption ? caption : undefined;
      if (form?.get("kind") === "album") {
        const photos = await Promise.all(
          form
            .getAll("file")
            .filter((f) => typeof f !== "string")
            .map(async (f) => new Uint8Array(await f.arrayBuffer())),
        );
        return c.json({ ok: true, result: chat.sendAlbum(photos, cap) });
      }
      const asPhoto = form?.get("kind") === "photo" || (form?.get("kind") !== "document" && /^image\/(jpeg|png)$/.test(file.type));
      const message = asPhoto ? chat.sendPhoto(bytes, cap) : chat.sendDocument(bytes, file.name || "file", file.type || undefined, cap);
      return c.json({ ok: true, result: message });
    } catch (e) {
      return c.json({ ok: false, error: (e as Error).message }, 400);
    }
  });

  app.post("/playground/api/users", async (c) => {
    const parsed = NewUser.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return bad(c, parsed.error);
    const { lastName, ...rest } = parsed.data;
    return c.json({ ok: true, result: createUser({ ...rest, ...(lastName ? { lastName } : {}) }).user });
  });

  app.get("/playground/api/files/:fileId", (c) => {
    const file = state.files.get(c.req.param("fileId"));
    if (!file) return c.json({ ok: false, error: "No such file." }, 404);
    const name = file.fileName ?? file.path.split("/").pop() ?? "file";
    // Bytes come from users and bots: only types a browser cannot run as a page are shown inline.
    const inline = SAFE_INLINE.has(file.mimeType ?? "") && c.req.query("download") === undefined;
    return c.body(file.bytes.slice().buffer as ArrayBuffer, 200, {
      "content-type": inline ? file.mimeType! : "application/octet-stream",
      "content-disposition": `${inline ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(name)}`,
      "x-content-type-options": "nosniff",
    });
  });

  app.get("/playground/api/faults", (c) => c.json(faults.get()));
  app.post("/playground/api/faults", async (c) => {
    const parsed = FaultsPatch.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return bad(c, parsed.error);
    return c.json(faults.set(parsed.data as Partial<FaultConfig>));
  });
  app.delete("/playground/api/faults", (c) => {
    faults.reset();
    return c.json(faults.get());
  });

  return app;
}

function chatOf(u: SimulatedUser, t: z.infer<typeof Target>): UserChat {
  if (t.group) return u.inGroup(t.threadId);
  if (t.bot === undefined) throw new Error("Say which chat: { bot: <bot id> } or { group: true }.");
  return u.chatWith(t.bot);
}

function bad(c: Context, error: z.ZodError) {
  return c.json({ ok: false, error: z.prettifyError(error) }, 400);
}
