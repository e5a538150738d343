/**
 * The parent behind an update, and what a button may name of theirs. A button's id comes from the
 * user's client: an application is this parent's only when the database says so.
 */
import { InlineKeyboard, type MiddlewareFn } from "grammy";
import type { Db } from "#root/db/client.ts";
import { type Application, getParentApplication, getTelegramUserApplication } from "#root/db/queries/applications.ts";
import { findUserByTelegramId } from "#root/db/queries/users.ts";
import type { ParentContext } from "./context.ts";
import { data } from "./callbacks.ts";

/**
 * Installs `ctx.parent()`: the parent's row, read at most once per update and only when a handler
 * asks (a form answer reads the draft, not the parent). `{ fresh: true }` reads it again after this
 * update changed it (a consent, a language).
 */
export function loadParent(db: Db): MiddlewareFn<ParentContext> {
  return async (ctx, next) => {
    let loaded: ReturnType<ParentContext["parent"]> | undefined;
    ctx.parent = (opts) => {
      if (!ctx.from) return Promise.resolve(undefined);
      if (!loaded || opts?.fresh) loaded = findUserByTelegramId(db, ctx.from.id);
      return loaded;
    };
    ctx.parentAsked = () => loaded !== undefined;
    await next();
  };
}

/** Per update: this parent's application as a handler left it for the next (see {@link handOn}). */
const handedOn = new WeakMap<ParentContext, Application>();

/**
 * A handler that read this parent's application (through {@link ownApplication}) and changed it
 * leaves the row as it is now for the next handler of the same update, which takes it instead
 * of reading it again.
 */
export function handOn(ctx: ParentContext, app: Application): void {
  handedOn.set(ctx, app);
}

/**
 * This parent's application `id` (from a button or the session) when `accept` takes it; undefined
 * for another parent's, a forged id, or one in another state (an outdated button).
 */
export async function ownApplication(
  ctx: ParentContext,
  db: Db,
  id: string,
  accept: (app: Application) => boolean = () => true,
): Promise<Application | undefined> {
  let app: Application | undefined;
  const known = handedOn.get(ctx);
  if (known?.id === id) {
    handedOn.delete(ctx); // taken once: a later write of this update is not hidden by it
    app = known;
  } else if (ctx.parentAsked() || !ctx.from) {
    const parent = await ctx.parent();
    app = parent ? await getParentApplication(db, parent.id, id) : undefined;
  } else {
    // The parent not read yet in this update: the application and its parent in one statement.
    app = await getTelegramUserApplication(db, ctx.from.id, id);
  }
  return app && accept(app) ? app : undefined;
}

/** A draft (still being filled or waiting for its signature). */
export const isDraft = (app: Application): boolean => app.status === "draft";
/** A draft whose statement is formed: it waits for a signature. */
export const awaitsSignature = (app: Application): boolean => app.status === "draft" && Boolean(app.statementFileId);

/** A message's one button: application `id` opened in "My applications". */
export const openMine = (ctx: ParentContext, id: string) => ({
  reply_markup: new InlineKeyboard().text(ctx.t("my-open"), data.myOpen(id)),
});
