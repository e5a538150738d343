/** What every Bot API method handler receives. */
import type { Faults } from "#root/api/playground/faults.ts";
import type { Params } from "#root/api/playground/params.ts";
import type { EmulatedBot, EmulatorState } from "#root/api/playground/state.ts";

/** One call: the world, the calling bot, its parameters and the request's abort signal. */
export interface MethodContext {
  state: EmulatorState;
  faults: Faults;
  bot: EmulatedBot;
  params: Params;
  signal: AbortSignal;
}

/** A Bot API method: returns the `result`, or throws an ApiError. */
export type MethodHandler = (ctx: MethodContext) => unknown;
