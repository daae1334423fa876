import type { GroupStatus, PartitionStatus } from '../../../shared/kafka/kafkaModel';
import { groupStatusPresentation, partitionStatusPresentation } from './lagPresentation';

/** A group's status as a glyph and a word; the colour from `lag-status-*` is a second cue. */
export function GroupStatusBadge({ status, reason }: { status: GroupStatus; reason?: string }) {
  const { glyph, word, meaning } = groupStatusPresentation[status];
  return (
    <span className={`status-badge lag-status-${status.toLowerCase()}`} title={reason ?? meaning}>
      <span className="status-glyph" aria-hidden="true">
        {glyph}
      </span>
      <span className="status-word">{word}</span>
    </span>
  );
}

/** A partition's status, with Burrow's reason spelled out (STALL, STOP, REWIND). */
export function PartitionStatusBadge({ status }: { status: PartitionStatus }) {
  const { glyph, word, meaning } = partitionStatusPresentation[status];
  return (
    <span className={`status-badge lag-status-${status.toLowerCase()}`} title={meaning}>
      <span className="status-glyph" aria-hidden="true">
        {glyph}
      </span>
      <span className="status-word">{word}</span>
    </span>
  );
}
