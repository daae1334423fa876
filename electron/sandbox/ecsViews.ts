import type { Cluster, Service, ServiceDeployment, ServiceDeploymentBrief, Task } from '@aws-sdk/client-ecs';
import { currentDeployments, isUnfinished, primaryOf, revisionCounts } from './serviceRecords';
import type { SimCluster, SimService, SimTask } from './ecsModel';
import { isPending, isRunning } from './taskLifecycle';

/**
 * What the ECS API shows of the simulation's records. Each view is a fresh copy, so a
 * caller holding one never sees it change under it.
 */

export interface ViewOptions {
  includeTags?: boolean;
}

export function clusterView(
  cluster: SimCluster,
  options: ViewOptions & { includeSettings?: boolean; includeStatistics?: boolean } = {},
): Cluster {
  let running = 0;
  let pending = 0;
  for (const service of cluster.services.values()) {
    for (const task of service.tasks) {
      if (isRunning(task)) running++;
      else if (isPending(task)) pending++;
    }
  }
  const { tags, settings, statistics, ...rest } = cluster.cluster;
  return structuredClone({
    ...rest,
    runningTasksCount: running,
    pendingTasksCount: pending,
    activeServicesCount: cluster.services.size,
    ...(options.includeTags ? { tags } : {}),
    ...(options.includeSettings ? { settings } : {}),
    ...(options.includeStatistics ? { statistics } : {}),
  });
}

export function serviceView(service: SimService, options: ViewOptions = {}): Service {
  const deployments = currentDeployments(service);
  const primary = primaryOf(service);
  const latestRecord = service.serviceDeployments[0];
  return structuredClone({
    ...service.service,
    runningCount: deployments.reduce((sum, deployment) => sum + (deployment.deployment.runningCount ?? 0), 0),
    pendingCount: deployments.reduce((sum, deployment) => sum + (deployment.deployment.pendingCount ?? 0), 0),
    taskDefinition: primary.deployment.taskDefinition,
    deployments: deployments.map((deployment) => deployment.deployment),
    events: service.events,
    ...(latestRecord ? { currentServiceDeployment: latestRecord.serviceDeploymentArn } : {}),
    currentServiceRevisions: deployments.map((deployment) => ({
      arn: deployment.serviceRevisionArn,
      requestedTaskCount: deployment.deployment.desiredCount,
      runningTaskCount: deployment.deployment.runningCount,
      pendingTaskCount: deployment.deployment.pendingCount,
    })),
    ...(options.includeTags ? { tags: service.tags } : {}),
  });
}

export function taskView(service: SimService, task: SimTask, options: ViewOptions = {}): Task {
  return structuredClone({
    ...task.task,
    ...(options.includeTags ? { tags: service.tags } : {}),
  });
}

/** A service deployment; while it is under way its revisions show live task counts, after it the counts it ended with. */
export function serviceDeploymentView(service: SimService, record: ServiceDeployment): ServiceDeployment {
  const view = structuredClone(record);
  if (!isUnfinished(record.status)) return view;
  view.targetServiceRevision = revisionCounts(service, record.targetServiceRevision?.arn);
  view.sourceServiceRevisions = (record.sourceServiceRevisions ?? []).map((source) =>
    revisionCounts(service, source.arn),
  );
  return view;
}

export function serviceDeploymentBrief(record: ServiceDeployment): ServiceDeploymentBrief {
  return structuredClone({
    serviceDeploymentArn: record.serviceDeploymentArn,
    serviceArn: record.serviceArn,
    clusterArn: record.clusterArn,
    startedAt: record.startedAt,
    createdAt: record.createdAt,
    finishedAt: record.finishedAt ?? record.stoppedAt,
    targetServiceRevisionArn: record.targetServiceRevision?.arn,
    status: record.status,
    statusReason: record.statusReason,
  });
}
