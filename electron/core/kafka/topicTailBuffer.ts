import type { TailEvent, TailMessage } from '../../../shared/kafka/kafkaModel';

export type TailBatch = Extract<TailEvent, { type: 'messages' }>;

/**
 * What a tail holds between Kafka and the page: at most `limit` undelivered messages (the
 * oldest go first, counted as dropped), the running count of messages received, and the
 * arrival rate over the last few seconds.
 */
export class TailBuffer {
  private pending: TailMessage[] = [];
  private received = 0;
  private dropped = 0;
  /** (time, count) of recent arrivals, a slot per 100 ms. */
  private arrivals: { at: number; count: number }[] = [];
  private lastRateSent = 0;

  constructor(
    private readonly limit: number,
    private readonly now: () => number,
    private readonly rateWindowMs = 5000,
  ) {}

  add(message: TailMessage): void {
    this.received += 1;
    const at = this.now();
    const last = this.arrivals.at(-1);
    if (last && at - last.at < 100) last.count += 1;
    else this.arrivals.push({ at, count: 1 });
    this.pending.push(message);
    if (this.pending.length > this.limit) {
      const excess = this.pending.length - this.limit;
      this.pending.splice(0, excess);
      this.dropped += excess;
    }
  }

  /**
   * The next batch for the page, or null when there is nothing to say: no new messages and
   * no change worth sending (a rate that fell to zero is sent once, with no messages).
   */
  take(): TailBatch | null {
    const rate = this.rate();
    if (this.pending.length === 0 && !(rate === 0 && this.lastRateSent > 0)) return null;
    const messages = this.pending;
    this.pending = [];
    this.lastRateSent = rate;
    return {
      type: 'messages',
      messages,
      messagesPerSecond: rate,
      received: this.received,
      dropped: this.dropped,
    };
  }

  /** Messages per second over the window (or since the first arrival in it, but at least a second). */
  private rate(): number {
    const now = this.now();
    this.arrivals = this.arrivals.filter((a) => now - a.at < this.rateWindowMs);
    if (this.arrivals.length === 0) return 0;
    const total = this.arrivals.reduce((sum, a) => sum + a.count, 0);
    const span = Math.max(1000, Math.min(this.rateWindowMs, now - this.arrivals[0]!.at));
    return Math.round((total / span) * 1000 * 10) / 10;
  }
}
