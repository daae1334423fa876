import {
  DescribeTasksCommand,
  ListTasksCommand,
  type DesiredStatus,
  type ECSClient,
} from '@aws-sdk/client-ecs';
import type { ServiceDetails, TaskSummary } from '../../../shared/fleet/fleetModel';
import { describeService, type TaskDefinitionImages } from './ecsFleetReader';
import { newestEvents, toServiceSummary, toTaskSummary } from './serviceSummary';

/** What the detail panel shows: the newest events, running tasks first, then the recently stopped ones that say why. */

export const detailEventLimit = 20;
export const detailTaskLimit = 20;
const runningTaskLimit = 12;

export interface ServiceDetailsRequest {
  client: ECSClient;
  images: TaskDefinitionImages;
  environment: string;
  clusterName: string;
  clusterArn: string | null;
  serviceName: string;
  now: () => number;
  signal: AbortSignal;
}

export async function readServiceDetails(request: ServiceDetailsRequest): Promise<ServiceDetails> {
  const { client, clusterName, serviceName, signal } = request;
  const cluster = request.clusterArn ?? clusterName;
  const [service, running, stopped] = await Promise.all([
    describeService(client, cluster, serviceName, signal),
    listTaskArns(client, cluster, serviceName, 'RUNNING', signal),
    listTaskArns(client, cluster, serviceName, 'STOPPED', signal),
  ]);
  const image = service.taskDefinition ? await request.images.imageOf(service.taskDefinition, signal) : null;

  // Running tasks first, but never so many that the stopped ones (the ones that explain a failure) are crowded out.
  const runningPicked = running.slice(0, Math.max(runningTaskLimit, detailTaskLimit - stopped.length));
  const stoppedPicked = stopped.slice(0, detailTaskLimit - runningPicked.length);
  const tasks = await describeTasks(client, cluster, [...runningPicked, ...stoppedPicked], signal);

  const fetchedAt = request.now();
  return {
    service: toServiceSummary(service, {
      environment: request.environment,
      clusterName,
      clusterArn: request.clusterArn,
      image,
      observedAt: fetchedAt,
    }),
    events: newestEvents(service.events ?? [], detailEventLimit),
    tasks: orderTasks(tasks),
    fetchedAt,
  };
}

async function listTaskArns(
  client: ECSClient,
  cluster: string,
  serviceName: string,
  desiredStatus: DesiredStatus,
  signal: AbortSignal,
): Promise<string[]> {
  const answer = await client.send(
    new ListTasksCommand({ cluster, serviceName, desiredStatus, maxResults: 100 }),
    { abortSignal: signal },
  );
  return answer.taskArns ?? [];
}

async function describeTasks(
  client: ECSClient,
  cluster: string,
  taskArns: string[],
  signal: AbortSignal,
): Promise<TaskSummary[]> {
  if (taskArns.length === 0) return [];
  const answer = await client.send(new DescribeTasksCommand({ cluster, tasks: taskArns }), {
    abortSignal: signal,
  });
  return (answer.tasks ?? []).map(toTaskSummary);
}

function orderTasks(tasks: TaskSummary[]): TaskSummary[] {
  const isStopped = (task: TaskSummary) => task.lastStatus === 'STOPPED' || task.desiredStatus === 'STOPPED';
  return [...tasks].sort((a, b) => {
    if (isStopped(a) !== isStopped(b)) return isStopped(a) ? 1 : -1;
    const aTime = (isStopped(a) ? a.stoppedAt : a.startedAt) ?? 0;
    const bTime = (isStopped(b) ? b.stoppedAt : b.startedAt) ?? 0;
    return bTime - aTime;
  });
}
