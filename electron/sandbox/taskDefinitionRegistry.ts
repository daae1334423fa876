import type {
  ContainerDefinition,
  RegisterTaskDefinitionRequest,
  SortOrder,
  Tag,
  TaskDefinition,
  TaskDefinitionStatus,
} from '@aws-sdk/client-ecs';
import { parseTaskDefinitionReference } from '../../shared/fleet/ecsArns';
import { sandboxAccountId, taskDefinitionArn } from './sandboxArns';
import { EcsApiError } from './ecsApiError';

export interface StoredTaskDefinition {
  readonly taskDefinition: TaskDefinition;
  readonly tags: Tag[];
}

export interface TaskDefinitionQuery {
  family?: string | undefined;
  status?: TaskDefinitionStatus | undefined;
  sort?: SortOrder | undefined;
}

const familyPattern = /^[A-Za-z0-9_-]{1,255}$/;
const containerNamePattern = /^[A-Za-z0-9_-]{1,255}$/;
export const apiCallerArn = `arn:aws:iam::${sandboxAccountId}:user/sandbox`;

/**
 * Task definition families for the whole account: revisions count up per family,
 * whichever cluster runs them, and a revision never changes after it is registered.
 */
export class TaskDefinitionRegistry {
  private readonly families = new Map<string, StoredTaskDefinition[]>();
  /** Per family, how many revisions a rebuilt fleet forgot: their numbers are not given again. */
  private readonly forgotten = new Map<string, number>();

  register(
    request: RegisterTaskDefinitionRequest,
    registeredAt: number,
    registeredBy: string = apiCallerArn,
  ): StoredTaskDefinition {
    const family = request.family ?? '';
    if (!familyPattern.test(family)) {
      throw new EcsApiError(
        'ClientException',
        'Family name must be 1-255 letters, numbers, hyphens and underscores.',
      );
    }
    const containerDefinitions = validateContainers(request.containerDefinitions);
    const revisions = this.families.get(family) ?? [];
    const revision = this.firstRevisionOf(family) + revisions.length;
    const networkMode = request.networkMode ?? 'bridge';
    const taskDefinition: TaskDefinition = {
      taskDefinitionArn: taskDefinitionArn(family, revision),
      family,
      revision,
      status: 'ACTIVE',
      containerDefinitions,
      taskRoleArn: request.taskRoleArn,
      executionRoleArn: request.executionRoleArn,
      networkMode,
      volumes: structuredClone(request.volumes ?? []),
      placementConstraints: structuredClone(request.placementConstraints ?? []),
      compatibilities: networkMode === 'awsvpc' ? ['EC2', 'FARGATE'] : ['EC2'],
      requiresCompatibilities: request.requiresCompatibilities,
      requiresAttributes: requiredAttributes(containerDefinitions, networkMode),
      cpu: request.cpu,
      memory: request.memory,
      runtimePlatform: request.runtimePlatform,
      registeredAt: new Date(registeredAt),
      registeredBy,
    };
    const stored: StoredTaskDefinition = { taskDefinition, tags: structuredClone(request.tags ?? []) };
    revisions.push(stored);
    this.families.set(family, revisions);
    return stored;
  }

  /** `family` (its newest ACTIVE revision), `family:revision` or an ARN; undefined when there is no such definition. */
  find(reference: string): StoredTaskDefinition | undefined {
    const parsed = parseTaskDefinitionReference(reference);
    if (!parsed) return undefined;
    const revisions = this.families.get(parsed.family);
    if (!revisions) return undefined;
    if (parsed.revision !== null) return revisions[parsed.revision - this.firstRevisionOf(parsed.family)];
    return revisions.findLast((stored) => stored.taskDefinition.status === 'ACTIVE');
  }

  /** Like `find`, but answers as DescribeTaskDefinition does when nothing matches. */
  describe(reference: string): StoredTaskDefinition {
    const stored = this.find(reference);
    if (!stored) throw new EcsApiError('ClientException', 'Unable to describe task definition.');
    return stored;
  }

