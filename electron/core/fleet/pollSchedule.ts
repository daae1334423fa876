import { pollCadenceText } from '../../../shared/fleet/pollCadenceText';

/**
 * One cluster's (or one discovery's) polling rhythm: at most one poll in flight, a poll
 * asked for meanwhile runs once more afterwards, and at most one timer waiting.
 */

export interface Timers {
  setTimer: (callback: () => void, ms: number) => unknown;
  clearTimer: (handle: unknown) => void;
}

export class PollSchedule<Outcome> {
  /** Consecutive failed polls, for the backoff. */
  failures = 0;
  /** How long the next timer waits. */
  intervalMs: number;
  private timer: unknown = null;
  private inFlight: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(
    private readonly timers: Timers,
    intervalMs: number,
  ) {
    this.intervalMs = intervalMs;
  }

  /** Neither polling nor waiting to. */
  get idle(): boolean {
    return this.inFlight === null && this.timer === null;
  }

  /**
   * Runs `job` now, or once more after the poll in flight, since that one may have read ECS
   * before whatever prompted this request. `settled` runs after each job that has no rerun
   * queued behind it; `job` and `settled` must not throw.
   */
  run(job: () => Promise<Outcome>, settled: (outcome: Outcome) => void): Promise<void> {
    if (this.inFlight) {
      this.queued ??= this.inFlight.then(() => {
        this.queued = null;
        return this.run(job, settled);
      });
      return this.queued;
    }
    this.cancel();
    const inFlight = job().then((outcome) => {
      this.inFlight = null;
      if (!this.queued) settled(outcome);
    });
    this.inFlight = inFlight;
    return inFlight;
  }

  /** Waits `delayMs` (`intervalMs` unless given), then calls `callback`; replaces a timer already waiting. */
  schedule(callback: () => void, delayMs = this.intervalMs): void {
    this.cancel();
    this.timer = this.timers.setTimer(() => {
      this.timer = null;
      callback();
    }, delayMs);
  }

  cancel(): void {
    if (this.timer !== null) {
      this.timers.clearTimer(this.timer);
      this.timer = null;
    }
  }
}

/**
 * The step the achieved interval is kept in. Timers start polls a few milliseconds apart
 * each time; the header speaks of whole seconds, so those milliseconds would only send the
 * cluster to every window again and again. Rounding up keeps "kept the interval or not"
 * exact, since that bound (shared/fleet/pollCadenceText.ts) is a whole number of steps.
 */
const achievedIntervalStepMs = 100;

/** The time between two polls' starts, up to the next step, so timer jitter alone does not change it. */
export function achievedIntervalOf(elapsedMs: number): number {
  return Math.ceil(Math.round(elapsedMs) / achievedIntervalStepMs) * achievedIntervalStepMs;
}

/**
 * The achieved interval a cluster shows after a poll that started `elapsedMs` after the last
 * one: the one it showed while its header reads the same with either (polls a few hundred
 * milliseconds apart either way are still "polled every 5 s"), so that alone does not send
 * the cluster to every window again; else the new one. The header never says other than
 * what the new interval would make it say.
 */
export function achievedIntervalToShow(
  shown: number | null,
  elapsedMs: number,
  pollIntervalMs: number,
): number {
  const achieved = achievedIntervalOf(elapsedMs);
  if (shown === null) return achieved;
  const header = (achievedIntervalMs: number) =>
    pollCadenceText({ lastSuccessAt: 0, pollIntervalMs, achievedIntervalMs });
  return header(shown) === header(achieved) ? shown : achieved;
}
