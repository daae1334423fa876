import { revisionLabel } from './ecsArns';
import type { DeploymentSummary, HealthState } from './fleetModel';

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
  >[];
  /**
   * Recent service events, in any order. They are where ECS says "failed container health
   * checks" and "rolling back", which the deployments alone stop saying once a rollback completes.
   */
  events?: readonly { createdAt: number; message: string }[];
}

export interface ServiceHealth {
  health: Exclude<HealthState, 'stale'>;
  healthReason: string;
}

type Deployment = ServiceHealthInput['deployments'][number];

const rollbackPattern = /roll(?:ing|ed)? ?back/i;
const healthCheckPattern = /health ?check/i;
/** How far apart ECS may stamp a rollback deployment and the event announcing it. */
const rollbackEventSlackMs = 5000;

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
  if (primary.rolloutStateReason && rollbackPattern.test(primary.rolloutStateReason)) return true;
  if (primary.createdAt === null) return false;
  const since = primary.createdAt - rollbackEventSlackMs;
  return events.some((e) => e.createdAt >= since && rollbackPattern.test(e.message));
}

/** How old data is, in the words the UI and the CLI use: "42 s", "3 min", "2 h". */
export function describeAge(ageMs: number): string {
  const seconds = Math.max(0, Math.round(ageMs / 1000));
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}

/** The line a service of a cluster whose last poll failed carries: its last known values stay, the reason says how old they are. */
export function staleHealthReason(ageMs: number, errorMessage: string): string {
  return `data ${describeAge(ageMs)} old: ${errorMessage}`;
}
