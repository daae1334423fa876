import { createStore, type StoreApi } from 'zustand/vanilla';
import { applyFleetPatch, sortServices } from '../../../shared/fleet/fleetDelta';
import type {
  ClusterStatus,
  FleetPatch,
  FleetSnapshot,
  ServiceSummary,
} from '../../../shared/fleet/fleetModel';
import {
  fleetWindowRows,
  type FleetWindowEvent,
  type FleetWindowPlacement,
} from '../../../shared/fleet/fleetWindow';
import { clusterIdOf, type FleetRow, type HealthCounts } from '../../../shared/fleet/fleetView';
import type { WindowRequest } from '../../../shared/live/windowedStream';
import type { IpcError } from '../../../shared/ipc/result';
import { detailSelection, type DetailSelection } from '../app/detailSelection';
import { mergeCounts, receiveLiveEvent, type LiveCollectionKind } from '../app/liveCollection';
import { moveSelection } from '../app/selectionMovement';
import { sameRowIds, sameStrings } from '../app/sameValues';
import { fleetWithoutConnection } from './fleetStaleness';

/**
 * The services table's window of the live fleet (shared/fleet/fleetWindow.ts): main sends
 * the rows the table shows and a margin around them, the selected service and its namesakes
 * in other environments, and every cluster's counts; the store asks for another window when
 * the table scrolls near an edge of this one, when the filter changes, or when a service
 * outside it is opened. Every update keeps the identity of what did not change, so a
 * selector over one service only fires when that service changes.
 */

/** The table asks for a new window when what it shows comes this close to an edge of the one it has. */
const windowMargin = 40;

export interface FleetState extends DetailSelection {
  /** What deltas apply to; null until the first snapshot. */
  snapshot: FleetSnapshot | null;
  /** The services this page holds: the window's, the selected one and its namesakes. */
  services: ReadonlyMap<string, ServiceSummary>;
  /** By cluster id (clusterIdOf). */
  clusters: ReadonlyMap<string, ClusterStatus>;
  /** Every cluster's counts, over all its services, as main counted them. */
  clusterHealth: ReadonlyMap<string, HealthCounts>;
  /** The window's headers and services in screen order; stable unless its membership or order changes. */
  rows: readonly FleetRow[];
  /** Where `rows` starts among all rows after the filter. */
  rowOffset: number;
  /** All rows after the filter, headers included: the table's scroll height. */
  rowTotal: number;
  /** Services after the filter, in the whole fleet. */
  matchedServices: number;
  /** The window's services, in screen order. */
  visibleServiceKeys: readonly string[];
  filter: string;
  /** What the page asks main for; the stream subscribes again when it changes. */
  request: WindowRequest;
  /** The request main's last snapshot answered: what the page holds is the answer to it. */
  answered: WindowRequest | null;
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
  /** Main's snapshot just taken answers `request`. */
  answeredBy(request: WindowRequest): void;
  setStreamError(error: IpcError | null): void;
  setFilter(text: string): void;
  /** The table shows rows `first` to `last` (indexes among all rows): asks for another window near an edge. */
  showRows: (first: number, last: number) => void;
  /** While main cannot be reached: marks what outlived its poll interval as stale (see connectionStaleness.ts). */
  markDisconnected(now: number): void;
}

export type FleetStore = StoreApi<FleetState>;

