/**
 * The playground: a local Telegram Bot API emulator plus a web chat, so the
 * real grammY bots run end to end without Telegram (`npm start` with no token,
 * and the e2e tests).
 *
 * ```ts
 * const emulator = createEmulator({ bots: [{ token: "111:parent", username: "parent_bot", label: "Parent bot" }] });
 * app.route("/", emulator.routes); // serves /bot<token>/<method>, /file/bot<token>/<path>, /playground
 * const bot = new Bot("111:parent", { client: { apiRoot: "http://127.0.0.1:3000" } });
 * ```
 */
import { randomBytes } from "node:crypto";
import type { PhoneSigner } from "./web.ts";
import { Hono } from "hono";
import { callMethod, createBotApiRouter } from "./bot-api.ts";
import { Faults } from "./faults.ts";
import { Params } from "./params.ts";
import { persistState } from "./persistence.ts";
import { EmulatorState, type BotSpec, type EmulatedBot, type UserSpec } from "./state.ts";
import { SimulatedUser } from "./users.ts";
import { createWebRouter } from "./web.ts";

export { ApiError } from "./errors.ts";
export type { PhoneSigner } from "./web.ts";
export type { EmulatorEvent } from "./events.ts";
export type { FaultConfig, FaultRule } from "./faults.ts";
export { parseTelegramHtml } from "./html.ts";
export type { BotSpec, EmulatedBot, EmulatedChat, EmulatedUser, EmulatorState, StoredMessage, UserSpec } from "./state.ts";
export { SimulatedUser, UserChat } from "./users.ts";

/** How to set up the emulated Telegram. */
export interface EmulatorOptions {
  /** The bots to serve, e.g. the parent bot first and the provider bot second. */
  bots: BotSpec[];
  /** Simulated users to create up front (more can be added at runtime). */
  users?: UserSpec[];
  /**
   * The support forum supergroup. Defaults to one where the first bot is an administrator
   * and the up-front users are members; `false` for none. `adminBots` take usernames.
   */
  group?: { id?: number; title?: string; adminBots?: string[]; members?: number[] } | false;
  /** Time source in milliseconds (tests may freeze it). */
  clock?: () => number;
  /**
   * How long after a tap the bot may answer it, in milliseconds: later, answerCallbackQuery gets
   * Telegram's 400 "query is too old…". Default 15 s; also `state.callbackQueryTimeoutMs` at runtime.
   */
  callbackQueryTimeoutMs?: number;
  /** The key the web chat and its API require (see access.ts); random when not given. */
  webKey?: string;
  /**
   * A directory to keep the world in across restarts (see persistence.ts); without it the
   * emulator lives in memory. Users, the group and bots given above are added when missing.
   */
  dataDir?: string;
  /** Appended journal records before it is rewritten compact while running (default 10,000). */
  journalCompactAfter?: number;
  /** The web chat's "sign as eGov mobile would" helper (see web.ts); absent, the helper is not offered. */
  phoneSigner?: PhoneSigner;
}

/** A running emulator: its world, its HTTP routes, its users and its faults. */
export interface Emulator {
  state: EmulatorState;
  faults: Faults;
  /** Hono router to mount at "/": Bot API, file downloads and the /playground web chat. */
  routes: Hono;
  /** Creates a simulated user, or returns the existing one when `spec` is an id (or has a known id). */
  user(spec: UserSpec | number): SimulatedUser;
  /** Adds a bot at runtime. */
  addBot(spec: BotSpec): EmulatedBot;
  /** The key of the web chat: open `/playground?key=<webKey>`, or send it in the x-playground-key header. */
  webKey: string;
  /** Writes the counters and closes the journal (a no-op in memory). */
  close(): void;
}

/** Builds an emulator. Serve `routes` (e.g. with @hono/node-server) and point grammY's `apiRoot` at it. */
export function createEmulator(options: EmulatorOptions): Emulator {
  const state = new EmulatorState(options.clock);
  if (options.callbackQueryTimeoutMs !== undefined) state.callbackQueryTimeoutMs = options.callbackQueryTimeoutMs;
  const faults = new Faults(options.clock);

  const addBot = (spec: BotSpec) => {
    const bot = state.addBot(spec);
    // A webhook may answer with a method call ("webhook reply"); run it as if the bot had called it.
    bot.updates.onWebhookReply = async ({ method, ...rest }) => {
      await callMethod(state, faults, bot, String(method), new Params(rest));
    };
    return bot;
  };
  for (const spec of options.bots) addBot(spec);
  const journal =
    options.dataDir !== undefined
      ? persistState(state, options.dataDir, options.journalCompactAfter !== undefined ? { compactAfter: options.journalCompactAfter } : {})
      : undefined;

  const users = (options.users ?? []).map((u) => (u.id !== undefined && state.users.get(u.id)) || state.addUser(u));
  if (options.group !== false && !state.group) {
    const g = options.group ?? {};
    const first = [...state.bots.values()][0];
    const admins = g.adminBots ? g.adminBots.map((u) => state.bot(u).id) : first ? [first.id] : [];
    state.addGroup({
      id: g.id ?? -1001000000001,
      title: g.title ?? "Support staff",
      adminBots: admins,
      members: g.members ?? users.map((u) => u.id),
    });
  }

  const user = (spec: UserSpec | number): SimulatedUser => {
    const id = typeof spec === "number" ? spec : spec.id;
    const existing = id !== undefined ? state.users.get(id) : undefined;
    if (typeof spec === "number" && !existing) throw new Error(`No simulated user with id ${spec}.`);
    return new SimulatedUser(state, faults, existing ?? state.addUser(spec as UserSpec));
  };

  const webKey = options.webKey ?? randomBytes(24).toString("base64url");
  const routes = new Hono();
  routes.route("/", createBotApiRouter(state, faults));
  routes.route(
    "/",
    createWebRouter({
      state,
      faults,
      user,
      createUser: (s) => user(s),
      key: webKey,
      ...(options.phoneSigner ? { phoneSigner: options.phoneSigner } : {}),
    }),
  );
  const close = () => {
    state.saveIds();
    journal?.close();
    state.journal = undefined;
  };
  return { state, faults, routes, user, addBot, webKey, close };
}
