import { createHash } from 'node:crypto';
import { sandboxRegion } from '../../../shared/ipc/sandbox';
import { sandboxAccountId } from '../sandboxArns';

/** The name of the application load balancer in front of a cluster's services. */
export function clusterLoadBalancerName(clusterName: string): string {
  return `${clusterName}-alb`.slice(0, 32);
}

/**
 * The application load balancer in front of a cluster's services: one per cluster, its id
 * taken from its name (as the target groups' ids are in fleetSeed.ts) so it never moves. ELBv2
 * and CloudWatch's dimensions both name it so.
 */
export function clusterLoadBalancerArn(clusterName: string): string {
  const name = clusterLoadBalancerName(clusterName);
  const id = createHash('sha256').update(name).digest('hex').slice(0, 16);
  return `arn:aws:elasticloadbalancing:${sandboxRegion}:${sandboxAccountId}:loadbalancer/app/${name}/${id}`;
}

/**
 * The value CloudWatch's AWS/ApplicationELB dimensions carry for a load balancer or target
 * group ARN: `app/<name>/<id>` for LoadBalancer, `targetgroup/<name>/<id>` for TargetGroup.
 */
export function elbDimensionValue(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1).replace(/^loadbalancer\//, '');
}
