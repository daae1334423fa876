import type { Deployment, Service } from '@aws-sdk/client-ecs';
import type { AuditWhere } from '../../../shared/actions/actionModel';
import { isProductionEnvironment } from '../../../shared/actions/productionEnvironment';
import { ConsoleError } from '../ipc/consoleError';
import type { ApiSupport } from './deploymentHistory';
import type { DeploymentObservations } from './deploymentObservations';
import type { ServiceAuditHistory } from './serviceAuditHistory';
import type { ServiceTarget } from './serviceTargets';
import type { DescribedTaskDefinition, TaskDefinitionCache } from './taskDefinitionCache';

/** What both planners share: caches, the console's memory, the audit log, ids and the clock. */
export interface PlanningContext {
  taskDefinitions: TaskDefinitionCache;
  observations: DeploymentObservations;
  /** What an audit entry about this target's cluster records of where it acted. */
  whereFor(target: ServiceTarget, clusterArn: string | null): AuditWhere;
  /** The audit log's records about this service in this fleet, after settling what others left unfinished. */
  auditHistory(target: ServiceTarget, where: AuditWhere, service: Service): Promise<ServiceAuditHistory>;
  apiSupport: ApiSupport;
  now: () => number;
  newId: () => string;
  ttlMs: number;
  /** Why running a plan on this service would be refused right now, or null. */
  blockedReason(target: ServiceTarget): string | null;
}

/**
 * The PRIMARY deployment with the task definition it runs. ECS may leave `taskDefinition` out
 * of a deployment; the service's own `taskDefinition` is then what the PRIMARY runs.
 */
export function primaryOf(service: Service, name: string): Deployment & { taskDefinition: string } {
  const primary = (service.deployments ?? []).find((deployment) => deployment.status === 'PRIMARY');
  if (!primary)
    throw new ConsoleError(
      'CONFLICT',
      `${name} has no PRIMARY deployment to start from; try again in a moment.`,
    );
  const taskDefinition = primary.taskDefinition ?? service.taskDefinition;
  if (!taskDefinition)
    throw new ConsoleError(
      'CONFLICT',
      `ECS names no task definition for ${name}'s PRIMARY deployment or for the service; try again in a moment.`,
    );
  return { ...primary, taskDefinition };
}

export async function requireTaskDefinition(
  context: PlanningContext,
  target: ServiceTarget,
  reference: string,
  signal: AbortSignal,
): Promise<DescribedTaskDefinition> {
  const described = await context.taskDefinitions.get(target.client, reference, signal);
  if (!described) throw new ConsoleError('NOT_FOUND', `Task definition ${reference} does not exist.`);
  return described;
}

export function confirmationFor(target: ServiceTarget): {
  requiresTypedConfirmation: boolean;
  confirmationText: string | null;
} {
  const production = isProductionEnvironment(target.environment.name, target.cluster);
  return { requiresTypedConfirmation: production, confirmationText: production ? target.service : null };
}

/**
 * The ARN of the service's cluster: ECS reports it with the service; the long service ARN
 * (`…:service/cluster/name`) names it too. Null when neither does.
 */
export function clusterArnOf(service: Service): string | null {
  if (service.clusterArn) return service.clusterArn;
  const match = /^(arn:[^:]+:ecs:[^:]*:[^:]*:)service\/([^/]+)\/[^/]+$/.exec(service.serviceArn ?? '');
  return match ? `${match[1]}cluster/${match[2]}` : null;
}
