import {
  DescribeTargetGroupsCommand,
  type ElasticLoadBalancingV2Client,
  TargetGroupNotFoundException,
} from '@aws-sdk/client-elastic-load-balancing-v2';

/**
 * Which load balancer each target group is behind, as CloudWatch's AWS/ApplicationELB
 * dimensions name both (`targetgroup/<name>/<id>`, `app/<name>/<id>`). A target group's load
 * balancer does not change while the group lives, so each is asked about once.
 */

/** ELBv2 takes at most 20 target group ARNs in one DescribeTargetGroups. */
const arnsPerCall = 20;

export interface ElbDimensions {
  targetGroup: string;
  loadBalancer: string;
}

export class TargetGroupDirectory {
  /** By target group ARN: its dimensions, or null when it is behind no load balancer or does not exist. */
  private readonly known = new Map<string, ElbDimensions | null>();

  constructor(private readonly client: ElasticLoadBalancingV2Client) {}

  /** Looks up the target groups not asked about yet. */
  async learn(arns: readonly string[], signal: AbortSignal): Promise<void> {
    const unknown = [...new Set(arns)].filter((arn) => !this.known.has(arn));
    for (let at = 0; at < unknown.length; at += arnsPerCall) {
      const batch = unknown.slice(at, at + arnsPerCall);
      try {
        await this.describe(batch, signal);
      } catch (error) {
        // One group deleted since ECS named it fails the whole call: ask for the others alone.
        if (!(error instanceof TargetGroupNotFoundException) || batch.length === 1) throw error;
        for (const arn of batch) {
          await this.describe([arn], signal).catch((single: unknown) => {
            if (!(single instanceof TargetGroupNotFoundException)) throw single;
            this.known.set(arn, null);
          });
        }
      }
    }
  }

  dimensionsOf(targetGroupArn: string): ElbDimensions | null {
    return this.known.get(targetGroupArn) ?? null;
  }

  private async describe(arns: string[], signal: AbortSignal): Promise<void> {
    const answer = await this.client.send(new DescribeTargetGroupsCommand({ TargetGroupArns: arns }), {
      abortSignal: signal,
    });
    for (const arn of arns) this.known.set(arn, null);
    for (const group of answer.TargetGroups ?? []) {
      const loadBalancer = group.LoadBalancerArns?.[0];
      if (!group.TargetGroupArn || !loadBalancer) continue;
      this.known.set(group.TargetGroupArn, {
        targetGroup: elbDimensionValue(group.TargetGroupArn),
        loadBalancer: elbDimensionValue(loadBalancer),
      });
    }
  }
}

/** `…:targetgroup/<name>/<id>` → `targetgroup/<name>/<id>`; `…:loadbalancer/app/<name>/<id>` → `app/<name>/<id>`. */
export function elbDimensionValue(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1).replace(/^loadbalancer\//, '');
}
