/**
 * Transactions that outlive their connection, made harmless (PostgreSQL through postgres.js).
 *
 * postgres.js 3.4 (3.4.9 and 3.4.10 alike) hands every statement of a transaction straight to the
 * transaction's connection, even once that connection has closed (the server ended the backend, a
 * failover, a network cut). `sql.begin` rejects at once with CONNECTION_CLOSED, but the callback
 * runs on, and when it next queries, or returns or throws (COMMIT or ROLLBACK is sent), either
 *  - the connection is still closed: postgres.js queues the write on a timer, which calls `write`
 *    on the null socket and throws "TypeError: Cannot read properties of null (reading 'write')"
 *    as an uncaught exception, which ends the process; the statement itself never settles; or
 *  - the pool has meanwhile reconnected that connection for another caller: the statements run in
 *    the new session, outside any transaction (a write commits alone, a ROLLBACK undoes nothing),
 *    or, were it reserved again, inside another caller's transaction.
 * postgres.js 4 refuses such statements itself.
 *
 * The guard: each statement of a transaction is checked just before postgres.js gets it, and is
 * rejected, unsent, once `begin` has settled. A callback that ends after that never ends as far as
 * postgres.js is concerned, so it sends neither COMMIT nor ROLLBACK; the caller has already had
 * its rejection. `begin` learns of the closed connection a few microtasks after the pool does, so
 * when a connection of the pool closes, each open transaction's next check first waits a turn of
 * the event loop, by which time `begin` has settled if it was that transaction's connection.
 * The check is put in as the `handler` postgres.js 3 calls when it sends a query (a property of its
 * `Query`); a query without one goes unchecked.
 */
import type postgres from "postgres";

/** One `begin` of the client. */
interface Transaction {
  /** `begin` has settled: committed, rolled back, or its connection was lost. */
  ended: boolean;
  /** A connection of the pool has closed since this transaction's last check: maybe its own. */
  suspect: boolean;
  /** Checks waiting for the next turn of the event loop (later ones wait behind them: statements keep their order). */
  waiting: number;
}

/** How postgres.js runs a query: a property of its `Query`, called once, when the query is sent. */
type Send = ((query: { reject(err: unknown): void }) => void) & { debug?: unknown };

const notSent = () =>
  Object.assign(new Error("not sent: the transaction has ended (its connection was lost, or it had finished)"), {
    code: "TRANSACTION_ENDED",
  });

/** Call `go` if the transaction is still on, `stop` if it has ended. */
function check(tx: Transaction, go: () => void, stop: () => void): void {
  const decide = () => (tx.ended ? stop : go)();
  if (!tx.suspect && tx.waiting === 0) {
    decide();
    return;
  }
  tx.waiting++;
  setImmediate(() => {
    tx.waiting--;
    tx.suspect = false;
    decide();
  });
}

/**
 * A postgres.js client whose transactions are guarded. `open` makes the client with the `onclose`
 * it is given (the guard's: it has to hear of every connection that closes).
 */
export function guardTransactions(open: (onclose: (connId: number) => void) => postgres.Sql): postgres.Sql {
  const running = new Set<Transaction>();
  const client = open(() => {
    for (const tx of running) tx.suspect = true;
  });
  return new Proxy(client, {
    get(target, prop, receiver) {
      if (prop !== "begin") return Reflect.get(target, prop, receiver);
      return (...args: unknown[]) => {
        const fn = args.pop() as (sql: postgres.TransactionSql) => unknown;
        const tx: Transaction = { ended: false, suspect: false, waiting: 0 };
        running.add(tx);
        const end = () => {
          tx.ended = true;
          running.delete(tx);
        };
        const begun = (target.begin as (...a: unknown[]) => Promise<unknown>)(...args, (sql: postgres.TransactionSql) =>
          settle(tx, () => fn(guardSql(sql, tx))),
        );
        begun.then(end, end);
        return begun;
      };
    },
  });
}

/** `sql` of a transaction (or a savepoint in it) whose queries and savepoints are checked first. */
function guardSql(sql: postgres.TransactionSql, tx: Transaction): postgres.TransactionSql {
  const guarded = (query: unknown) => {
    const q = query as { handler?: Send };
    const send = q.handler;
    // Not a query (an identifier, a fragment): nothing is sent.
    if (!(query instanceof Promise) || typeof send !== "function") return query;
    const checked: Send = (x) =>
      check(
        tx,
        () => send(x),
        () => x.reject(notSent()),
      );
    checked.debug = send.debug;
    q.handler = checked;
    return query;
  };
  return new Proxy(sql, {
    apply: (target, self, args) => guarded(Reflect.apply(target, self, args)),
    get(target, prop, receiver) {
      if (prop === "unsafe") return (...args: Parameters<typeof target.unsafe>) => guarded(target.unsafe(...args));
      if (prop !== "savepoint") return Reflect.get(target, prop, receiver);
      return (...args: unknown[]) => {
        const fn = args.pop() as (sql: postgres.TransactionSql) => unknown;
        const savepoint = target.savepoint as (...a: unknown[]) => Promise<unknown>;
        return new Promise((resolve, reject) =>
          check(
            tx,
            () => savepoint(...args, (inner: postgres.TransactionSql) => settle(tx, () => fn(guardSql(inner, tx)))).then(resolve, reject),
            () => reject(notSent()),
          ),
        );
      };
    },
  });
}

/**
 * Run a transaction's (or savepoint's) callback; its outcome goes to postgres.js, which then sends
 * COMMIT or ROLLBACK, only while the transaction is still on. Otherwise it never settles.
 */
async function settle(tx: Transaction, fn: () => unknown): Promise<unknown> {
  let outcome: { value: unknown } | { error: unknown };
  try {
    const x = fn();
    // postgres.js runs an array of queries returned by the callback as one batch.
    outcome = { value: await (Array.isArray(x) ? Promise.all(x) : x) };
  } catch (error) {
    outcome = { error };
  }
  await new Promise<void>((resolve) => check(tx, resolve, () => {}));
  if ("error" in outcome) throw outcome.error;
  return outcome.value;
}