  deregister(reference: string, at: number): TaskDefinition {
    const parsed = parseTaskDefinitionReference(reference);
    if (parsed && parsed.revision === null) {
      throw new EcsApiError(
        'ClientException',
        'Task definition must name a revision (family:revision or its full ARN).',
      );
    }
    const stored = this.describe(reference);
    if (stored.taskDefinition.status === 'ACTIVE') {
      stored.taskDefinition.status = 'INACTIVE';
      stored.taskDefinition.deregisteredAt = new Date(at);
    }
    return stored.taskDefinition;
  }

  /** ARNs as ListTaskDefinitions orders them: by family, then revision. */
  list(query: TaskDefinitionQuery): string[] {
    const status = query.status ?? 'ACTIVE';
    const families = query.family === undefined ? [...this.families.keys()].sort() : [query.family];
    const arns = families.flatMap((family) =>
      (this.families.get(family) ?? [])
        .filter((stored) => stored.taskDefinition.status === status)
        .map((stored) => stored.taskDefinition.taskDefinitionArn!),
    );
    return query.sort === 'DESC' ? arns.reverse() : arns;
  }

  revisions(family: string): readonly StoredTaskDefinition[] {
    return this.families.get(family) ?? [];
  }

  /**
   * Forgets every definition, keeping each family's count: as in ECS, a revision number is
   * never used twice, so whatever a reader kept of an old ARN stays true of that ARN.
   */
  clear(): void {
    for (const [family, revisions] of this.families)
      this.forgotten.set(family, this.firstRevisionOf(family) - 1 + revisions.length);
    this.families.clear();
  }

  /** The revision number of the family's oldest definition still known. */
  private firstRevisionOf(family: string): number {
    return (this.forgotten.get(family) ?? 0) + 1;
  }
}

function validateContainers(definitions: ContainerDefinition[] | undefined): ContainerDefinition[] {
  if (!definitions || definitions.length === 0) {
    throw new EcsApiError('ClientException', 'Container list cannot be empty.');
  }
  if (definitions.length > 10)
    throw new EcsApiError('ClientException', 'Too many containers: a task definition holds at most 10.');
  const names = new Set<string>();
  const containers = definitions.map((definition) => {
    const name = definition.name ?? '';
    if (!containerNamePattern.test(name)) {
      throw new EcsApiError(
        'ClientException',
        'Container.name must be 1-255 letters, numbers, hyphens and underscores.',
      );
    }
    if (names.has(name)) throw new EcsApiError('ClientException', `Duplicate container name: ${name}.`);
    names.add(name);
    if (!definition.image)
      throw new EcsApiError('ClientException', 'Container.image should not be null or empty.');
    // ECS fills in the defaults it reports back on every container.
    return {
      cpu: 0,
      essential: true,
      environment: [],
      mountPoints: [],
      volumesFrom: [],
      systemControls: [],
      ...structuredClone(definition),
      portMappings: (definition.portMappings ?? []).map((mapping) => ({
        protocol: 'tcp' as const,
        hostPort: mapping.containerPort,
        ...mapping,
      })),
    };
  });
  if (!containers.some((container) => container.essential !== false)) {
    throw new EcsApiError('ClientException', 'A task definition needs at least one essential container.');
  }
  return containers;
}

function requiredAttributes(
  containers: ContainerDefinition[],
  networkMode: string,
): TaskDefinition['requiresAttributes'] {
  const attributes = [{ name: 'com.amazonaws.ecs.capability.docker-remote-api.1.18' }];
  if (networkMode === 'awsvpc') attributes.push({ name: 'ecs.capability.task-eni' });
  if (containers.some((container) => container.logConfiguration?.logDriver === 'awslogs')) {
    attributes.push({ name: 'com.amazonaws.ecs.capability.logging-driver.awslogs' });
  }
  if (containers.some((container) => container.healthCheck))
    attributes.push({ name: 'ecs.capability.container-health-check' });
  if (containers.some((container) => container.secrets?.length))
    attributes.push({ name: 'ecs.capability.secrets.asm.environment-variables' });
  return attributes;
}
