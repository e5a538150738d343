/**
 * The outbox sender: takes due notifications from the `outbox` table and delivers them through
 * one function per channel. A row is marked sent right after its send succeeds, and `claimDue`
 * (FOR UPDATE SKIP LOCKED + a lease) keeps two senders from ever holding the same row.
 *
 * One sender sends at a time per database: Telegram's ~30 messages/s is a limit per bot, and
 * each sender paces itself, so two instances sending at once would together go over it. Every
 * instance starts a sender; the one holding the sending lock ({@link OUTBOX_LOCK}) sends, the
 * others stand by and try the lock every `standbyPollMs`. PostgreSQL frees the lock when its
 * holder's connection ends (a crash, SIGKILL), so a standby — or a restarted process — takes
 * over at once and makes the rows the old sender had claimed due again ({@link reclaimAbandoned}).
 *
 * A sender can also lose the lock while it lives on (only its lock connection ended: a network
 * blip, a pooler failover) and be in the middle of a batch. So every row is fenced: right before
 * its send the sender checks the row is still the one it claimed ({@link holdClaim}) and skips it
 * otherwise; on PostgreSQL it keeps the row locked until the outcome is recorded, and a sender
 * taking over leaves that row alone. A crash between a send and `markSent` is the one window in
 * which a row can go out twice.
 */
import type { Logger } from "#root/log.ts";
import type { Db, SessionLock, Tx } from "./client.ts";
import {
  claimDue,
  holdClaim,
  markAttemptFailed,
  markSent,
  markSuperseded,
  reclaimAbandoned,
  type ClaimedRow,
  type OutboxRow,
} from "./queries/outbox.ts";
import { markBlocked } from "./queries/users.ts";
import { markStaffBlocked } from "./queries/staff.ts";
import type { OutboxChannel } from "./schema.ts";
import { SendWindow } from "./send-window.ts";

/** Whose chat a 403 closed: a parent's (the parent bot), a staff member's (the provider bot), or nobody's to mark. */
type BlockedBy = "parent" | "staff" | null;

/**
 * What one delivery attempt came to; the channel's deliver function classifies its errors. `calls`:
 * the Bot API calls the attempt made, when not one (a support row making a topic and its card):
 * the channel's pace counts each.
 */
export type DeliveryOutcome =
  | { status: "sent"; calls?: number }
  /**
   * Try again later: at least `retryAfterMs` from now (Telegram's `retry_after`), else backoff.
   * `payload`: what is left of the row, when the deliverer did part of it (the rest of a support
   * topic made again), kept instead of the row's payload.
   */
  | { status: "retry"; error: string; retryAfterMs?: number; payload?: Record<string, unknown>; calls?: number }
  /** The recipient blocked the bot: never retried, and the parent (or the staff member) is marked blocked. */
  | { status: "blocked"; error: string }
  /** Retrying cannot help (e.g. 400 chat not found, a missing file). */
  | { status: "failed"; error: string; calls?: number }
  /**
   * Not sent, for good, and no failure: what the row says no longer holds and the recipient is told
   * otherwise (a parent's notice whose attached document was revoked since). No Bot API call made.
   */
  | { status: "superseded"; reason: string }
  /**
   * Not tried: another row must go first (the support channel keeps each parent's posts in
   * order). Due again at `until`; no attempt spent, the pace untouched.
   */
  | { status: "later"; until: Date; reason: string };

/** Delivers one row of one channel. Throwing counts as a retryable failure. */
export type Deliver = (row: OutboxRow) => Promise<DeliveryOutcome>;

/** The name of the lock the sending sender holds (one per database). */
export const OUTBOX_LOCK = "outbox-sender";

