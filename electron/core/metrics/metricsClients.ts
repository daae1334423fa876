import { ApplicationAutoScalingClient } from '@aws-sdk/client-application-auto-scaling';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AwsClientCache,
  awsClientConfig,
  withoutSdkLogging,
  type AwsClientOptions,
} from '../aws/awsClientOptions';
import type { ConsoleConfig } from '../config/consoleConfig';
import type { AwsTarget } from '../config/consoleConfig';
import type { MetricsTarget } from './metricsMonitor';

/**
 * The clients the metrics monitor reads with, one of each per (profile, region, endpoint),
 * built as the ECS and Logs clients are: credentials stay in main, few retries, short timeouts.
 */
export class MetricsClientFactory {
  private readonly cloudWatch: AwsClientCache<CloudWatchClient>;
  private readonly loadBalancing: AwsClientCache<ElasticLoadBalancingV2Client>;
  private readonly autoScaling: AwsClientCache<ApplicationAutoScalingClient>;

  constructor(options: AwsClientOptions = {}) {
    this.cloudWatch = new AwsClientCache((target) =>
      withoutSdkLogging(new CloudWatchClient(awsClientConfig(target, options))),
    );
    this.loadBalancing = new AwsClientCache((target) =>
      withoutSdkLogging(new ElasticLoadBalancingV2Client(awsClientConfig(target, options))),
    );
    this.autoScaling = new AwsClientCache((target) =>
      withoutSdkLogging(new ApplicationAutoScalingClient(awsClientConfig(target, options))),
    );
  }

  targetFor(environment: string, aws: AwsTarget): MetricsTarget {
    return {
      environment,
      cloudWatch: this.cloudWatch.clientFor(aws),
      loadBalancing: this.loadBalancing.clientFor(aws),
      autoScaling: this.autoScaling.clientFor(aws),
      description: describeCloudWatchTarget(aws),
    };
  }

  destroyAll(): void {
    this.cloudWatch.destroyAll();
    this.loadBalancing.destroyAll();
    this.autoScaling.destroyAll();
  }
}

/** One metrics target per configured environment, sharing clients where environments share an account. */
export function metricsTargetsFromConfig(
  config: ConsoleConfig,
  clients: MetricsClientFactory,
): MetricsTarget[] {
  return config.environments.map((environment) => clients.targetFor(environment.name, environment.aws));
}

/** Where a target points, in words for error messages: never contains credentials. */
function describeCloudWatchTarget(target: AwsTarget): string {
  if (target.endpoint) return `the CloudWatch endpoint ${target.endpoint}`;
  return `CloudWatch in ${target.region}${target.profile ? ` (profile ${target.profile})` : ''}`;
}
