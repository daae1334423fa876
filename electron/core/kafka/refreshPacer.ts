/**
 * When a Kafka cluster's next lag refresh starts. Refreshes start an interval apart, from
 * start to start: a refresh of thousands of groups takes a second or more, and waiting the
 * whole interval after it ended would stretch every interval by that much, and delay by as
 * much every status the refresh judges. A refresh that outlasts its interval is followed by
 * the next after a short pause, so the reader's work never takes the whole CPU. After a
 * failure the interval is the backoff, from the failure on.
 *
 * A refresh can be brought forward (a commit that may have turned a group to ERR): it then
 * starts as soon as that pause since the last start allows.
 */
export class RefreshPacer {
  private startedAt: number | null = null;
  private refreshing = false;
  private soon = false;
  private nextAt = Number.POSITIVE_INFINITY;

  constructor(
    private readonly now: () => number,
    private readonly timer: { schedule(callback: () => void, delayMs: number): void },
    private readonly refresh: () => void,
    /** The least time from one refresh's start to the next's. */
    private readonly pauseMs: number,
  ) {}

  /** A refresh starts now. */
  started(): void {
    this.startedAt = this.now();
    this.refreshing = true;
    this.nextAt = Number.POSITIVE_INFINITY;
  }

  /** The refresh ended: the next one is scheduled, `intervalMs` after this one started (or after now when it failed). */
  ended(intervalMs: number, failed: boolean): void {
    this.refreshing = false;
    const elapsed = this.now() - (this.startedAt ?? this.now());
    const soon = this.soon;
    this.soon = false;
    if (failed) this.scheduleIn(intervalMs);
    else if (soon) this.scheduleIn(Math.max(this.pauseMs - elapsed, 0));
    else this.scheduleIn(Math.max(intervalMs - elapsed, this.pauseMs));
  }

  /** The next refresh starts as soon as the pause allows; one running now is followed by another. */
  bringForward(): void {
    if (this.refreshing) {
      this.soon = true;
      return;
    }
    if (this.nextAt === Number.POSITIVE_INFINITY) return;
    const at = Math.max(this.now(), (this.startedAt ?? 0) + this.pauseMs);
    if (at < this.nextAt) this.scheduleIn(at - this.now());
  }

  private scheduleIn(delayMs: number): void {
    this.nextAt = this.now() + delayMs;
    this.timer.schedule(this.refresh, delayMs);
  }
}
