import { createHash } from 'node:crypto';
import type { Container, TaskDefinition, TaskStopCode } from '@aws-sdk/client-ecs';
import { sandboxRegion } from '../../shared/ipc/sandbox';
import { clusterArn, containerArn, taskArn } from './sandboxArns';
import type { SimTask, TaskOutcome } from './ecsModel';
import type { SandboxPace } from './sandboxPace';
import type { SeededRandom } from './seededRandom';

/** Something a task did that the scheduler must react to. */
export interface TaskChange {
  kind: 'healthy' | 'unhealthy' | 'crashed' | 'stopped';
  task: SimTask;
}

export interface LaunchRequest {
  clusterName: string;
  serviceName: string;
  deploymentId: string;
  taskDefinition: TaskDefinition;
  outcome: TaskOutcome;
  now: number;
}

export interface StopRequest {
  stoppedReason: string;
  stopCode: TaskStopCode;
  /** What the essential container exits with; undefined when it never ran. */
  exitCode?: number;
}

const availabilityZones = ['a', 'b', 'c'].map((letter) => `${sandboxRegion}${letter}`);

/** A new task in PROVISIONING, as the service scheduler starts it. */
export function launchTask(request: LaunchRequest, random: SeededRandom, pace: SandboxPace): SimTask {
  const { clusterName, serviceName, deploymentId, taskDefinition, now } = request;
  const id = random.hex(32);
  const arn = taskArn(clusterName, id);
  const privateIp = `10.0.${random.int(0, 63)}.${random.int(2, 254)}`;
  const attachmentId = `${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`;
  const containers: Container[] = (taskDefinition.containerDefinitions ?? []).map((definition) => ({
    containerArn: containerArn(
      clusterName,
      `${id}/${random.hex(8)}-${random.hex(4)}-${random.hex(4)}-${random.hex(4)}-${random.hex(12)}`,
    ),
    taskArn: arn,
    name: definition.name,
    image: definition.image,
    imageDigest: imageDigest(definition.image ?? ''),
    lastStatus: 'PENDING',
    networkBindings: [],
    networkInterfaces: [{ attachmentId, privateIpv4Address: privateIp }],
    healthStatus: 'UNKNOWN',
    cpu: String(definition.cpu ?? 0),
    ...(definition.memory === undefined ? {} : { memory: String(definition.memory) }),
  }));
  return {
    id,
    deploymentId,
    outcome: request.outcome,
    healthChecked: (taskDefinition.containerDefinitions ?? []).some(
      (definition) => definition.essential !== false && definition.healthCheck !== undefined,
    ),
    verdict: 'pending',
    nextTransitionAt: now + random.jitter(pace.provisioningMs),
    exitCodeOnStop: undefined,
    task: {
      taskArn: arn,
      clusterArn: clusterArn(clusterName),
      taskDefinitionArn: taskDefinition.taskDefinitionArn,
      group: `service:${serviceName}`,
      startedBy: deploymentId,
      launchType: 'FARGATE',
      capacityProviderName: 'FARGATE',
      platformVersion: '1.4.0',
      platformFamily: 'Linux',
      availabilityZone: random.pick(availabilityZones),
      cpu: taskDefinition.cpu,
      memory: taskDefinition.memory,
      createdAt: new Date(now),
      desiredStatus: 'RUNNING',
      lastStatus: 'PROVISIONING',
      healthStatus: 'UNKNOWN',
      connectivity: 'DISCONNECTED',
      enableExecuteCommand: false,
      ephemeralStorage: { sizeInGiB: 20 },
      version: 1,
      attachments: [
        {
          id: attachmentId,
          type: 'ElasticNetworkInterface',
          status: 'PRECREATED',
          details: [
            { name: 'subnetId', value: `subnet-${random.hex(17)}` },
            { name: 'networkInterfaceId', value: `eni-${random.hex(17)}` },
            { name: 'privateIPv4Address', value: privateIp },
          ],
        },
      ],
      containers,
    },
  };
}

