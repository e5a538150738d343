/**
 * Pacing for one Telegram bot: Telegram answers 429 when a bot sends more than about 30
 * messages in a second. A send may start once the send `limit` places back has been *answered*
 * more than `windowMs` ago: Telegram counted that one on arrival, which was before its answer,
 * so however late a request travels it can never be the `limit + 1`-th within a window. This
 * keeps the pace at the limit itself (less each call's round trip), not at a guessed margin
 * under it.
 */
export class SendWindow {
  /** When the last `limit` sends were answered, oldest first. */
  private readonly answered: number[] = [];

  /**
   * @param startedAt when this sender starts sending for the bot. A sender that took over may
   * follow one that was sending at the full rate until that moment: the window starts as if it
   * had (one send every `windowMs / limit`, the last one at `startedAt`).
   */
  constructor(
    private readonly limit: number,
    private readonly windowMs: number,
    startedAt: number,
  ) {
    for (let k = limit - 1; k >= 0; k--) this.answered.push(startedAt - (k * windowMs) / limit);
  }

  /** Milliseconds to wait at `now` before the next send may start (0: now). */
  waitMs(now: number): number {
    if (this.answered.length < this.limit) return 0;
    return Math.max(0, Math.ceil(this.answered[0]! + this.windowMs + 1 - now));
  }

  /** A send was answered at `at` (whatever the answer: Telegram counted it); `calls` sends, when it took several. */
  answeredAt(at: number, calls = 1): void {
    for (let i = 0; i < calls; i++) this.answered.push(at);
    while (this.answered.length > this.limit) this.answered.shift();
  }
}
