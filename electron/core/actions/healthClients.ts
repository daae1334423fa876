import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { ElasticLoadBalancingV2Client } from '@aws-sdk/client-elastic-load-balancing-v2';
import {
  AwsClientCache,
  awsClientConfig,
  withoutSdkLogging,
  type AwsClientOptions,
} from '../aws/awsClientOptions';
import type { AwsTarget } from '../config/consoleConfig';

/**
 * The clients an action reads a service's health with: ELBv2 for its targets, CloudWatch for
 * its alarms and metrics. Built from the same target as the ECS client of the environment,
 * so credentials stay in main and an endpoint (the sandbox) serves them all.
 */

export interface HealthClients {
  loadBalancing: ElasticLoadBalancingV2Client;
  cloudWatch: CloudWatchClient;
}

/** Where the health clients of a target come from: the factory below, or a test's own. */
export interface HealthClientSource {
  clientsFor(target: AwsTarget): HealthClients;
  destroyAll(): void;
}

export class HealthClientFactory implements HealthClientSource {
  private readonly loadBalancing: AwsClientCache<ElasticLoadBalancingV2Client>;
  private readonly cloudWatch: AwsClientCache<CloudWatchClient>;

  constructor(options: AwsClientOptions = {}) {
    this.loadBalancing = new AwsClientCache((target) =>
      withoutSdkLogging(new ElasticLoadBalancingV2Client(awsClientConfig(target, options))),
    );
    this.cloudWatch = new AwsClientCache((target) =>
      withoutSdkLogging(new CloudWatchClient(awsClientConfig(target, options))),
    );
  }

  clientsFor(target: AwsTarget): HealthClients {
    return {
      loadBalancing: this.loadBalancing.clientFor(target),
      cloudWatch: this.cloudWatch.clientFor(target),
    };
  }

  destroyAll(): void {
    this.loadBalancing.destroyAll();
    this.cloudWatch.destroyAll();
  }
}
