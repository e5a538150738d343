/**
 * grammY session / conversation storage over the database: the embedded default when no Redis
 * is configured, so conversations survive a restart of `npm start` on a fresh machine.
 */
import { eq, like } from "drizzle-orm";
import type { StorageAdapter } from "grammy";
import type { Db } from "./client.ts";
import { sessions } from "./schema.ts";

/** A grammY `StorageAdapter` keeping JSON values in the `sessions` table under `prefix + key`. */
export class DatabaseStorage<T> implements StorageAdapter<T> {
  constructor(
    private readonly db: Db,
    private readonly prefix = "",
  ) {}

  async read(key: string): Promise<T | undefined> {
    const [row] = await this.db
      .select({ value: sessions.value })
      .from(sessions)
      .where(eq(sessions.key, this.prefix + key));
    return row?.value as T | undefined;
  }

  async write(key: string, value: T): Promise<void> {
    const now = new Date();
    await this.db
      .insert(sessions)
      .values({ key: this.prefix + key, value, updatedAt: now })
      .onConflictDoUpdate({ target: sessions.key, set: { value, updatedAt: now } });
  }

  async delete(key: string): Promise<void> {
    await this.db.delete(sessions).where(eq(sessions.key, this.prefix + key));
  }

  async has(key: string): Promise<boolean> {
    return (await this.read(key)) !== undefined;
  }

  async *readAllKeys(): AsyncIterable<string> {
    const pattern = this.prefix.replace(/[\\%_]/g, (c) => "\\" + c) + "%";
    const rows = await this.db.select({ key: sessions.key }).from(sessions).where(like(sessions.key, pattern));
    for (const row of rows) yield row.key.slice(this.prefix.length);
  }
}
