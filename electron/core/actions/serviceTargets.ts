import type { ECSClient } from '@aws-sdk/client-ecs';
import { resourceNameFromArn } from '../../../shared/fleet/ecsArns';
import type { EnvironmentConfig } from '../config/consoleConfig';
import type { EcsClientFactory } from '../fleet/ecsClients';
import { listClusterArns } from '../fleet/ecsFleetReader';
import { ConsoleError } from '../ipc/consoleError';
import type { HealthClients, HealthClientSource } from './healthClients';

/** A service an action is about: where it lives in the config, and the client that reaches it. */
export interface ServiceTarget {
  environment: EnvironmentConfig;
  /** The cluster's name (never its ARN), as plans and the audit log show it. */
  cluster: string;
  service: string;
  client: ECSClient;
  /** ELBv2 and CloudWatch in the same account and region, for the service's targets, alarms and metrics. */
  health: HealthClients;
}

const discoveryCacheMs = 5 * 60_000;

/**
 * Finds the environment a cluster belongs to: listed clusters first, then the clusters that
 * environments without a list discover. A cluster name that two environments share needs
 * the environment named, rather than a guess about which account to change.
 */
export class ServiceTargets {
  private readonly discovered = new Map<string, { names: string[]; at: number }>();

  constructor(
    private environmentList: readonly EnvironmentConfig[],
    private readonly clients: EcsClientFactory,
    private readonly healthClients: HealthClientSource,
    private readonly now: () => number = Date.now,
  ) {}

  environments(): readonly EnvironmentConfig[] {
    return this.environmentList;
  }

  /** The console's sandbox was rebuilt with other clusters: actions find them from now on. */
  useEnvironments(environments: readonly EnvironmentConfig[]): void {
    this.environmentList = environments;
  }

  environmentNamed(name: string): EnvironmentConfig | undefined {
    return this.environments().find((environment) => environment.name === name);
  }

  clientFor(environment: EnvironmentConfig): ECSClient {
    return this.clients.clientFor(environment.aws);
  }

  healthFor(environment: EnvironmentConfig): HealthClients {
    return this.healthClients.clientsFor(environment.aws);
  }

  async resolve(
    request: { environment?: string | undefined; cluster: string; service: string },
    signal: AbortSignal,
  ): Promise<ServiceTarget> {
    const environments = this.environments();
    if (environments.length === 0)
      throw new ConsoleError('NOT_FOUND', 'The console has no environments configured.');
    const cluster = resourceNameFromArn(request.cluster);
    let candidates = environments;
    if (request.environment !== undefined) {
      const named = this.environmentNamed(request.environment);
      if (!named)
        throw new ConsoleError(
          'NOT_FOUND',
          `No environment named ${request.environment} (known: ${environments.map((e) => e.name).join(', ')}).`,
        );
      candidates = [named];
    }

    let matches = candidates.filter((environment) =>
      (environment.clusters ?? []).some((listed) => resourceNameFromArn(listed) === cluster),
    );
    if (matches.length === 0) {
      const discovering = candidates.filter((environment) => !environment.clusters);
      const found = await Promise.all(
        discovering.map(async (environment) =>
          (await this.discoveredClusters(environment, signal)).includes(cluster) ? environment : null,
        ),
      );
      matches = found.filter((environment) => environment !== null);
    }
    if (matches.length > 1) {
      throw new ConsoleError(
        'VALIDATION',
        `Cluster ${cluster} is in more than one environment (${matches.map((e) => e.name).join(', ')}): name the environment.`,
      );
    }
    const environment = matches[0];
    if (!environment) {
      const known = candidates.flatMap((e) => (e.clusters ?? []).map(resourceNameFromArn));
      throw new ConsoleError(
        'NOT_FOUND',
        `No cluster named ${cluster} in the console's environments${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}.`,
      );
    }
    return {
      environment,
      cluster,
      service: request.service,
      client: this.clientFor(environment),
      health: this.healthFor(environment),
    };
  }

  private async discoveredClusters(environment: EnvironmentConfig, signal: AbortSignal): Promise<string[]> {
    const cached = this.discovered.get(environment.name);
    if (cached && this.now() - cached.at < discoveryCacheMs) return cached.names;
    const arns = await listClusterArns(this.clientFor(environment), signal);
    const names = arns.map(resourceNameFromArn);
    this.discovered.set(environment.name, { names, at: this.now() });
    return names;
  }
}

/** The key one action at a time is held by. */
export function serviceKey(target: { environment: string; cluster: string; service: string }): string {
  return `${target.environment}|${target.cluster}|${target.service}`;
}
