import { spokenDuration } from '../time/durationText';
import { revisionLabel } from './ecsArns';
import type { DeploymentSummary, HealthState } from './fleetModel';
import { utcText } from '../time/clockText';

/**
 * Turns what ECS says about a service into one word and one line a person can act on.
 * The input is the console's own deployment shape, not the SDK's, so the rules can be
 * tested (and reused by the renderer) without AWS.
 */

export interface ServiceHealthInput {
  serviceName: string;
  /** ACTIVE, DRAINING or INACTIVE. */
  status: string;
  desiredCount: number;
  runningCount: number;
  pendingCount: number;
  deployments: readonly Pick<
    DeploymentSummary,
    | 'status'
    | 'rolloutState'
    | 'rolloutStateReason'
    | 'family'
    | 'revision'
    | 'desiredCount'
    | 'runningCount'
    | 'pendingCount'
    | 'failedTasks'
    | 'createdAt'
    | 'updatedAt'
  >[];
  /**
   * Recent service events, in any order. They are where ECS says "failed container health
   * checks" and "rolling back", which the deployments alone stop saying once a rollback completes.
   */
  events?: readonly { createdAt: number; message: string }[];
  /** When these figures were read; without it a rolled-back service is never called recovered. */
  observedAt?: number;
}

export interface ServiceHealth {
  health: Exclude<HealthState, 'stale'>;
  healthReason: string;
}

type Deployment = ServiceHealthInput['deployments'][number];

const rollbackPattern = /roll(?:ing|ed)? ?back/i;

/** Whether ECS's words (a rollout reason, an event) say a rollback: "rolling back", "rolled back", "rollback". */
export function mentionsRollback(text: string): boolean {
  return rollbackPattern.test(text);
}
const healthCheckPattern = /health ?check/i;
/** How far apart ECS may stamp a rollback deployment and the event announcing it. */
const rollbackEventSlackMs = 5000;
/**
 * How long a completed rollback must hold, all tasks running, before the service counts as
 * recovered: two polls at the usual 5 s. Measured from ECS's own timestamp, so the CLI's one
 * reading and the console's live view come to the same answer from the same data.
 */
export const recoveryHoldMs = 10_000;
/** How long a recovered service carries its "recovered" note. */
export const recoveryNoteMs = 60 * 60_000;

export function deriveServiceHealth(service: ServiceHealthInput): ServiceHealth {
  const primary = service.deployments.find((d) => d.status === 'PRIMARY') ?? service.deployments[0];
  const others = service.deployments.filter((d) => d !== primary);
  const counts = runningText(service);
  const totalFailed = service.deployments.reduce((sum, d) => sum + d.failedTasks, 0);

  if (primary?.rolloutState === 'FAILED') {
    const why = primary.rolloutStateReason ? `: ${primary.rolloutStateReason}` : '';
    return { health: 'failed', healthReason: `${counts}; rollout of ${revisionLabel(primary)} failed${why}` };
  }
  if (service.desiredCount > 0 && service.runningCount === 0 && totalFailed > 0) {
    const where = primary ? ` in ${revisionLabel(primary)}` : '';
    return {
      health: 'failed',
      healthReason: `${counts}; tasks failing${failureKind(service, primary)} (${totalFailed} failed)${where}`,
    };
  }

  // A deployment the circuit breaker gave up on stays listed beside the one that replaces it.
  const abandoned = others.find((d) => d.rolloutState === 'FAILED');
  if (abandoned && primary) {
    const recovered = recoveredFromRollback(service, primary, ` from ${revisionLabel(abandoned)}`);
    if (recovered) return recovered;
    const state = primary.rolloutState === 'COMPLETED' ? 'rolled back' : 'rolling back';
    return {
      health: 'degraded',
      healthReason: `${counts}; ${state} from ${revisionLabel(abandoned)} to ${revisionLabel(primary)}`,
    };
  }

  const inProgress = others.length > 0 || primary?.rolloutState === 'IN_PROGRESS';
  if (inProgress && primary) {
    if (primary.failedTasks > 0) {
      return {
        health: 'degraded',
        healthReason: `${counts}; new tasks failing${failureKind(service, primary)} (${primary.failedTasks} failed) in ${revisionLabel(primary)}`,
      };
    }
    const from = others.length > 0 ? ` from ${others.map(revisionLabel).join(', ')}` : '';
    return {
      health: 'deploying',
      healthReason: `${counts}; deploying ${revisionLabel(primary)}${from} (${primary.runningCount}/${primary.desiredCount} new tasks running)`,
    };
  }

  if (primary && isRollbackDeployment(primary, service.events ?? [])) {
    const recovered = recoveredFromRollback(service, primary, '');
    if (recovered) return recovered;
    return {
      health: 'degraded',
      healthReason: `${counts}; a failed deployment was rolled back to ${revisionLabel(primary)}`,
    };
  }
  if (service.status !== 'ACTIVE') {
    return { health: 'degraded', healthReason: `${counts}; service is ${service.status.toLowerCase()}` };
  }
  if (service.runningCount < service.desiredCount) {
    return { health: 'degraded', healthReason: counts };
  }
  if (service.desiredCount === 0) {
    return { health: 'healthy', healthReason: 'scaled to zero' };
  }
  const on = primary ? ` on ${revisionLabel(primary)}` : '';
  if (service.runningCount > service.desiredCount) {
    return { health: 'healthy', healthReason: `${counts}${on}; stopping extra tasks` };
  }
  return { health: 'healthy', healthReason: `${counts}${on}` };
}

