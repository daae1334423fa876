import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IpcError } from '../../../shared/ipc/result';
import { applyLagPatch } from '../../../shared/kafka/lagDelta';
import type {
  GroupLagSummary,
  KafkaClusterStatus,
  LagPatch,
  LagSnapshot,
  LagStreamEvent,
} from '../../../shared/kafka/kafkaModel';
import { parseFilter } from '../app/filterTerms';
import { detailSelection, type DetailSelection } from '../app/detailSelection';
import { deepEqual } from '../../../shared/deepEqual';
import { keepUnchanged, sameEntries, sameKeys, sameStrings } from '../app/sameValues';
import { receiveSnapshotOrDelta } from '../app/snapshotDeltaEvents';
import { lagWithoutConnection } from './lagStaleness';
import { defaultLagSort, toggleSort, type LagSort, type LagSortKey } from './lagSort';
import {
  buildLagView,
  countSeveritiesByCluster,
  sameLagRows,
  sameSeverityCounts,
  type GroupSeverityCounts,
  type LagRow,
} from './lagRows';

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
    streamError: null,
    lastEventAt: null,
    mainClockOffsetMs: 0,

    receive: receiveSnapshotOrDelta(get, set, withSnapshot, withDelta),

    setStreamError: (error) => set({ streamError: error }),

    markDisconnected: (now) => {
      const state = get();
      const stale = state.snapshot && lagWithoutConnection(state.snapshot, now - state.mainClockOffsetMs);
      if (stale) set(withSnapshot(state, stale, state.lastEventAt ?? now));
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
    rows: sameLagRows(state.rows, view.rows) ? state.rows : view.rows,
    visibleGroupKeys: sameStrings(state.visibleGroupKeys, view.groupKeys)
      ? state.visibleGroupKeys
      : view.groupKeys,
  };
}

/** A snapshot replaces everything; a group that arrives unchanged keeps its old object. */
function withSnapshot(state: LagState, snapshot: LagSnapshot, receivedAt: number): LagUpdate {
  const groups = keepUnchanged(state.groups, snapshot.groups, (group) => group.key);
  return withData(state, snapshot, groups, mergeClusters(state.clusters, snapshot.clusters), receivedAt);
}

/**
 * Only the groups a patch names can get new objects, and only when they changed; every
 * other group keeps its identity. Applying the patch also moves the observedAt of groups
 * that follow their refreshed cluster, renewing their objects in `snapshot` (what the next
 * patch applies to); the rows keep the old ones, since nothing on screen reads a group's
 * observedAt: its cluster's status says how fresh it is.
 */
function withDelta(state: LagState, snapshot: LagSnapshot, delta: LagPatch, receivedAt: number): LagUpdate {
  const next = applyLagPatch(snapshot, delta);
  const changed = new Set([...delta.added.map((group) => group.key), ...delta.patched.map((p) => p.key)]);
  let groups = state.groups;
  if (changed.size > 0 || delta.removed.length > 0) {
    const updated = new Map<string, GroupLagSummary>();
    for (const group of next.groups) {
      const previous = state.groups.get(group.key);
      const keep = previous && (!changed.has(group.key) || deepEqual(previous, group));
      updated.set(group.key, keep ? previous : group);
    }
    groups = sameEntries(state.groups, updated) ? state.groups : updated;
  }
  return withData(state, next, groups, mergeClusters(state.clusters, next.clusters), receivedAt);
}

function withData(
  state: LagState,
  snapshot: LagSnapshot,
  groups: ReadonlyMap<string, GroupLagSummary>,
  clusters: ReadonlyMap<string, KafkaClusterStatus>,
  receivedAt: number,
): LagUpdate {
  const groupsChanged = groups !== state.groups;
  // A lag change can move a group under the current sort, or in or out of a filter.
  const view =
    groupsChanged || !sameKeys(state.clusters, clusters) || state.snapshot === null
      ? withView(state, clusters, groups, parseFilter(state.filter), state.sort)
      : { rows: state.rows, visibleGroupKeys: state.visibleGroupKeys };
  return {
    snapshot,
    groups,
    clusters,
    severityCounts: groupsChanged
      ? mergeSeverityCounts(state.severityCounts, countSeveritiesByCluster(groups.values()))
      : state.severityCounts,
    ...view,
    streamError: null,
    lastEventAt: receivedAt,
    mainClockOffsetMs: receivedAt - snapshot.generatedAt,
  };
}

function mergeClusters(
  previous: ReadonlyMap<string, KafkaClusterStatus>,
  incoming: readonly KafkaClusterStatus[],
): ReadonlyMap<string, KafkaClusterStatus> {
  return keepUnchanged(previous, incoming, (cluster) => cluster.name);
}

function mergeSeverityCounts(
  previous: ReadonlyMap<string, GroupSeverityCounts>,
  counted: Map<string, GroupSeverityCounts>,
): ReadonlyMap<string, GroupSeverityCounts> {
  for (const [name, counts] of counted) {
    const old = previous.get(name);
    if (old && sameSeverityCounts(old, counts)) counted.set(name, old);
  }
  return sameEntries(previous, counted) ? previous : counted;
}
