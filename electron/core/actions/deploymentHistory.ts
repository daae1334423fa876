import { utcText } from '../../../shared/time/clockText';
import {
  DescribeServiceDeploymentsCommand,
  DescribeServiceRevisionsCommand,
  DescribeTasksCommand,
  ListServiceDeploymentsCommand,
  ListTasksCommand,
  type ECSClient,
  type Service,
  type ServiceDeployment,
  type ServiceDeploymentBrief,
} from '@aws-sdk/client-ecs';
import type { DeploymentFact, FailureFact } from '../../../shared/actions/rollbackTarget';
import { toIpcError } from '../ipc/consoleError';
import { labelOfArn } from './taskDefinitionShape';

/**
 * What has been deployed to a service and how it ended. ECS tells it through its service
 * deployments, whose targets are service revisions that DescribeServiceRevisions maps to
 * task definitions. Where those calls are not available (older endpoints, missing IAM
 * permissions, an ECS emulator), the history is what the console can still see: the
 * deployments DescribeServices shows now, and stopped tasks that failed.
 */

export interface DeploymentHistory {
  source: 'service-deployments' | 'console-observations';
  facts: DeploymentFact[];
  /** The service deployment under way, if ECS lists one. */
  inProgress: { arn: string; status: string } | null;
  /** Why part of the history could not be read, for the plan's warnings. */
  notes: string[];
}

/** Remembers per client which optional operations the endpoint does not serve, so they are not asked again. */
export class ApiSupport {
  private readonly missing = new WeakMap<ECSClient, Set<string>>();

  supports(client: ECSClient, operation: string): boolean {
    return !this.missing.get(client)?.has(operation);
  }

  markMissing(client: ECSClient, operation: string): void {
    let set = this.missing.get(client);
    if (!set) {
      set = new Set();
      this.missing.set(client, set);
    }
    set.add(operation);
  }
}

const unsupportedErrors = new Set(['UnknownOperationException', 'InvalidAction', 'UnsupportedOperation']);
const unfinished = new Set([
  'PENDING',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'STOP_REQUESTED',
]);

export async function readDeploymentHistory(
  client: ECSClient,
  cluster: string,
  service: Service,
  support: ApiSupport,
  signal: AbortSignal,
): Promise<DeploymentHistory> {
  const facts = currentDeploymentFacts(service);
  const notes: string[] = [];
  const serviceName = service.serviceName ?? '';
  const degrade = (operation: string, error: unknown): DeploymentHistory => {
    if (error instanceof Error && unsupportedErrors.has(error.name)) support.markMissing(client, operation);
    else
      notes.push(
        `${operation} failed (${toIpcError(error).message}); the history is what the console could see.`,
      );
    return { source: 'console-observations', facts, inProgress: null, notes };
  };

  if (!support.supports(client, 'ListServiceDeployments'))
    return { source: 'console-observations', facts, inProgress: null, notes };
  let briefs: ServiceDeploymentBrief[];
  try {
    const answer = await client.send(
      new ListServiceDeploymentsCommand({ cluster, service: serviceName, maxResults: 20 }),
      {
        abortSignal: signal,
      },
    );
    briefs = answer.serviceDeployments ?? [];
  } catch (error) {
    if (signal.aborted) throw error;
    return degrade('ListServiceDeployments', error);
  }
  const underWay = briefs
    .filter((brief) => unfinished.has(brief.status ?? ''))
    .sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
  const inProgress = underWay?.serviceDeploymentArn
    ? { arn: underWay.serviceDeploymentArn, status: underWay.status ?? 'IN_PROGRESS' }
    : null;
  if (briefs.length === 0) return { source: 'console-observations', facts, inProgress, notes };

  let records: ServiceDeployment[];
  try {
    const described = await client.send(
      new DescribeServiceDeploymentsCommand({
        serviceDeploymentArns: briefs
          .map((brief) => brief.serviceDeploymentArn ?? '')
          .filter((arn) => arn !== ''),
      }),
      { abortSignal: signal },
    );
    records = described.serviceDeployments ?? [];
  } catch (error) {
    if (signal.aborted) throw error;
    return { ...degrade('DescribeServiceDeployments', error), inProgress };
  }
  if (!support.supports(client, 'DescribeServiceRevisions'))
    return { source: 'console-observations', facts, inProgress, notes };
  let taskDefinitionOf: Map<string, string>;
  try {
    taskDefinitionOf = await describeRevisions(client, records, signal);
  } catch (error) {
    if (signal.aborted) throw error;
    return { ...degrade('DescribeServiceRevisions', error), inProgress };
  }
  return {
    source: 'service-deployments',
    facts: [...facts, ...serviceDeploymentFacts(records, taskDefinitionOf)],
    inProgress,
    notes,
  };
}

async function describeRevisions(
  client: ECSClient,
  records: readonly ServiceDeployment[],
  signal: AbortSignal,
): Promise<Map<string, string>> {
  const arns = new Set<string>();
  for (const record of records) {
    if (record.targetServiceRevision?.arn) arns.add(record.targetServiceRevision.arn);
    if (record.rollback?.serviceRevisionArn) arns.add(record.rollback.serviceRevisionArn);
  }
  const map = new Map<string, string>();
  const list = [...arns];
  for (let i = 0; i < list.length; i += 20) {
    const answer = await client.send(
      new DescribeServiceRevisionsCommand({ serviceRevisionArns: list.slice(i, i + 20) }),
      {
        abortSignal: signal,
      },
    );
    for (const revision of answer.serviceRevisions ?? [])
      if (revision.serviceRevisionArn && revision.taskDefinition)
        map.set(revision.serviceRevisionArn, revision.taskDefinition);
  }
  return map;
}

