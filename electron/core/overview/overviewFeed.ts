import { deepEqual } from '../../../shared/deepEqual';
import type { FleetSnapshot } from '../../../shared/fleet/fleetModel';
import type { MetricsSnapshot } from '../../../shared/metrics/metricsModel';
import { buildOverview } from '../../../shared/overview/overviewFromData';
import type { Overview } from '../../../shared/overview/overviewModel';

/** A live collection the Overview is computed from: the fleet monitor, or the metrics monitor. */
interface SnapshotSource<Snapshot> {
  snapshot(): Snapshot;
  subscribe(listener: (event: unknown) => void): () => void;
}

type OverviewListener = (overview: Overview) => void;

/**
 * The Overview, computed again whenever the fleet or its metrics change, and told to its
 * listeners only when it reads differently: the fleet's five-second polls mostly change
 * nothing the Overview shows. It follows its sources only while someone listens.
 */
export class OverviewFeed {
  private readonly listeners = new Set<OverviewListener>();
  private current: Overview | null = null;
  private unfollow: (() => void)[] = [];

  constructor(
    private readonly sources: {
      fleet: SnapshotSource<FleetSnapshot>;
      metrics: SnapshotSource<MetricsSnapshot>;
    },
    private readonly onError: (error: unknown) => void,
  ) {}

  /** The Overview as it is now. */
  overview(): Overview {
    return this.current ?? buildOverview(this.sources.fleet.snapshot(), this.sources.metrics.snapshot());
  }

  /** The first call is the Overview as it is now; later ones come only when it changed. */
  subscribe(listener: OverviewListener): () => void {
    this.listeners.add(listener);
    if (this.listeners.size === 1) this.follow();
    listener(this.overview());
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.stopFollowing();
    };
  }

  private follow(): void {
    this.current = this.overview();
    // Each source tells its snapshot at once on subscribing: the Overview is computed once for both.
    let ready = false;
    const changed = () => {
      if (ready) this.recompute();
    };
    this.unfollow = [this.sources.fleet.subscribe(changed), this.sources.metrics.subscribe(changed)];
    ready = true;
  }

  private stopFollowing(): void {
    for (const stop of this.unfollow.splice(0)) stop();
    this.current = null;
  }

  private recompute(): void {
    const next = buildOverview(this.sources.fleet.snapshot(), this.sources.metrics.snapshot());
    if (this.current && deepEqual(this.current, next)) return;
    this.current = next;
    for (const listener of [...this.listeners]) {
      try {
        listener(next);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
