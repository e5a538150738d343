/** The registry of implemented Bot API methods, by lower-cased name (Telegram's names are case-insensitive). */
import { callbackMethods } from "./callbacks.ts";
import type { MethodHandler } from "./context.ts";
import { fileMethods } from "./files.ts";
import { forumMethods } from "./forum.ts";
import { messageMethods } from "./messages.ts";
import { metaMethods } from "./meta.ts";

export type { MethodContext, MethodHandler } from "./context.ts";

const all: Record<string, MethodHandler> = { ...metaMethods, ...messageMethods, ...fileMethods, ...forumMethods, ...callbackMethods };

/** Handlers keyed by lower-cased method name. */
export const methods = new Map<string, MethodHandler>(Object.entries(all).map(([k, v]) => [k.toLowerCase(), v]));

/** The implemented method names, as Telegram spells them. */
export const methodNames = Object.keys(all);
