import { formatCount } from '../../../shared/kafka/lagWords';
import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { DecodedValue } from '../../../shared/kafka/model';
import { formatClock, formatDateTime } from '../app/timeFormat';
import type { BufferedMessage } from './tailBuffer';

const rowHeight = 24;
/** Within this many pixels of the end counts as "at the newest message". */
const followSlackPx = 32;
/** Values longer than this, or on several lines, get an expand toggle. */
const inlineLimit = 160;

/**
 * The tail's messages, oldest at the top, following the newest while the reader is at the
 * bottom. Scrolling up freezes what is shown, so rows do not slide away while being read;
 * "Jump to newest" (or scrolling back down) follows again.
 */
export function TailMessageList({
  messages,
  newestSeq,
}: {
  messages: readonly BufferedMessage[];
  /** The seq of the newest message that arrived, shown or not. */
  newestSeq: number;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const [following, setFollowing] = useState(true);
  const [frozen, setFrozen] = useState<readonly BufferedMessage[] | null>(null);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(() => new Set());
  const shown = following || frozen === null ? messages : frozen;

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
    if (messages.length === 0) {
      setFollowing(true);
      setFrozen(null);
    }
  }, [messages.length]);

  const onScroll = () => {
    const element = scrollRef.current;
    if (!element) return;
    const atEnd = element.scrollHeight - element.scrollTop - element.clientHeight <= followSlackPx;
    if (atEnd && !following) {
      setFollowing(true);
      setFrozen(null);
    } else if (!atEnd && following) {
      setFollowing(false);
      setFrozen(messages);
    }
  };

  const toggle = useCallback((seq: number) => {
    setExpanded((previous) => {
      const next = new Set(previous);
      if (!next.delete(seq)) next.add(seq);
      return next;
    });
  }, []);

  const items = virtualizer.getVirtualItems();
  const newestShown = shown[shown.length - 1]?.seq ?? -1;
  const unseen = following ? 0 : Math.max(0, newestSeq - newestShown);

  return (
    <div className="tail-list">
      <div className="tail-columns" role="row">
        <div role="columnheader" className="num">
          Part.
        </div>
        <div role="columnheader" className="num">
          Offset
        </div>
        <div role="columnheader">Time</div>
        <div role="columnheader">Key</div>
        <div role="columnheader">Value</div>
      </div>
      <div
        ref={scrollRef}
        className="tail-scroll"
        onScroll={onScroll}
        role="log"
        aria-label="Messages, newest last"
        tabIndex={0}
      >
        {shown.length === 0 && <p className="table-message">No messages yet.</p>}
        <div className="table-canvas" style={{ height: virtualizer.getTotalSize() }}>
          <div className="tail-window" style={{ transform: `translateY(${items[0]?.start ?? 0}px)` }}>
            {items.map((item) => {
              const entry = shown[item.index];
              if (!entry) return null;
              return (
                <TailMessageRow
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

const TailMessageRow = memo(function TailMessageRow({
  entry,
  index,
  expanded,
  onToggle,
  measure,
}: {
  entry: BufferedMessage;
  index: number;
  expanded: boolean;
  onToggle: (seq: number) => void;
  measure: (element: Element | null) => void;
}) {
  const { message } = entry;
  const expandable = isExpandable(message.value) || message.headers.length > 0;
  return (
    <div
      ref={measure}
      data-index={index}
      role="row"
      className={expanded ? 'tail-row expanded' : 'tail-row'}
      data-testid="tail-message"
      data-partition={message.partition}
      data-offset={message.offset}
    >
      <div role="gridcell" className="num mono">
        {message.partition}
      </div>
      <div role="gridcell" className="num mono">
        {message.offset}
      </div>
      <div role="gridcell" className="mono" title={formatDateTime(message.timestamp)}>
        {formatClock(message.timestamp)}
      </div>
      <div role="gridcell" className="mono tail-key" title={message.key?.text}>
        {message.key ? <InlineValue value={message.key} /> : <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="tail-value">
        {!expandable && <span className="expand-toggle" aria-hidden="true" />}
        {expandable && (
          <button
            type="button"
            className="expand-toggle"
            aria-expanded={expanded}
            aria-label={expanded ? 'Collapse value' : 'Expand value'}
            onClick={() => onToggle(entry.seq)}
          >
            {expanded ? '▾' : '▸'}
          </button>
        )}
        {expanded ? (
          <div className="value-full">
            <pre className={`value-${message.value.encoding}`}>{message.value.text}</pre>
            {message.value.truncated && <div className="muted small">(cut to the display limit)</div>}
            {message.headers.length > 0 && (
              <div className="small muted">
                headers: {message.headers.map((header) => `${header.name}=${header.value}`).join(', ')}
              </div>
            )}
            <div className="small muted">{formatCount(message.size)} bytes</div>
          </div>
        ) : (
          <InlineValue value={message.value} />
        )}
      </div>
    </div>
  );
});

function isExpandable(value: DecodedValue): boolean {
  return value.encoding === 'json' || value.text.length > inlineLimit || value.text.includes('\n');
}

/** A value on one line: JSON collapsed to its compact form, hex marked as such. */
function InlineValue({ value }: { value: DecodedValue }) {
  if (value.encoding === 'empty') return <span className="muted">(empty)</span>;
  const oneLine =
    value.encoding === 'json' ? value.text.replace(/\n\s*/g, ' ') : value.text.replace(/\s*\n\s*/g, ' ⏎ ');
  return (
    <span className={`mono value-inline value-${value.encoding}`}>
      {value.encoding === 'hex' && <span className="value-kind">hex </span>}
      {oneLine.length > inlineLimit * 2 ? `${oneLine.slice(0, inlineLimit * 2)}…` : oneLine}
      {value.truncated && <span className="muted"> (cut)</span>}
    </span>
  );
}
