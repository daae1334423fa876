import { formatCount } from '../../../shared/kafka/lagWords';
import { memo } from 'react';
import type { DecodedValue } from '../../../shared/kafka/kafkaModel';
import { FollowingList, type FollowingRowProps } from '../app/FollowingList';
import { LocalTime, useLocalZone } from '../app/LocalTime';
import type { BufferedMessage } from './tailMessageBuffer';

const rowHeight = 24;
/** Values longer than this, or on several lines, get an expand toggle. */
const inlineLimit = 160;

/**
 * The tail's messages, oldest at the top, following the newest while the reader is at the
 * bottom (see FollowingList); a message's value expands in place.
 */
export function TailMessageList({
  messages,
  newestSeq,
}: {
  messages: readonly BufferedMessage[];
  /** The seq of the newest message that arrived, shown or not. */
  newestSeq: number;
}) {
  const zone = useLocalZone();
  return (
    <FollowingList
      entries={messages}
      newestSeq={newestSeq}
      rowHeight={rowHeight}
      label="Messages, newest last"
      emptyText="No messages yet."
      className="tail-list"
      header={
        <div className="column-headers following-columns" role="row">
          <div role="columnheader" className="num">
            Part.
          </div>
          <div role="columnheader" className="num">
            Offset
          </div>
          <div role="columnheader" title={zone.description}>
            Time
          </div>
          <div role="columnheader">Key</div>
          <div role="columnheader">Value</div>
        </div>
      }
      Row={TailMessageRow}
    />
  );
}

const TailMessageRow = memo(function TailMessageRow({
  entry,
  index,
  expanded,
  onToggle,
  measure,
}: FollowingRowProps<BufferedMessage>) {
  const { message } = entry;
  const expandable = isExpandable(message.value) || message.headers.length > 0;
  return (
    <div
      ref={measure}
      data-index={index}
      role="row"
      className={expanded ? 'following-row tail-row expanded' : 'following-row tail-row'}
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
      <div role="gridcell" className="mono">
        <LocalTime at={message.timestamp} date="never" />
      </div>
      <div role="gridcell" className="mono tail-key" title={message.key?.text}>
        {message.key ? <InlineValue value={message.key} /> : <span className="muted">—</span>}
      </div>
      <div role="gridcell" className="tail-value">
        {!expandable && <span className="expand-toggle" aria-hidden="true" />}
        {expandable && (
          <button
            type="button"
            className="link-button expand-toggle"
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
