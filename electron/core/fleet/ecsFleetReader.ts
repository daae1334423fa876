import {
  DescribeServicesCommand,
  DescribeTaskDefinitionCommand,
  ListClustersCommand,
  ListServicesCommand,
  type ECSClient,
  type Service,
} from '@aws-sdk/client-ecs';
import { ConsoleError } from '../ipc/consoleError';
import { mapConcurrently } from './mapConcurrently';

/** The ECS calls one poll makes, each following every page ECS hands back. */

/** DescribeServices takes at most this many services per call. */
export const describeServicesBatchSize = 10;
const requestsInFlightPerCluster = 4;

export async function listClusterArns(client: ECSClient, signal: AbortSignal): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListClustersCommand({ nextToken, maxResults: 100 }), {
      abortSignal: signal,
    });
    arns.push(...(page.clusterArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

export async function listServiceArns(
  client: ECSClient,
  cluster: string,
  signal: AbortSignal,
): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListServicesCommand({ cluster, nextToken, maxResults: 100 }), {
      abortSignal: signal,
    });
    arns.push(...(page.serviceArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}

export interface DescribedServices {
  services: Service[];
  /** ARNs ECS answered MISSING for: services deleted since they were listed. */
  missing: string[];
}

/** Describes services in batches of ten; a service deleted since it was listed comes back in `missing`. */
export async function describeServices(
  client: ECSClient,
  cluster: string,
  serviceArns: readonly string[],
  signal: AbortSignal,
): Promise<DescribedServices> {
  const batches: string[][] = [];
  for (let i = 0; i < serviceArns.length; i += describeServicesBatchSize) {
    batches.push(serviceArns.slice(i, i + describeServicesBatchSize));
  }
  const answers = await mapConcurrently(batches, requestsInFlightPerCluster, (services) =>
    client.send(new DescribeServicesCommand({ cluster, services, include: ['TAGS'] }), {
      abortSignal: signal,
    }),
  );
  return {
    services: answers.flatMap((answer) => answer.services ?? []),
    missing: answers.flatMap((answer) =>
      (answer.failures ?? []).flatMap((failure) =>
        failure.reason === 'MISSING' && failure.arn ? [failure.arn] : [],
      ),
    ),
  };
}

export async function describeService(
  client: ECSClient,
  cluster: string,
  serviceName: string,
  signal: AbortSignal,
): Promise<Service> {
  const answer = await client.send(
    new DescribeServicesCommand({ cluster, services: [serviceName], include: ['TAGS'] }),
    {
      abortSignal: signal,
    },
  );
  const service = answer.services?.[0];
  if (!service || service.status === 'INACTIVE') {
    throw new ConsoleError('NOT_FOUND', `No service ${serviceName} in cluster ${cluster}.`);
  }
  return service;
}

const throttlingNames = new Set(['ThrottlingException', 'TooManyRequestsException', 'RequestLimitExceeded']);

export function isThrottling(error: unknown): boolean {
  return error instanceof Error && throttlingNames.has(error.name);
}

const imagesByClient = new WeakMap<ECSClient, TaskDefinitionImages>();

/**
 * The task-definition images known for a client. The client factory makes one client per
 * (profile, region, endpoint), so every environment and cluster of one account shares one
 * cache and a revision is asked for once across the whole console.
 */
export function taskDefinitionImagesOf(client: ECSClient): TaskDefinitionImages {
  let images = imagesByClient.get(client);
  if (!images) {
    images = new TaskDefinitionImages(client);
    imagesByClient.set(client, images);
  }
  return images;
}

/**
 * The first container's image of each task definition. Task definitions never change once
 * registered, so an answer is kept for good; a failure is not, and is asked again next time.
 */
export class TaskDefinitionImages {
  private readonly known = new Map<string, string | null>();
  private readonly pending = new Map<string, Promise<string | null>>();

  constructor(private readonly client: ECSClient) {}

  cached(taskDefinitionArn: string): string | null | undefined {
    return this.known.get(taskDefinitionArn);
  }

  async imagesOf(
    taskDefinitionArns: readonly string[],
    signal: AbortSignal,
  ): Promise<Map<string, string | null>> {
    const unique = [...new Set(taskDefinitionArns.filter((arn) => arn !== ''))];
    const images = await mapConcurrently(unique, requestsInFlightPerCluster, (arn) =>
      this.imageOf(arn, signal),
    );
    return new Map(unique.map((arn, index) => [arn, images[index] ?? null]));
  }

  async imageOf(taskDefinitionArn: string, signal: AbortSignal): Promise<string | null> {
    if (this.known.has(taskDefinitionArn)) return this.known.get(taskDefinitionArn) ?? null;
    let request = this.pending.get(taskDefinitionArn);
    if (!request) {
      request = this.fetchImage(taskDefinitionArn, signal).finally(() =>
        this.pending.delete(taskDefinitionArn),
      );
      this.pending.set(taskDefinitionArn, request);
    }
    try {
      return await request;
    } catch (error) {
      // Throttling means the whole poll should back off; anything else only costs this image.
      if (isThrottling(error) || signal.aborted) throw error;
      return null;
    }
  }

  private async fetchImage(taskDefinitionArn: string, signal: AbortSignal): Promise<string | null> {
    const answer = await this.client.send(
      new DescribeTaskDefinitionCommand({ taskDefinition: taskDefinitionArn }),
      { abortSignal: signal },
    );
    const image = answer.taskDefinition?.containerDefinitions?.[0]?.image ?? null;
    this.known.set(taskDefinitionArn, image);
    return image;
  }
}
