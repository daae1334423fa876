import type { TaskDefinition } from '@aws-sdk/client-ecs';
import type { SimDeployment, SimService, SimTask, TaskOutcome } from './ecsModel';
import { recordEvent, rolloutReasonText, serviceEventText } from './serviceEventRecords';
import { applyCircuitBreaker, applyRequestedRollback, circuitBreakerThreshold } from './circuitBreaker';
import {
  createDeployment,
  createServiceDeployment,
  currentDeployments,
  finishServiceDeployment,
  isUnfinished,
  newServiceDeploymentArn,
  primaryOf,
  serviceDeploymentOf,
  tasksOf,
} from './serviceRecords';
import type { SandboxPace } from './sandboxPace';
import type { SeededRandom } from './seededRandom';
import type { TaskDefinitionRegistry } from './taskDefinitionRegistry';
import {
  advanceTask,
  isHealthy,
  isLive,
  isPending,
  isRunning,
  isStopped,
  launchTask,
  requestStop,
  type StopRequest,
} from './taskLifecycle';

/**
 * The ECS service scheduler for rolling updates: launches tasks for the PRIMARY deployment
 * up to maximumPercent, drains older deployments while minimumHealthyPercent stays met,
 * fails a deployment through the circuit breaker and rolls back to the last completed one.
 */

export interface EngineContext {
  readonly random: SeededRandom;
  readonly pace: SandboxPace;
  readonly taskDefinitions: TaskDefinitionRegistry;
  /** What tasks of this definition will do once they run, decided by its images. */
  outcomeFor(taskDefinition: TaskDefinition): TaskOutcome;
}

const stoppedTaskRetentionMs = 60 * 60 * 1000;
const maxStoppedTasksPerService = 100;
const supersededReason = 'Stopped because a newer service deployment started.';

/** Starts a new deployment of `taskDefinitionArn`, as UpdateService does when the definition changes or a new deployment is forced. */
export function startDeployment(
  context: EngineContext,
  service: SimService,
  taskDefinitionArn: string,
  now: number,
): SimDeployment {
  const previous = currentDeployments(service);
  for (const deployment of previous) {
    deployment.deployment.status = 'ACTIVE';
    const record = serviceDeploymentOf(service, deployment);
    // ECS asks the superseded deployment to stop; the scheduler's next pass finds it STOPPED.
    if (record && isUnfinished(record.status) && record.status !== 'STOP_REQUESTED') {
      record.status = 'STOP_REQUESTED';
      record.statusReason = supersededReason;
      record.updatedAt = new Date(now);
    }
  }
  const arn = newServiceDeploymentArn(service, context.random);
  const deployment = createDeployment(
    service,
    {
      taskDefinitionArn,
      taskDefinition: context.taskDefinitions.find(taskDefinitionArn)?.taskDefinition,
      desiredCount: service.service.desiredCount ?? 0,
      at: now,
      rolloutStateReason: '',
      serviceDeploymentArn: arn,
    },
    context.random,
  );
  deployment.deployment.rolloutStateReason = rolloutReasonText.inProgress(deployment.id);
  service.deployments.unshift(deployment);
  service.serviceDeployments.unshift(
    createServiceDeployment(service, {
      arn,
      target: deployment,
      sources: previous,
      at: now,
      status: 'PENDING',
      circuitBreakerThreshold: circuitBreakerThreshold(
        service.service.deploymentConfiguration,
        service.service.desiredCount ?? 0,
      ),
    }),
  );
  service.service.taskDefinition = taskDefinitionArn;
  service.steady = false;
  return deployment;
}

/** Moves tasks along, reacts to what they did and reconciles the service. Returns whether anything changed. */
export function stepService(context: EngineContext, service: SimService, now: number): boolean {
  let changed = false;
  const failedHealthChecks: string[] = [];
  for (const task of service.tasks) {
    if (task.nextTransitionAt === null || task.nextTransitionAt > now) continue;
    changed = true;
    for (const change of advanceTask(task, now, context.random, context.pace)) {
      const deployment = service.deployments.find((candidate) => candidate.id === change.task.deploymentId);
      if (change.kind === 'healthy' && deployment && resetsOnHealthyTask(service))
        deployment.circuitBreakerFailures = 0;
      if (change.kind === 'unhealthy' || change.kind === 'crashed') {
        service.steady = false;
        if (deployment) countFailure(deployment, now);
      }
      if (change.kind === 'unhealthy') {
        recordEvent(
          service,
          serviceEventText.failedHealthChecks(service.name, change.task.id),
          now,
          context.random,
        );
        requestStop(
          change.task,
          now,
          {
            stoppedReason: 'Task failed container health checks',
            stopCode: 'TaskFailedToStart',
            exitCode: 137,
          },
          context.pace,
        );
        failedHealthChecks.push(change.task.id);
      }
    }
  }
  if (failedHealthChecks.length > 0)
    recordEvent(
      service,
      serviceEventText.stoppedTasks(service.name, failedHealthChecks),
      now,
      context.random,
    );
  changed = reconcile(context, service, now) || changed;
  pruneStoppedTasks(service, now);
  return changed;
}