export interface OutboxSenderOptions {
  db: Db;
  /** Takes the sending lock: `Database.tryLock` of the same database. */
  tryLock: (name: string) => Promise<SessionLock | undefined>;
  /** How often a standby tries to take the sending lock. Default 500 ms. */
  standbyPollMs?: number;
  log: Logger;
  deliver: Record<OutboxChannel, Deliver>;
  /** The clock (tests move it). */
  now?: () => Date;
  /** Pause between polls when nothing is due. Default 1000 ms. */
  pollMs?: number;
  /** Rows claimed per poll. Default 20. */
  batch?: number;
  /**
   * How old a row may get while it keeps failing with errors worth retrying (Telegram 5xx, a
   * network or SMTP outage) before it is given up as `failed`. Default 48 h: an outage of hours
   * loses nothing. Errors retrying cannot help (400, a blocked bot) fail at once.
   */
  giveUpAfterMs?: number;
  /** How long a claimed row stays reserved for this sender. Default 60 s (a batch takes about 1 s). */
  leaseMs?: number;
  /**
   * Telegram's limit per channel (bot): at most `count` messages in any `windowMs`. Default 30
   * per 1000 ms. The sender paces itself to it ({@link SendWindow}); a 429 still pauses the
   * channel for `retry_after`.
   */
  rate?: { count: number; windowMs: number };
  /** A channel's own limit instead of `rate`: the support channel posts into one group, about 20 a minute. */
  channelRates?: Partial<Record<OutboxChannel, { count: number; windowMs: number }>>;
  /** First retry delay; doubles with each attempt up to `maxBackoffMs` (default 10 min). Default 2000 ms. */
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Start the polling loop (default). `false` for tests that call `drain()` themselves. */
  autoStart?: boolean;
  /**
   * Keep each row locked (a transaction) from the check before its send until its outcome is
   * recorded. Default: on PostgreSQL yes; on PGlite (one process, whose transactions would hold
   * up every other query during a send) no.
   */
  rowLocks?: boolean;
}

/** Whether `db` is a PostgreSQL server (postgres.js), not the embedded PGlite. */
function onPostgresServer(db: Db): boolean {
  return typeof (db as { $client?: unknown }).$client === "function";
}

export interface OutboxSender {
  /** Stop polling, wait for the sends in flight (the rest of their batches is left to the next sender), release the lock. */
  stop(): Promise<void>;
  /**
   * Deliver everything due now (repeats until a poll finds nothing); resolves when done. Delivers
   * nothing while another sender holds the sending lock.
   */
  drain(): Promise<void>;
  /**
   * Something was written to the outbox (the database says so: `Database.listen("outbox")`): a
   * sending lane asleep until its next poll polls now, one polling now polls again when done. A
   * standby does not (it has nothing to send until it takes the lock).
   */
  wake(): void;
}

/** One polling loop over some of the channels: its polls, in order. */
interface Lane {
  /** E-mail only, or every channel but e-mail. */
  email: boolean;
  inFlight: Promise<number>;
  /** The next poll, while the lane sleeps until it. */
  timer?: NodeJS.Timeout;
  /** What its last poll claimed (-1: another sender holds the lock). */
  claimed: number;
  /** Woken while polling: poll again at once. */
  woken: boolean;
}

/** Exponential backoff for the n-th attempt (1-based), capped. */
export function backoffDelay(attempt: number, baseMs: number, maxMs: number): number {
  return Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt - 1));
}

/**
 * Start delivering the outbox. Returns `stop()` and `drain()`; with `autoStart: false` nothing
 * runs until `drain()` is called.
 */
