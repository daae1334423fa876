import type {
  DescribeLoadBalancersOutput,
  DescribeTargetGroupsOutput,
  DescribeTargetHealthOutput,
  LoadBalancer,
  TargetGroup,
  TargetHealthDescription,
} from '@aws-sdk/client-elastic-load-balancing-v2';
import { sandboxRegion } from '../../../shared/ipc/sandbox';
import type { EcsSimulation } from '../ecsSimulation';
import {
  integerParameter,
  listParameter,
  QueryApiError,
  type QueryOperation,
  structureListParameter,
} from './queryProtocol';
import {
  loadBalancersOf,
  type SandboxLoadBalancer,
  type SandboxTargetGroup,
  targetGroupsOf,
  targetHealthOf,
} from './targetGroups';

/** DescribeTargetHealth, DescribeTargetGroups and DescribeLoadBalancers, answered from the simulation. */

const vpcId = 'vpc-0f1e2d3c4b5a69788';
const subnets = ['subnet-0a1b2c3d4e5f60718', 'subnet-0b2c3d4e5f6071829', 'subnet-0c3d4e5f607182930'];

export function loadBalancingOperations(simulation: EcsSimulation): ReadonlyMap<string, QueryOperation> {
  return new Map<string, QueryOperation>([
    [
      'DescribeTargetHealth',
      (parameters): DescribeTargetHealthOutput => {
        const arn = requiredParameter(parameters, 'TargetGroupArn');
        requireArn(arn, 'targetgroup/', 'target group');
        simulation.tick();
        const group = targetGroupsOf(simulation).find((candidate) => candidate.arn === arn);
        if (!group) throw new QueryApiError('TargetGroupNotFound', `Target groups '${arn}' not found`);
        const registered = targetHealthOf(group, simulation);
        const asked = structureListParameter(parameters, 'Targets');
        return {
          TargetHealthDescriptions:
            asked.length === 0 ? registered : asked.map((target) => healthOfAsked(group, registered, target)),
        };
      },
    ],
    [
      'DescribeTargetGroups',
      (parameters): DescribeTargetGroupsOutput => {
        const all = targetGroupsOf(simulation);
        const arns = listParameter(parameters, 'TargetGroupArns');
        const names = listParameter(parameters, 'Names');
        const loadBalancerArn = parameters.get('LoadBalancerArn');
        if ([arns.length > 0, names.length > 0, loadBalancerArn !== null].filter(Boolean).length > 1)
          throw new QueryApiError(
            'ValidationError',
            'Only one of target group ARNs, names or a load balancer ARN can be specified',
          );
        for (const arn of arns) requireArn(arn, 'targetgroup/', 'target group');
        let groups = all;
        if (loadBalancerArn !== null) {
          requireArn(loadBalancerArn, 'loadbalancer/', 'load balancer');
          if (!loadBalancersOf(simulation).some((balancer) => balancer.arn === loadBalancerArn))
            throw new QueryApiError(
              'LoadBalancerNotFound',
              `Load balancers '[${loadBalancerArn}]' not found`,
            );
          groups = all.filter((group) => group.loadBalancerArn === loadBalancerArn);
        }
        if (arns.length > 0 || names.length > 0)
          groups = chooseNamed(all, { arns, names }, 'TargetGroupNotFound', 'Target groups');
        const page = pageOf(groups, parameters, 'target-groups');
        return { TargetGroups: page.items.map(targetGroupView), NextMarker: page.nextMarker };
      },
    ],
    [
      'DescribeLoadBalancers',
      (parameters): DescribeLoadBalancersOutput => {
        const all = loadBalancersOf(simulation);
        const arns = listParameter(parameters, 'LoadBalancerArns');
        const names = listParameter(parameters, 'Names');
        if (arns.length > 0 && names.length > 0)
          throw new QueryApiError(
            'ValidationError',
            'Load balancer names and load balancer ARNs cannot be specified at the same time',
          );
        for (const arn of arns) requireArn(arn, 'loadbalancer/', 'load balancer');
        const chosen = chooseNamed(all, { arns, names }, 'LoadBalancerNotFound', 'Load balancers');
        const page = pageOf(chosen, parameters, 'load-balancers');
        return { LoadBalancers: page.items.map(loadBalancerView), NextMarker: page.nextMarker };
      },
    ],
  ]);
}

