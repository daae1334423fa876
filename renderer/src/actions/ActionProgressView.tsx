import type { ActionProgress, ProgressDeployment } from '../../../shared/actions/actionModel';
import { describeIpcError } from '../app/errorText';
import { zonedDateTimeText } from '../../../shared/time/clockText';
import { spokenDuration } from '../../../shared/time/durationText';
import { LocalTime } from '../app/LocalTime';
import { useNow } from '../app/useNow';
import type { TrackedAction } from './actionStore';
import { useActions } from './actionStoreContext';
import {
  actionNoun,
  describeTargetCounts,
  elapsedNow,
  failureReason,
  isFinal,
  phasePresentation,
} from './progressText';

/**
 * An action's progress as main reports it: the phase, the deployments with their counts,
 * the service events since it started and the time it has taken; how it failed, in main's
 * words, when it did.
 */
export function ActionProgressView({ actionId }: { actionId: string }) {
  const tracked = useActions((state) => state.actions.get(actionId));
  if (!tracked?.progress) {
    return (
      <section className="action-progress" data-testid="action-progress" data-phase="planned">
        {tracked?.streamError ? (
          <p className="error-text" role="alert">
            Cannot follow action {actionId}: {describeIpcError(tracked.streamError)}. The action runs on in
            main; how it ended will be in the audit log.
          </p>
        ) : (
          <p role="status">Waiting for the first progress report…</p>
        )}
      </section>
    );
  }
  return <ProgressBody tracked={tracked} progress={tracked.progress} />;
}

function ProgressBody({ tracked, progress }: { tracked: TrackedAction; progress: ActionProgress }) {
  const now = useNow();
  const final = isFinal(progress.phase);
  const elapsed = elapsedNow(progress, tracked.receivedAt ?? now, now);
  const { glyph, word } = phasePresentation[progress.phase];
  const reason = failureReason(progress);
  const counts = describeTargetCounts(progress);
  return (
    <section
      className={`action-progress phase-${progress.phase}`}
      data-testid="action-progress"
      data-phase={progress.phase}
      aria-label={`${actionNoun(progress.kind)} progress`}
    >
      <header className="progress-header">
        <span className="progress-phase" role="status">
          <span className="progress-glyph" aria-hidden="true">
            {glyph}
          </span>{' '}
          {actionNoun(progress.kind)} {word}
        </span>
        <span className="mono">
          {progress.from} → {progress.to}
        </span>
        <span className="progress-elapsed mono" title={`Started ${zonedDateTimeText(progress.startedAt)}`}>
          {spokenDuration(elapsed, { finestUnit: 'second' })}
          {!final && <span className="muted"> of {spokenDuration(progress.timeoutMs)} allowed</span>}
        </span>
      </header>
      {counts && !final && <p className="progress-counts mono">{counts} on the target revision</p>}
      <p className="progress-message">{progress.message}</p>
      {reason && (
        <p className="error-box progress-failure" role="alert">
          {progress.phase === 'timed-out' ? 'Timed out: ' : 'Failed: '}
          {reason}
        </p>
      )}
      {tracked.streamError && !final && (
        <p className="error-text" role="alert">
          Lost the progress stream: {describeIpcError(tracked.streamError)}. The action runs on in main.
        </p>
      )}
      {progress.deployments.length > 0 && <ProgressDeployments deployments={progress.deployments} />}
      <ProgressEvents events={tracked.events} />
      <p className="muted small">
        Closing this dialog never stops the {actionNoun(progress.kind).toLowerCase()}: it runs on in main, its
        progress stays in the status bar and on the service, and its end is written to the audit log.
      </p>
    </section>
  );
}

function ProgressDeployments({ deployments }: { deployments: readonly ProgressDeployment[] }) {
  const ordered = [...deployments].sort(
    (a, b) => Number(b.status === 'PRIMARY') - Number(a.status === 'PRIMARY'),
  );
  return (
    <table className="detail-table progress-deployments">
      <thead>
        <tr>
          <th>Deployment</th>
          <th>Revision</th>
          <th>Rollout</th>
          <th>Running</th>
          <th>Pending</th>
          <th>Failed</th>
        </tr>
      </thead>
      <tbody>
        {ordered.map((deployment) => (
          <tr
            key={deployment.id}
            className={deployment.isTarget ? 'progress-target' : undefined}
            data-status={deployment.status}
            data-label={deployment.label}
            data-target={deployment.isTarget}
            title={deployment.rolloutStateReason ?? undefined}
          >
            <td>{deployment.status}</td>
            <td className="mono">
              {deployment.label}
              {deployment.isTarget && <span className="tag">target</span>}
            </td>
            <td className={`rollout-${(deployment.rolloutState ?? 'none').toLowerCase()}`}>
              {deployment.rolloutState ?? '—'}
              {deployment.rolloutStateReason && (
                <div className="muted small">{deployment.rolloutStateReason}</div>
              )}
            </td>
            <td className="mono">
              {deployment.runningCount}/{deployment.desiredCount}
            </td>
            <td className="mono">{deployment.pendingCount}</td>
            <td className="mono">{deployment.failedTasks}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ProgressEvents({ events }: { events: TrackedAction['events'] }) {
  if (events.length === 0) return <p className="muted small">No service events since the action started.</p>;
  return (
    <ol className="event-list progress-events" aria-label="Service events since the action started">
      {[...events].reverse().map((event) => (
        <li key={event.id}>
          <LocalTime at={event.createdAt} className="mono" />
          <span className="event-message">{event.message}</span>
        </li>
      ))}
    </ol>
  );
}
