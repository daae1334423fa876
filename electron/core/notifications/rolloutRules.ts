import { revisionLabel } from '../../../shared/fleet/ecsArns';
import { mentionsRollback } from '../../../shared/fleet/serviceHealth';
import type {
  DeploymentSummary,
  FleetEvent,
  ServiceEvent,
  ServiceSummary,
} from '../../../shared/fleet/fleetModel';
import type { NotificationSubject } from '../../../shared/notifications/notificationModel';
import { linkTo, type Problem, type RuleSignal } from './ruleSignals';

/**
 * The rollout rule, on what the fleet monitor reads: a deployment whose rollout turned FAILED,
 * or a deployment ECS started to roll one back (the circuit breaker's or an alarm's rollback
 * says so in its reason). It holds until the service's primary deployment completes again,
 * which is "back to OK".
 *
 * A failure already there when a service is first read is news only when ECS dates it after
 * `since` (when the console started watching): a restart does not report last week's failure.
 */

export class RolloutRules {
  /**
   * Services whose rollout failed, by key, while it holds: with the deployment that failed,
   * or null when only its rollback was seen (the failed one gone between two readings).
   */
  private readonly failing = new Map<string, string | null>();
  private readonly seen = new Map<string, ServiceSummary>();
  private unwatched: UnwatchedRollout[] = [];

  constructor(private readonly since: number) {}

  /**
   * The rollouts that began and ended between two readings (a new primary deployment, already
   * COMPLETED): whether one failed and was rolled back on the way only the service's ECS
   * events can say (see `unwatchedRolloutSignals`). Each is handed out once.
   */
  takeUnwatched(): UnwatchedRollout[] {
    return this.unwatched.splice(0);
  }

  receive(event: FleetEvent, now: number): RuleSignal[] {
    const services = event.type === 'snapshot' ? event.snapshot.services : event.delta.upserted;
    const signals: RuleSignal[] = [];
    for (const service of services) {
      signals.push(...this.judge(this.seen.get(service.key), service, now));
      this.seen.set(service.key, service);
    }
    let removed: readonly string[];
    if (event.type === 'snapshot') {
      const present = new Set(services.map((service) => service.key));
      removed = [...this.seen.keys()].filter((key) => !present.has(key));
    } else {
      removed = event.delta.removed;
    }
    for (const key of removed) {
      this.seen.delete(key);
      // A service gone from the fleet (deleted, its cluster no longer watched) has no rollout to watch.
      if (this.failing.delete(key))
        signals.push({
          type: 'clear',
          clearance: {
            rule: 'rollout-failed',
            key,
            at: now,
            title: `${key.slice(key.lastIndexOf('|') + 1)} is no longer in the fleet`,
            body: '',
          },
        });
    }
    return signals;
  }

  private judge(previous: ServiceSummary | undefined, service: ServiceSummary, now: number): RuleSignal[] {
    const before = new Map((previous?.deployments ?? []).map((deployment) => [deployment.id, deployment]));
    const isNews = (at: number | null) => previous !== undefined || (at !== null && at >= this.since);

    const failed = service.deployments.find(
      (deployment) =>
        deployment.rolloutState === 'FAILED' &&
        before.get(deployment.id)?.rolloutState !== 'FAILED' &&
        isNews(deployment.updatedAt),
    );
    const rollback = service.deployments.find(
      (deployment) =>
        !before.has(deployment.id) &&
        deployment.rolloutStateReason !== null &&
        mentionsRollback(deployment.rolloutStateReason) &&
        isNews(deployment.createdAt),
    );
    if (failed || rollback) {
      this.failing.set(service.key, failed?.id ?? null);
      return [{ type: 'raise', problem: rolloutProblem(service, failed ?? null, rollback ?? null) }];
    }

    const primaryNow = service.deployments.find((deployment) => deployment.status === 'PRIMARY');
    if (
      previous &&
      primaryNow &&
      !before.has(primaryNow.id) &&
      primaryNow.rolloutState === 'COMPLETED' &&
      !this.failing.has(service.key)
    ) {
      this.unwatched.push({ service, since: previous.observedAt });
    }

    if (!this.failing.has(service.key)) return [];
    const failedId = this.failing.get(service.key);
    if (!primaryNow || primaryNow.id === failedId || primaryNow.rolloutState !== 'COMPLETED') {
      return [];
    }
    this.failing.delete(service.key);
    return [
      {
        type: 'clear',
        clearance: {
          rule: 'rollout-failed',
          key: service.key,
          at: primaryNow.updatedAt ?? now,
          title: `${service.serviceName} back to OK: ${revisionLabel(primaryNow)} completed`,
          body: `${primaryNow.runningCount}/${primaryNow.desiredCount} tasks running`,
        },
      },
    ];
  }
}

export interface UnwatchedRollout {
  service: ServiceSummary;
  /** When the service was read before: the rollout happened after this. */
  since: number;
}

const failedEventPattern = /deployment failed|circuit breaker|roll(?:ing|ed)? ?back/i;

/**
 * A rollout seen only once it was over: when ECS's events since the reading before say it
 * failed or was rolled back, it is told once (it has nothing left to clear).
 */
export function unwatchedRolloutSignals(
  { service, since }: UnwatchedRollout,
  events: readonly ServiceEvent[],
): RuleSignal[] {
  const told = events
    .filter((event) => event.createdAt >= since && failedEventPattern.test(event.message))
    .sort((a, b) => a.createdAt - b.createdAt);
  if (told.length === 0) return [];
  const primary = service.deployments.find((deployment) => deployment.status === 'PRIMARY');
  const problem = rolloutProblem(service, null, primary ?? null);
  return [
    {
      type: 'event',
      problem: {
        ...problem,
        title: `${service.serviceName}: a rollout failed and was rolled back${primary ? ` to ${revisionLabel(primary)}` : ''} before the console read it again`,
        body: told.map((event) => event.message).join(' — '),
      },
    },
  ];
}

function rolloutProblem(
  service: ServiceSummary,
  failed: DeploymentSummary | null,
  rollback: DeploymentSummary | null,
): Problem {
  const reason = [failed?.rolloutStateReason, rollback?.rolloutStateReason].find(
    (text): text is string => typeof text === 'string' && text !== '',
  );
  const by =
    reason && /alarm/i.test(reason)
      ? ' by an alarm'
      : reason && /circuit breaker/i.test(reason)
        ? ' by the circuit breaker'
        : '';
  const title = failed
    ? rollback
      ? `${service.serviceName}: rollout of ${revisionLabel(failed)} failed and is rolled back${by} to ${revisionLabel(rollback)}`
      : `${service.serviceName}: rollout of ${revisionLabel(failed)} failed`
    : `${service.serviceName}: rolled back${by} to ${revisionLabel(rollback!)}`;
  return {
    rule: 'rollout-failed',
    subject: serviceSubject(service),
    severity: 'error',
    title,
    body: reason ?? '',
    link: linkTo({
      kind: 'service',
      environment: service.environment,
      cluster: service.clusterName,
      service: service.serviceName,
    }),
  };
}

function serviceSubject(service: ServiceSummary): NotificationSubject {
  return {
    key: service.key,
    environment: service.environment,
    service: service.serviceName,
    kafkaCluster: null,
    group: null,
  };
}
