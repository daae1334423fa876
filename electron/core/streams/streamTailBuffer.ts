/**
 * What a live tail holds between its source (Kafka, CloudWatch Logs) and the page: items queue
 * here and leave in batches. The queue is bounded; when items come faster than batches carry
 * them away the oldest are dropped and counted. While paused the queue may grow to a larger
 * backlog, delivered on resume; past that, the oldest are dropped too and counted apart, so the
 * page can say what pausing cost. Each batch carries the running counts and the arrival rate.
 */

export interface StreamTailBufferOptions {
  /** Items queued at most while running. */
  bufferLimit: number;
  /** Items held at most while paused; default `bufferLimit`. */
  backlogLimit?: number;
  /** Items per batch at most; default all that are queued. */
  maxBatchItems?: number;
  /**
   * With nothing queued, when a new rate alone is worth a batch: at every change, or only
   * once, when the rate falls to zero.
   */
  rateOnlyBatches: 'on-change' | 'on-stop';
  now: () => number;
}

export interface StreamTailBatch<Item> {
  items: Item[];
  /** Arrivals per second over the last five seconds (or since the first arrival, when sooner). */
  perSecond: number;
  received: number;
  dropped: number;
}

const rateWindowMs = 5000;
/** Arrivals this close together share one slot of the rate's record. */
const arrivalSlotMs = 100;

export class StreamTailBuffer<Item> {
  private queue: Item[] = [];
  private paused = false;
  /** Backlog items from a pause still waiting after resume: the running bound does not cut them. */
  private draining = 0;
  private arrivals: { at: number; count: number }[] = [];
  private lastRateSent = 0;
  private receivedCount = 0;
  private droppedCount = 0;
  private droppedWhilePausedCount = 0;

  constructor(private readonly options: StreamTailBufferOptions) {}

  get received(): number {
    return this.receivedCount;
  }

  get dropped(): number {
    return this.droppedCount;
  }

  /** Of `dropped`, those that did not fit the backlog while paused. */
  get droppedWhilePaused(): number {
    return this.droppedWhilePausedCount;
  }

  get backlog(): number {
    return this.paused ? this.queue.length : 0;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  push(items: readonly Item[]): void {
    if (items.length === 0) return;
    this.receivedCount += items.length;
    const at = this.options.now();
    const last = this.arrivals.at(-1);
    if (last && at - last.at < arrivalSlotMs) last.count += items.length;
    else this.arrivals.push({ at, count: items.length });
    this.queue.push(...items);
    const limit = this.paused
      ? (this.options.backlogLimit ?? this.options.bufferLimit)
      : this.options.bufferLimit + this.draining;
    if (this.queue.length > limit) {
      const excess = this.queue.length - limit;
      this.queue.splice(0, excess);
      this.droppedCount += excess;
      if (this.paused) this.droppedWhilePausedCount += excess;
      this.draining = Math.max(0, this.draining - excess);
    }
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (!paused) this.draining = this.queue.length;
  }

  /** The next batch, or null when paused or when there is nothing new to say. */
  take(): StreamTailBatch<Item> | null {
    if (this.paused) return null;
    const rate = this.rate();
    if (this.queue.length === 0 && !this.isRateNews(rate)) return null;
    const items = this.queue.splice(0, this.options.maxBatchItems ?? this.queue.length);
    this.draining = Math.max(0, this.draining - items.length);
    this.lastRateSent = rate;
    return { items, perSecond: rate, received: this.receivedCount, dropped: this.droppedCount };
  }

  private isRateNews(rate: number): boolean {
    return this.options.rateOnlyBatches === 'on-change'
      ? rate !== this.lastRateSent
      : rate === 0 && this.lastRateSent > 0;
  }

  /** Arrivals per second over the window (or since the first arrival in it, but at least a second). */
  private rate(): number {
    const now = this.options.now();
    this.arrivals = this.arrivals.filter((arrival) => now - arrival.at < rateWindowMs);
    if (this.arrivals.length === 0) return 0;
    const total = this.arrivals.reduce((sum, arrival) => sum + arrival.count, 0);
    const span = Math.max(1000, Math.min(rateWindowMs, now - this.arrivals[0]!.at));
    return Math.round((total / span) * 1000 * 10) / 10;
  }
}
