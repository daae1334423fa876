import { useVirtualizer } from '@tanstack/react-virtual';
import { Fragment, useCallback, useEffect, type ReactNode, type RefObject } from 'react';
import './table.css';

/**
 * Rows drawn beyond the visible area. Generous at the usual size, so every row is in the DOM
 * (find-in-page and the e2e tests see them all); a collection of thousands of rows renders
 * only a screenful and a few, since every row drawn is work on each scrolled frame.
 */
const overscanRows = 40;
const overscanRowsAtScale = 6;
const rowsAtScale = 1_000;

/** The height of a row that main has not sent yet: an item's, the most common row. */
const placeholderHeight = 34;

/** A window of a longer list (see LiveTable's `tableWindow`). */
export interface TableWindow {
  offset: number;
  total: number;
  onShow: (first: number, last: number) => void;
}

/** A line of a live table: a group header or an item, with the id the selection uses. */
export interface LiveTableRow {
  id: string;
}

/**
 * The one virtualised table of live collections (services, consumer groups): column
 * headers, a scrolling canvas with absolutely placed rows, the selected row kept in view
 * and named to assistive technology. It subscribes to nothing itself: the caller passes the
 * ordered rows (an array that keeps its identity while nothing moves) and draws each row,
 * which reads its own item from the store, so a change to one item re-renders one row.
 */
export function LiveTable<Row extends LiveTableRow>({
  tableRef,
  className,
  ariaLabel,
  columns,
  rows,
  rowHeight,
  renderRow,
  selectedKey,
  rowDomId,
  message,
  tableWindow,
  busy = false,
}: {
  tableRef: RefObject<HTMLDivElement | null>;
  className: string;
  ariaLabel: string;
  /** The column headers row. */
  columns: ReactNode;
  rows: readonly Row[];
  rowHeight: (row: Row) => number;
  renderRow: (row: Row, placement: { top: number; height: number }) => ReactNode;
  selectedKey: string | null;
  /** The DOM id of an item's row, for aria-activedescendant. */
  rowDomId: (key: string) => string;
  /** Said where the rows would be: waiting, empty, failed; null when there are rows to show. */
  message: ReactNode;
  /**
   * When `rows` is a window of a longer list (shared/live/windowedStream.ts): where it
   * starts, how many rows there are in all, and whom to tell which rows are on screen, so
   * another window is asked for before the table scrolls past this one.
   */
  tableWindow?: TableWindow;
  /** The rows are about to change: a new filter has been asked for and not yet answered. */
  busy?: boolean;
}) {
  const offset = tableWindow?.offset ?? 0;
  const count = tableWindow?.total ?? rows.length;
  // The virtualizer measures every row again when these change, so they change only with the rows.
  const estimateSize = useCallback(
    (index: number) => {
      const row = rows[index - offset];
      return row ? rowHeight(row) : placeholderHeight;
    },
    [rows, offset, rowHeight],
  );
  const getItemKey = useCallback((index: number) => rows[index - offset]?.id ?? index, [rows, offset]);
  // React Compiler does not build this app; the rows are memoized by hand.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count,
    getScrollElement: () => tableRef.current,
    estimateSize,
    getItemKey,
    overscan: count > rowsAtScale ? overscanRowsAtScale : overscanRows,
    initialRect: { width: 1400, height: 900 },
    // A scrolled frame renders with React's next batch instead of synchronously inside the
    // scroll event, so fast scrolling through thousands of rows does not stack up renders.
    useFlushSync: false,
  });

  const indexInRows = selectedKey === null ? -1 : rows.findIndex((row) => row.id === selectedKey);
  const selectedIndex = indexInRows < 0 ? -1 : indexInRows + offset;
  useEffect(() => {
    if (selectedIndex >= 0) virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
  }, [selectedIndex, virtualizer]);

  const virtualItems = virtualizer.getVirtualItems();
  const firstShown = virtualItems[0]?.index ?? 0;
  const lastShown = virtualItems[virtualItems.length - 1]?.index ?? 0;
  const onShow = tableWindow?.onShow;
  useEffect(() => {
    onShow?.(firstShown, lastShown);
  }, [onShow, firstShown, lastShown]);

  return (
    <div
      className={`virtual-table ${className}`}
      role="grid"
      aria-label={ariaLabel}
      aria-rowcount={count}
      aria-busy={busy}
    >
      {columns}
      <div
        ref={tableRef}
        className="table-scroll"
        tabIndex={0}
        aria-activedescendant={selectedIndex >= 0 && selectedKey !== null ? rowDomId(selectedKey) : undefined}
      >
        {message}
        <div className="table-canvas" style={{ height: virtualizer.getTotalSize() }}>
          {virtualItems.map((item) => {
            const row = rows[item.index - offset];
            return row ? (
              <Fragment key={row.id}>{renderRow(row, { top: item.start, height: item.size })}</Fragment>
            ) : (
              <div
                key={item.key}
                role="row"
                aria-busy="true"
                className="virtual-row table-row row-arriving"
                style={{ transform: `translateY(${item.start}px)`, height: item.size }}
              >
                <div role="gridcell" className="muted">
                  …
                </div>
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}

/**
 * The frame of an item's row in a LiveTable: placed at `top`, selectable, opening the item's
 * detail on click. The cells and `data-*` attributes (what e2e tests and styles read) are the
 * domain's.
 */
export function LiveRowFrame({
  domId,
  selected,
  className,
  failed,
  top,
  height,
  onOpen,
  children,
  ...data
}: {
  domId: string;
  selected: boolean;
  className: string;
  /** Marked as failed: the row is tinted. */
  failed: boolean;
  top: number;
  height: number;
  onOpen: () => void;
  children: ReactNode;
} & Record<`data-${string}`, string | number>) {
  return (
    <div
      role="row"
      id={domId}
      aria-selected={selected}
      className={`virtual-row table-row ${className}${failed ? ' row-failed' : ''}${selected ? ' selected' : ''}`}
      style={{ transform: `translateY(${top}px)`, height }}
      onClick={onOpen}
      {...data}
    >
      {children}
    </div>
  );
}
