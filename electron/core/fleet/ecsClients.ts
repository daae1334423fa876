import { ECSClient } from '@aws-sdk/client-ecs';
import {
  AwsClientCache,
  awsClientConfig,
  withoutSdkLogging,
  type AwsClientOptions,
} from '../aws/awsClientOptions';
import type { AwsTarget } from '../config/consoleConfig';

/**
 * ECS clients for the main process. Credentials are resolved here and stay here:
 * nothing this module hands out for the renderer carries them.
 */

export type EcsClientOptions = AwsClientOptions;

export class EcsClientFactory {
  private readonly cache: AwsClientCache<ECSClient>;

  constructor(options: EcsClientOptions = {}) {
    this.cache = new AwsClientCache((target) => createEcsClient(target, options));
  }

  /** One client per (profile, region, endpoint), created on first use. */
  clientFor(target: AwsTarget): ECSClient {
    return this.cache.clientFor(target);
  }

  /** Closes every client's sockets; the factory can still create new ones afterwards. */
  destroyAll(): void {
    this.cache.destroyAll();
  }
}

export function createEcsClient(target: AwsTarget, options: EcsClientOptions = {}): ECSClient {
  const client = withoutSdkLogging(new ECSClient(awsClientConfig(target, options)));
  descriptions.set(client, describeEcsTarget(target));
  return client;
}

const descriptions = new WeakMap<ECSClient, string>();

/** What a client made here points at, for error messages; undefined for clients made elsewhere. */
export function describeEcsClient(client: ECSClient): string | undefined {
  return descriptions.get(client);
}

/** Where a target points, in words for error messages: never contains credentials. */
export function describeEcsTarget(target: AwsTarget): string {
  if (target.endpoint) return `the ECS endpoint ${target.endpoint}`;
  return `ECS in ${target.region}${target.profile ? ` (profile ${target.profile})` : ''}`;
}
