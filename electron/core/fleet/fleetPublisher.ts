import { diffFleet, isFleetDeltaEmpty } from '../../../shared/fleet/fleetDelta';
import type { FleetEvent, FleetSnapshot } from '../../../shared/fleet/fleetModel';
import type { Timers } from './pollSchedule';

/**
 * What the fleet's subscribers are sent: the snapshot first, then only what changed. The
 * fleet is rebuilt and diffed once per round of polls rather than after each cluster's poll:
 * a poll that finishes while others are still in flight waits for them, or for `waitMs` at
 * most, so one slow cluster does not hold the others' news back for long.
 */

export type FleetListener = (event: FleetEvent) => void;

export interface FleetPublisherOptions {
  build: () => FleetSnapshot;
  timers: Timers;
  waitMs: number;
  onError: (error: unknown) => void;
}

export class FleetPublisher {
  private readonly listeners = new Set<FleetListener>();
  private published: FleetSnapshot;
  private pollsInFlight = 0;
  private pending: { done: Promise<void>; resolve: () => void; timer: unknown } | null = null;
  private closed = false;

  constructor(private readonly options: FleetPublisherOptions) {
    this.published = options.build();
  }

  snapshot(): FleetSnapshot {
    return this.published;
  }

  subscribe(listener: FleetListener): () => void {
    this.listeners.add(listener);
    this.deliver(listener, { type: 'snapshot', snapshot: this.published });
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** A poll started; what it finds is published with whatever else finishes alongside it. */
  pollStarted(): void {
    this.pollsInFlight += 1;
  }

  pollFinished(): void {
    this.pollsInFlight -= 1;
  }

  /**
   * Publishes once no poll is in flight (or after `waitMs`), and resolves after that
   * publication, so whoever awaits a poll sees its result published.
   */
  publishSoon(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (this.pollsInFlight === 0) {
      this.settlePending();
      this.publish();
      return Promise.resolve();
    }
    if (!this.pending) {
      let resolve = () => {};
      const done = new Promise<void>((settle) => (resolve = settle));
      const timer = this.options.timers.setTimer(() => {
        this.settlePending();
        this.publish();
      }, this.options.waitMs);
      this.pending = { done, resolve, timer };
    }
    return this.pending.done;
  }

  /**
   * Sends every subscriber the whole fleet as it is now, for a change a delta cannot carry:
   * clusters that are no longer watched.
   */
  republish(): void {
    if (this.closed) return;
    this.settlePending();
    this.published = this.options.build();
    for (const listener of [...this.listeners])
      this.deliver(listener, { type: 'snapshot', snapshot: this.published });
  }

  /** Nothing is published from now on, and nobody is left waiting for a publication. */
  close(): void {
    this.closed = true;
    this.settlePending();
  }

  reopen(): void {
    this.closed = false;
  }

  private settlePending(): void {
    const pending = this.pending;
    if (!pending) return;
    this.pending = null;
    this.options.timers.clearTimer(pending.timer);
    pending.resolve();
  }

  private publish(): void {
    if (this.closed) return;
    const next = this.options.build();
    const delta = diffFleet(this.published, next);
    if (isFleetDeltaEmpty(delta)) return;
    this.published = next;
    for (const listener of [...this.listeners]) this.deliver(listener, { type: 'delta', delta });
  }

  private deliver(listener: FleetListener, event: FleetEvent): void {
    try {
      listener(event);
    } catch (error) {
      this.options.onError(error);
    }
  }
}
