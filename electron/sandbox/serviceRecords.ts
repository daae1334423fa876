import type {
  DeploymentConfiguration,
  ServiceDeployment,
  ServiceDeploymentStatus,
  ServiceRevisionSummary,
  TaskDefinition,
} from '@aws-sdk/client-ecs';
import { serviceDeploymentArn } from './sandboxArns';
import type { SimDeployment, SimService, SimTask } from './ecsModel';
import type { SeededRandom } from './seededRandom';
import { recordServiceRevision } from './serviceRevisionRecords';
import { isLive, isPending, isRunning } from './taskLifecycle';

export interface NewDeployment {
  taskDefinitionArn: string;
  desiredCount: number;
  at: number;
  rolloutStateReason: string;
  serviceDeploymentArn: string;
  /** A rollback returns to the service revision it rolls back to; anything else makes a new revision. */
  serviceRevisionArn?: string;
  /** The definition a new revision captures (its container images); the registry's record of taskDefinitionArn. */
  taskDefinition?: TaskDefinition | undefined;
  isRollback?: boolean;
}

export const newDeploymentId = (random: SeededRandom): string => `ecs-svc/${random.digits(19)}`;

export function newServiceDeploymentArn(service: SimService, random: SeededRandom): string {
  return serviceDeploymentArn(service.clusterName, service.name, random.alphanumeric(21));
}

/** A PRIMARY deployment with its rollout IN_PROGRESS and no tasks yet, and the service revision it puts in place. */
export function createDeployment(
  service: SimService,
  request: NewDeployment,
  random: SeededRandom,
): SimDeployment {
  const id = newDeploymentId(random);
  const revisionArn =
    request.serviceRevisionArn ??
    recordServiceRevision(service, request.taskDefinition, request.taskDefinitionArn, request.at, random)
      .serviceRevisionArn!;
  return {
    id,
    serviceRevisionArn: revisionArn,
    serviceDeploymentArn: request.serviceDeploymentArn,
    isRollback: request.isRollback ?? false,
    circuitBreakerFailures: 0,
    deployment: {
      id,
      status: 'PRIMARY',
      taskDefinition: request.taskDefinitionArn,
      desiredCount: request.desiredCount,
      pendingCount: 0,
      runningCount: 0,
      failedTasks: 0,
      createdAt: new Date(request.at),
      updatedAt: new Date(request.at),
      launchType: 'FARGATE',
      platformVersion: '1.4.0',
      platformFamily: 'Linux',
      networkConfiguration: structuredClone(service.service.networkConfiguration),
      rolloutState: 'IN_PROGRESS',
      rolloutStateReason: request.rolloutStateReason,
    },
  };
}

export interface NewServiceDeployment {
  arn: string;
  target: SimDeployment;
  sources: readonly SimDeployment[];
  at: number;
  status: ServiceDeploymentStatus;
  /** Failed tasks that trip the circuit breaker (see circuitBreaker.ts). */
  circuitBreakerThreshold: number;
}

/** The Service Deployments API's record of one change to a service. */
export function createServiceDeployment(
  service: SimService,
  request: NewServiceDeployment,
): ServiceDeployment {
  const configuration: DeploymentConfiguration = structuredClone(
    service.service.deploymentConfiguration ?? {},
  );
  const breaker = configuration.deploymentCircuitBreaker;
  return {
    serviceDeploymentArn: request.arn,
    serviceArn: service.service.serviceArn,
    clusterArn: service.service.clusterArn,
    createdAt: new Date(request.at),
    updatedAt: new Date(request.at),
    sourceServiceRevisions: request.sources.map((source) => ({ arn: source.serviceRevisionArn })),
    targetServiceRevision: { arn: request.target.serviceRevisionArn },
    status: request.status,
    deploymentConfiguration: configuration,
    deploymentCircuitBreaker: breaker?.enable
      ? {
          status: 'MONITORING',
          failureCount: 0,
          threshold: request.circuitBreakerThreshold,
        }
      : { status: 'DISABLED' },
    alarms: configuration.alarms?.enable
      ? {
          status: 'MONITORING',
          alarmNames: [...(configuration.alarms.alarmNames ?? [])],
          triggeredAlarmNames: [],
        }
      : { status: 'DISABLED' },
  };
}

export const primaryOf = (service: SimService): SimDeployment => {
  const primary = service.deployments[0];
  if (!primary) throw new Error(`Service ${service.name} has no deployment`);
  return primary;
};

/** PRIMARY and ACTIVE deployments, the ones DescribeServices shows. */
export const currentDeployments = (service: SimService): SimDeployment[] =>
  service.deployments.filter((deployment) => deployment.deployment.status !== 'INACTIVE');

export const tasksOf = (service: SimService, deployment: SimDeployment): SimTask[] =>
  service.tasks.filter((task) => task.deploymentId === deployment.id);

export const serviceDeploymentOf = (
  service: SimService,
  deployment: SimDeployment,
): ServiceDeployment | undefined =>
  service.serviceDeployments.find(
    (record) => record.serviceDeploymentArn === deployment.serviceDeploymentArn,
  );

/** The newest deployment that completed, other than `except`: where a rollback returns to. */
export function lastCompletedDeployment(
  service: SimService,
  except: SimDeployment,
): SimDeployment | undefined {
  return service.deployments.find(
    (deployment) => deployment !== except && deployment.deployment.rolloutState === 'COMPLETED',
  );
}

const unfinishedStatuses = new Set<ServiceDeploymentStatus>([
  'PENDING',
  'IN_PROGRESS',
  'ROLLBACK_REQUESTED',
  'ROLLBACK_IN_PROGRESS',
  'STOP_REQUESTED',
]);

export const isUnfinished = (status: ServiceDeploymentStatus | undefined): boolean =>
  status !== undefined && unfinishedStatuses.has(status);

/**
 * Ends a service deployment. The task counts of its revisions are kept as they stood at the
 * end, so the record still says what the deployment left running after later ones move on.
 */
export function finishServiceDeployment(
  service: SimService,
  record: ServiceDeployment,
  status: ServiceDeploymentStatus,
  now: number,
  reason?: string,
): void {
  record.targetServiceRevision = revisionCounts(service, record.targetServiceRevision?.arn);
  record.sourceServiceRevisions = (record.sourceServiceRevisions ?? []).map((source) =>
    revisionCounts(service, source.arn),
  );
  record.status = status;
  record.updatedAt = new Date(now);
  record.lifecycleStage = undefined;
  if (reason !== undefined) record.statusReason = reason;
  if (status === 'STOPPED') record.stoppedAt = new Date(now);
  else record.finishedAt = new Date(now);
  for (const monitor of [record.deploymentCircuitBreaker, record.alarms])
    if (monitor?.status === 'MONITORING') monitor.status = 'MONITORING_COMPLETE';
}

/** Counts of the tasks that belong to one service revision, across the deployments that run it. */
export function revisionCounts(service: SimService, arn: string | undefined): ServiceRevisionSummary {
  const deployments = service.deployments.filter((deployment) => deployment.serviceRevisionArn === arn);
  const primary = primaryOf(service);
  const counts = { requestedTaskCount: 0, runningTaskCount: 0, pendingTaskCount: 0 };
  for (const deployment of deployments) {
    const tasks = tasksOf(service, deployment);
    counts.requestedTaskCount +=
      deployment === primary ? (service.service.desiredCount ?? 0) : tasks.filter(isLive).length;
    counts.runningTaskCount += tasks.filter(isRunning).length;
    counts.pendingTaskCount += tasks.filter(isPending).length;
  }
  return { arn, ...counts };
}
