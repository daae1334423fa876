import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsTarget } from '../config/consoleConfig';

/**
 * What every AWS client of the main process is built from, whichever service it talks to:
 * credentials from the profile's chain (or the sandbox's fixed ones for an endpoint), region,
 * endpoint, few retries and short timeouts. Credentials are resolved here and stay in main.
 */

export type CredentialsProvider = ReturnType<typeof fromNodeProviderChain>;

export interface AwsClientOptions {
  /** Callers back off on their own; SDK retries would only hide throttling and slow failures down. */
  maxAttempts?: number;
  requestTimeoutMs?: number;
  connectionTimeoutMs?: number;
  /** Replaces the default credential chain (tests, or an app that asks for MFA itself). */
  credentialsFor?: (target: AwsTarget) => CredentialsProvider;
}

/** The sandbox checks no signatures, but the SDK insists on signing. */
export const sandboxCredentials = { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' };

export interface AwsClientConfig {
  region: string;
  profile?: string;
  endpoint?: string;
  credentials: CredentialsProvider | typeof sandboxCredentials;
  maxAttempts: number;
  requestHandler: { requestTimeout: number; connectionTimeout: number };
}

export function awsClientConfig(target: AwsTarget, options: AwsClientOptions = {}): AwsClientConfig {
  const credentials = target.endpoint
    ? sandboxCredentials
    : (options.credentialsFor?.(target) ??
      fromNodeProviderChain(target.profile ? { profile: target.profile } : {}));
  return {
    region: target.region,
    ...(target.profile ? { profile: target.profile } : {}),
    ...(target.endpoint ? { endpoint: target.endpoint } : {}),
    credentials,
    maxAttempts: options.maxAttempts ?? 2,
    requestHandler: {
      requestTimeout: options.requestTimeoutMs ?? 5000,
      connectionTimeout: options.connectionTimeoutMs ?? 3000,
    },
  };
}

/**
 * Takes the SDK's logger middleware out of a client. It runs every response through the
 * command's sensitive-data filter to hand the result to a logger, even to the no-op logger
 * the console leaves in place; on large DescribeServices answers that filtering is a
 * measurable share of the main process's CPU, and nobody reads it.
 */
export function withoutSdkLogging<Client extends { middlewareStack: { remove(name: string): boolean } }>(
  client: Client,
): Client {
  client.middlewareStack.remove('loggerMiddleware');
  return client;
}

/** One client per (profile, region, endpoint), created on first use and destroyed together. */
export class AwsClientCache<Client extends { destroy(): void }> {
  private readonly clients = new Map<string, Client>();

  constructor(private readonly create: (target: AwsTarget) => Client) {}

  clientFor(target: AwsTarget): Client {
    const key = JSON.stringify([target.profile ?? null, target.region, target.endpoint ?? null]);
    let client = this.clients.get(key);
    if (!client) {
      client = this.create(target);
      this.clients.set(key, client);
    }
    return client;
  }

  destroyAll(): void {
    for (const client of this.clients.values()) client.destroy();
    this.clients.clear();
  }
}
