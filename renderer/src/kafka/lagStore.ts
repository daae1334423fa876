import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IpcError } from '../../../shared/ipc/result';
import { applyLagPatch, sortLagGroups } from '../../../shared/kafka/lagDelta';
import type {
  GroupLagSummary,
  KafkaClusterStatus,
  LagPatch,
  LagSnapshot,
  LagStreamEvent,
} from '../../../shared/kafka/kafkaModel';
import { parseFilter } from '../../../shared/filterTerms';
import { detailSelection, type DetailSelection } from '../app/detailSelection';
import { mergeCounts, receiveLiveEvent, type LiveCollectionKind } from '../app/liveCollection';
import { sameRowIds, sameStrings } from '../app/sameValues';
import { lagWithoutConnection } from './lagStaleness';
import { defaultLagSort, toggleSort, type LagSort, type LagSortKey } from './lagSort';
import { buildLagView, countSeveritiesByCluster, type GroupSeverityCounts, type LagRow } from './lagRows';

/** A topic to tail, picked in the drill-down or in the tail panel itself. */
export interface TailTarget {
  kafkaCluster: string;
  topic: string;
}

export interface TailPanelState {
  open: boolean;
  /** What the panel starts on; a new request (new id) restarts the panel on its target. */
  request: { id: number; target: TailTarget | null; start: boolean };
}

/**
 * Consumer lag as the renderer holds it. Like the fleet store, every update keeps the
 * identity of what did not change (a group, a cluster status, the row list), so a row's
 * selector fires only when its own group changes.
 */
export interface LagState extends DetailSelection {
  /** What deltas apply to; null until the first snapshot. */
  snapshot: LagSnapshot | null;
  groups: ReadonlyMap<string, GroupLagSummary>;
  /** By Kafka cluster name. */
  clusters: ReadonlyMap<string, KafkaClusterStatus>;
  severityCounts: ReadonlyMap<string, GroupSeverityCounts>;
  /** Cluster headers and groups in screen order, after filter and sort. */
  rows: readonly LagRow[];
  visibleGroupKeys: readonly string[];
  filter: string;
  sort: LagSort;
  tail: TailPanelState;
  /** Groups of the first snapshot still on their way: the table says so until they are all here. */
  arriving: number;
  streamError: IpcError | null;
  /** When the last event arrived, on the renderer's clock. */
  lastEventAt: number | null;
  /** The renderer's clock minus main's, so ages are counted on main's clock. */
  mainClockOffsetMs: number;

  receive(event: LagStreamEvent, receivedAt: number): void;
  setStreamError(error: IpcError | null): void;
  setFilter(text: string): void;
  /** While main cannot be reached: marks what outlived its refresh interval as stale (see connectionStaleness.ts). */
  markDisconnected(now: number): void;
  /** Sorts by `key`, or turns the current sort over when it already is by `key`. */
  sortBy(key: LagSortKey): void;
  /** Opens the tail panel; with a target, on that topic, started. */
  openTail(target?: TailTarget): void;
  closeTail(): void;
}

export type LagStore = StoreApi<LagState>;

export function createLagStore(): LagStore {
  return createStore<LagState>()((set, get) => ({
    snapshot: null,
    groups: new Map(),
    clusters: new Map(),
    severityCounts: new Map(),
    rows: [],
    visibleGroupKeys: [],
    filter: '',
    sort: defaultLagSort,
    tail: { open: false, request: { id: 0, target: null, start: false } },
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
      const stale = state.snapshot && lagWithoutConnection(state.snapshot, now - state.mainClockOffsetMs);
      const update =
        stale && withEvent(state, { type: 'snapshot', snapshot: stale }, state.lastEventAt ?? now);
      if (update) set(update);
    },

    setFilter: (text) => {
      const state = get();
      if (text === state.filter) return;
      set({ filter: text, ...withView(state, state.clusters, state.groups, parseFilter(text), state.sort) });
    },

    sortBy: (key) => {
      const state = get();
      const sort = toggleSort(state.sort, key);
      set({ sort, ...withView(state, state.clusters, state.groups, parseFilter(state.filter), sort) });
    },

    ...detailSelection(set, get, () => get().visibleGroupKeys),

    openTail: (target) => {
      const { tail } = get();
      if (!target) {
        set({ tail: { ...tail, open: true } });
        return;
      }
      set({ tail: { open: true, request: { id: tail.request.id + 1, target, start: true } } });
    },

    closeTail: () => set({ tail: { ...get().tail, open: false } }),
  }));
}

type LagUpdate = Pick<
  LagState,
  | 'snapshot'
  | 'groups'
  | 'clusters'
  | 'severityCounts'
  | 'rows'
  | 'visibleGroupKeys'
  | 'arriving'
  | 'streamError'
  | 'lastEventAt'
  | 'mainClockOffsetMs'
>;

/** The rows for new data, filter or sort, keeping the previous arrays when nothing moved. */
function withView(
  state: LagState,
  clusters: ReadonlyMap<string, KafkaClusterStatus>,
  groups: ReadonlyMap<string, GroupLagSummary>,
  filterTerms: readonly string[],
  sort: LagSort,
): Pick<LagState, 'rows' | 'visibleGroupKeys'> {
  const view = buildLagView(clusters.values(), groups.values(), filterTerms, sort);
  return {
    rows: sameRowIds(state.rows, view.rows) ? state.rows : view.rows,
    visibleGroupKeys: sameStrings(state.visibleGroupKeys, view.groupKeys)
      ? state.visibleGroupKeys
      : view.groupKeys,
  };
}

const lagCollection: LiveCollectionKind<LagSnapshot, LagPatch, GroupLagSummary, KafkaClusterStatus> = {
  itemsOf: (snapshot) => snapshot.groups,
  groupsOf: (snapshot) => snapshot.clusters,
  itemKey: (group) => group.key,
  groupKey: (cluster) => cluster.name,
  itemFreshness: 'observedAt',
  applyPatch: applyLagPatch,
  namedKeys: (patch) => [
    ...(patch.added ?? []).map((group) => group.key),
    ...(patch.patched ?? []).map((p) => p.key),
  ],
  removedKeys: (patch) => patch.removed ?? [],
  withMoreItems: (snapshot, more) => ({
    ...snapshot,
    groups: sortLagGroups([...snapshot.groups, ...more], snapshot.clusters),
  }),
};

/**
 * The store after an event: groups, clusters and counts keep their objects while equal.
 * The rows are built again whenever a group changed, since a lag change can move a group
 * under the current sort, or in or out of a filter.
 */
function withEvent(state: LagState, event: LagStreamEvent, receivedAt: number): LagUpdate | null {
  const update = receiveLiveEvent(
    lagCollection,
    { snapshot: state.snapshot, items: state.groups, groups: state.clusters },
    event,
  );
  if (!update) return null;
  const view =
    update.itemsChanged || update.groupsMoved || state.snapshot === null
      ? withView(state, update.groups, update.items, parseFilter(state.filter), state.sort)
      : { rows: state.rows, visibleGroupKeys: state.visibleGroupKeys };
  return {
    snapshot: update.snapshot,
    groups: update.items,
    clusters: update.groups,
    severityCounts: update.itemsChanged
      ? mergeCounts(state.severityCounts, countSeveritiesByCluster(update.items.values()))
      : state.severityCounts,
    ...view,
    arriving: update.remaining ?? state.arriving,
    streamError: null,
    lastEventAt: receivedAt,
    mainClockOffsetMs: receivedAt - update.snapshot.generatedAt,
  };
}
