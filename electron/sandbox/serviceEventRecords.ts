import { maxServiceEvents, type SimService } from './ecsModel';
import type { SeededRandom } from './seededRandom';

/** Service event messages, worded as the ECS service scheduler words them. */
export const serviceEventText = {
  startedTasks: (service: string, taskIds: readonly string[]) =>
    `(service ${service}) has started ${taskIds.length} tasks: ${taskIds.map((id) => `(task ${id})`).join(' ')}.`,
  stoppedTasks: (service: string, taskIds: readonly string[]) =>
    `(service ${service}) has stopped ${taskIds.length} running tasks: ${taskIds.map((id) => `(task ${id})`).join(' ')}.`,
  failedHealthChecks: (service: string, taskId: string) =>
    `(service ${service}) (task ${taskId}) failed container health checks.`,
  deploymentCompleted: (service: string, deploymentId: string) =>
    `(service ${service}) (deployment ${deploymentId}) deployment completed.`,
  deploymentFailed: (service: string, deploymentId: string) =>
    `(service ${service}) (deployment ${deploymentId}) deployment failed: tasks failed to start.`,
  rollingBack: (service: string, deploymentId: string) =>
    `(service ${service}) rolling back to deployment ${deploymentId}.`,
  steadyState: (service: string) => `(service ${service}) has reached a steady state.`,
};

/** Deployment rolloutStateReason texts, as ECS reports them. */
export const rolloutReasonText = {
  inProgress: (deploymentId: string) => `ECS deployment ${deploymentId} in progress.`,
  completed: (deploymentId: string) => `ECS deployment ${deploymentId} completed.`,
  circuitBreakerFailed: 'ECS deployment circuit breaker: tasks failed to start.',
  circuitBreakerRollback: (deploymentId: string) =>
    `ECS deployment circuit breaker: rolling back to deploymentId ${deploymentId}.`,
  requestedRollback: (deploymentId: string) =>
    `Service deployment stopped with a rollback request: rolling back to deploymentId ${deploymentId}.`,
};

/** Adds an event as the newest one, keeping only the newest 100 as ECS does. */
export function recordEvent(service: SimService, message: string, at: number, random: SeededRandom): void {
  service.events.unshift({ id: random.uuid(), createdAt: new Date(at), message });
  if (service.events.length > maxServiceEvents) service.events.length = maxServiceEvents;
}
