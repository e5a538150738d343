/**
 * The databases a DB test runs on: always PGlite (the embedded default); PostgreSQL too when
 * DATABASE_URL is set (CI sets it). Each PostgreSQL run gets a fresh database of its own,
 * created from DATABASE_URL and dropped afterwards, so tests never see each other's rows.
 */
import { randomBytes } from "node:crypto";
import postgres from "postgres";
import { openDatabase, type Database } from "#root/db/client.ts";
import { openMemoryDatabase } from "#root/db/open-embedded.ts";

export const DATABASE_URL = process.env.DATABASE_URL;
export const REDIS_URL = process.env.REDIS_URL;

export interface TestBackend {
  name: "pglite" | "postgres";
  open(): Promise<Database & { dispose(): Promise<void> }>;
}

/** Create an empty PostgreSQL database next to `baseUrl`'s; returns its URL and a drop function. */
export async function createScratchPostgres(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `desk_test_${randomBytes(5).toString("hex")}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const a = postgres(baseUrl, { max: 1, onnotice: () => {} });
      await a.unsafe(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

export const backends: TestBackend[] = [
  {
    name: "pglite",
    async open() {
      const db = await openMemoryDatabase();
      return Object.assign(db, { dispose: () => db.close() });
    },
  },
  ...(DATABASE_URL
    ? [
        {
          name: "postgres" as const,
          async open() {
            const scratch = await createScratchPostgres(DATABASE_URL);
            const db = await openDatabase({ databaseUrl: scratch.url, dataDir: "/nonexistent" });
            return Object.assign(db, {
              async dispose() {
                await db.close();
                await scratch.drop();
              },
            });
          },
        },
      ]
    : []),
];

if (!DATABASE_URL) {
  console.warn("DATABASE_URL is not set: database tests run on PGlite only (CI runs them on PostgreSQL too).");
}