function reconcile(context: EngineContext, service: SimService, now: number): boolean {
  let changed = finishStopRequests(service, now);
  changed = applyCircuitBreaker(context, service, now) || changed;
  changed = applyRequestedRollback(context, service, now) || changed;
  const primary = primaryOf(service);
  const record = serviceDeploymentOf(service, primary);
  if (record?.status === 'PENDING') {
    record.status = 'IN_PROGRESS';
    record.startedAt = new Date(now);
    record.updatedAt = new Date(now);
    changed = true;
  }
  changed = launchForPrimary(context, service, primary, now) || changed;
  changed = drainOlderDeployments(context, service, primary, now) || changed;
  updateDeploymentCounts(service, now);
  changed = completeIfSettled(context, service, primary, now) || changed;
  return changed;
}

function launchForPrimary(
  context: EngineContext,
  service: SimService,
  primary: SimDeployment,
  now: number,
): boolean {
  if (primary.deployment.rolloutState === 'FAILED') return false;
  const desired = service.service.desiredCount ?? 0;
  const primaryLive = tasksOf(service, primary).filter(isLive);
  if (primaryLive.length > desired) {
    const excess = [...primaryLive].sort(byStopPreference).slice(0, primaryLive.length - desired);
    stopTasks(context, service, excess, now, scalingStop(primary));
    return true;
  }
  const maximumPercent = service.service.deploymentConfiguration?.maximumPercent ?? 200;
  const room = Math.floor((desired * maximumPercent) / 100) - service.tasks.filter(isLive).length;
  const count = Math.min(desired - primaryLive.length, room);
  if (count <= 0) return false;
  const stored = context.taskDefinitions.find(primary.deployment.taskDefinition ?? '');
  if (!stored) return false;
  const launched: string[] = [];
  for (let i = 0; i < count; i++) {
    const outcome = context.outcomeFor(stored.taskDefinition);
    const task = launchTask(
      {
        clusterName: service.clusterName,
        serviceName: service.name,
        deploymentId: primary.id,
        taskDefinition: stored.taskDefinition,
        outcome,
        now,
      },
      context.random,
      context.pace,
    );
    service.tasks.push(task);
    launched.push(task.id);
  }
  service.steady = false;
  recordEvent(service, serviceEventText.startedTasks(service.name, launched), now, context.random);
  return true;
}

/** Stops tasks of older deployments, never letting healthy tasks fall below minimumHealthyPercent. */
function drainOlderDeployments(
  context: EngineContext,
  service: SimService,
  primary: SimDeployment,
  now: number,
): boolean {
  const desired = service.service.desiredCount ?? 0;
  const minimumHealthy = Math.ceil(
    (desired * (service.service.deploymentConfiguration?.minimumHealthyPercent ?? 100)) / 100,
  );
  let healthy = service.tasks.filter(isHealthy).length;
  let changed = false;
  for (const deployment of currentDeployments(service).reverse()) {
    if (deployment === primary) continue;
    const toStop: SimTask[] = [];
    for (const task of tasksOf(service, deployment).filter(isLive).sort(byStopPreference)) {
      if (!isHealthy(task)) toStop.push(task);
      else if (healthy - 1 >= minimumHealthy) {
        toStop.push(task);
        healthy--;
      }
    }
    if (toStop.length > 0) {
      stopTasks(context, service, toStop, now, scalingStop(deployment));
      changed = true;
    }
  }
  return changed;
}

