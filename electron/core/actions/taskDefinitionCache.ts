import {
  DescribeTaskDefinitionCommand,
  ListTaskDefinitionsCommand,
  type ECSClient,
  type Tag,
  type TaskDefinition,
} from '@aws-sdk/client-ecs';

export interface DescribedTaskDefinition {
  taskDefinition: TaskDefinition;
  tags: Tag[];
}

/**
 * Task definitions by ARN. A revision's content never changes once registered, so answers
 * are kept (per client: two accounts may share a family name); its status does change —
 * ask `fresh` when ACTIVE or INACTIVE matters.
 */
export class TaskDefinitionCache {
  private readonly known = new WeakMap<ECSClient, Map<string, DescribedTaskDefinition>>();

  /** `family:revision` or an ARN; null when ECS has no such definition. */
  async get(
    client: ECSClient,
    reference: string,
    signal: AbortSignal,
  ): Promise<DescribedTaskDefinition | null> {
    const cached = this.cacheOf(client).get(reference);
    if (cached) return cached;
    return this.fresh(client, reference, signal);
  }

  async fresh(
    client: ECSClient,
    reference: string,
    signal: AbortSignal,
  ): Promise<DescribedTaskDefinition | null> {
    let answer;
    try {
      answer = await client.send(
        new DescribeTaskDefinitionCommand({ taskDefinition: reference, include: ['TAGS'] }),
        {
          abortSignal: signal,
        },
      );
    } catch (error) {
      // ECS answers a missing revision with a ClientException, not a NotFound.
      if (error instanceof Error && error.name === 'ClientException') return null;
      throw error;
    }
    const taskDefinition = answer.taskDefinition;
    if (!taskDefinition?.taskDefinitionArn) return null;
    const described = { taskDefinition, tags: answer.tags ?? [] };
    const cache = this.cacheOf(client);
    cache.set(taskDefinition.taskDefinitionArn, described);
    if (taskDefinition.family && taskDefinition.revision !== undefined)
      cache.set(`${taskDefinition.family}:${taskDefinition.revision}`, described);
    return described;
  }

  private cacheOf(client: ECSClient): Map<string, DescribedTaskDefinition> {
    let cache = this.known.get(client);
    if (!cache) {
      cache = new Map();
      this.known.set(client, cache);
    }
    return cache;
  }
}

/** ARNs of the family's ACTIVE revisions, newest first (the first page: up to 100). */
export async function listActiveRevisions(
  client: ECSClient,
  family: string,
  signal: AbortSignal,
): Promise<string[]> {
  const answer = await client.send(
    new ListTaskDefinitionsCommand({ familyPrefix: family, status: 'ACTIVE', sort: 'DESC', maxResults: 100 }),
    { abortSignal: signal },
  );
  return answer.taskDefinitionArns ?? [];
}
