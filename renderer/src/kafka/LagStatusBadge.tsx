import type { ConsoleFinding, GroupStatus, PartitionStatus } from '../../../shared/kafka/kafkaModel';
import {
  findingPresentation,
  groupStatusPresentation,
  partitionStatusPresentation,
} from '../../../shared/kafka/lagPresentation';

/** Burrow's group status as a glyph and its word; the colour from `lag-status-*` is a second cue. */
/**
 * Burrow's group status. Burrow calls a window too empty to judge OK; the console does not
 * vouch for that, so with `notJudged` the badge reads "not judged" until the windows fill.
 */
export function GroupStatusBadge({
  status,
  reason,
  notJudged = false,
}: {
  status: GroupStatus;
  reason?: string;
  notJudged?: boolean;
}) {
  if (notJudged && status === 'OK') {
    return (
      <span className="status-badge lag-status-unknown" title={reason} data-testid="burrow-status">
        <span className="status-glyph" aria-hidden="true">
          ○
        </span>
        <span className="status-word">not judged</span>
      </span>
    );
  }
  const { glyph, word, meaning } = groupStatusPresentation[status];
  return (
    <span
      className={`status-badge lag-status-${status.toLowerCase()}`}
      title={reason ? `Burrow ${word}: ${reason}` : meaning}
      data-testid="burrow-status"
    >
      <span className="status-glyph" aria-hidden="true">
        {glyph}
      </span>
      <span className="status-word">{word}</span>
    </span>
  );
}

/** A partition's status by Burrow's rules, with its meaning spelled out (STALL, STOP, REWIND). */
export function PartitionStatusBadge({ status }: { status: PartitionStatus }) {
  const { glyph, word, meaning } = partitionStatusPresentation[status];
  return (
    <span className={`status-badge lag-status-${status.toLowerCase()}`} title={`Burrow ${word}: ${meaning}`}>
      <span className="status-glyph" aria-hidden="true">
        {glyph}
      </span>
      <span className="status-word">{word}</span>
    </span>
  );
}

/**
 * The console's findings in a crowded cell: a flag, the worst one's short name and how
 * many more; the tooltip says them all. Nothing without findings.
 */
export function FindingsChip({ findings }: { findings: readonly ConsoleFinding[] }) {
  const first = findings[0];
  if (!first) return null;
  const more = findings.length > 1 ? ` +${findings.length - 1}` : '';
  return (
    <span
      className={`finding-chip lag-severity-${first.severity}`}
      title={findings.map((finding) => finding.summary).join('\n')}
      data-testid="console-findings"
      data-findings={findings.map((finding) => finding.kind).join(' ')}
    >
      <span className="status-glyph" aria-hidden="true">
        ⚑
      </span>
      {findingPresentation[first.kind].short}
      {more}
    </span>
  );
}
