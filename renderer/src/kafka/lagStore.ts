import { createStore, type StoreApi } from 'zustand/vanilla';
import type { IpcError } from '../../../shared/ipc/result';
import { applyLagPatch, sortLagGroups } from '../../../shared/kafka/lagDelta';
import type {
  GroupLagSummary,
  KafkaClusterStatus,
  LagPatch,
  LagSnapshot,
} from '../../../shared/kafka/kafkaModel';
import type { GroupSeverityCounts, LagRow } from '../../../shared/kafka/lagRows';
import { defaultLagSort, toggleSort, type LagSort, type LagSortKey } from '../../../shared/kafka/lagSort';
import { lagSortText, lagWindowRows, type LagWindowEvent } from '../../../shared/kafka/lagWindowModel';
import { keyedCollectionKind, receiveLiveEvent } from '../app/liveCollection';
import { liveWindow, receiveWindowEvent, type LiveWindow } from '../app/liveWindow';
import { lagWithoutConnection } from './lagStaleness';

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
 * The lag table's window of consumer lag (shared/kafka/lagWindow.ts), held as the services
 * table holds its window of the fleet (app/liveWindow.ts): every update keeps the identity of
 * what did not change (a group, a cluster status, the row list), so a row's selector fires
 * only when its own group changes.
 */
export interface LagState extends LiveWindow<LagRow> {
  /** What deltas apply to; null until the first snapshot. */
  snapshot: LagSnapshot | null;
  /** The groups this page holds: the window's and the selected one. */
  groups: ReadonlyMap<string, GroupLagSummary>;
  /** By Kafka cluster name. */
  clusters: ReadonlyMap<string, KafkaClusterStatus>;
  /** Every Kafka cluster's groups by severity, as main counted them. */
  severityCounts: ReadonlyMap<string, GroupSeverityCounts>;
  sort: LagSort;
  tail: TailPanelState;
  streamError: IpcError | null;
  /** When the last event arrived, on the renderer's clock. */
  lastEventAt: number | null;
  /** The renderer's clock minus main's, so ages are counted on main's clock. */
  mainClockOffsetMs: number;

  receive(event: LagWindowEvent, receivedAt: number): void;
  setStreamError(error: IpcError | null): void;
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
  return createStore<LagState>()((set, get) => {
    const windowPart = liveWindow<LagRow, LagState>(set, get, {
      limit: lagWindowRows,
      itemKeyOfRow: (row) => (row.kind === 'group' ? row.id : null),
      sort: lagSortText(defaultLagSort),
    });
    return {
      ...windowPart,
      snapshot: null,
      groups: new Map(),
      clusters: new Map(),
      severityCounts: new Map(),
      sort: defaultLagSort,
      tail: { open: false, request: { id: 0, target: null, start: false } },
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
        const stale = state.snapshot && lagWithoutConnection(state.snapshot, now - state.mainClockOffsetMs);
        const update =
          stale &&
          receiveLiveEvent(
            lagCollection,
            { snapshot: state.snapshot, items: state.groups, groups: state.clusters },
            { type: 'snapshot', snapshot: stale },
          );
        if (update) set({ snapshot: update.snapshot, groups: update.items, clusters: update.groups });
      },

      sortBy: (key) => {
        const sort = toggleSort(get().sort, key);
        set({ sort });
        get().setSort(lagSortText(sort));
      },

      openTail: (target) => {
        const { tail } = get();
        if (!target) {
          set({ tail: { ...tail, open: true } });
          return;
        }
        set({ tail: { open: true, request: { id: tail.request.id + 1, target, start: true } } });
      },

      closeTail: () => set({ tail: { ...get().tail, open: false } }),
    };
  });
}

export const lagCollection = keyedCollectionKind<LagSnapshot, LagPatch, GroupLagSummary, KafkaClusterStatus>({
  itemsOf: (snapshot) => snapshot.groups,
  groupsOf: (snapshot) => snapshot.clusters,
  groupKey: (cluster) => cluster.name,
  applyPatch: applyLagPatch,
  withSortedItems: (snapshot, groups) => ({ ...snapshot, groups: sortLagGroups(groups, snapshot.clusters) }),
});

/** The store after an event: groups, clusters and counts keep their objects while equal. */
function withEvent(
  state: LagState,
  event: LagWindowEvent,
  receivedAt: number,
  placed: Partial<LagState> | null,
): Partial<LagState> | null {
  const update = receiveWindowEvent(
    lagCollection,
    { snapshot: state.snapshot, items: state.groups, groups: state.clusters, counts: state.severityCounts },
    event,
    receivedAt,
  );
  if (!update) return null;
  const { collection, counts, lastEventAt, mainClockOffsetMs } = update;
  return {
    snapshot: collection.snapshot,
    groups: collection.items,
    clusters: collection.groups,
    severityCounts: counts,
    ...placed,
    streamError: null,
    lastEventAt,
    mainClockOffsetMs,
  };
}
