import type { DeploymentConfiguration } from '@aws-sdk/client-ecs';
import type { EngineContext } from './deploymentEngine';
import type { SimDeployment, SimService } from './ecsModel';
import { recordEvent, rolloutReasonText, serviceEventText } from './serviceEventRecords';
import {
  createDeployment,
  currentDeployments,
  finishServiceDeployment,
  lastCompletedDeployment,
  primaryOf,
  serviceDeploymentOf,
} from './serviceRecords';

/**
 * The deployment circuit breaker: a PRIMARY deployment whose failed tasks reach the
 * threshold is FAILED and, with rollback on, replaced by a deployment of the last
 * completed revision. StopServiceDeployment's rollback takes the same road.
 */

/**
 * How many failed tasks fail a deployment. By default ECS uses half the desired count,
 * bounded to 3..200; a thresholdConfiguration on the circuit breaker overrides it.
 */
export function circuitBreakerThreshold(
  configuration: DeploymentConfiguration | undefined,
  desiredCount: number,
): number {
  const threshold = configuration?.deploymentCircuitBreaker?.thresholdConfiguration;
  const value = threshold?.value;
  if (threshold?.type === 'COUNT' && value !== undefined) return Math.max(1, Math.round(value));
  const percent = value ?? 50;
  const count = Math.ceil((percent / 100) * desiredCount);
  if (threshold?.type === 'UNBOUNDED_PERCENT') return Math.max(1, count);
  return Math.min(200, Math.max(3, count));
}

export function applyCircuitBreaker(context: EngineContext, service: SimService, now: number): boolean {
  const primary = primaryOf(service);
  const configuration = service.service.deploymentConfiguration;
  const breaker = configuration?.deploymentCircuitBreaker;
  if (!breaker?.enable || primary.deployment.rolloutState !== 'IN_PROGRESS') return false;
  const threshold = circuitBreakerThreshold(configuration, service.service.desiredCount ?? 0);
  const record = serviceDeploymentOf(service, primary);
  // Once tripped, the record keeps the count that tripped it; a rollback's tasks are not counted over it.
  if (record?.deploymentCircuitBreaker?.status === 'MONITORING') {
    record.deploymentCircuitBreaker.failureCount = primary.circuitBreakerFailures;
    record.deploymentCircuitBreaker.threshold = threshold;
  }
  if (primary.circuitBreakerFailures < threshold) return false;

  primary.deployment.rolloutState = 'FAILED';
  primary.deployment.rolloutStateReason = rolloutReasonText.circuitBreakerFailed;
  primary.deployment.updatedAt = new Date(now);
  recordEvent(service, serviceEventText.deploymentFailed(service.name, primary.id), now, context.random);
  if (record?.deploymentCircuitBreaker) record.deploymentCircuitBreaker.status = 'TRIGGERED';
  const target =
    breaker.rollback && !primary.isRollback ? lastCompletedDeployment(service, primary) : undefined;
  if (target) {
    startRollback(
      context,
      service,
      primary,
      target,
      now,
      rolloutReasonText.circuitBreakerRollback(target.id),
      rolloutReasonText.circuitBreakerFailed,
    );
  } else if (record) {
    finishServiceDeployment(
      service,
      record,
      primary.isRollback ? 'ROLLBACK_FAILED' : 'STOPPED',
      now,
      rolloutReasonText.circuitBreakerFailed,
    );
  }
  return true;
}

/** StopServiceDeployment with ROLLBACK marks the record; the scheduler acts on it at its next pass. */
export function applyRequestedRollback(context: EngineContext, service: SimService, now: number): boolean {
  const primary = primaryOf(service);
  const record = serviceDeploymentOf(service, primary);
  if (record?.status !== 'ROLLBACK_REQUESTED' || primary.isRollback) return false;
  const target = lastCompletedDeployment(service, primary);
  if (!target) {
    finishServiceDeployment(
      service,
      record,
      'ROLLBACK_FAILED',
      now,
      'No completed deployment to roll back to.',
    );
    return true;
  }
  primary.deployment.rolloutState = 'FAILED';
  primary.deployment.rolloutStateReason = 'Service deployment stopped with a rollback request.';
  primary.deployment.updatedAt = new Date(now);
  startRollback(
    context,
    service,
    primary,
    target,
    now,
    rolloutReasonText.requestedRollback(target.id),
    'Rollback requested with StopServiceDeployment.',
  );
  return true;
}

function startRollback(
  context: EngineContext,
  service: SimService,
  failed: SimDeployment,
  target: SimDeployment,
  now: number,
  rolloutReason: string,
  why: string,
): void {
  for (const deployment of currentDeployments(service)) deployment.deployment.status = 'ACTIVE';
  const rollback = createDeployment(
    service,
    {
      taskDefinitionArn: target.deployment.taskDefinition!,
      desiredCount: service.service.desiredCount ?? 0,
      at: now,
      rolloutStateReason: rolloutReason,
      serviceDeploymentArn: failed.serviceDeploymentArn,
      serviceRevisionArn: target.serviceRevisionArn,
      isRollback: true,
    },
    context.random,
  );
  service.deployments.unshift(rollback);
  service.service.taskDefinition = target.deployment.taskDefinition;
  service.steady = false;
  recordEvent(service, serviceEventText.rollingBack(service.name, target.id), now, context.random);
  const record = serviceDeploymentOf(service, failed);
  if (record) {
    record.status = 'ROLLBACK_IN_PROGRESS';
    record.statusReason = why;
    record.rollback = {
      reason: why,
      startedAt: new Date(now),
      serviceRevisionArn: target.serviceRevisionArn,
    };
    record.updatedAt = new Date(now);
  }
}
