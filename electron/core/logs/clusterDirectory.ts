import { type ECSClient, ListClustersCommand } from '@aws-sdk/client-ecs';
import { resourceNameFromArn } from '../../../shared/fleet/ecsArns';
import type { AwsTarget, EnvironmentConfig } from '../config/consoleConfig';
import type { EcsClientFactory } from '../fleet/ecsClients';
import { ConsoleError } from '../ipc/consoleError';

/**
 * Which configured environment a cluster belongs to, so its services' logs are read with that
 * environment's credentials and region. Environments that list their clusters answer at once;
 * the others are asked with ListClusters, remembered for a minute.
 */

export interface ClusterLocation {
  environment: string;
  aws: AwsTarget;
  ecs: ECSClient;
  /** What ECS calls are made with: the configured name or ARN. */
  cluster: string;
  clusterName: string;
}

export interface ClusterDirectoryOptions {
  environments: readonly EnvironmentConfig[];
  ecsClients: EcsClientFactory;
  now?: () => number;
  discoveryTtlMs?: number;
}

export class ClusterDirectory {
  private readonly discovered = new Map<string, { at: number; arns: Promise<string[]> }>();
  private readonly now: () => number;

  constructor(private readonly options: ClusterDirectoryOptions) {
    this.now = options.now ?? Date.now;
  }

  async locate(cluster: string, signal?: AbortSignal): Promise<ClusterLocation> {
    const name = resourceNameFromArn(cluster);
    for (const environment of this.options.environments) {
      const listed = environment.clusters?.find(
        (ref) => ref === cluster || resourceNameFromArn(ref) === name,
      );
      if (listed) return this.location(environment, listed);
    }
    for (const environment of this.options.environments) {
      if (environment.clusters) continue;
      const arns = await this.discover(environment, signal);
      const found = arns.find((arn) => arn === cluster || resourceNameFromArn(arn) === name);
      if (found) return this.location(environment, found);
    }
    throw new ConsoleError('NOT_FOUND', `The console does not watch a cluster named ${name}.`);
  }

  private location(environment: EnvironmentConfig, cluster: string): ClusterLocation {
    return {
      environment: environment.name,
      aws: environment.aws,
      ecs: this.options.ecsClients.clientFor(environment.aws),
      cluster,
      clusterName: resourceNameFromArn(cluster),
    };
  }

  private discover(environment: EnvironmentConfig, signal: AbortSignal | undefined): Promise<string[]> {
    const known = this.discovered.get(environment.name);
    if (known && this.now() - known.at < (this.options.discoveryTtlMs ?? 60_000)) return known.arns;
    const arns = listClusterArns(this.options.ecsClients.clientFor(environment.aws), signal);
    this.discovered.set(environment.name, { at: this.now(), arns });
    arns.catch(() => this.discovered.delete(environment.name));
    return arns;
  }
}

async function listClusterArns(client: ECSClient, signal: AbortSignal | undefined): Promise<string[]> {
  const arns: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await client.send(new ListClustersCommand({ nextToken }), { abortSignal: signal });
    arns.push(...(page.clusterArns ?? []));
    nextToken = page.nextToken;
  } while (nextToken);
  return arns;
}
