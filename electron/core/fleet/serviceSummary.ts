import type { Deployment, Service, ServiceEvent as EcsServiceEvent, Task } from '@aws-sdk/client-ecs';
import { parseTaskDefinitionArn, resourceNameFromArn } from '../../../shared/fleet/ecsArns';
import { imageTagOf } from '../../../shared/fleet/imageTag';
import type {
  DeploymentSummary,
  ServiceEvent,
  ServiceSummary,
  TaskSummary,
} from '../../../shared/fleet/fleetModel';
import { deriveServiceHealth } from '../../../shared/fleet/serviceHealth';

/** SDK shapes in, the console's model out: the only place that knows both. */

export interface ServiceContext {
  environment: string;
  clusterName: string;
  /** Used when ECS leaves `clusterArn` out of the service. */
  clusterArn: string | null;
  image: string | null;
  observedAt: number;
}

export function toServiceSummary(service: Service, context: ServiceContext): ServiceSummary {
  const serviceName = service.serviceName ?? resourceNameFromArn(service.serviceArn ?? '');
  const clusterArn = service.clusterArn ?? context.clusterArn ?? context.clusterName;
  const deployments = (service.deployments ?? []).map(toDeploymentSummary);
  const primary = deployments.find((d) => d.status === 'PRIMARY');
  const taskDefinitionArn = service.taskDefinition ?? primary?.taskDefinitionArn ?? '';
  const { family, revision } = parseTaskDefinitionArn(taskDefinitionArn);
  const events = (service.events ?? []).map(toServiceEvent);
  const newestEvent = events.reduce<ServiceEvent | null>(
    (newest, e) => (newest === null || e.createdAt > newest.createdAt ? e : newest),
    null,
  );
  const counts = {
    desiredCount: service.desiredCount ?? 0,
    runningCount: service.runningCount ?? 0,
    pendingCount: service.pendingCount ?? 0,
  };
  const status = service.status ?? 'ACTIVE';
  const { health, healthReason } = deriveServiceHealth({
    serviceName,
    status,
    ...counts,
    deployments,
    events,
    observedAt: context.observedAt,
  });

  const tags = consoleTagsOf(service);
  // Only what the metrics need, and nothing for the many services without either, to keep each summary small.
  const targetGroupArns = (service.loadBalancers ?? []).flatMap((balancer) =>
    balancer.targetGroupArn ? [balancer.targetGroupArn] : [],
  );
  const deploymentAlarms = service.deploymentConfiguration?.alarms?.alarmNames ?? [];
  return {
    key: `${clusterArn}|${serviceName}`,
    environment: context.environment,
    clusterName: context.clusterName,
    clusterArn,
    serviceName,
    serviceArn: service.serviceArn ?? '',
    status,
    health,
    healthReason,
    ...counts,
    taskDefinitionArn,
    family,
    revision,
    image: context.image,
    imageTag: imageTagOf(context.image),
    deployments,
    newestEvent,
    observedAt: context.observedAt,
    ...(tags ? { tags } : {}),
    ...(targetGroupArns.length > 0 ? { targetGroupArns } : {}),
    ...(deploymentAlarms.length > 0 ? { deploymentAlarms } : {}),
  };
}

export function toDeploymentSummary(deployment: Deployment): DeploymentSummary {
  const taskDefinitionArn = deployment.taskDefinition ?? '';
  const { family, revision } = parseTaskDefinitionArn(taskDefinitionArn);
  return {
    id: deployment.id ?? '',
    status: deployment.status ?? 'PRIMARY',
    rolloutState: deployment.rolloutState ?? null,
    rolloutStateReason: deployment.rolloutStateReason ?? null,
    taskDefinitionArn,
    family,
    revision,
    desiredCount: deployment.desiredCount ?? 0,
    runningCount: deployment.runningCount ?? 0,
    pendingCount: deployment.pendingCount ?? 0,
    failedTasks: deployment.failedTasks ?? 0,
    createdAt: deployment.createdAt?.getTime() ?? null,
    updatedAt: deployment.updatedAt?.getTime() ?? null,
  };
}

export function toServiceEvent(event: EcsServiceEvent): ServiceEvent {
  return { id: event.id ?? '', createdAt: event.createdAt?.getTime() ?? 0, message: event.message ?? '' };
}

/** The tags the console reads (`flarenet:`), or undefined when the service has none. */
function consoleTagsOf(service: Service): Record<string, string> | undefined {
  const entries = (service.tags ?? []).flatMap((tag) =>
    tag.key?.startsWith('flarenet:') && tag.value !== undefined ? [[tag.key, tag.value] as const] : [],
  );
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

/** ECS lists events newest first, but the order is not a documented promise; the times are. */
export function newestEvents(events: readonly EcsServiceEvent[], limit: number): ServiceEvent[] {
  return events
    .map(toServiceEvent)
    .sort((a, b) => b.createdAt - a.createdAt)
    .slice(0, limit);
}

export function toTaskSummary(task: Task): TaskSummary {
  const taskArn = task.taskArn ?? '';
  return {
    taskArn,
    taskId: resourceNameFromArn(taskArn),
    lastStatus: task.lastStatus ?? 'UNKNOWN',
    desiredStatus: task.desiredStatus ?? 'UNKNOWN',
    healthStatus: task.healthStatus ?? 'UNKNOWN',
    revision: parseTaskDefinitionArn(task.taskDefinitionArn ?? '').revision,
    startedAt: task.startedAt?.getTime() ?? null,
    stoppedAt: task.stoppedAt?.getTime() ?? null,
    stoppedReason: task.stoppedReason ?? null,
    containers: (task.containers ?? []).map((container) => ({
      name: container.name ?? '',
      lastStatus: container.lastStatus ?? 'UNKNOWN',
      healthStatus: container.healthStatus ?? 'UNKNOWN',
      exitCode: container.exitCode ?? null,
      reason: container.reason ?? null,
    })),
  };
}

/** A service is mid-rollout while ECS still runs more than one deployment or the primary is not done. */
export function isDeploying(service: Pick<ServiceSummary, 'deployments'>): boolean {
  return (
    service.deployments.length > 1 ||
    service.deployments.some((d) => d.status === 'PRIMARY' && d.rolloutState === 'IN_PROGRESS')
  );
}
