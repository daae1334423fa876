import type { WindowPlacement, WindowRequest } from '../../../shared/live/windowedStream';
import { detailSelection, type DetailSelection } from './detailSelection';
import {
  mergeCounts,
  receiveLiveEvent,
  type LiveCollection,
  type LiveCollectionKind,
  type LiveCollectionUpdate,
  type LiveEvent,
} from './liveCollection';
import { sameRowIds, sameStrings } from './sameValues';
import { moveSelection } from './selectionMovement';

/** The table asks for a new window when what it shows comes this close to an edge of the one it has. */
const windowMargin = 40;

/**
 * The part of a live table's store that holds a window of a collection main keeps whole
 * (shared/live/windowedStream.ts), the services table's and the lag table's: where the window
 * sits, what the page asks for next, and a selection that can reach past the window. The
 * store asks for another window when the table scrolls near an edge of this one, when the
 * filter or the sort changes, when Home or End goes past it, or when an item outside it is
 * opened; the stream subscribes again once the request settles (useStreamIntoStore).
 */
export interface LiveWindow<Row extends { id: string }> extends DetailSelection {
  /** The window's headers and items in screen order; stable unless its membership or order changes. */
  rows: readonly Row[];
  /** Where `rows` starts among all rows after the filter. */
  rowOffset: number;
  /** All rows after the filter, headers included: the table's scroll height. */
  rowTotal: number;
  /** Items after the filter, in the whole collection. */
  matched: number;
  /** The window's items, in screen order: what the keyboard moves through. */
  visibleKeys: readonly string[];
  filter: string;
  /** What the page asks main for; the stream subscribes again when it changes. */
  request: WindowRequest;
  /** The request main's last snapshot answered: what the page holds is the answer to it. */
  answered: WindowRequest | null;

  setFilter(text: string): void;
  /** Asks for the rows in another order (the domain's words for it), from the start. */
  setSort(sort: string): void;
  /** The table shows rows `first` to `last` (indexes among all rows): asks for another window near an edge. */
  showRows: (first: number, last: number) => void;
  /** Main's snapshot just taken answers `request`. */
  answeredBy(request: WindowRequest): void;
  /**
   * Opens an item chosen outside the table (a link, the palette, another view): the filter
   * is cleared when the window does not show it, and the window moves to it.
   */
  openFromElsewhere(key: string): void;
}

type WindowFields<Row extends { id: string }> = Pick<
  LiveWindow<Row>,
  'rows' | 'rowOffset' | 'rowTotal' | 'matched' | 'visibleKeys'
>;

/**
 * The LiveWindow part of a zustand store: its initial values and actions, and `placed`, which
 * the store's `receive` calls with an event's window (it also finishes a Home or End that
 * waited for the window).
 */
