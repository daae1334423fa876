import type { AlarmState, AlarmStateChange } from '../../../shared/metrics/metricsModel';
import { alarmReasonSummary } from '../../../shared/metrics/metricWords';
import { LocalTime } from '../app/LocalTime';

/** How many changes the panel lists: the newest tell the story; the timeline keeps them all. */
const listedChanges = 8;

/** An alarm's state in words; the colour only repeats it. */
export function AlarmStateWord({ state }: { state: AlarmState }) {
  return <span className={`alarm-state alarm-state-${state.toLowerCase()}`}>{state}</span>;
}

/**
 * A service's alarm state changes of the last day, as DescribeAlarmHistory records them, newest
 * first: when, which alarm, from which state to which, and CloudWatch's reason in short. Where
 * the short reason leaves something out, the whole one opens from it (a disclosure the keyboard
 * reaches with Tab and opens with Enter or Space).
 */
export function AlarmHistoryList({
  changes,
  pending,
}: {
  /** Null while none have been read. */
  changes: readonly AlarmStateChange[] | null;
  pending: boolean;
}) {
  if (changes === null)
    return <p className="muted">{pending ? 'Reading the alarm history…' : 'No alarm history known.'}</p>;
  if (changes.length === 0)
    return <p className="muted">No alarm of this service changed state in the last day.</p>;
  const newestFirst = [...changes].sort((a, b) => b.at - a.at);
  const listed = newestFirst.slice(0, listedChanges);
  const earlier = newestFirst.length - listed.length;
  return (
    <>
      <ol className="alarm-history">
        {listed.map((change) => (
          <li
            key={`${change.alarmName}@${change.at}>${change.to}`}
            data-testid="alarm-history-entry"
            data-alarm={change.alarmName}
            data-from={change.from ?? 'unknown'}
            data-to={change.to}
          >
            <LocalTime at={change.at} className="mono" /> <span className="mono">{change.alarmName}</span>{' '}
            <span className="alarm-transition">
              {change.from === null ? (
                <span className="muted">unknown</span>
              ) : (
                <AlarmStateWord state={change.from} />
              )}
              {' → '}
              <AlarmStateWord state={change.to} />
            </span>
            <AlarmReason reason={change.reason} />
          </li>
        ))}
      </ol>
      {earlier > 0 && (
        <p className="muted small">
          and {earlier} earlier {earlier === 1 ? 'change' : 'changes'} in the last day, in the timeline
        </p>
      )}
    </>
  );
}

function AlarmReason({ reason }: { reason: string }) {
  const summary = alarmReasonSummary(reason);
  if (summary === '') return <div className="muted small">No reason recorded.</div>;
  if (summary === reason) return <div className="muted small">{reason}</div>;
  return (
    <details className="alarm-reason">
      <summary className="muted small">{summary}</summary>
      <p className="small">{reason}</p>
    </details>
  );
}
