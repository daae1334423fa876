import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyFleetPatch } from '../../../shared/fleet/fleetDelta';
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
  sameHealthCounts,
  sameRows,
  type FleetRow,
  type HealthCounts,
} from './fleetView';
import { detailSelection, type DetailSelection } from '../app/detailSelection';
import { keepUnchanged, sameKeys } from '../app/sameValues';
import { receiveSnapshotOrDelta } from '../app/snapshotDeltaEvents';
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
    streamError: null,
    lastEventAt: null,
    mainClockOffsetMs: 0,

    receive: receiveSnapshotOrDelta(get, set, withSnapshot, withDelta),

    setStreamError: (error) => set({ streamError: error }),

    markDisconnected: (now) => {
      const state = get();
      const stale = state.snapshot && fleetWithoutConnection(state.snapshot, now - state.mainClockOffsetMs);
      if (stale) set(withSnapshot(state, stale, state.lastEventAt ?? now));
    },

    setFilter: (text) => {
      const state = get();
      if (text === state.filter) return;
      const view = buildFleetView([...state.clusters.values()], state.services.values(), parseFilter(text));
      set({
        filter: text,
        rows: sameRows(state.rows, view.rows) ? state.rows : view.rows,
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
  | 'streamError'
  | 'lastEventAt'
  | 'mainClockOffsetMs'
>;

/**
 * A snapshot replaces everything, but a service that arrives unchanged (the usual case
 * after the stream re-subscribes) keeps its old object, so its row does not re-render.
 */
function withSnapshot(state: FleetState, snapshot: FleetSnapshot, receivedAt: number): FleetUpdate {
  const services = keepUnchanged(state.services, snapshot.services, (service) => service.key);
  const clusters = mergeClusters(state.clusters, snapshot.clusters);
  const view = buildFleetView([...clusters.values()], services.values(), parseFilter(state.filter));
  return {
    snapshot: { ...snapshot, services: [...services.values()], clusters: [...clusters.values()] },
    services,
    clusters,
    clusterHealth: mergeHealthCounts(state.clusterHealth, countHealthByCluster(services.values())),
    rows: sameRows(state.rows, view.rows) ? state.rows : view.rows,
    visibleServiceKeys: view.serviceKeys,
    streamError: null,
    lastEventAt: receivedAt,
    mainClockOffsetMs: receivedAt - snapshot.generatedAt,
  };
}

/**
 * Only the services the patch names get new objects; every other row keeps its identity.
 * Applying the patch also moves the observedAt of services that follow their polled
 * cluster, which renews their objects in `snapshot` (what the next patch applies to); the
 * rows keep the old ones, since the table does not show observedAt and whoever needs the
 * freshness reads it from the cluster status.
 */
function withDelta(
  state: FleetState,
  snapshot: FleetSnapshot,
  delta: FleetPatch,
  receivedAt: number,
): FleetUpdate {
  const next = applyFleetPatch(snapshot, delta);
  const changed = new Set([...delta.added.map((service) => service.key), ...delta.patched.map((p) => p.key)]);
  const servicesChanged = changed.size > 0 || delta.removed.length > 0;

  let services = state.services;
  let membershipChanged = delta.removed.some((key) => state.services.has(key));
  if (servicesChanged) {
    const updated = new Map<string, ServiceSummary>();
    for (const service of next.services) {
      const previous = state.services.get(service.key);
      if (!previous) membershipChanged = true;
      updated.set(service.key, previous && !changed.has(service.key) ? previous : service);
    }
    services = updated;
  }

  const clusters = mergeClusters(state.clusters, next.clusters);
  const clustersChanged = !sameKeys(state.clusters, clusters);
  const filterTerms = parseFilter(state.filter);
  // A health change can move a service in or out of a filter such as "failed".
  const rebuildView = membershipChanged || clustersChanged || (filterTerms.length > 0 && servicesChanged);
  const view = rebuildView ? buildFleetView([...clusters.values()], services.values(), filterTerms) : null;

  return {
    snapshot: next,
    services,
    clusters,
    clusterHealth: servicesChanged
      ? mergeHealthCounts(state.clusterHealth, countHealthByCluster(services.values()))
      : state.clusterHealth,
    rows: view && !sameRows(state.rows, view.rows) ? view.rows : state.rows,
    visibleServiceKeys: view ? view.serviceKeys : state.visibleServiceKeys,
    streamError: null,
    lastEventAt: receivedAt,
    mainClockOffsetMs: receivedAt - delta.generatedAt,
  };
}

function mergeClusters(
  previous: ReadonlyMap<string, ClusterStatus>,
  incoming: readonly ClusterStatus[],
): ReadonlyMap<string, ClusterStatus> {
  return keepUnchanged(previous, incoming, (cluster) =>
    clusterIdOf(cluster.environment, cluster.clusterName),
  );
}

function mergeHealthCounts(
  previous: ReadonlyMap<string, HealthCounts>,
  counted: Map<string, HealthCounts>,
): ReadonlyMap<string, HealthCounts> {
  for (const [id, counts] of counted) {
    const old = previous.get(id);
    if (old && sameHealthCounts(old, counts)) counted.set(id, old);
  }
  return counted;
}
