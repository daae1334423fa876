import { ECSClient } from '@aws-sdk/client-ecs';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsTarget } from '../config/consoleConfig';

/**
 * ECS clients for the main process. Credentials are resolved here and stay here:
 * nothing this module hands out for the renderer carries them.
 */

export interface EcsClientOptions {
  /** The monitor backs off on its own; SDK retries would only hide throttling and slow failures down. */
  maxAttempts?: number;
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** Replaces the default credential chain (tests, or an app that asks for MFA itself). */
  credentialsFor?: (target: AwsTarget) => CredentialsProvider;
}

type CredentialsProvider = ReturnType<typeof fromNodeProviderChain>;

/** The sandbox checks no signatures, but the SDK insists on signing. */
const sandboxCredentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

export class EcsClientFactory {
  private readonly clients = new Map<string, ECSClient>();

  constructor(private readonly options: EcsClientOptions = {}) {}

  /** One client per (profile, region, endpoint), created on first use. */
  clientFor(target: AwsTarget): ECSClient {
    const key = JSON.stringify([target.profile ?? null, target.region, target.endpoint ?? null]);
    let client = this.clients.get(key);
    if (!client) {
      client = createEcsClient(target, this.options);
      this.clients.set(key, client);
    }
    return client;
  }

  /** Closes every client's sockets; the factory can still create new ones afterwards. */
  destroyAll(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}

export function createEcsClient(target: AwsTarget, options: EcsClientOptions = {}): ECSClient {
  const credentials = target.endpoint
    ? sandboxCredentials
    : (options.credentialsFor?.(target) ??
      fromNodeProviderChain(target.profile ? { profile: target.profile } : {}));
  const client = new ECSClient({
    region: target.region,
    ...(target.profile ? { profile: target.profile } : {}),
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    credentials,
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 5000,
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
    },
  });
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