/** A task that has been running and healthy since `startedAt`, as found when the sandbox starts. */
export function settleTaskAsRunning(simTask: SimTask, startedAt: number): void {
  const { task } = simTask;
  task.createdAt = new Date(startedAt - 1500);
  task.pullStartedAt = new Date(startedAt - 1100);
  task.pullStoppedAt = new Date(startedAt - 500);
  task.connectivityAt = new Date(startedAt - 1100);
  task.startedAt = new Date(startedAt);
  task.connectivity = 'CONNECTED';
  task.lastStatus = 'RUNNING';
  task.healthStatus = simTask.healthChecked ? 'HEALTHY' : 'UNKNOWN';
  task.version = 4;
  markAttachment(simTask, 'ATTACHED');
  for (const container of task.containers ?? []) {
    container.lastStatus = 'RUNNING';
    container.runtimeId = `${simTask.id}-${container.name ?? 'app'}`;
    container.healthStatus = task.healthStatus;
  }
  simTask.verdict = 'passed';
  simTask.nextTransitionAt = null;
}

/**
 * Applies every transition that is due by `now`, each stamped with the time it was due,
 * and reports what the scheduler must react to.
 */
export function advanceTask(
  simTask: SimTask,
  now: number,
  random: SeededRandom,
  pace: SandboxPace,
): TaskChange[] {
  const changes: TaskChange[] = [];
  while (simTask.nextTransitionAt !== null && simTask.nextTransitionAt <= now) {
    const change = applyNextTransition(simTask, simTask.nextTransitionAt, random, pace);
    if (change) changes.push(change);
  }
  return changes;
}

function applyNextTransition(
  simTask: SimTask,
  at: number,
  random: SeededRandom,
  pace: SandboxPace,
): TaskChange | null {
  const { task } = simTask;
  const stamp = new Date(at);
  task.version = (task.version ?? 0) + 1;
  if (task.desiredStatus === 'STOPPED') return continueStopping(simTask, at, pace);
  switch (task.lastStatus) {
    case 'PROVISIONING':
      task.lastStatus = 'PENDING';
      task.pullStartedAt = stamp;
      task.connectivity = 'CONNECTED';
      task.connectivityAt = stamp;
      markAttachment(simTask, 'ATTACHED');
      simTask.nextTransitionAt = at + random.jitter(pace.pendingMs);
      return null;
    case 'PENDING':
      task.lastStatus = 'ACTIVATING';
      task.pullStoppedAt = stamp;
      simTask.nextTransitionAt = at + random.jitter(pace.activatingMs);
      return null;
    case 'ACTIVATING':
      task.lastStatus = 'RUNNING';
      task.startedAt = stamp;
      for (const container of task.containers ?? []) {
        container.lastStatus = 'RUNNING';
        container.runtimeId = `${simTask.id}-${random.digits(10)}`;
      }
      simTask.nextTransitionAt =
        at + random.jitter(simTask.healthChecked ? pace.healthCheckMs : pace.healthCheckMs / 2);
      return null;
    case 'RUNNING':
      simTask.nextTransitionAt = null;
      return deliverVerdict(simTask, at, pace);
    default:
      simTask.nextTransitionAt = null;
      return null;
  }
}

function deliverVerdict(simTask: SimTask, at: number, pace: SandboxPace): TaskChange {
  const { task } = simTask;
  const checked = simTask.healthChecked;
  if (simTask.outcome === 'healthy') {
    simTask.verdict = 'passed';
    if (checked) setHealth(simTask, 'HEALTHY');
    return { kind: 'healthy', task: simTask };
  }
  simTask.verdict = 'failed';
  if (simTask.outcome === 'fails-health-check' && checked) {
    setHealth(simTask, 'UNHEALTHY');
    return { kind: 'unhealthy', task: simTask };
  }
  // The application exits on its own before any health check can pass.
  const essential = task.containers?.[0];
  if (essential) {
    essential.lastStatus = 'STOPPED';
    essential.exitCode = 1;
  }
  if (checked) setHealth(simTask, 'UNHEALTHY');
  requestStop(
    simTask,
    at,
    {
      stoppedReason: 'Essential container in task exited',
      stopCode: 'EssentialContainerExited',
      exitCode: 1,
    },
    pace,
  );
  return { kind: 'crashed', task: simTask };
}

