import { revisionLabel } from '../../../shared/fleet/ecsArns';
import { mentionsRollback } from '../../../shared/fleet/serviceHealth';
import type {
  DeploymentSummary,
  FleetEvent,
  ServiceEvent,
  ServiceSummary,
} from '../../../shared/fleet/fleetModel';
import type { TimelineEntry, TimelineSeverity } from '../../../shared/timeline/timelineModel';

/**
 * Deployment and service-event entries, derived from what changed between two readings of
 * a service: a deployment that appeared started (or, when it goes back to an older revision
 * or ECS says so, rolled back); one whose rollout turned COMPLETED or FAILED finished. ECS's
 * own timestamps date the entries, so a change seen a poll late is still placed where it
 * happened.
 *
 * A service seen for the first time (console start, a new cluster) has no "before": only
 * what its timestamps place inside the recorder's window is recorded, so a restart rebuilds
 * the recent past instead of reporting every deployment as new.
 */

const troublePattern = /unhealthy|fail|error|unable|could not|rolling back|rolled back|stopped/i;

export class FleetChangeTracker {
  private readonly services = new Map<string, ServiceSummary>();

  /** `windowStart`: entries of services seen for the first time must be at least this recent. */
  receive(event: FleetEvent, now: number, windowStart: number): TimelineEntry[] {
    const incoming = event.type === 'snapshot' ? event.snapshot.services : event.delta.upserted;
    const entries: TimelineEntry[] = [];
    for (const service of incoming) {
      entries.push(...serviceChanges(this.services.get(service.key), service, now, windowStart));
      this.services.set(service.key, service);
    }
    if (event.type === 'snapshot') {
      const present = new Set(incoming.map((service) => service.key));
      for (const key of [...this.services.keys()]) if (!present.has(key)) this.services.delete(key);
    } else {
      for (const key of event.delta.removed) this.services.delete(key);
    }
    return entries;
  }

  /** The services as last read: what the error-rate watcher picks from. */
  current(): Iterable<ServiceSummary> {
    return this.services.values();
  }
}

export function serviceChanges(
  previous: ServiceSummary | undefined,
  next: ServiceSummary,
  now: number,
  windowStart: number,
): TimelineEntry[] {
  const entries: TimelineEntry[] = [];
  const firstSight = previous === undefined;
  // A change seen between two readings happened by now even when ECS gives no time; of a
  // first reading only what ECS dates inside the window is known to be recent.
  const dated = (at: number | null): number | null =>
    firstSight ? (at !== null && at >= windowStart ? at : null) : (at ?? now);
  const before = new Map((previous?.deployments ?? []).map((d) => [d.id, d]));
  const previousPrimary = previous?.deployments.find((d) => d.status === 'PRIMARY');

  for (const deployment of next.deployments) {
    const old = before.get(deployment.id);
    const startedAt = old ? null : dated(deployment.createdAt);
    if (startedAt !== null) entries.push(startEntry(next, deployment, previousPrimary, startedAt));

    const finished =
      deployment.rolloutState === 'COMPLETED' || deployment.rolloutState === 'FAILED'
        ? deployment.rolloutState
        : null;
    if (finished === null || old?.rolloutState === finished) continue;
    // A deployment already finished when first read (a quick rollout between two polls) still finished.
    const finishedAt = dated(deployment.updatedAt);
    if (finishedAt === null) continue;
    entries.push(
      finished === 'COMPLETED'
        ? completedEntry(next, deployment, finishedAt)
        : failedEntry(next, deployment, finishedAt),
    );
  }

  const event = next.newestEvent;
  if (event && event.id !== previous?.newestEvent?.id && (!firstSight || event.createdAt >= windowStart)) {
    entries.push(serviceEventEntry(next, event));
  }
  return entries;
}

export function serviceEventEntry(service: ServiceSummary, event: ServiceEvent): TimelineEntry {
  return {
    ...about(service),
    id: `event|${service.key}|${event.id}`,
    at: event.createdAt,
    kind: 'service-event',
    severity: eventSeverity(event.message),
    title: event.message,
    detail: '',
  };
}

function about(
  service: ServiceSummary,
): Pick<TimelineEntry, 'environment' | 'cluster' | 'service' | 'group'> {
  return {
    environment: service.environment,
    cluster: service.clusterName,
    service: service.serviceName,
    group: null,
  };
}

function isRollback(deployment: DeploymentSummary, previousPrimary: DeploymentSummary | undefined): boolean {
  if (deployment.rolloutStateReason && mentionsRollback(deployment.rolloutStateReason)) return true;
  return (
    previousPrimary !== undefined &&
    previousPrimary.family === deployment.family &&
    deployment.revision < previousPrimary.revision
  );
}

function startEntry(
  service: ServiceSummary,
  deployment: DeploymentSummary,
  previousPrimary: DeploymentSummary | undefined,
  at: number,
): TimelineEntry {
  const from =
    previousPrimary && previousPrimary.id !== deployment.id
      ? ` (from ${revisionLabel(previousPrimary)})`
      : '';
  const rollback = isRollback(deployment, previousPrimary);
  return {
    ...about(service),
    id: `deployment|${service.key}|${deployment.id}|started`,
    at,
    kind: rollback ? 'deployment-rolled-back' : 'deployment-started',
    severity: rollback ? 'warning' : 'info',
    title: rollback
      ? `${service.serviceName} rolling back to ${revisionLabel(deployment)}${from}`
      : `${service.serviceName} deploying ${revisionLabel(deployment)}${from}`,
    // What a finished deployment's reason says ("completed") is not news at its start.
    detail:
      rollback || deployment.rolloutState === 'IN_PROGRESS' ? (deployment.rolloutStateReason ?? '') : '',
  };
}

function completedEntry(service: ServiceSummary, deployment: DeploymentSummary, at: number): TimelineEntry {
  return {
    ...about(service),
    id: `deployment|${service.key}|${deployment.id}|completed`,
    at,
    kind: 'deployment-completed',
    severity: 'ok',
    title: `${service.serviceName} deployment of ${revisionLabel(deployment)} completed`,
    detail: deploymentDetail(deployment),
  };
}

function failedEntry(service: ServiceSummary, deployment: DeploymentSummary, at: number): TimelineEntry {
  return {
    ...about(service),
    id: `deployment|${service.key}|${deployment.id}|failed`,
    at,
    kind: 'deployment-failed',
    severity: 'error',
    title: `${service.serviceName} deployment of ${revisionLabel(deployment)} failed`,
    detail: deploymentDetail(deployment),
  };
}

function deploymentDetail(deployment: DeploymentSummary): string {
  const parts = [
    `${deployment.runningCount}/${deployment.desiredCount} tasks running`,
    deployment.failedTasks > 0 ? `${deployment.failedTasks} failed` : null,
    deployment.rolloutStateReason,
  ];
  return parts.filter((part) => part !== null && part !== '').join('; ');
}

function eventSeverity(message: string): TimelineSeverity {
  return troublePattern.test(message) ? 'warning' : 'info';
}
