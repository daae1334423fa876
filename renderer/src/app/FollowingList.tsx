import { useVirtualizer } from '@tanstack/react-virtual';
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useRef,
  useState,
  type ComponentType,
  type ReactNode,
} from 'react';
import { formatCount } from '../../../shared/kafka/lagWords';
import './followingList.css';
import './table.css';

/** Within this many pixels of the end counts as "at the newest entry". */
const followSlackPx = 32;

/** What a row of a FollowingList gets. */
export interface FollowingRowProps<E> {
  entry: E;
  index: number;
  /** The reader opened this row (a click, or its toggle); the list remembers it by seq. */
  expanded: boolean;
  onToggle: (seq: number) => void;
  /** Goes on the row's element as `ref`, with `data-index={index}`, so rows of any height are measured. */
  measure: (element: Element | null) => void;
}

/**
 * A live list, oldest at the top, following the newest entry while the reader is at the
 * bottom: a topic tail's messages, a service's log lines. Only the rows on screen are
 * rendered. Scrolling up freezes what is shown, so rows do not slide away while being
 * read; "N newer — jump to newest" (or scrolling back down) follows again.
 *
 * `Row` must put `ref={measure}` and `data-index={index}` on its element, so rows of any
 * height are measured; a memoised Row re-renders only when its entry or expansion changes.
 * The header and the rows take the classes `following-columns` and `following-row`; the
 * list's `className` sets their grid through `--following-columns`.
 */
export function FollowingList<E extends { seq: number }>({
  entries,
  newestSeq,
  rowHeight,
  Row,
  header,
  emptyText,
  label,
  className,
}: {
  entries: readonly E[];
  /** The seq of the newest entry that arrived, shown or not. */
  newestSeq: number;
  /** The height of a row before it is measured. */
  rowHeight: number;
  Row: ComponentType<FollowingRowProps<E>>;
  header?: ReactNode;
  emptyText: string;
  /** What the list is, for screen readers ("Messages, newest last"). */
  label: string;
  /** Names the list for its own styles, such as its columns. */
  className: string;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const [frozen, setFrozen] = useState<readonly E[] | null>(null);
  const shown = following || frozen === null ? entries : frozen;
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const toggle = useCallback((seq: number) => {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  }, []);

  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({
    count: shown.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight,
    getItemKey: (index) => shown[index]?.seq ?? index,
    overscan: 12,
    initialRect: { width: 1200, height: 300 },
  });

  useLayoutEffect(() => {
    if (following && shown.length > 0) virtualizer.scrollToIndex(shown.length - 1, { align: 'end' });
  }, [following, shown, virtualizer]);

  // A new tail (the list emptied) starts following again.
  useEffect(() => {
    if (entries.length === 0) {
      setFollowing(true);
      setFrozen(null);
    }
  }, [entries.length]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const atEnd = element.scrollHeight - element.scrollTop - element.clientHeight <= followSlackPx;
    if (atEnd && !following) {
      setFollowing(true);
      setFrozen(null);
    } else if (!atEnd && following) {
      setFollowing(false);
      setFrozen(entries);
    }
  };

  const items = virtualizer.getVirtualItems();
  const newestShown = shown[shown.length - 1]?.seq ?? -1;
  const unseen = following ? 0 : Math.max(0, newestSeq - newestShown);

  return (
    <div className={`following-list ${className}`}>
      {header}
      <div
        ref={scrollRef}
        className="following-scroll"
        onScroll={onScroll}
        role="log"
        aria-label={label}
        tabIndex={0}
      >
        {shown.length === 0 && <p className="table-message">{emptyText}</p>}
        <div className="table-canvas" style={{ height: virtualizer.getTotalSize() }}>
          <div className="following-window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => {
              const entry = shown[item.index];
              if (!entry) return null;
              return (
                <Row
                  key={entry.seq}
                  entry={entry}
                  index={item.index}
                  expanded={expanded.has(entry.seq)}
                  onToggle={toggle}
                  measure={virtualizer.measureElement}
                />
              );
            })}
          </div>
        </div>
      </div>
      {!following && (
        <button
          type="button"
          className="button jump-newest"
          data-testid="jump-newest"
          onClick={() => {
            setFollowing(true);
            setFrozen(null);
          }}
        >
          {unseen > 0 ? `${formatCount(unseen)} newer — jump to newest` : 'Jump to newest'} ↓
        </button>
      )}
    </div>
  );
}
