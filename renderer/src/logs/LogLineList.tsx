import { memo } from 'react';
import { FollowingList, type FollowingRowProps } from '../app/FollowingList';
import { LocalTime, useLocalZone } from '../app/LocalTime';
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
  const zone = useLocalZone();
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
          <div role="columnheader" title={zone.description}>
            Time
          </div>
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
      <div role="gridcell" className="mono log-time">
        {/* Milliseconds keep lines a few apart in order to the eye; the column has no room for a date. */}
        <LocalTime at={line.timestamp} precision="millisecond" date="never" />
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
