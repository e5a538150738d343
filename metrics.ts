/**
 * Process metrics for `GET /metrics`, in the Prometheus text format, through prom-client. Each
 * system has a registry of its own (tests start several systems in one process); the Node.js
 * process metrics (CPU, memory, event-loop lag, GC) are registered beside ours.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

/** The metrics of one process. No personal data in any label. */
export class Metrics {
  readonly registry = new Registry();
  readonly updates = new Counter({
    name: "desk_updates_total",
    help: "Telegram updates handled, by bot and outcome",
    labelNames: ["bot", "outcome"] as const,
    registers: [this.registry],
  });
  readonly handlerSeconds = new Histogram({
    name: "desk_update_handler_seconds",
    help: "Time to handle one update, by bot",
    labelNames: ["bot"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [this.registry],
  });
  readonly errors = new Counter({
    name: "desk_errors_total",
    help: "Errors by bot and kind (storage, database, telegram, handler)",
    labelNames: ["bot", "kind"] as const,
    registers: [this.registry],
  });
  readonly pageChecks = new Counter({
    name: "desk_page_checks_total",
    help: "Photos of document pages checked after their answer, by outcome (stored, refused, retry: Telegram did not give the file then)",
    labelNames: ["outcome"] as const,
    registers: [this.registry],
  });
  readonly outbox = new Gauge({
    name: "desk_outbox_rows",
    help: "Outbox rows by status (pending = backlog)",
    labelNames: ["status"] as const,
    registers: [this.registry],
  });
  readonly outboxOldestPending = new Gauge({
    name: "desk_outbox_oldest_pending_seconds",
    help: "Age of the oldest pending outbox row (0: none); notifications failing for 48 h are given up as failed",
    registers: [this.registry],
  });
  readonly rateLimited = new Counter({
    name: "desk_rate_limited_total",
    help: "Updates dropped by the per-user rate limit, by bot",
    labelNames: ["bot"] as const,
    registers: [this.registry],
  });
  readonly calendarYearReady = new Gauge({
    name: "desk_calendar_year_ready",
    help:
      "Working-day calendar by year (this year and, from 1 December, the next): 1 confirmed, " +
      "0.5 present but unconfirmed, 0 missing (deadlines in a missing year cannot be computed)",
    labelNames: ["year"] as const,
    registers: [this.registry],
  });
  /** Called before each scrape to refresh gauges (e.g. the outbox backlog from the database). */
  private collectors: Array<() => Promise<void>> = [];

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  onScrape(collect: () => Promise<void>): void {
    this.collectors.push(collect);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  async render(): Promise<string> {
    await Promise.allSettled(this.collectors.map((c) => c()));
    return this.registry.metrics();
  }
}
