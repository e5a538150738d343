/**
 * A transaction whose connection dies while its callback runs (the server terminated the backend,
 * a failover): its caller gets a rejected promise, the callback's later statements are not sent
 * anywhere, and the process goes on — postgres.js 3.4 alone throws an uncaught TypeError from a
 * timer when such a transaction queries or commits (see db/transaction-guard.ts).
 */
import { sql } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Database, Tx } from "#root/db/client.ts";
import { rowsOf } from "#root/db/rows.ts";
import { markUpdateProcessed } from "#root/db/queries/updates.ts";
import { backends } from "#root/test/helpers/databases.ts";

const postgres = backends.find((b) => b.name === "postgres");
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.runIf(postgres)("a transaction whose connection dies on PostgreSQL", () => {
  let database: Database & { dispose(): Promise<void> };
  const uncaught: unknown[] = [];
  const onUncaught = (err: unknown) => uncaught.push(err);

  beforeAll(async () => {
    database = await postgres!.open();
    process.on("uncaughtException", onUncaught);
  });
  afterAll(async () => {
    process.off("uncaughtException", onUncaught);
    await database?.dispose();
  });
  afterEach(async () => {
    // The callback has ended (no statement of it hangs), and a timer postgres.js would throw from has run.
    expect(await Promise.race([callbackEnded.then(() => "ended"), sleep(5000).then(() => "hangs")])).toBe("ended");
    await sleep(50);
    expect(uncaught.splice(0)).toEqual([]);
    // The next transaction works.
    const [row] = rowsOf<{ n: number }>(await database.db.transaction((tx) => tx.execute(sql`select 1 as n`)));
    expect(row?.n).toBe(1);
  });

  /** When the last callback has ended: it outlives its transaction's promise. */
  let callbackEnded: Promise<unknown> = Promise.resolve();
  function transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return database.db.transaction((tx) => {
      const run = fn(tx);
      callbackEnded = run.catch(() => {});
      return run;
    });
  }

  /** End the backend `tx` runs on, as the server would, and give postgres.js time to see it. */
  async function killConnection(tx: Tx): Promise<void> {
    const [row] = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`));
    await database.db.execute(sql`select pg_terminate_backend(${row!.pid}, 5000)`);
    await sleep(100);
  }

  it("rejects for its caller when the callback returns after the connection died (no COMMIT is attempted)", async () => {
    const done = transaction(async (tx) => {
      await killConnection(tx);
      return "committed?";
    });
    await expect(done).rejects.toMatchObject({ code: expect.stringMatching(/^CONNECTION_CLOSED$|^ECONNRESET$|^57P01$/) });
  });

  it("rejects when the callback throws after the connection died (no ROLLBACK is attempted)", async () => {
    const done = transaction(async (tx) => {
      await killConnection(tx);
      throw new Error("the callback's own failure");
    });
    await expect(done).rejects.toThrow();
  });

  it("refuses the callback's queries after the connection died: a write there lands nowhere", async () => {
    let refused: unknown;
    const done = transaction(async (tx) => {
      await killConnection(tx);
      try {
        await markUpdateProcessed(tx, "guard-test", 1);
      } catch (err) {
        refused = err;
      }
      return "done";
    });
    await expect(done).rejects.toThrow();
    await callbackEnded; // it goes on after its transaction has failed
    expect(refused).toMatchObject({ cause: { code: "TRANSACTION_ENDED" } }); // drizzle wraps the error
    expect(await markUpdateProcessed(database.db, "guard-test", 1)).toBe(true); // it was not there
  });

  it("refuses a nested transaction (a savepoint) begun after the connection died", async () => {
    let refused: unknown;
    const done = transaction(async (tx) => {
      await killConnection(tx);
      await tx.transaction((inner) => inner.execute(sql`select 1`)).catch((err: unknown) => (refused = err));
    });
    await expect(done).rejects.toThrow();
    await callbackEnded; // it goes on after its transaction has failed
    expect(refused).toMatchObject({ code: "TRANSACTION_ENDED" });
  });

  it("rejects when the connection dies during a query of the callback, which goes on to query again", async () => {
    let during: unknown;
    let after: unknown;
    const done = transaction(async (tx) => {
      const [row] = rowsOf<{ pid: number }>(await tx.execute(sql`select pg_backend_pid() as pid`));
      // Under way (a drizzle query starts when awaited): the backend ends 0.1 s into the next statement.
      const terminating = database.db.execute(sql`select pg_sleep(0.1), pg_terminate_backend(${row!.pid}, 5000)`).then(() => {});
      during = await tx.execute(sql`select pg_sleep(2)`).then(
        () => "answered",
        (err: unknown) => err,
      );
      await terminating;
      after = await tx.execute(sql`select 1`).then(
        () => "answered",
        (err: unknown) => err,
      );
    });
    await expect(done).rejects.toThrow();
    await callbackEnded;
    expect(during).toBeInstanceOf(Error);
    expect(after).toMatchObject({ cause: { code: "TRANSACTION_ENDED" } });
  });
});
