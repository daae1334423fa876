import type {
  ActionKind,
  ActionPhase,
  ActionProgress,
  ProgressDeployment,
} from '../../../shared/actions/actionModel';
import { finalPhases } from '../../../shared/actions/actionModel';
import type { ServiceEvent } from '../../../shared/fleet/fleetModel';
import { spokenDuration } from '../../../shared/time/durationText';

/**
 * How an action's progress reads on screen: in the dialog, the service's panel and the
 * status bar. Each phase has a glyph and a word; colour is a second cue.
 */
export const phasePresentation: Readonly<Record<ActionPhase, { glyph: string; word: string }>> = {
  planned: { glyph: '◌', word: 'recording' },
  started: { glyph: '◐', word: 'started' },
  'in-progress': { glyph: '◐', word: 'in progress' },
  succeeded: { glyph: '✓', word: 'succeeded' },
  failed: { glyph: '✖', word: 'failed' },
  'timed-out': { glyph: '⏱', word: 'timed out' },
};

export function isFinal(phase: ActionPhase): boolean {
  return finalPhases.has(phase);
}

export function actionNoun(kind: ActionKind): string {
  return kind === 'rollback' ? 'Rollback' : 'Promotion';
}

function actionVerb(kind: ActionKind): string {
  return kind === 'rollback' ? 'Rolling back' : 'Promoting';
}

/** The deployment an action waits for: the one on the target revision, else the PRIMARY one. */
export function watchedDeployment(
  deployments: readonly ProgressDeployment[],
): ProgressDeployment | undefined {
  return (
    deployments.find((deployment) => deployment.isTarget && deployment.status === 'PRIMARY') ??
    deployments.find((deployment) => deployment.isTarget) ??
    deployments.find((deployment) => deployment.status === 'PRIMARY')
  );
}

/** "2/3 running" on the target revision, or null before the first poll. */
export function describeTargetCounts(progress: Pick<ActionProgress, 'deployments'>): string | null {
  const deployment = watchedDeployment(progress.deployments);
  if (!deployment) return null;
  return `${deployment.runningCount}/${deployment.desiredCount} running`;
}

/**
 * Elapsed time now: main's figure at its last event, counted on between events while the
 * action runs (main polls every few seconds; the clock on screen should not stand still).
 */
export function elapsedNow(progress: ActionProgress, receivedAt: number, now: number): number {
  if (isFinal(progress.phase)) return progress.elapsedMs;
  return progress.elapsedMs + Math.max(0, now - receivedAt);
}

/** Why a finished action did not succeed, or null when it did (or has not finished). */
export function failureReason(progress: ActionProgress): string | null {
  if (progress.phase !== 'failed' && progress.phase !== 'timed-out') return null;
  return progress.error?.message ?? progress.message;
}

/**
 * One line for the status bar: "Rolling back payment-service… 2/3 running, 1 min 12 s",
 * then how it ended.
 */
export function statusLine(progress: ActionProgress, elapsedMs: number): string {
  const elapsed = spokenDuration(elapsedMs, { finestUnit: 'second' });
  switch (progress.phase) {
    case 'succeeded':
      return `${actionNoun(progress.kind)} of ${progress.service} succeeded in ${elapsed}`;
    case 'failed':
      return `${actionNoun(progress.kind)} of ${progress.service} failed after ${elapsed}`;
    case 'timed-out':
      return `${actionNoun(progress.kind)} of ${progress.service} timed out after ${elapsed}`;
    default: {
      const counts = describeTargetCounts(progress);
      return `${actionVerb(progress.kind)} ${progress.service}… ${counts ? `${counts}, ` : ''}${elapsed}`;
    }
  }
}

/**
 * Service events of an action, oldest first, each once: a late subscriber's first event
 * repeats every event so far, and later ones carry only what is new.
 */
export function mergeEvents(
  known: readonly ServiceEvent[],
  incoming: readonly ServiceEvent[],
  limit = 200,
): readonly ServiceEvent[] {
  if (incoming.length === 0) return known;
  const ids = new Set(known.map((event) => event.id));
  const fresh = incoming.filter((event) => {
    if (ids.has(event.id)) return false;
    ids.add(event.id);
    return true;
  });
  if (fresh.length === 0) return known;
  const merged = [...known, ...fresh].sort((a, b) => a.createdAt - b.createdAt);
  return merged.length > limit ? merged.slice(merged.length - limit) : merged;
}
