import { useNow } from '../app/useNow';
import type { TrackedAction } from './actionStore';
import { useActions, useActionStore } from './actionStoreContext';
import { elapsedNow, failureReason, isFinal, phasePresentation, statusLine } from './progressText';

/** How long an ended action stays in the status bar. */
const endedShownMs = 2 * 60_000;
const shownAtOnce = 2;

/**
 * The status bar's actions: each running action in one line ("Rolling back payment-service…
 * 2/3 running, 1 min 12 s") on every view, then how it ended for a while. A click reopens
 * its progress.
 */
export function ActionStatus() {
  const store = useActionStore();
  const actions = useActions((state) => state.actions);
  const now = useNow();
  const shown = [...actions.values()]
    .filter((tracked): tracked is TrackedAction & { progress: NonNullable<TrackedAction['progress']> } => {
      if (!tracked.progress) return false;
      return !isFinal(tracked.progress.phase) || now - (tracked.receivedAt ?? now) <= endedShownMs;
    })
    .sort((a, b) => b.progress.startedAt - a.progress.startedAt);
  if (shown.length === 0) return null;
  return (
    <>
      {shown.slice(0, shownAtOnce).map((tracked) => {
        const { progress } = tracked;
        const reason = failureReason(progress);
        return (
          <button
            key={tracked.actionId}
            type="button"
            className={`status-item action-status phase-${progress.phase}`}
            data-testid="action-status"
            data-phase={progress.phase}
            data-service={progress.service}
            title={reason ?? progress.message}
            onClick={() => store.getState().openProgress(tracked.actionId)}
          >
            <span aria-hidden="true">{phasePresentation[progress.phase].glyph} </span>
            {statusLine(progress, elapsedNow(progress, tracked.receivedAt ?? now, now))}
          </button>
        );
      })}
      {shown.length > shownAtOnce && (
        <span className="status-item muted">+{shown.length - shownAtOnce} more actions</span>
      )}
    </>
  );
}
