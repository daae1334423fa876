import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyFleetPatch, sortServices } from '../../../shared/fleet/fleetDelta';
import type {
  ClusterStatus,
  FleetPatch,
  FleetSnapshot,
  FleetStreamEvent,
  ServiceSummary,
} from '../../../shared/fleet/fleetModel';
import type { IpcError } from '../../../shared/ipc/result';
import { parseFilter } from '../app/filterTerms';
import {
  buildFleetView,
  clusterIdOf,
  countHealthByCluster,
  type FleetRow,
  type HealthCounts,
} from './fleetView';
import { detailSelection, type DetailSelection } from '../app/detailSelection';
import { mergeCounts, receiveLiveEvent, type LiveCollectionKind } from '../app/liveCollection';
import { sameRowIds } from '../app/sameValues';
import { fleetWithoutConnection } from './fleetStaleness';

/**
 * The live fleet as the renderer holds it. Components read it through selectors, and
 * every update keeps the identity of what did not change (a service object, a cluster,
 * the row list), so a selector over one service only fires when that service changes.
 */
export interface FleetState extends DetailSelection {
  /** What deltas apply to; null until the first snapshot. */
  snapshot: FleetSnapshot | null;
  services: ReadonlyMap<string, ServiceSummary>;
  /** By cluster id (clusterIdOf). */
  clusters: ReadonlyMap<string, ClusterStatus>;
  clusterHealth: ReadonlyMap<string, HealthCounts>;
  /** Headers and services in screen order, after the filter; stable unless membership or order changes. */
  rows: readonly FleetRow[];
  /** The services shown, in screen order. */
  visibleServiceKeys: readonly string[];
  filter: string;
  /** Items of the first snapshot still on their way: the table says so until they are all here. */
  arriving: number;
  /** Why the fleet stream last ended, until the next event arrives. */
  streamError: IpcError | null;
  /** When the last event arrived, on the renderer's clock. */
  lastEventAt: number | null;
  /**
   * The renderer's clock minus main's, measured at each event. Ages ("data 42 s old") are
   * computed on main's clock, which matters when a browser on another machine shows the host.
   */
  mainClockOffsetMs: number;

  receive(event: FleetStreamEvent, receivedAt: number): void;
  setStreamError(error: IpcError | null): void;
  setFilter(text: string): void;
  /** While main cannot be reached: marks what outlived its poll interval as stale (see connectionStaleness.ts). */
  markDisconnected(now: number): void;
}

export type FleetStore = StoreApi<FleetState>;

export function createFleetStore(): FleetStore {
  return createStore<FleetState>()((set, get) => ({
    snapshot: null,
    services: new Map(),
    clusters: new Map(),
    clusterHealth: new Map(),
    rows: [],
    visibleServiceKeys: [],
    filter: '',
    arriving: 0,
    streamError: null,
    lastEventAt: null,
    mainClockOffsetMs: 0,

    receive: (event, receivedAt) => {
      const update = withEvent(get(), event, receivedAt);
      if (update) set(update);
    },

    setStreamError: (error) => set({ streamError: error }),

    markDisconnected: (now) => {
      const state = get();
      const stale = state.snapshot && fleetWithoutConnection(state.snapshot, now - state.mainClockOffsetMs);
      const update =
        stale && withEvent(state, { type: 'snapshot', snapshot: stale }, state.lastEventAt ?? now);
      if (update) set(update);
    },

    setFilter: (text) => {
      const state = get();
      if (text === state.filter) return;
      const view = buildFleetView([...state.clusters.values()], state.services.values(), parseFilter(text));
      set({
        filter: text,
        rows: sameRowIds(state.rows, view.rows) ? state.rows : view.rows,
        visibleServiceKeys: view.serviceKeys,
      });
    },

    ...detailSelection(set, get, () => get().visibleServiceKeys),
  }));
}

type FleetUpdate = Pick<
  FleetState,
  | 'snapshot'
  | 'services'
  | 'clusters'
  | 'clusterHealth'
  | 'rows'
  | 'visibleServiceKeys'
  | 'arriving'
  | 'streamError'
  | 'lastEventAt'
  | 'mainClockOffsetMs'
>;

const fleetCollection: LiveCollectionKind<FleetSnapshot, FleetPatch, ServiceSummary, ClusterStatus> = {
  itemsOf: (snapshot) => snapshot.services,
  groupsOf: (snapshot) => snapshot.clusters,
  itemKey: (service) => service.key,
  groupKey: (cluster) => clusterIdOf(cluster.environment, cluster.clusterName),
  itemFreshness: 'observedAt',
  applyPatch: applyFleetPatch,
  namedKeys: (patch) => [
    ...(patch.added ?? []).map((service) => service.key),
    ...(patch.patched ?? []).map((p) => p.key),
  ],
  removedKeys: (patch) => patch.removed ?? [],
  withMoreItems: (snapshot, more) => ({
    ...snapshot,
    services: sortServices([...snapshot.services, ...more], snapshot.clusters),
  }),
};

/**
 * The store after an event: services, clusters and counts keep their objects while equal,
 * and the rows are built again only when services came or went, clusters moved, or a
 * filter is on (a health change can move a service in or out of a filter such as "failed").
 */
function withEvent(state: FleetState, event: FleetStreamEvent, receivedAt: number): FleetUpdate | null {
  const update = receiveLiveEvent(
    fleetCollection,
    { snapshot: state.snapshot, items: state.services, groups: state.clusters },
    event,
  );
  if (!update) return null;
  const filterTerms = parseFilter(state.filter);
  const rebuildView =
    state.snapshot === null ||
    event.type === 'snapshot' ||
    update.membershipChanged ||
    update.groupsMoved ||
    (filterTerms.length > 0 && update.itemsChanged);
  const view = rebuildView
    ? buildFleetView([...update.groups.values()], update.items.values(), filterTerms)
    : null;
  return {
    snapshot: update.snapshot,
    services: update.items,
    clusters: update.groups,
    clusterHealth: update.itemsChanged
      ? mergeCounts(state.clusterHealth, countHealthByCluster(update.items.values()))
      : state.clusterHealth,
    rows: view && !sameRowIds(state.rows, view.rows) ? view.rows : state.rows,
    visibleServiceKeys: view ? view.serviceKeys : state.visibleServiceKeys,
    arriving: update.remaining ?? state.arriving,
    streamError: null,
    lastEventAt: receivedAt,
    mainClockOffsetMs: receivedAt - update.snapshot.generatedAt,
  };
}
