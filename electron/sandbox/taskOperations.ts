import type {
  DeregisterTaskDefinitionResponse,
  DescribeTaskDefinitionResponse,
  DescribeTasksResponse,
  Failure,
  ListTaskDefinitionsResponse,
  ListTasksResponse,
  RegisterTaskDefinitionResponse,
  Task,
} from '@aws-sdk/client-ecs';
import { parseTaskDefinitionReference, taskIdFromReference } from '../../shared/fleet/ecsArns';
import { taskArn } from './sandboxArns';
import { EcsApiError } from './ecsApiError';
import type { SimService, SimTask } from './ecsModel';
import {
  deregisterTaskDefinitionRequest,
  describeTaskDefinitionRequest,
  describeTasksRequest,
  listTaskDefinitionsRequest,
  listTasksRequest,
  parseRequest,
  registerTaskDefinitionRequest,
} from './ecsRequestSchemas';
import type { EcsSimulation } from './ecsSimulation';
import { taskView } from './ecsViews';
import { paginate } from './pageTokens';

/** ListTasks, DescribeTasks and the task definition operations. */

export function listTasks(simulation: EcsSimulation, input: unknown): ListTasksResponse {
  const request = parseRequest(listTasksRequest, input);
  const cluster = simulation.requireCluster(request.cluster);
  const services =
    request.serviceName === undefined
      ? [...cluster.services.values()]
      : [simulation.requireService(cluster, request.serviceName)];
  const desiredStatus = request.desiredStatus ?? 'RUNNING';
  const family = request.family;
  const fargateOnly =
    request.containerInstance === undefined &&
    (request.launchType === undefined || request.launchType === 'FARGATE');
  const arns = fargateOnly
    ? services.flatMap((service) =>
        service.tasks
          .filter((task) => task.task.desiredStatus === desiredStatus)
          .filter((task) => request.startedBy === undefined || task.task.startedBy === request.startedBy)
          .filter(
            (task) =>
              family === undefined ||
              parseTaskDefinitionReference(task.task.taskDefinitionArn ?? '')?.family === family,
          )
          .map((task) => task.task.taskArn!),
      )
    : [];
  const page = paginate(arns, request, { list: `tasks:${cluster.name}`, defaultSize: 100, maxSize: 100 });
  return { taskArns: page.items, nextToken: page.nextToken };
}

export function describeTasks(simulation: EcsSimulation, input: unknown): DescribeTasksResponse {
  const request = parseRequest(describeTasksRequest, input);
  const cluster = simulation.requireCluster(request.cluster);
  if (request.tasks.length === 0)
    throw new EcsApiError('InvalidParameterException', 'Tasks cannot be empty.');
  if (request.tasks.length > 100)
    throw new EcsApiError(
      'InvalidParameterException',
      'DescribeTasks accepts at most 100 tasks per request.',
    );
  const byId = new Map<string, { service: SimService; task: SimTask }>();
  for (const service of cluster.services.values())
    for (const task of service.tasks) byId.set(task.id, { service, task });
  const includeTags = (request.include ?? []).includes('TAGS');
  const tasks: Task[] = [];
  const failures: Failure[] = [];
  for (const reference of request.tasks) {
    const found = byId.get(taskIdFromReference(reference));
    const foreignArn =
      reference.startsWith('arn:') && found !== undefined && found.task.task.taskArn !== reference;
    if (found && !foreignArn) tasks.push(taskView(found.service, found.task, { includeTags }));
    else
      failures.push({
        arn: reference.startsWith('arn:') ? reference : taskArn(cluster.name, reference),
        reason: 'MISSING',
      });
  }
  return { tasks, failures };
}

export function describeTaskDefinition(
  simulation: EcsSimulation,
  input: unknown,
): DescribeTaskDefinitionResponse {
  const request = parseRequest(describeTaskDefinitionRequest, input);
  const stored = simulation.taskDefinitions.describe(request.taskDefinition);
  const includeTags = (request.include ?? []).includes('TAGS');
  return structuredClone({
    taskDefinition: stored.taskDefinition,
    ...(includeTags ? { tags: stored.tags } : {}),
  });
}

export function listTaskDefinitions(simulation: EcsSimulation, input: unknown): ListTaskDefinitionsResponse {
  const request = parseRequest(listTaskDefinitionsRequest, input);
  // As in ECS, familyPrefix names a whole family despite its name.
  const arns = simulation.taskDefinitions.list({
    family: request.familyPrefix,
    status: request.status,
    sort: request.sort,
  });
  const page = paginate(arns, request, { list: 'task-definitions', defaultSize: 100, maxSize: 100 });
  return { taskDefinitionArns: page.items, nextToken: page.nextToken };
}

export function registerTaskDefinition(
  simulation: EcsSimulation,
  input: unknown,
): RegisterTaskDefinitionResponse {
  const request = parseRequest(registerTaskDefinitionRequest, input);
  const stored = simulation.registerTaskDefinition(request);
  return structuredClone({ taskDefinition: stored.taskDefinition, tags: stored.tags });
}

export function deregisterTaskDefinition(
  simulation: EcsSimulation,
  input: unknown,
): DeregisterTaskDefinitionResponse {
  const request = parseRequest(deregisterTaskDefinitionRequest, input);
  return structuredClone({ taskDefinition: simulation.deregisterTaskDefinition(request.taskDefinition) });
}
