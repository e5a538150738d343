/**
 * Who may use the web chat: whoever holds the playground's key. The page takes it once from
 * its address (`/playground?key=…`, the link printed at start) and keeps it in a cookie; the
 * JSON API under /playground/api answers 401 to anyone without it, so a program that can
 * reach the port cannot read the parents' chats.
 */
import { timingSafeEqual } from "node:crypto";
import type { Context, MiddlewareHandler } from "hono";
import { getCookie, setCookie } from "hono/cookie";

export const KEY_COOKIE = "playground_key";
export const KEY_HEADER = "x-playground-key";

const same = (a: string, b: string) => {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
};

/** Whether the request carries the key (cookie, or the header for scripted clients). */
export function hasKey(c: Context, key: string): boolean {
  const given = c.req.header(KEY_HEADER) ?? getCookie(c, KEY_COOKIE);
  return given !== undefined && same(given, key);
}

/** Refuses API requests without the key. */
export function requireKey(key: string): MiddlewareHandler {
  return async (c, next) => {
    if (!hasKey(c, key))
      return c.json({ ok: false, error: "Open the playground through the link printed at start (it carries the key)." }, 401);
    await next();
  };
}

/**
 * The page: `?key=` right → a cookie and the same address without the key (so it is not left
 * in the history); the cookie → the page; neither → 401 saying where the link is.
 */
export function pageGate(key: string, page: string): (c: Context) => Response {
  return (c) => {
    const url = new URL(c.req.url);
    const given = url.searchParams.get("key");
    if (given !== null && same(given, key)) {
      setCookie(c, KEY_COOKIE, key, { path: "/playground", httpOnly: true, sameSite: "Strict" });
      url.searchParams.delete("key");
      return c.redirect(`${url.pathname}${url.search}`, 303);
    }
    if (hasKey(c, key)) return c.html(page);
    return c.html(LOCKED, 401);
  };
}

const LOCKED = `<!doctype html><meta charset="utf-8"><title>Playground</title>
<p>The playground needs its key. Open the link <code>npm start</code> printed
(“playground … /playground?key=…”); the key is also in <code>DATA_DIR/playground/secrets.json</code>.</p>`;