export function createFleetStore(): FleetStore {
  return createStore<FleetState>()((set, get) => {
    /** Home and End go to the fleet's ends: past this window's, they wait for that window. */
    let pendingEnd: 'first' | 'last' | null = null;
    const selection = detailSelection(set, get, () => get().visibleServiceKeys);
    /**
     * Asks main for the window with `change`, holding the selected service. A window placed
     * around a revealed service stays where main placed it until the table moves it.
     */
    const ask = (change: Partial<WindowRequest>) => {
      const { request, selectedKey, rowOffset } = get();
      const next: WindowRequest = {
        ...request,
        ...(request.reveal === undefined ? {} : { offset: rowOffset }),
        ...change,
        pinned: selectedKey === null ? [] : [selectedKey],
      };
      if (!('reveal' in change)) delete next.reveal;
      if (!sameRequest(request, next)) set({ request: next });
    };
    return {
      snapshot: null,
      services: new Map(),
      clusters: new Map(),
      clusterHealth: new Map(),
      rows: [],
      rowOffset: 0,
      rowTotal: 0,
      matchedServices: 0,
      visibleServiceKeys: [],
      filter: '',
      request: { filter: '', offset: 0, limit: fleetWindowRows, pinned: [] },
      answered: null,
      streamError: null,
      lastEventAt: null,
      mainClockOffsetMs: 0,

      receive: (event, receivedAt) => {
        const update = withEvent(get(), event, receivedAt);
        if (!update) return;
        set(update);
        if (pendingEnd !== null && event.window) {
          const end = pendingEnd;
          pendingEnd = null;
          set({ selectedKey: moveSelection(get().visibleServiceKeys, get().selectedKey, end) });
        }
      },

      answeredBy: (request) => set({ answered: request }),

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

      setFilter: (text) => {
        if (text === get().filter) return;
        set({ filter: text });
        ask({ filter: text, offset: 0 });
      },

      showRows: (first, last) => {
        const { rowOffset, rows, rowTotal, request } = get();
        const end = rowOffset + rows.length;
        const nearStart = rowOffset > 0 && first < rowOffset + windowMargin;
        const nearEnd = end < rowTotal && last > end - windowMargin;
        if (!nearStart && !nearEnd) return;
        // The shown rows go a third of the way into the new window, whichever way the table moves.
        const offset = Math.max(0, first - Math.floor((request.limit - (last - first)) / 3));
        if (offset !== request.offset || request.reveal !== undefined) ask({ offset });
      },

      ...selection,
      select: (key) => {
        selection.select(key);
        ask({});
      },
      move: (move) => {
        const { rowOffset, rows, rowTotal, request } = get();
        if (move === 'first' && rowOffset > 0) {
          pendingEnd = 'first';
          ask({ offset: 0 });
          return;
        }
        if (move === 'last' && rowOffset + rows.length < rowTotal) {
          pendingEnd = 'last';
          ask({ offset: Math.max(0, rowTotal - request.limit) });
          return;
        }
        selection.move(move);
        ask({});
      },
      openDetail: (key) => {
        selection.openDetail(key);
        const { selectedKey, visibleServiceKeys } = get();
        // A service opened from elsewhere (a link, the palette) that this window lacks: the window moves to it.
        if (selectedKey !== null && !visibleServiceKeys.includes(selectedKey)) ask({ reveal: selectedKey });
        else ask({});
      },
    };
  });
}

function sameRequest(a: WindowRequest, b: WindowRequest): boolean {
  return (
    a.filter === b.filter &&
    a.offset === b.offset &&
    a.limit === b.limit &&
    a.reveal === b.reveal &&
    sameStrings(a.pinned, b.pinned)
  );
}

type FleetUpdate = Pick<
  FleetState,
  | 'snapshot'
  | 'services'
  | 'clusters'
  | 'clusterHealth'
  | 'rows'
  | 'rowOffset'
  | 'rowTotal'
  | 'matchedServices'
  | 'visibleServiceKeys'
  | 'streamError'
  | 'lastEventAt'
  | 'mainClockOffsetMs'
>;

export const fleetCollection: LiveCollectionKind<FleetSnapshot, FleetPatch, ServiceSummary, ClusterStatus> = {
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

/** The store after an event: services, clusters, counts and rows keep their objects while equal. */
function withEvent(state: FleetState, event: FleetWindowEvent, receivedAt: number): FleetUpdate | null {
  const update = receiveLiveEvent(
    fleetCollection,
    { snapshot: state.snapshot, items: state.services, groups: state.clusters },
    event.type === 'snapshot' ? { type: 'snapshot', snapshot: event.snapshot } : event,
  );
  if (!update) return null;
  const placement = event.window;
  const counts = event.counts;
  let clusterHealth = state.clusterHealth;
  if (counts) {
    const counted = new Map(event.type === 'snapshot' ? [] : state.clusterHealth);
    for (const { group, counts: value } of counts) counted.set(group, value);
    clusterHealth = mergeCounts(state.clusterHealth, counted);
  }
  return {
    snapshot: update.snapshot,
    services: update.items,
    clusters: update.groups,
    clusterHealth,
    ...(placement ? placed(state, placement) : placedAsBefore(state)),
    streamError: null,
    lastEventAt: receivedAt,
    mainClockOffsetMs: receivedAt - update.snapshot.generatedAt,
  };
}

function placed(
  state: FleetState,
  placement: FleetWindowPlacement,
): Pick<FleetState, 'rows' | 'rowOffset' | 'rowTotal' | 'matchedServices' | 'visibleServiceKeys'> {
  const rows = sameRowIds(state.rows, placement.rows) ? state.rows : placement.rows;
  return {
    rows,
    rowOffset: placement.offset,
    rowTotal: placement.total,
    matchedServices: placement.matched,
    visibleServiceKeys:
      rows === state.rows
        ? state.visibleServiceKeys
        : rows.filter((row) => row.kind === 'service').map((row) => row.id),
  };
}

function placedAsBefore(
  state: FleetState,
): Pick<FleetState, 'rows' | 'rowOffset' | 'rowTotal' | 'matchedServices' | 'visibleServiceKeys'> {
  const { rows, rowOffset, rowTotal, matchedServices, visibleServiceKeys } = state;
  return { rows, rowOffset, rowTotal, matchedServices, visibleServiceKeys };
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
    const total = value.healthy + value.deploying + value.degraded + value.failed + value.stale;
    result.set(id, { healthy: 0, deploying: 0, degraded: 0, failed: 0, stale: total });
  }
  return result;
}