function completeIfSettled(
  context: EngineContext,
  service: SimService,
  primary: SimDeployment,
  now: number,
): boolean {
  const desired = service.service.desiredCount ?? 0;
  const primaryTasks = tasksOf(service, primary);
  const others = currentDeployments(service).filter((deployment) => deployment !== primary);
  const settled =
    primary.deployment.rolloutState !== 'FAILED' &&
    primaryTasks.filter(isHealthy).length === desired &&
    primaryTasks.filter(isLive).length === desired &&
    service.tasks.every((task) => isStopped(task) || (isLive(task) && task.deploymentId === primary.id)) &&
    others.every((deployment) => tasksOf(service, deployment).every(isStopped));
  if (!settled) {
    const record = serviceDeploymentOf(service, primary);
    if (record && isUnfinished(record.status) && record.status !== 'PENDING') {
      record.lifecycleStage = primaryTasks.filter(isHealthy).length >= desired ? 'CLEAN_UP' : 'SCALE_UP';
    }
    return false;
  }
  if (primary.deployment.rolloutState === 'IN_PROGRESS') {
    primary.deployment.rolloutState = 'COMPLETED';
    primary.deployment.rolloutStateReason = rolloutReasonText.completed(primary.id);
    primary.deployment.updatedAt = new Date(now);
    for (const deployment of others) {
      deployment.deployment.status = 'INACTIVE';
      deployment.deployment.updatedAt = new Date(now);
    }
    const record = serviceDeploymentOf(service, primary);
    if (record)
      finishServiceDeployment(
        service,
        record,
        primary.isRollback ? 'ROLLBACK_SUCCESSFUL' : 'SUCCESSFUL',
        now,
      );
    recordEvent(service, serviceEventText.deploymentCompleted(service.name, primary.id), now, context.random);
  }
  if (service.steady) return false;
  service.steady = true;
  recordEvent(service, serviceEventText.steadyState(service.name), now, context.random);
  return true;
}

/** Service deployments a newer one superseded stop once the scheduler has taken over their tasks. */
function finishStopRequests(service: SimService, now: number): boolean {
  let changed = false;
  for (const record of service.serviceDeployments) {
    if (record.status !== 'STOP_REQUESTED') continue;
    finishServiceDeployment(service, record, 'STOPPED', now);
    changed = true;
  }
  return changed;
}

function updateDeploymentCounts(service: SimService, now: number): void {
  const primary = primaryOf(service);
  for (const deployment of currentDeployments(service)) {
    const tasks = tasksOf(service, deployment);
    const counts = {
      desiredCount:
        deployment === primary ? (service.service.desiredCount ?? 0) : tasks.filter(isLive).length,
      runningCount: tasks.filter(isRunning).length,
      pendingCount: tasks.filter(isPending).length,
    };
    const target = deployment.deployment;
    if (
      target.desiredCount !== counts.desiredCount ||
      target.runningCount !== counts.runningCount ||
      target.pendingCount !== counts.pendingCount
    ) {
      Object.assign(target, counts);
      target.updatedAt = new Date(now);
    }
  }
}

function stopTasks(
  context: EngineContext,
  service: SimService,
  tasks: readonly SimTask[],
  now: number,
  request: StopRequest,
): void {
  for (const task of tasks) requestStop(task, now, request, context.pace);
  service.steady = false;
  recordEvent(
    service,
    serviceEventText.stoppedTasks(
      service.name,
      tasks.map((task) => task.id),
    ),
    now,
    context.random,
  );
}

const scalingStop = (deployment: SimDeployment): StopRequest => ({
  stoppedReason: `Scaling activity initiated by (deployment ${deployment.id})`,
  stopCode: 'ServiceSchedulerInitiated',
  exitCode: 0,
});

/** Tasks that are not serving go first: pending, then unhealthy, then the newest healthy ones. */
function byStopPreference(a: SimTask, b: SimTask): number {
  const rank = (task: SimTask): number => (isPending(task) ? 0 : isHealthy(task) ? 2 : 1);
  return rank(a) - rank(b) || (b.task.createdAt?.getTime() ?? 0) - (a.task.createdAt?.getTime() ?? 0);
}

function countFailure(deployment: SimDeployment, now: number): void {
  deployment.deployment.failedTasks = (deployment.deployment.failedTasks ?? 0) + 1;
  deployment.deployment.updatedAt = new Date(now);
  deployment.circuitBreakerFailures++;
}

function resetsOnHealthyTask(service: SimService): boolean {
  return service.service.deploymentConfiguration?.deploymentCircuitBreaker?.resetOnHealthyTask !== false;
}

function pruneStoppedTasks(service: SimService, now: number): void {
  const stopped = service.tasks.filter(isStopped);
  if (stopped.length === 0) return;
  const expired = new Set(
    stopped.filter((task) => now - (task.task.stoppedAt?.getTime() ?? now) > stoppedTaskRetentionMs),
  );
  for (const task of stopped.slice(0, Math.max(0, stopped.length - maxStoppedTasksPerService)))
    expired.add(task);
  if (expired.size > 0) service.tasks = service.tasks.filter((task) => !expired.has(task));
}
