import type { Delivery, Timers } from '../core/notifications/notifier';
import { Notifier } from '../core/notifications/notifier';
import type { Problem } from '../core/notifications/ruleSignals';

/** A clock that moves only when told, with the timers that fire as it passes them. */
export class ManualClock implements Timers {
  private time: number;
  private readonly pending = new Map<number, { at: number; callback: () => void }>();
  private nextHandle = 1;

  constructor(start: number) {
    this.time = start;
  }

  now = (): number => this.time;

  setTimer = (callback: () => void, ms: number): unknown => {
    const handle = this.nextHandle++;
    this.pending.set(handle, { at: this.time + ms, callback });
    return handle;
  };

  clearTimer = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };

  /** Moves the time on, firing each timer due on the way, in order. */
  advance(ms: number): void {
    const end = this.time + ms;
    for (;;) {
      const due = [...this.pending.entries()]
        .filter(([, timer]) => timer.at <= end)
        .sort(([, a], [, b]) => a.at - b.at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = Math.max(this.time, due[1].at);
      due[1].callback();
    }
    this.time = end;
  }
}

/** A notifier on a manual clock that keeps what it delivers; `mutedUntil` as a test sets it. */
export function notifierHarness(start = Date.UTC(2025, 5, 2, 9, 0, 0)) {
  const clock = new ManualClock(start);
  const deliveries: Delivery[] = [];
  const harness = {
    clock,
    deliveries,
    mutedUntil: (_problem: Problem, _now: number): number | null => null,
    notifier: null as unknown as Notifier,
    /** What was delivered, as `fired: title` / `resolved: title` lines. */
    said(): string[] {
      return deliveries.map((delivery) =>
        delivery.type === 'fired'
          ? `fired: ${delivery.notification.title}`
          : `resolved: ${delivery.notification.resolution?.title ?? ''}`,
      );
    },
  };
  harness.notifier = new Notifier({
    now: clock.now,
    timers: clock,
    mutedUntil: (problem, now) => harness.mutedUntil(problem, now),
    deliver: (delivery) => deliveries.push(delivery),
  });
  return harness;
}