/** Asks a task to stop; it drains through DEACTIVATING, STOPPING and DEPROVISIONING to STOPPED. */
export function requestStop(simTask: SimTask, now: number, request: StopRequest, pace: SandboxPace): void {
  const { task } = simTask;
  if (task.desiredStatus === 'STOPPED') return;
  const wasRunning = task.lastStatus === 'RUNNING';
  task.desiredStatus = 'STOPPED';
  task.stoppedReason = request.stoppedReason;
  task.stopCode = request.stopCode;
  task.stoppingAt = new Date(now);
  task.version = (task.version ?? 0) + 1;
  simTask.exitCodeOnStop = wasRunning ? request.exitCode : undefined;
  task.lastStatus = wasRunning ? 'DEACTIVATING' : 'DEPROVISIONING';
  simTask.nextTransitionAt = now + (wasRunning ? pace.stoppingMs / 3 : pace.stoppingMs / 2);
}

function continueStopping(simTask: SimTask, at: number, pace: SandboxPace): TaskChange | null {
  const { task } = simTask;
  switch (task.lastStatus) {
    case 'DEACTIVATING':
      task.lastStatus = 'STOPPING';
      simTask.nextTransitionAt = at + pace.stoppingMs / 3;
      return null;
    case 'STOPPING':
      task.lastStatus = 'DEPROVISIONING';
      task.executionStoppedAt = new Date(at);
      for (const container of task.containers ?? []) {
        if (container.lastStatus === 'STOPPED') continue;
        container.lastStatus = 'STOPPED';
        if (simTask.exitCodeOnStop !== undefined) container.exitCode = simTask.exitCodeOnStop;
      }
      simTask.nextTransitionAt = at + pace.stoppingMs / 3;
      return null;
    default:
      task.lastStatus = 'STOPPED';
      task.stoppedAt = new Date(at);
      task.executionStoppedAt ??= new Date(at);
      task.connectivity = 'DISCONNECTED';
      if (task.healthStatus === 'HEALTHY') task.healthStatus = 'UNKNOWN';
      markAttachment(simTask, 'DELETED');
      for (const container of task.containers ?? []) {
        container.lastStatus = 'STOPPED';
        if (container.healthStatus === 'HEALTHY') container.healthStatus = 'UNKNOWN';
      }
      simTask.nextTransitionAt = null;
      return { kind: 'stopped', task: simTask };
  }
}

function setHealth(simTask: SimTask, health: 'HEALTHY' | 'UNHEALTHY'): void {
  simTask.task.healthStatus = health;
  const essential = simTask.task.containers?.[0];
  if (essential) essential.healthStatus = health;
}

function markAttachment(simTask: SimTask, status: string): void {
  for (const attachment of simTask.task.attachments ?? []) attachment.status = status;
}

/** The desired status is RUNNING: the task is launched or running and counts toward the service. */
export const isLive = (simTask: SimTask): boolean => simTask.task.desiredStatus === 'RUNNING';

export const isPending = (simTask: SimTask): boolean =>
  isLive(simTask) &&
  (simTask.task.lastStatus === 'PROVISIONING' ||
    simTask.task.lastStatus === 'PENDING' ||
    simTask.task.lastStatus === 'ACTIVATING');

export const isRunning = (simTask: SimTask): boolean =>
  isLive(simTask) && simTask.task.lastStatus === 'RUNNING';

/** Running and past its health check: what minimumHealthyPercent and the Kafka consumers count. */
export const isHealthy = (simTask: SimTask): boolean => isRunning(simTask) && simTask.verdict === 'passed';

export const isStopped = (simTask: SimTask): boolean => simTask.task.lastStatus === 'STOPPED';

/** A stable digest per image reference, so the same tag always shows the same digest. */
export function imageDigest(image: string): string {
  return `sha256:${createHash('sha256').update(image).digest('hex')}`;
}
