import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyFleetPatch, sortServices } from '../../../shared/fleet/fleetDelta';
import type {
  ClusterStatus,
  FleetPatch,
  FleetSnapshot,
  ServiceSummary,
} from '../../../shared/fleet/fleetModel';
import { fleetWindowRows, type FleetWindowEvent } from '../../../shared/fleet/fleetWindowModel';
import {
  clusterIdOf,
  countedServices,
  type FleetRow,
  type HealthCounts,
} from '../../../shared/fleet/fleetView';
import type { IpcError } from '../../../shared/ipc/result';
import { keyedCollectionKind, mergeCounts, receiveLiveEvent } from '../app/liveCollection';
import { liveWindow, receiveWindowEvent, type LiveWindow } from '../app/liveWindow';
import { fleetWithoutConnection } from './fleetStaleness';

/**
 * The services table's window of the live fleet (shared/fleet/fleetWindow.ts): main sends
 * the rows the table shows and a margin around them, the selected service and its namesakes
 * in other environments, and every cluster's counts; the window part (app/liveWindow.ts) asks
 * for another window as the table moves. Every update keeps the identity of what did not change, so a
 * selector over one service only fires when that service changes.
 */

export interface FleetState extends LiveWindow<FleetRow> {
  /** What deltas apply to; null until the first snapshot. */
  snapshot: FleetSnapshot | null;
  /** The services this page holds: the window's, the selected one and its namesakes. */
  services: ReadonlyMap<string, ServiceSummary>;
  /** By cluster id (clusterIdOf). */
  clusters: ReadonlyMap<string, ClusterStatus>;
  /** Every cluster's counts, over all its services, as main counted them. */
  clusterHealth: ReadonlyMap<string, HealthCounts>;
  /** Why the fleet stream last ended, until the next event arrives. */
  streamError: IpcError | null;
  /** When the last event arrived, on the renderer's clock. */
  lastEventAt: number | null;
  /**
   * The renderer's clock minus main's, measured at each event. Ages ("data 42 s old") are
   * computed on main's clock, which matters when a browser on another machine shows the host.
   */
  mainClockOffsetMs: number;

  receive(event: FleetWindowEvent, receivedAt: number): void;
  setStreamError(error: IpcError | null): void;
  /** While main cannot be reached: marks what outlived its poll interval as stale (see connectionStaleness.ts). */
  markDisconnected(now: number): void;
}

export type FleetStore = StoreApi<FleetState>;

export function createFleetStore(): FleetStore {
  return createStore<FleetState>()((set, get) => {
    const windowPart = liveWindow<FleetRow, FleetState>(set, get, {
      limit: fleetWindowRows,
      itemKeyOfRow: (row) => (row.kind === 'service' ? row.id : null),
    });
    return {
      ...windowPart,
      snapshot: null,
      services: new Map(),
      clusters: new Map(),
      clusterHealth: new Map(),
      streamError: null,
      lastEventAt: null,
      mainClockOffsetMs: 0,

      receive: (event, receivedAt) => {
        const update = withEvent(get(), event, receivedAt, windowPart.placed(event.window));
        if (update) set(update);
      },

      setStreamError: (error) => set({ streamError: error }),

      markDisconnected: (now) => {
        const state = get();
        const stale = state.snapshot && fleetWithoutConnection(state.snapshot, now - state.mainClockOffsetMs);
        if (!stale) return;
        const update = receiveLiveEvent(
          fleetCollection,
          { snapshot: state.snapshot, items: state.services, groups: state.clusters },
          { type: 'snapshot', snapshot: stale },
        );
        if (!update) return;
        set({
          snapshot: update.snapshot,
          services: update.items,
          clusters: update.groups,
          clusterHealth: mergeCounts(
            state.clusterHealth,
            staleCounts(state.clusterHealth, update.groups, stale),
          ),
        });
      },
    };
  });
}

type FleetUpdate = Partial<FleetState>;

export const fleetCollection = keyedCollectionKind<FleetSnapshot, FleetPatch, ServiceSummary, ClusterStatus>({
  itemsOf: (snapshot) => snapshot.services,
  groupsOf: (snapshot) => snapshot.clusters,
  groupKey: (cluster) => clusterIdOf(cluster.environment, cluster.clusterName),
  applyPatch: applyFleetPatch,
  withSortedItems: (snapshot, services) => ({
    ...snapshot,
    services: sortServices(services, snapshot.clusters),
  }),
});

/** The store after an event: services, clusters, counts and rows keep their objects while equal. */
function withEvent(
  state: FleetState,
  event: FleetWindowEvent,
  receivedAt: number,
  placed: Partial<FleetState> | null,
): FleetUpdate | null {
  const update = receiveWindowEvent(
    fleetCollection,
    { snapshot: state.snapshot, items: state.services, groups: state.clusters, counts: state.clusterHealth },
    event,
    receivedAt,
  );
  if (!update) return null;
  const { collection, counts, lastEventAt, mainClockOffsetMs } = update;
  return {
    snapshot: collection.snapshot,
    services: collection.items,
    clusters: collection.groups,
    clusterHealth: counts,
    ...placed,
    streamError: null,
    lastEventAt,
    mainClockOffsetMs,
  };
}

/** Without main, a stale cluster's services all count as stale, whatever main last counted. */
function staleCounts(
  counts: ReadonlyMap<string, HealthCounts>,
  clusters: ReadonlyMap<string, ClusterStatus>,
  withoutConnection: FleetSnapshot,
): Map<string, HealthCounts> {
  const staleIds = new Set(
    withoutConnection.clusters
      .filter((cluster) => cluster.state === 'stale')
      .map((c) => clusterIdOf(c.environment, c.clusterName)),
  );
  const result = new Map<string, HealthCounts>();
  for (const [id, value] of counts) {
    if (!staleIds.has(id) || !clusters.has(id)) {
      result.set(id, value);
      continue;
    }
    result.set(id, { healthy: 0, deploying: 0, degraded: 0, failed: 0, stale: countedServices(value) });
  }
  return result;
}
