/**
 * The emulator's event log: everything that happens in chats, in order, for
 * the web chat (long-poll) and the test client (wait for the next bot message).
 */
import type { Message } from "grammy/types";

/** Who wrote a message: a bot through the Bot API, a simulated user, or Telegram itself. */
export type Sender = "bot" | "user" | "service";

/** One observable change in a chat. `message` is the message as it is after the change. */
export type EmulatorEvent =
  | { seq: number; type: "message" | "edit"; chatKey: string; messageId: number; sender: Sender; message: Message }
  | { seq: number; type: "delete"; chatKey: string; messageId: number }
  | {
      seq: number;
      type: "callback_answer";
      chatKey: string;
      messageId: number;
      queryId: string;
      text?: string;
      showAlert: boolean;
      url?: string;
    }
  | { seq: number; type: "chat_action"; chatKey: string; action: string; threadId?: number }
  | { seq: number; type: "directory"; what: "users" | "topics" | "members" };

type Without<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
/** An event before it gets its sequence number. */
export type NewEvent = Without<EmulatorEvent, "seq">;

const KEEP = 5000;

/** An append-only, bounded log with subscribers and long-poll waiting. */
export class EventLog {
  private events: EmulatorEvent[] = [];
  private listeners = new Set<(e: EmulatorEvent) => void>();
  /** Sequence number of the latest event (0 before the first). */
  seq = 0;

  /** Records an event and notifies subscribers synchronously. */
  emit(event: NewEvent): EmulatorEvent {
    const e = { ...event, seq: ++this.seq } as EmulatorEvent;
    this.events.push(e);
    if (this.events.length > KEEP * 1.2) this.events.splice(0, this.events.length - KEEP);
    for (const l of [...this.listeners]) l(e);
    return e;
  }

  /** Events with `seq` greater than `after` still in the log. */
  since(after: number): EmulatorEvent[] {
    const first = this.events.findIndex((e) => e.seq > after);
    return first < 0 ? [] : this.events.slice(first);
  }

  /** Calls `fn` for every future event; returns the unsubscribe function. */
  subscribe(fn: (e: EmulatorEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Resolves with the events after `after` as soon as there are any, or `[]` after `timeoutMs` or on abort. */
  wait(after: number, timeoutMs: number, signal?: AbortSignal): Promise<EmulatorEvent[]> {
    const ready = this.since(after);
    if (ready.length > 0 || timeoutMs <= 0 || signal?.aborted) return Promise.resolve(ready);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unsubscribe();
        signal?.removeEventListener("abort", done);
        resolve(this.since(after));
      };
      const timer = setTimeout(done, timeoutMs);
      const unsubscribe = this.subscribe(() => queueMicrotask(done));
      signal?.addEventListener("abort", done, { once: true });
    });
  }
}
