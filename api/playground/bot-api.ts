/**
 * The Bot API over HTTP: `/bot<token>/<method>` and `/file/bot<token>/<path>`,
 * answering with Telegram's envelope. Nothing a client sends can crash it:
 * every failure becomes `{ ok: false, error_code, description }`.
 */
import { Hono } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { ApiError, notFound, unauthorized } from "./errors.ts";
import type { Faults } from "./faults.ts";
import { methods } from "./methods/index.ts";
import { type Params, readParams } from "./params.ts";
import type { EmulatedBot, EmulatorState } from "./state.ts";

/** The outcome of one Bot API call: HTTP status and JSON body. */
export interface CallOutcome {
  status: number;
  body: Record<string, unknown>;
}

/** Runs one method for a bot, applying faults; never throws. */
export async function callMethod(
  state: EmulatorState,
  faults: Faults,
  bot: EmulatedBot,
  method: string,
  params: Params,
  signal: AbortSignal = new AbortController().signal,
): Promise<CallOutcome> {
  try {
    const handler = methods.get(method.toLowerCase());
    if (!handler) throw notFound();
    await faults.beforeCall(method, { bot: bot.id, chat: params.values.chat_id });
    const result = await handler({ state, faults, bot, params, signal });
    return { status: 200, body: { ok: true, result } };
  } catch (e) {
    if (e instanceof ApiError) return { status: e.code, body: e.toJSON() };
    console.error(`[playground] ${method} failed inside the emulator:`, e);
    return { status: 500, body: new ApiError(500, "Internal Server Error").toJSON() };
  }
}

/** A Hono router serving the Bot API for every bot in `state`. */
export function createBotApiRouter(state: EmulatorState, faults: Faults): Hono {
  const app = new Hono();

  app.all("/:token{bot[^/]+}/:method", async (c) => {
    const bot = state.findBot(c.req.param("token").slice(3));
    if (!bot) return c.json(unauthorized().toJSON(), 401);
    let params: Params;
    try {
      params = await readParams(c.req.raw);
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(400, `Bad Request: ${(e as Error).message}`);
      return c.json(err.toJSON(), err.code as ContentfulStatusCode);
    }
    const outcome = await callMethod(state, faults, bot, c.req.param("method"), params, c.req.raw.signal);
    return c.json(outcome.body, outcome.status as ContentfulStatusCode);
  });

  app.get("/file/:token{bot[^/]+}/:path{.+}", async (c) => {
    const bot = state.findBot(c.req.param("token").slice(3));
    const file = state.files.atPath(c.req.param("path"));
    if (!bot || !file || !file.knownBy.has(bot.id)) return c.json(notFound().toJSON(), 404);
    // A download is faulted as the method "file" (Telegram's file server slow or failing).
    try {
      await faults.beforeCall("file", { bot: bot.id });
    } catch (e) {
      const err = e instanceof ApiError ? e : new ApiError(500, "Internal Server Error");
      return c.json(err.toJSON(), err.code as ContentfulStatusCode);
    }
    return c.body(file.bytes.slice().buffer as ArrayBuffer, 200, {
      "content-type": "application/octet-stream",
      "content-length": String(file.bytes.byteLength),
    });
  });

  return app;
}
