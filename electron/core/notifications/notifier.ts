import type { Notification } from '../../../shared/notifications/notificationModel';
import type { Clearance, Problem, RuleSignal } from './ruleSignals';

/**
 * Turns the rules' signals into notifications: one per rule and thing while its problem holds
 * (however often the rule says it again), at most one fired per rule and thing a minute
 * (Burrow's notifier interval: a flapping group does not page every poll), and its
 * resolution when the problem clears.
 *
 * A problem that cannot be sent yet (its minute is not over, or its subject is muted) is held:
 * it is sent once it may be if it still holds then, and dropped if it clears first. A
 * resolution is always sent for a notification that was: whoever saw the problem must see it
 * end, or a Slack channel or the inbox would show it open for ever.
 */

export type Delivery = { type: 'fired' | 'resolved'; notification: Notification };

export interface Timers {
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface NotifierOptions {
  now: () => number;
  /** When a muted subject may be told again: null when it is not muted, Infinity when muted for good. */
  mutedUntil: (problem: Problem, now: number) => number | null;
  deliver: (delivery: Delivery) => void;
  /** The shortest time between two notifications fired for one rule and thing; default 60 s. */
  intervalMs?: number;
  timers?: Timers;
}

interface Tracked {
  /** The problem as last said, while it holds; null once cleared. */
  problem: Problem | null;
  oneShot: boolean;
  /** The notification fired for it and not yet resolved. */
  sent: Notification | null;
  lastFiredAt: number;
}

const realTimers: Timers = {
  setTimer: (callback, ms) => setTimeout(callback, ms),
  clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class Notifier {
  private readonly tracked = new Map<string, Tracked>();
  private readonly intervalMs: number;
  private readonly timers: Timers;
  private wake: { handle: unknown; at: number } | null = null;
  private sequence = 0;
  private closed = false;

  constructor(private readonly options: NotifierOptions) {
    this.intervalMs = options.intervalMs ?? 60_000;
    this.timers = options.timers ?? realTimers;
  }

  receive(signals: readonly RuleSignal[]): void {
    if (this.closed) return;
    for (const signal of signals) {
      if (signal.type === 'clear') this.clear(signal.clearance);
      else this.hold(signal.problem, signal.type === 'event');
    }
    this.review();
  }

  /** Looks again at what is held: a mute was lifted, or a minute went by. */
  review(): void {
    if (this.closed) return;
    const now = this.options.now();
    let nextAt = Infinity;
    for (const [id, tracked] of this.tracked) {
      const problem = tracked.problem;
      if (problem === null && tracked.sent === null) {
        this.forgetWhenIdle(id, tracked);
        continue;
      }
      if (problem === null || tracked.sent !== null) continue;
      const mutedUntil = this.options.mutedUntil(problem, now);
      const allowedAt = Math.max(tracked.lastFiredAt + this.intervalMs, mutedUntil ?? -Infinity);
      if (allowedAt > now) {
        nextAt = Math.min(nextAt, allowedAt);
        continue;
      }
      this.fire(id, tracked, problem, now);
    }
    this.schedule(nextAt, now);
  }

  close(): void {
    this.closed = true;
    if (this.wake) this.timers.clearTimer(this.wake.handle);
    this.wake = null;
  }

  private hold(problem: Problem, oneShot: boolean): void {
    const id = `${problem.rule}|${problem.subject.key}`;
    const tracked = this.tracked.get(id);
    if (!tracked) {
      this.tracked.set(id, { problem, oneShot, sent: null, lastFiredAt: -Infinity });
      return;
    }
    // Said again while sent: the same problem, deduplicated. Held: its newest words are sent.
    if (tracked.sent === null || tracked.oneShot) {
      tracked.problem = problem;
      tracked.oneShot = oneShot;
    }
  }

  private clear(clearance: Clearance): void {
    const id = `${clearance.rule}|${clearance.key}`;
    const tracked = this.tracked.get(id);
    if (!tracked) return;
    tracked.problem = null;
    if (tracked.sent !== null && !tracked.oneShot) {
      const notification: Notification = {
        ...tracked.sent,
        resolution: { at: clearance.at, title: clearance.title, body: clearance.body },
      };
      tracked.sent = null;
      this.options.deliver({ type: 'resolved', notification });
    }
    this.forgetWhenIdle(id, tracked);
  }

  private fire(id: string, tracked: Tracked, problem: Problem, now: number): void {
    const notification: Notification = {
      id: `${now.toString(36)}-${(this.sequence++).toString(36)}`,
      rule: problem.rule,
      subject: problem.subject,
      severity: problem.severity,
      title: problem.title,
      body: problem.body,
      link: problem.link,
      firedAt: now,
      resolution: null,
    };
    tracked.lastFiredAt = now;
    if (tracked.oneShot) {
      tracked.problem = null;
    } else {
      tracked.sent = notification;
    }
    this.options.deliver({ type: 'fired', notification });
    this.forgetWhenIdle(id, tracked);
  }

  /**
   * Nothing held and nothing sent: kept only while its minute runs, so a rule and thing seen
   * once in a long while do not pile up.
   */
  private forgetWhenIdle(id: string, tracked: Tracked): void {
    if (tracked.problem !== null || tracked.sent !== null) return;
    if (this.options.now() - tracked.lastFiredAt >= this.intervalMs) this.tracked.delete(id);
  }

  private schedule(at: number, now: number): void {
    if (this.wake && this.wake.at === at) return;
    if (this.wake) this.timers.clearTimer(this.wake.handle);
    this.wake = null;
    if (at === Infinity) return;
    const handle = this.timers.setTimer(() => {
      this.wake = null;
      this.review();
    }, at - now);
    this.wake = { handle, at };
  }
}
