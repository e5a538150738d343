/**
 * Rows read once per update. Several handlers of one update look up the same parent, draft,
 * school or document list (the language middleware, the form, the review, the signing step…);
 * inside a scope opened for the update, the first read of a row is kept and later reads of it
 * get a copy, until anything writes to one of the cached tables in the same scope — then every
 * kept row is dropped. A row a write returned is kept as read. Outside a scope (the provider
 * bot, jobs, tests calling queries directly) and inside a transaction nothing is cached.
 *
 * A scope lives as long as one update is handled: it sees what a read at the start of the update
 * would have seen. Another process's write during those milliseconds is noticed by the guarded
 * writes (status, version, the form's question guard), as it was before.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { Db } from "./client.ts";

interface Scope {
  /** The handle reads are cached for: a transaction is another handle and reads through. */
  db: Db;
  rows: Map<string, Promise<unknown>>;
  stashed: Map<string, unknown>;
}

const scopes = new AsyncLocalStorage<Scope>();

/** Run `fn` with a read cache of its own (one per update). */
export function withReadCache<T>(db: Db, fn: () => Promise<T>): Promise<T> {
  return scopes.run({ db, rows: new Map(), stashed: new Map() }, fn);
}

/** Run `fn` outside any update's scope: work an update began and leaves running reads for itself. */
export function withoutReadCache<T>(fn: () => Promise<T>): Promise<T> {
  return scopes.exit(fn);
}

/**
 * The row(s) under `key`, read by `read` the first time in this scope; a copy each time. With
 * `inTransactions`, a transaction of this update gets a row already kept too (for rows it only
 * reads to address someone, such as the parent of a notification), but never keeps one.
 */
export async function cachedRead<T>(db: Db, key: string, read: () => Promise<T>, opts: { inTransactions?: boolean } = {}): Promise<T> {
  const scope = scopes.getStore();
  if (!scope) return read();
  if (scope.db !== db) {
    const known = opts.inTransactions ? (scope.rows.get(key) as Promise<T> | undefined) : undefined;
    return known ? structuredClone(await known) : read();
  }
  let pending = scope.rows.get(key) as Promise<T> | undefined;
  if (!pending) {
    // A query builder runs each time it is awaited: run it once, into a promise.
    pending = (async () => await read())();
    scope.rows.set(key, pending);
    pending.catch(() => scope.rows.get(key) === pending && scope.rows.delete(key));
  }
  // Callers may change what they got (a spread, a field set): they never change the kept row.
  return structuredClone(await pending);
}

/** The row kept under `key` in this scope, without reading (undefined when none is kept). */
export async function kept<T>(db: Db, key: string): Promise<T | undefined> {
  const scope = scopes.getStore();
  const pending = scope && scope.db === db ? (scope.rows.get(key) as Promise<T> | undefined) : undefined;
  return pending ? structuredClone(await pending.catch(() => undefined)) : undefined;
}

/** The tables rows are kept of, by the prefix of their keys. */
export type CachedTable = "users" | "applications" | "documents" | "schools" | "files" | "children";
const PREFIX: Record<CachedTable, string> = {
  users: "user:",
  applications: "app:",
  documents: "docs:",
  schools: "school:",
  files: "file:",
  children: "children:",
};

/**
 * A write (called before it is sent): the rows kept of the tables it writes are dropped; with
 * no tables named, every kept row is.
 */
export function writing(...tables: CachedTable[]): void {
  const rows = scopes.getStore()?.rows;
  if (!rows) return;
  if (tables.length === 0) {
    rows.clear();
    return;
  }
  const prefixes = tables.map((t) => PREFIX[t]);
  for (const key of [...rows.keys()]) if (prefixes.some((p) => key.startsWith(p))) rows.delete(key);
}

/** Keep `row` under `key` as if just read (a row a write returned, or one read under another key). */
export function keep(db: Db, key: string, row: unknown): void {
  const scope = scopes.getStore();
  if (!scope || scope.db !== db || row === undefined) return;
  scope.rows.set(key, Promise.resolve(structuredClone(row)));
}

export const userKey = {
  byTelegram: (telegramId: number) => `user:tg:${telegramId}`,
  byId: (id: number) => `user:id:${id}`,
};
export const applicationKey = (id: string) => `app:${id}`;
export const documentsKey = (applicationId: string) => `docs:${applicationId}`;
export const schoolKey = (id: number) => `school:${id}`;
export const fileKey = (id: string) => `file:${id}`;
export const childrenKey = (parentId: number) => `children:${parentId}`;

/**
 * A value one part of an update hands to a later part of the same update (e.g. state read ahead
 * in the same round trip as other state): {@link takeStashed} gets it once; it dies with the update.
 */
export function stash(key: string, value: unknown): void {
  scopes.getStore()?.stashed.set(key, value);
}

/** What {@link stash} left under `key` in this update (and forget it), or `NOT_STASHED`. */
export function takeStashed(key: string): unknown {
  const stashed = scopes.getStore()?.stashed;
  if (!stashed?.has(key)) return NOT_STASHED;
  const value = stashed.get(key);
  stashed.delete(key);
  return value;
}
export const NOT_STASHED = Symbol("not stashed");