export function startOutboxSender(opts: OutboxSenderOptions): OutboxSender {
  const now = opts.now ?? (() => new Date());
  const pollMs = opts.pollMs ?? 1000;
  const batch = opts.batch ?? 20;
  const giveUpAfterMs = opts.giveUpAfterMs ?? 48 * 3_600_000;
  const leaseMs = opts.leaseMs ?? 60_000;
  const rate = opts.rate ?? { count: 30, windowMs: 1000 };
  /** Per channel: the pace (made afresh whenever this sender starts sending), and a pause after a 429. */
  let windows = new Map<string, SendWindow>();
  const pausedUntil = new Map<string, number>();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const backoffMs = opts.backoffMs ?? 2000;
  const maxBackoffMs = opts.maxBackoffMs ?? 10 * 60_000;
  const log = opts.log;
  let stopped = false;
  /**
   * E-mail goes in a lane of its own beside Telegram's: a slow or silent SMTP server holds up
   * only e-mail, never a parent's or a school's Telegram notice.
   */
  const lanes: Lane[] = [
    { email: false, inFlight: Promise.resolve(0), claimed: 0, woken: false },
    { email: true, inFlight: Promise.resolve(0), claimed: 0, woken: false },
  ];
  let lock: SessionLock | undefined;
  const standbyPollMs = opts.standbyPollMs ?? 500;
  const rowLocks = opts.rowLocks ?? onPostgresServer(opts.db);

  /** Whether this sender may send now: it holds the sending lock, or has just taken it. */
  async function leading(): Promise<boolean> {
    if (lock) {
      if (await lock.held()) return true;
      log.warn("outbox sender: lost the sending lock (its database connection ended); standing by");
      await lock.release().catch(() => {});
      lock = undefined;
    }
    lock = await opts.tryLock(OUTBOX_LOCK);
    if (!lock) return false;
    windows = new Map(); // the sender before may have sent until this moment
    const reclaimed = await reclaimAbandoned(opts.db, now());
    if (reclaimed > 0) log.info({ rows: reclaimed }, "outbox sender took over: rows a stopped sender had claimed are due again");
    return true;
  }

  async function handle(row: ClaimedRow): Promise<void> {
    const token = row.claimToken;
    const paused = pausedUntil.get(row.channel) ?? 0;
    let window = windows.get(row.channel);
    if (!window) {
      const { count, windowMs } = opts.channelRates?.[row.channel] ?? rate;
      windows.set(row.channel, (window = new SendWindow(count, windowMs, Date.now())));
    }
    const pausedFor = paused - Date.now();
    const wait = Math.max(window.waitMs(Date.now()), pausedFor);
    // While the channel is paused by a 429, or its pace (a slow one: support's group) leaves no
    // room for a while, the row goes back untried: the other channels' rows do not wait for it.
    if (wait > 1000) {
      await markAttemptFailed(opts.db, row.id, {
        error: pausedFor >= wait ? "rate limited: waiting" : "paced: waiting",
        retryAt: new Date(now().getTime() + wait),
        countAttempt: false,
        claimToken: token,
      });
      return;
    }
    if (wait > 0) await sleep(wait);
    let blocked: BlockedBy;
    if (rowLocks) {
      // If the transaction's connection ends mid-send, the transaction fails at once while the
      // send goes on: wait for the send before the next row. What it would then record is refused
      // unsent (db/transaction-guard.ts), and the row's lease brings the row back.
      let sending: Promise<BlockedBy> | undefined;
      blocked = await opts.db
        .transaction((tx) => (sending = attempt(tx, row, window)))
        .catch(async (err: unknown) => {
          await sending?.catch(() => {});
          throw err;
        });
    } else {
      blocked = await attempt(opts.db, row, window);
    }
    if (blocked === "parent") await markBlocked(opts.db, Number(row.recipient), now());
    if (blocked === "staff") await markStaffBlocked(opts.db, Number(row.recipient), now());
  }

  /** Send `row` if it is still ours and record the outcome; who blocked the bot, when its recipient did. */
  async function attempt(db: Db | Tx, row: ClaimedRow, window: SendWindow): Promise<BlockedBy> {
    const token = row.claimToken;
    if (!(await holdClaim(db, row, { lock: rowLocks }))) {
      log.warn({ outbox: row.id, channel: row.channel }, "outbox sender: another sender has taken this row over; not sending it");
      return null;
    }
    const deliver = opts.deliver[row.channel];
    let outcome: DeliveryOutcome;
    try {
      outcome = deliver ? await deliver(row) : { status: "failed", error: `no deliverer for channel "${row.channel}"` };
    } catch (err) {
      outcome = { status: "retry", error: err instanceof Error ? err.message : String(err) };
    }
    // Failed while stopping (a stop cancels the call it waits on): left claimed, so the next
    // sender to take the lock sends it at once instead of after a backoff.
    if (stopped && outcome.status === "retry") return null;
    // Neither a row put off nor one superseded made a call: the pace is untouched. A row of several calls counts each.
    if (outcome.status !== "later" && outcome.status !== "superseded")
      window.answeredAt(Date.now(), "calls" in outcome && outcome.calls !== undefined ? outcome.calls : 1);
    const at = now();
    switch (outcome.status) {
      case "later":
        await markAttemptFailed(db, row.id, { error: outcome.reason, retryAt: outcome.until, countAttempt: false, claimToken: token });
        return null;
      case "sent":
        await markSent(db, row.id, at, token);
        return null;
      case "superseded":
        await markSuperseded(db, row.id, { reason: outcome.reason, claimToken: token });
        log.info({ outbox: row.id, channel: row.channel, reason: outcome.reason }, "notification superseded: not sent");
        return null;
      case "blocked":
        await markAttemptFailed(db, row.id, { error: outcome.error, retryAt: null, blocked: true, claimToken: token });
        log.info({ outbox: row.id, channel: row.channel }, "recipient blocked the bot: not retrying");
        if (!/^\d+$/.test(row.recipient)) return null;
        return row.channel === "parent" ? "parent" : row.channel === "provider" ? "staff" : null;
      case "failed":
        await markAttemptFailed(db, row.id, { error: outcome.error, retryAt: null, claimToken: token });
        log.warn({ outbox: row.id, channel: row.channel, error: outcome.error }, "notification failed for good");
        return null;
      case "retry": {
        if (outcome.retryAfterMs !== undefined) {
          // Telegram's flood control: pause the whole channel, and do not count the attempt.
          pausedUntil.set(row.channel, Date.now() + outcome.retryAfterMs);
          await markAttemptFailed(db, row.id, {
            error: outcome.error,
            retryAt: new Date(at.getTime() + outcome.retryAfterMs),
            countAttempt: false,
            claimToken: token,
            ...(outcome.payload ? { payload: outcome.payload } : {}),
          });
          log.debug({ outbox: row.id, channel: row.channel, retryAfterMs: outcome.retryAfterMs }, "rate limited: channel paused");
          return null;
        }
        if (at.getTime() - row.createdAt.getTime() >= giveUpAfterMs) {
          const hours = Math.round(giveUpAfterMs / 3_600_000);
          await markAttemptFailed(db, row.id, {
            error: `gave up after ${hours} h (${row.attempts} attempts): ${outcome.error}`,
            retryAt: null,
            claimToken: token,
          });
          log.warn(
            { outbox: row.id, channel: row.channel, attempts: row.attempts, error: outcome.error },
            "notification failed after retries",
          );
          return null;
        }
        const delay = backoffDelay(row.attempts, backoffMs, maxBackoffMs);
        await markAttemptFailed(db, row.id, {
          error: outcome.error,
          retryAt: new Date(at.getTime() + delay),
          claimToken: token,
          ...(outcome.payload ? { payload: outcome.payload } : {}),
        });
        log.debug({ outbox: row.id, channel: row.channel, delay, error: outcome.error }, "notification will be retried");
        return null;
      }
    }
  }

  /**
   * One poll of a lane: claim a batch of its channels and deliver it, one row after another
   * (Telegram rate limits are per bot). Returns the rows claimed, or -1 when another sender holds
   * the sending lock.
   */
  async function pollOnce(lane: Lane): Promise<number> {
    if (stopped || !(await leadingOnce())) return -1;
    const rows = await claimDue(opts.db, { limit: batch, leaseMs, now: now(), email: lane.email });
    for (const row of rows) {
      // A stop waits for the row being sent, not for the rest of the batch: those stay claimed
      // and the next sender to take the lock makes them due at once (reclaimAbandoned).
      if (stopped) break;
      try {
        await handle(row);
      } catch (err) {
        // The database failed while recording the outcome: the lease brings the row back later.
        log.error({ outbox: row.id, error: err }, "could not record a delivery outcome");
      }
    }
    return rows.length;
  }

  /** The lanes' checks of the lock share one call: two at once would take it twice. */
  let leadingCheck: Promise<boolean> | undefined;
  function leadingOnce(): Promise<boolean> {
    leadingCheck ??= leading().finally(() => {
      leadingCheck = undefined;
    });
    return leadingCheck;
  }

  /** Polls are serialized within a lane, so `drain()` and the loop never overlap. */
  function poll(lane: Lane): Promise<number> {
    lane.inFlight = lane.inFlight.catch(() => 0).then(() => pollOnce(lane));
    return lane.inFlight;
  }

  async function loop(lane: Lane): Promise<void> {
    lane.timer = undefined;
    if (stopped) return;
    lane.woken = false;
    let claimed = 0;
    try {
      claimed = await poll(lane);
    } catch (err) {
      log.error({ error: err }, "outbox poll failed; retrying");
    }
    lane.claimed = claimed;
    const next = claimed === batch || (lane.woken && claimed >= 0) ? 0 : claimed < 0 ? standbyPollMs : pollMs;
    if (!stopped) lane.timer = setTimeout(() => void loop(lane), next);
  }

  const autoStart = opts.autoStart !== false;
  if (autoStart) for (const lane of lanes) void loop(lane);

  return {
    async stop() {
      stopped = true;
      for (const lane of lanes) clearTimeout(lane.timer);
      await Promise.all(lanes.map((lane) => lane.inFlight.catch(() => 0)));
      await lock?.release().catch(() => {});
      lock = undefined;
    },
    wake() {
      if (!autoStart || stopped) return;
      for (const lane of lanes) {
        if (lane.claimed < 0) continue;
        if (lane.timer === undefined) lane.woken = true;
        else {
          clearTimeout(lane.timer);
          lane.timer = setTimeout(() => void loop(lane), 0);
        }
      }
    },
    async drain() {
      await Promise.all(
        lanes.map(async (lane) => {
          while ((await poll(lane)) > 0);
        }),
      );
    },
  };
}