/** Service deployment records as history, given what each service revision runs; records of unknown revisions are left out. */
export function serviceDeploymentFacts(
  records: readonly ServiceDeployment[],
  taskDefinitionOf: ReadonlyMap<string, string>,
): DeploymentFact[] {
  const facts: DeploymentFact[] = [];
  for (const record of records) {
    const target = taskDefinitionOf.get(record.targetServiceRevision?.arn ?? '');
    const rollbackTo = taskDefinitionOf.get(record.rollback?.serviceRevisionArn ?? '');
    const finished =
      (record.finishedAt ?? record.stoppedAt ?? record.updatedAt ?? record.createdAt)?.getTime() ?? null;
    const reason = record.statusReason ?? null;
    if (!target) continue;
    const breakerTripped = record.deploymentCircuitBreaker?.status === 'TRIGGERED';
    switch (record.status) {
      case 'SUCCESSFUL':
        facts.push({ taskDefinitionArn: target, outcome: 'completed', at: finished, detail: null });
        break;
      case 'ROLLBACK_REQUESTED':
      case 'ROLLBACK_IN_PROGRESS':
      case 'ROLLBACK_SUCCESSFUL':
        // The circuit breaker rolls back what it saw fail; anything else was stopped by someone, for reasons ECS does not know.
        facts.push(
          breakerTripped
            ? {
                taskDefinitionArn: target,
                outcome: 'failed',
                at: finished,
                detail: `rolled back by the circuit breaker${reason ? `: ${reason}` : ''}`,
              }
            : {
                taskDefinitionArn: target,
                outcome: 'rolled-back',
                at: finished,
                detail: `was rolled back from (StopServiceDeployment with ROLLBACK${finished === null ? '' : `, ${utcText(finished)}`})${reason ? `: ${reason}` : ''}`,
              },
        );
        if (rollbackTo && record.status === 'ROLLBACK_SUCCESSFUL')
          facts.push({
            taskDefinitionArn: rollbackTo,
            outcome: 'completed',
            at: finished,
            detail: `completed as the rollback from ${labelOfArn(target)}`,
          });
        break;
      case 'ROLLBACK_FAILED':
        facts.push({
          taskDefinitionArn: target,
          outcome: 'failed',
          at: finished,
          detail: `its deployment failed and the rollback failed too${reason ? `: ${reason}` : ''}`,
        });
        break;
      case 'STOPPED':
      case 'STOP_REQUESTED':
        facts.push({
          taskDefinitionArn: target,
          outcome: breakerTripped ? 'failed' : 'stopped',
          at: finished,
          detail: breakerTripped
            ? `the circuit breaker failed its deployment${reason ? `: ${reason}` : ''}`
            : reason,
        });
        break;
      default:
        facts.push({ taskDefinitionArn: target, outcome: 'in-progress', at: finished, detail: null });
    }
  }
  return facts;
}

/** Deployments DescribeServices shows now: a COMPLETED one beside the PRIMARY is where a rollback returns to. */
export function currentDeploymentFacts(service: Service): DeploymentFact[] {
  return (service.deployments ?? []).flatMap((deployment): DeploymentFact[] => {
    if (!deployment.taskDefinition) return [];
    const at = (deployment.updatedAt ?? deployment.createdAt)?.getTime() ?? null;
    switch (deployment.rolloutState) {
      case 'COMPLETED':
        return [{ taskDefinitionArn: deployment.taskDefinition, outcome: 'completed', at, detail: null }];
      case 'FAILED':
        return [
          {
            taskDefinitionArn: deployment.taskDefinition,
            outcome: 'failed',
            at,
            detail: `its rollout FAILED${deployment.rolloutStateReason ? `: ${deployment.rolloutStateReason}` : ''}`,
          },
        ];
      default:
        return [{ taskDefinitionArn: deployment.taskDefinition, outcome: 'in-progress', at, detail: null }];
    }
  });
}

/** Stopped tasks that failed to start or failed health checks; ECS lists stopped tasks for about an hour. */
const failedTaskMinimum = 2;

export async function failedTaskEvidence(
  client: ECSClient,
  cluster: string,
  serviceName: string,
  signal: AbortSignal,
): Promise<{ failures: FailureFact[]; note: string | null }> {
  try {
    const listed = await client.send(
      new ListTasksCommand({ cluster, serviceName, desiredStatus: 'STOPPED', maxResults: 100 }),
      { abortSignal: signal },
    );
    const arns = listed.taskArns ?? [];
    if (arns.length === 0) return { failures: [], note: null };
    const described = await client.send(new DescribeTasksCommand({ cluster, tasks: arns }), {
      abortSignal: signal,
    });
    const counts = new Map<string, { count: number; at: number | null }>();
    for (const task of described.tasks ?? []) {
      const failed =
        task.stopCode === 'TaskFailedToStart' ||
        task.stopCode === 'EssentialContainerExited' ||
        /failed (container|ELB|load balancer) health checks/i.test(task.stoppedReason ?? '');
      if (!failed || !task.taskDefinitionArn) continue;
      const entry = counts.get(task.taskDefinitionArn) ?? { count: 0, at: null };
      entry.count++;
      entry.at = Math.max(entry.at ?? 0, task.stoppedAt?.getTime() ?? 0) || null;
      counts.set(task.taskDefinitionArn, entry);
    }
    const failures = [...counts]
      .filter(([, entry]) => entry.count >= failedTaskMinimum)
      .map(([taskDefinitionArn, entry]) => ({
        taskDefinitionArn,
        reason: `${entry.count} of its tasks failed to start or failed health checks recently`,
        at: entry.at,
      }));
    return { failures, note: null };
  } catch (error) {
    if (signal.aborted) throw error;
    return { failures: [], note: `Stopped tasks could not be read (${toIpcError(error).message}).` };
  }
}