export function liveWindow<Row extends { id: string }, State extends LiveWindow<Row>>(
  set: (partial: Partial<State>) => void,
  get: () => State,
  options: { limit: number; itemKeyOfRow: (row: Row) => string | null; sort?: string },
): LiveWindow<Row> & { placed(placement: WindowPlacement<Row> | undefined): WindowFields<Row> | null } {
  /** Home and End go to the collection's ends: past this window's, they wait for that window. */
  let pendingEnd: 'first' | 'last' | null = null;
  const selection = detailSelection(
    (partial) => set(partial as Partial<State>),
    get,
    () => get().visibleKeys,
  );
  /**
   * Asks main for the window with `change`, holding the selected item. A window placed around
   * a revealed item stays where main placed it until the table moves it.
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
    if (!sameRequest(request, next)) set({ request: next } as Partial<State>);
  };

  return {
    rows: [],
    rowOffset: 0,
    rowTotal: 0,
    matched: 0,
    visibleKeys: [],
    filter: '',
    request: {
      filter: '',
      offset: 0,
      limit: options.limit,
      pinned: [],
      ...(options.sort === undefined ? {} : { sort: options.sort }),
    },
    answered: null,

    placed: (placement) => {
      if (!placement) return null;
      const state = get();
      const rows = sameRowIds(state.rows, placement.rows) ? state.rows : placement.rows;
      const visibleKeys =
        rows === state.rows
          ? state.visibleKeys
          : rows.map(options.itemKeyOfRow).filter((key): key is string => key !== null);
      // Only the window that reaches that end settles it: an update of the window still held
      // (a refresh while the new one is asked for) must not.
      const reachesEnd =
        pendingEnd === 'first'
          ? placement.offset === 0
          : placement.offset + placement.rows.length >= placement.total;
      if (pendingEnd !== null && reachesEnd) {
        const end = pendingEnd;
        pendingEnd = null;
        set({ selectedKey: moveSelection(visibleKeys, state.selectedKey, end) } as Partial<State>);
      }
      return {
        rows,
        rowOffset: placement.offset,
        rowTotal: placement.total,
        matched: placement.matched,
        visibleKeys,
      };
    },

    answeredBy: (request) => set({ answered: request } as Partial<State>),

    openFromElsewhere: (key) => {
      if (!get().visibleKeys.includes(key)) get().setFilter('');
      get().openDetail(key);
    },

    setFilter: (text) => {
      if (text === get().filter) return;
      set({ filter: text } as Partial<State>);
      ask({ filter: text, offset: 0 });
    },

    setSort: (sort) => ask({ sort, offset: 0 }),

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
      const { selectedKey, visibleKeys } = get();
      // An item opened from elsewhere (a link, the palette) that this window lacks: the window moves to it.
      if (selectedKey !== null && !visibleKeys.includes(selectedKey)) ask({ reveal: selectedKey });
      else ask({});
    },
  };
}

function sameRequest(a: WindowRequest, b: WindowRequest): boolean {
  return (
    a.filter === b.filter &&
    a.sort === b.sort &&
    a.offset === b.offset &&
    a.limit === b.limit &&
    a.reveal === b.reveal &&
    sameStrings(a.pinned, b.pinned)
  );
}

/** What a windowed stream's event carries besides its items: its window and the counts that moved. */
interface WindowEvent<Snapshot, Patch, Counts> {
  type: 'snapshot' | 'delta';
  snapshot?: Snapshot;
  delta?: Patch;
  counts?: { group: string; counts: Counts }[];
}

/**
 * A windowed store's collection after an event (the items it holds, the groups, every
 * group's counts), each keeping its objects while equal, with when it came; null for a patch
 * before any snapshot. The stores name the parts as their domains do.
 */
export function receiveWindowEvent<Snapshot extends { generatedAt: number }, Patch, Item, Group, Counts>(
  kind: LiveCollectionKind<Snapshot, Patch, Item, Group>,
  held: LiveCollection<Snapshot, Item, Group> & { counts: ReadonlyMap<string, Counts> },
  event: WindowEvent<Snapshot, Patch, Counts>,
  receivedAt: number,
): {
  collection: LiveCollectionUpdate<Snapshot, Item, Group>;
  counts: ReadonlyMap<string, Counts>;
  lastEventAt: number;
  mainClockOffsetMs: number;
} | null {
  const live: LiveEvent<Snapshot, Patch, Item> | null =
    event.type === 'snapshot' && event.snapshot !== undefined
      ? { type: 'snapshot', snapshot: event.snapshot }
      : event.type === 'delta' && event.delta !== undefined
        ? { type: 'delta', delta: event.delta }
        : null;
  const collection = live && receiveLiveEvent(kind, held, live);
  if (!collection) return null;
  let counts = held.counts;
  if (event.counts) {
    // A snapshot's counts are all of them; a delta's, those that moved.
    const counted = new Map(event.type === 'snapshot' ? [] : held.counts);
    for (const { group, counts: value } of event.counts) counted.set(group, value);
    counts = mergeCounts(held.counts, counted);
  }
  return {
    collection,
    counts,
    lastEventAt: receivedAt,
    mainClockOffsetMs: receivedAt - collection.snapshot.generatedAt,
  };
}