/** The resources named by ARN or by name (all of them when none is named); any unknown one is an error. */
function chooseNamed<Resource extends { arn: string; name: string }>(
  all: readonly Resource[],
  named: { arns: readonly string[]; names: readonly string[] },
  notFound: 'TargetGroupNotFound' | 'LoadBalancerNotFound',
  what: string,
): Resource[] {
  const byArn = named.arns.length > 0;
  const wanted = byArn ? named.arns : named.names;
  if (wanted.length === 0) return [...all];
  const keyOf = (resource: Resource): string => (byArn ? resource.arn : resource.name);
  const missing = wanted.filter((key) => !all.some((resource) => keyOf(resource) === key));
  if (missing.length > 0) throw new QueryApiError(notFound, `${what} '[${missing.join(', ')}]' not found`);
  return all.filter((resource) => wanted.includes(keyOf(resource)));
}

/** A target asked for by id: its health when registered, `unused` when it is not. */
function healthOfAsked(
  group: SandboxTargetGroup,
  registered: readonly TargetHealthDescription[],
  target: Record<string, string>,
): TargetHealthDescription {
  const id = target.Id;
  if (id === undefined) throw new QueryApiError('ValidationError', 'Each target in Targets must have an Id');
  const port = target.Port === undefined ? group.port : Number(target.Port);
  const found = registered.find((candidate) => candidate.Target?.Id === id && candidate.Target.Port === port);
  return (
    found ?? {
      Target: { Id: id, Port: port },
      HealthCheckPort: String(port),
      TargetHealth: {
        State: 'unused',
        Reason: 'Target.NotRegistered',
        Description: 'Target is not registered to the target group',
      },
    }
  );
}

function targetGroupView(group: SandboxTargetGroup): TargetGroup {
  return {
    TargetGroupArn: group.arn,
    TargetGroupName: group.name,
    Protocol: 'HTTP',
    Port: group.port,
    VpcId: vpcId,
    HealthCheckProtocol: 'HTTP',
    HealthCheckPort: 'traffic-port',
    HealthCheckEnabled: true,
    HealthCheckIntervalSeconds: 30,
    HealthCheckTimeoutSeconds: 5,
    HealthyThresholdCount: 5,
    UnhealthyThresholdCount: 2,
    HealthCheckPath: '/health',
    Matcher: { HttpCode: '200' },
    LoadBalancerArns: [group.loadBalancerArn],
    TargetType: 'ip',
    ProtocolVersion: 'HTTP1',
    IpAddressType: 'ipv4',
  };
}

function loadBalancerView(balancer: SandboxLoadBalancer): LoadBalancer {
  const id = balancer.arn.split('/').pop()!;
  return {
    LoadBalancerArn: balancer.arn,
    DNSName: `${balancer.name}-${parseInt(id.slice(0, 8), 16)}.${sandboxRegion}.elb.amazonaws.com`,
    CanonicalHostedZoneId: 'Z35SXDOTRQ7X7K',
    CreatedTime: balancer.createdAt,
    LoadBalancerName: balancer.name,
    Scheme: 'internet-facing',
    VpcId: vpcId,
    State: { Code: 'active' },
    Type: 'application',
    AvailabilityZones: subnets.map((subnet, index) => ({
      ZoneName: `${sandboxRegion}${'abc'[index]}`,
      SubnetId: subnet,
    })),
    SecurityGroups: ['sg-0a9b8c7d6e5f40312'],
    IpAddressType: 'ipv4',
  };
}

function requiredParameter(parameters: URLSearchParams, name: string): string {
  const value = parameters.get(name);
  if (value === null || value === '')
    throw new QueryApiError(
      'ValidationError',
      `1 validation error detected: Value null at '${name[0]!.toLowerCase()}${name.slice(1)}' failed to satisfy constraint: Member must not be null`,
    );
  return value;
}

function requireArn(arn: string, resource: string, what: string): void {
  if (!/^arn:aws[\w-]*:elasticloadbalancing:[\w-]+:\d{12}:/.test(arn) || !arn.includes(`:${resource}`))
    throw new QueryApiError('ValidationError', `'${arn}' is not a valid ${what} ARN`);
}

/** One page by Marker and PageSize (1–400), as ELBv2 pages its describes. */
function pageOf<T>(
  items: readonly T[],
  parameters: URLSearchParams,
  list: string,
): { items: T[]; nextMarker: string | undefined } {
  const size = integerParameter(parameters, 'PageSize', { min: 1, max: 400 }) ?? 400;
  const marker = parameters.get('Marker');
  let offset = 0;
  if (marker !== null) {
    const match = new RegExp(`^${list}:(\\d+)$`).exec(Buffer.from(marker, 'base64url').toString('utf8'));
    if (!match) throw new QueryApiError('ValidationError', 'The marker is not valid');
    offset = Number(match[1]);
  }
  const next = offset + size;
  return {
    items: items.slice(offset, next),
    nextMarker: next < items.length ? Buffer.from(`${list}:${next}`).toString('base64url') : undefined,
  };
}