/**
 * Health says what is wrong now: a rollback that completed, with every task running and
 * holding for recoveryHoldMs, leaves a healthy service. For an hour the reason still says it
 * recovered and from what; the whole story is in the timeline.
 */
function recoveredFromRollback(
  service: ServiceHealthInput,
  primary: Deployment,
  from: string,
): ServiceHealth | null {
  const settledAt = primary.updatedAt ?? primary.createdAt;
  if (service.observedAt === undefined || settledAt === null) return null;
  if (primary.rolloutState !== 'COMPLETED' || service.status !== 'ACTIVE') return null;
  if (service.desiredCount === 0 || service.runningCount !== service.desiredCount || service.pendingCount > 0)
    return null;
  const held = service.observedAt - settledAt;
  if (held < recoveryHoldMs) return null;
  const counts = `${runningText(service)} on ${revisionLabel(primary)}`;
  const note =
    held < recoveryNoteMs
      ? `; recovered: rolled back${from} to ${revisionLabel(primary)} at ${utcText(settledAt, { precision: 'minute' })}`
      : '';
  return { health: 'healthy', healthReason: `${counts}${note}` };
}

function runningText(service: ServiceHealthInput): string {
  const pending = service.pendingCount > 0 ? `, ${service.pendingCount} pending` : '';
  return `${service.runningCount}/${service.desiredCount} running${pending}`;
}

/** Says "health checks" only when ECS said so about this deployment's tasks. */
function failureKind(service: ServiceHealthInput, primary: Deployment | undefined): string {
  const since = (primary?.createdAt ?? 0) - rollbackEventSlackMs;
  return (service.events ?? []).some((e) => e.createdAt >= since && healthCheckPattern.test(e.message))
    ? ' health checks'
    : '';
}

/**
 * Whether the primary deployment was started by a rollback. Its rolloutStateReason says so
 * only until it completes; the "rolling back" event stays, stamped when the deployment was
 * created. A rollback after the primary's creation would have made a newer primary, so any
 * such event at or after that moment is about this one.
 */
function isRollbackDeployment(
  primary: Deployment,
  events: readonly { createdAt: number; message: string }[],
): boolean {
  if (primary.rolloutStateReason && mentionsRollback(primary.rolloutStateReason)) return true;
  if (primary.createdAt === null) return false;
  const since = primary.createdAt - rollbackEventSlackMs;
  return events.some((e) => e.createdAt >= since && mentionsRollback(e.message));
}

/** The line a service of a cluster whose last poll failed carries: its last known values stay, the reason says how old they are. */
export function staleHealthReason(ageMs: number, errorMessage: string): string {
  return `data ${spokenDuration(ageMs, { finestUnit: 'second' })} old: ${errorMessage}`;
}
