import type { LogLine } from '../../../shared/logs/logModel';

/**
 * Between CloudWatch and the page: lines queue here and leave in batches. The queue is
 * bounded; when lines come faster than batches carry them away the oldest are dropped and
 * counted. While paused the queue may grow to a larger backlog, delivered on resume; past
 * that, the oldest are dropped too and counted apart, so the page can say what pausing cost.
 */

export interface TailBufferOptions {
  /** Lines queued at most while running; default 2000. */
  bufferLimit?: number;
  /** Lines held at most while paused; default 10,000. */
  backlogLimit?: number;
  /** Lines per batch at most; default 1000. */
  maxBatchLines?: number;
  now: () => number;
}

export interface TailBatch {
  lines: LogLine[];
  linesPerSecond: number;
  received: number;
  dropped: number;
  excluded: number;
}

const rateWindowMs = 5000;

export class TailBuffer {
  private queue: LogLine[] = [];
  private paused = false;
  /** Backlog lines from a pause still waiting after resume: the running bound does not cut them. */
  private draining = 0;
  private arrivals: Array<{ at: number; count: number }> = [];
  private lastRateSent = 0;
  received = 0;
  dropped = 0;
  droppedWhilePaused = 0;
  excluded = 0;

  constructor(private readonly options: TailBufferOptions) {}

  get backlog(): number {
    return this.paused ? this.queue.length : 0;
  }

  get isPaused(): boolean {
    return this.paused;
  }

  push(lines: readonly LogLine[]): void {
    if (lines.length === 0) return;
    this.received += lines.length;
    const at = this.options.now();
    const last = this.arrivals.at(-1);
    if (last && at - last.at < 100) last.count += lines.length;
    else this.arrivals.push({ at, count: lines.length });
    this.queue.push(...lines);
    const limit = this.paused
      ? (this.options.backlogLimit ?? 10_000)
      : (this.options.bufferLimit ?? 2000) + this.draining;
    if (this.queue.length > limit) {
      const excess = this.queue.length - limit;
      this.queue.splice(0, excess);
      this.dropped += excess;
      if (this.paused) this.droppedWhilePaused += excess;
      this.draining = Math.max(0, this.draining - excess);
    }
  }

  setPaused(paused: boolean): void {
    if (paused === this.paused) return;
    this.paused = paused;
    if (!paused) this.draining = this.queue.length;
  }

  /** The next batch, or null when paused or when there is nothing new to say. */
  take(): TailBatch | null {
    if (this.paused) return null;
    const rate = this.rate();
    if (this.queue.length === 0 && rate === this.lastRateSent) return null;
    const lines = this.queue.splice(0, this.options.maxBatchLines ?? 1000);
    this.draining = Math.max(0, this.draining - lines.length);
    this.lastRateSent = rate;
    return {
      lines,
      linesPerSecond: rate,
      received: this.received,
      dropped: this.dropped,
      excluded: this.excluded,
    };
  }

  /** Lines per second over the last five seconds (or since the first arrival, when sooner). */
  private rate(): number {
    const now = this.options.now();
    this.arrivals = this.arrivals.filter((arrival) => now - arrival.at < rateWindowMs);
    if (this.arrivals.length === 0) return 0;
    const total = this.arrivals.reduce((sum, arrival) => sum + arrival.count, 0);
    const span = Math.max(1000, Math.min(rateWindowMs, now - this.arrivals[0]!.at));
    return Math.round((total / span) * 1000 * 10) / 10;
  }
}
