import type { WindowRequest } from '../../../shared/live/windowedStream';

/** What a monitor publishes, in the shape the fleet and the lag share. */
type MonitorEventOf<Snapshot, Delta> =
  { type: 'snapshot'; snapshot: Snapshot } | { type: 'delta'; delta: Delta };

/** How one collection's main side is run: its window encoder, and its in-process deltas. */
export interface WindowedMainKind<Snapshot, Delta extends { generatedAt: number }, Event> {
  encoder(
    request: WindowRequest,
    current: () => Snapshot,
  ): (event: MonitorEventOf<Snapshot, Delta>) => Event[];
  diff(previous: Snapshot, next: Snapshot): Delta;
  apply(snapshot: Snapshot, delta: Delta): Snapshot;
}

/**
 * Main's side of one windowed subscription, as the handlers run it, for the stores' tests:
 * the published collection and an encoder for the store's request of the moment. `publish`
 * and `publishDelta` are the monitor's next publication; `resubscribe` is what the page's
 * stream does when its request changes.
 */
export class WindowedMain<Snapshot, Delta extends { generatedAt: number }, Event> {
  private encode: ((event: MonitorEventOf<Snapshot, Delta>) => Event[]) | null = null;

  constructor(
    private readonly kind: WindowedMainKind<Snapshot, Delta, Event>,
    private published: Snapshot,
    private readonly store: {
      getState(): { request: WindowRequest; receive(event: Event, receivedAt: number): void };
    },
    private readonly receivedAt: number,
  ) {}

  resubscribe(receivedAt = this.receivedAt): void {
    this.encode = this.kind.encoder(this.store.getState().request, () => this.published);
    this.deliver(this.encode({ type: 'snapshot', snapshot: this.published }), receivedAt);
  }

  /** Publishes `next`; returns how many events the page was sent. */
  publish(next: Snapshot, receivedAt?: number): number {
    return this.publishDelta(this.kind.diff(this.published, next), receivedAt);
  }

  publishDelta(delta: Delta, receivedAt = delta.generatedAt): number {
    this.published = this.kind.apply(this.published, delta);
    if (!this.encode) throw new Error('nothing subscribed');
    const events = this.encode({ type: 'delta', delta });
    this.deliver(events, receivedAt);
    return events.length;
  }

  private deliver(events: readonly Event[], receivedAt: number): void {
    for (const event of events) this.store.getState().receive(event, receivedAt);
  }
}
