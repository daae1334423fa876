import { memo } from 'react';
import { FollowingList, type FollowingRowProps } from '../app/FollowingList';
import { formatDateTime } from '../app/timeFormat';
import type { BufferedLine } from './logTailFeed';

const rowHeight = 22;

/**
 * A service's log lines, oldest at the top, following the newest (see FollowingList). The
 * level has a column of its own, so it reads without colour; a click opens a long line.
 */
export function LogLineList({
  lines,
  newestSeq,
  emptyText,
}: {
  lines: readonly BufferedLine[];
  newestSeq: number;
  emptyText: string;
}) {
  return (
    <FollowingList
      entries={lines}
      newestSeq={newestSeq}
      rowHeight={rowHeight}
      label="Log lines, newest last"
      emptyText={emptyText}
      className="log-list"
      header={
        <div className="column-headers following-columns" role="row">
          <div role="columnheader">Time</div>
          <div role="columnheader">Level</div>
          <div role="columnheader">Task</div>
          <div role="columnheader">Message</div>
        </div>
      }
      Row={LogRow}
    />
  );
}

const LogRow = memo(function LogRow({
  entry,
  index,
  expanded,
  onToggle,
  measure,
}: FollowingRowProps<BufferedLine>) {
  const { line } = entry;
  return (
    <div
      ref={measure}
      data-index={index}
      role="row"
      className={`following-row log-row level-${line.level.toLowerCase()}${expanded ? ' expanded' : ''}`}
      data-testid="log-line"
      data-level={line.level}
      onClick={() => onToggle(entry.seq)}
    >
      <div role="gridcell" className="mono log-time" title={formatDateTime(line.timestamp)}>
        {timeOfDay(line.timestamp)}
      </div>
      <div role="gridcell" className="mono log-level">
        {line.level === 'UNKNOWN' ? '—' : line.level}
      </div>
      <div role="gridcell" className="mono log-task" title={line.stream}>
        {line.taskId?.slice(0, 8) ?? '—'}
      </div>
      <div role="gridcell" className="mono log-message">
        {line.message}
        {line.truncated && <span className="muted"> (cut)</span>}
      </div>
    </div>
  );
});

/** HH:MM:SS.mmm: lines a few milliseconds apart stay in order to the eye. */
function timeOfDay(epochMs: number): string {
  const date = new Date(epochMs);
  const clock = [date.getHours(), date.getMinutes(), date.getSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return `${clock}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}
