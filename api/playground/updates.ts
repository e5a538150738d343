/**
 * One bot's update queue, consumed either by getUpdates long polling or by
 * webhook delivery, with Telegram's rules: offset confirms earlier updates,
 * a second poller (or setWebhook) terminates the first with 409, getUpdates is
 * refused while a webhook is set, and an undeliverable webhook keeps its updates pending.
 */
import type { Update } from "grammy/types";
import { ApiError } from "./errors.ts";

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An update before it gets its update_id. */
export type NewUpdate = Without<Update, "update_id">;

/** A webhook as stored by setWebhook. */
export interface Webhook {
  url: string;
  secretToken?: string;
  maxConnections: number;
  allowedUpdates?: string[];
  lastErrorDate?: number;
  lastErrorMessage?: string;
}

/** Called with a webhook response body that is itself a method call (webhook reply). */
export type WebhookReplyHandler = (call: Record<string, unknown>) => Promise<void>;

const conflict = (description: string) => new ApiError(409, `Conflict: ${description}`);

/** The pending updates of one bot and whoever is waiting for them. */
export class UpdateQueue {
  private pending: Update[] = [];
  private nextId: number;
  private wake = new Set<() => void>();
  /** Ends the long poll waiting now with 409 `description`. */
  private endActivePoll: ((description: string) => void) | undefined;
  private delivering = false;
  private allowed: string[] | undefined;
  webhook: Webhook | undefined;
  onWebhookReply: WebhookReplyHandler | undefined;

  constructor(firstUpdateId: number) {
    this.nextId = firstUpdateId;
  }

  /** The id the next update gets. */
  get nextUpdateId(): number {
    return this.nextId;
  }

  /** Never hands out an id below `id` (ids stay unique across restarts). */
  skipTo(id: number): void {
    this.nextId = Math.max(this.nextId, id);
  }

  /** Number of updates not yet confirmed. */
  get pendingCount(): number {
    return this.pending.length;
  }

  /** Queues an update (skipping types excluded by allowed_updates) and wakes the poller or the webhook. */
  push(update: NewUpdate): void {
    const type = Object.keys(update)[0] ?? "";
    const allowed = this.webhook?.allowedUpdates ?? this.allowed;
    if (allowed && allowed.length > 0 && !allowed.includes(type)) return;
    this.pending.push({ update_id: this.nextId++, ...update } as Update);
    for (const w of [...this.wake]) w();
    if (this.webhook) void this.deliver();
  }

  /** getUpdates: confirms updates below `offset`, then returns up to `limit`, waiting up to `timeoutSec`. */
  async poll(opts: {
    offset?: number;
    limit?: number;
    timeoutSec?: number;
    allowedUpdates?: string[];
    signal?: AbortSignal;
  }): Promise<Update[]> {
    if (this.webhook) throw conflict("can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first");
    if (opts.allowedUpdates) this.allowed = opts.allowedUpdates;
    this.endActivePoll?.("terminated by other getUpdates request; make sure that only one bot instance is running");
    const offset = opts.offset ?? 0;
    if (offset > 0) this.pending = this.pending.filter((u) => u.update_id >= offset);
    else if (offset < 0) this.pending = this.pending.slice(offset);
    const limit = Math.min(Math.max(opts.limit ?? 100, 1), 100);
    const timeoutMs = Math.min(Math.max(opts.timeoutSec ?? 0, 0), 50) * 1000;
    if (this.pending.length === 0 && timeoutMs > 0 && !opts.signal?.aborted) {
      const terminated = await new Promise<string | undefined>((resolve) => {
        const finish = (byOther: string | undefined) => {
          clearTimeout(timer);
          this.wake.delete(onUpdate);
          opts.signal?.removeEventListener("abort", onAbort);
          if (this.endActivePoll === onOther) this.endActivePoll = undefined;
          resolve(byOther);
        };
        const onUpdate = () => finish(undefined);
        const onAbort = () => finish(undefined);
        const onOther = (description: string) => finish(description);
        const timer = setTimeout(() => finish(undefined), timeoutMs);
        this.wake.add(onUpdate);
        this.endActivePoll = onOther;
        opts.signal?.addEventListener("abort", onAbort, { once: true });
      });
      if (terminated) throw conflict(terminated);
    }
    return this.pending.slice(0, limit);
  }

  /** setWebhook: from now on updates are POSTed to `webhook.url`. */
  setWebhook(webhook: Webhook, dropPending: boolean): void {
    if (dropPending) this.pending = [];
    this.webhook = webhook;
    this.endActivePoll?.("terminated by setWebhook request");
    void this.deliver();
  }

  /** deleteWebhook: back to getUpdates; pending updates stay unless dropped. */
  deleteWebhook(dropPending: boolean): void {
    this.webhook = undefined;
    if (dropPending) this.pending = [];
  }

  /** POSTs pending updates one by one, in order; on failure keeps them and retries with a growing pause. */
  private async deliver(): Promise<void> {
    if (this.delivering) return;
    this.delivering = true;
    let pause = 100;
    try {
      while (this.webhook && this.pending.length > 0) {
        const hook = this.webhook;
        const update = this.pending[0]!;
        try {
          const res = await fetch(hook.url, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              ...(hook.secretToken ? { "x-telegram-bot-api-secret-token": hook.secretToken } : {}),
            },
            body: JSON.stringify(update),
            signal: AbortSignal.timeout(60_000),
          });
          if (!res.ok) throw new Error(`Wrong response from the webhook: ${res.status} ${res.statusText}`);
          const text = await res.text();
          if (this.pending[0] === update) this.pending.shift();
          pause = 100;
          await this.handleReply(text);
        } catch (e) {
          hook.lastErrorDate = Math.floor(Date.now() / 1000);
          hook.lastErrorMessage = (e as Error).message;
          await new Promise((r) => setTimeout(r, pause));
          pause = Math.min(pause * 2, 5000);
        }
      }
    } finally {
      this.delivering = false;
    }
  }

  private async handleReply(text: string): Promise<void> {
    if (!text.trim() || !this.onWebhookReply) return;
    try {
      const body = JSON.parse(text) as unknown;
      if (body && typeof body === "object" && "method" in body) await this.onWebhookReply(body as Record<string, unknown>);
    } catch {
      // A webhook answering something other than a method call is fine: Telegram ignores the body.
    }
  }
}
