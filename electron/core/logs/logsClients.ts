import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import type { AwsTarget } from '../config/consoleConfig';
import {
  AwsClientCache,
  awsClientConfig,
  withoutSdkLogging,
  type AwsClientOptions,
} from '../aws/awsClientOptions';

/**
 * CloudWatch Logs clients for the main process, one per (profile, region, endpoint).
 *
 * The SDK sends StartLiveTail to `stream-logs.<region>.amazonaws.com` (an endpoint host
 * prefix). A custom endpoint — the sandbox, an emulator — has no `stream-` host, so the
 * prefix is turned off for clients with one; against AWS it stays.
 */

export class LogsClientFactory {
  private readonly cache: AwsClientCache<CloudWatchLogsClient>;

  constructor(options: AwsClientOptions = {}) {
    this.cache = new AwsClientCache((target) => createLogsClient(target, options));
  }

  clientFor(target: AwsTarget): CloudWatchLogsClient {
    return this.cache.clientFor(target);
  }

  destroyAll(): void {
    this.cache.destroyAll();
  }
}

export function createLogsClient(target: AwsTarget, options: AwsClientOptions = {}): CloudWatchLogsClient {
  return withoutSdkLogging(
    new CloudWatchLogsClient({
      ...awsClientConfig(target, options),
      ...(target.endpoint ? { disableHostPrefix: true } : {}),
    }),
  );
}
