import type { Dimension } from '@aws-sdk/client-cloudwatch';
import type { SimService } from '../ecsModel';
import type { EcsSimulation } from '../ecsSimulation';
import { clusterLoadBalancerArn, elbDimensionValue } from './loadBalancerDimensions';
import { type ServiceLoad, type ServiceProfile, serviceLoad, serviceProfile } from './serviceLoadModel';

/**
 * The metrics the fleet publishes: per ECS service AWS/ECS CPU and memory, and for services
 * behind the load balancer their target group's AWS/ApplicationELB figures.
 */

export const ecsNamespace = 'AWS/ECS';
export const elbNamespace = 'AWS/ApplicationELB';
export const ecsMetricNames = ['CPUUtilization', 'MemoryUtilization'] as const;
export const elbMetricNames = [
  'RequestCount',
  'HTTPCode_Target_5XX_Count',
  'TargetResponseTime',
  'HealthyHostCount',
  'UnHealthyHostCount',
] as const;
export type FleetMetricName = (typeof ecsMetricNames)[number] | (typeof elbMetricNames)[number];

export interface PublishedMetric {
  namespace: string;
  metricName: FleetMetricName;
  dimensions: Dimension[];
}

export interface FleetService {
  service: SimService;
  profile: ServiceProfile;
  environment: string;
  /** The AWS/ApplicationELB dimensions of its target group; null when no load balancer reaches it. */
  elbDimensions: Dimension[] | null;
}

/** Every service with the keys its metrics are found by, rebuilt only when the fleet is. */
export class FleetMetricIndex {
  private builtFor: unknown = null;
  private services: FleetService[] = [];
  private byKey = new Map<string, FleetService>();

  constructor(
    private readonly simulation: EcsSimulation,
    private readonly seed: number,
  ) {}

  all(): readonly FleetService[] {
    this.refresh();
    return this.services;
  }

  /** The service whose metric this is, or undefined: CloudWatch answers an unknown metric with no data. */
  find(namespace: string, metricName: string, dimensions: readonly Dimension[]): FleetService | undefined {
    this.refresh();
    const names =
      namespace === ecsNamespace ? ecsMetricNames : namespace === elbNamespace ? elbMetricNames : [];
    if (!(names as readonly string[]).includes(metricName)) return undefined;
    return this.byKey.get(metricKey(namespace, dimensions));
  }

  published(): PublishedMetric[] {
    return this.all().flatMap(({ service, elbDimensions }) => [
      ...ecsMetricNames.map((metricName) => ({
        namespace: ecsNamespace,
        metricName,
        dimensions: ecsDimensions(service),
      })),
      ...(elbDimensions
        ? elbMetricNames.map((metricName) => ({
            namespace: elbNamespace,
            metricName,
            dimensions: elbDimensions,
          }))
        : []),
    ]);
  }

  private refresh(): void {
    const clusters = this.simulation.listClusters();
    // A scale scenario replaces every cluster object; the first one tells whether that happened.
    if (clusters[0] === this.builtFor) return;
    this.builtFor = clusters[0];
    this.services = clusters.flatMap((cluster) =>
      [...cluster.services.values()].map((service) => {
        const targetGroup = service.service.loadBalancers?.[0]?.targetGroupArn;
        return {
          service,
          environment: cluster.environment,
          profile: serviceProfile(
            this.seed,
            cluster.name,
            service.name,
            cluster.environment !== 'production',
          ),
          elbDimensions: targetGroup
            ? [
                { Name: 'TargetGroup', Value: elbDimensionValue(targetGroup) },
                { Name: 'LoadBalancer', Value: elbDimensionValue(clusterLoadBalancerArn(cluster.name)) },
              ]
            : null,
        };
      }),
    );
    this.byKey = new Map();
    for (const entry of this.services) {
      this.byKey.set(metricKey(ecsNamespace, ecsDimensions(entry.service)), entry);
      if (entry.elbDimensions) this.byKey.set(metricKey(elbNamespace, entry.elbDimensions), entry);
    }
  }
}

export function ecsDimensions(service: SimService): Dimension[] {
  return [
    { Name: 'ClusterName', Value: service.clusterName },
    { Name: 'ServiceName', Value: service.name },
  ];
}

/** A metric is identified by its full set of dimensions, in any order. */
function metricKey(namespace: string, dimensions: readonly Dimension[]): string {
  const pairs: string[] = [];
  for (const dimension of dimensions) pairs.push(`${dimension.Name ?? ''}=${dimension.Value ?? ''}`);
  if (pairs.length > 1) pairs.sort();
  return `${namespace}|${pairs.join('|')}`;
}

/** Memoises each service's load per window within one answer, so several metrics of a service cost one pass. */
export function loadReader(): (entry: FleetService, start: number, end: number) => ServiceLoad {
  const bySpan = new Map<number, Map<FleetService, Map<number, ServiceLoad>>>();
  return (entry, start, end) => {
    let byService = bySpan.get(end - start);
    if (!byService) bySpan.set(end - start, (byService = new Map<FleetService, Map<number, ServiceLoad>>()));
    let byStart = byService.get(entry);
    if (!byStart) byService.set(entry, (byStart = new Map<number, ServiceLoad>()));
    let load = byStart.get(start);
    if (!load) byStart.set(start, (load = serviceLoad(entry.service, entry.profile, start, end)));
    return load;
  };
}

const percentilePattern = /^p(\d{1,2}(?:\.\d+)?)$/;

/** Whether CloudWatch accepts this as a statistic: the five basic ones or a percentile pNN. */
export function isStatistic(stat: string): boolean {
  return (
    ['Average', 'Sum', 'Minimum', 'Maximum', 'SampleCount'].includes(stat) || percentilePattern.test(stat)
  );
}

/**
 * One statistic of a metric over a window, or null for no datapoint. Counts are published
 * once a minute, so their Average/Minimum/Maximum are per-minute figures; gauges are
 * averages over the window.
 */
export function statisticOf(
  metricName: FleetMetricName,
  stat: string,
  load: ServiceLoad,
  periodSeconds: number,
): number | null {
  const samples = Math.max(1, periodSeconds / 60);
  switch (metricName) {
    case 'RequestCount':
    case 'HTTPCode_Target_5XX_Count': {
      if (load.requests === 0) return null;
      const total = metricName === 'RequestCount' ? load.requests : load.errors5xx;
      return countStatistic(stat, total, samples);
    }
    case 'TargetResponseTime':
      return load.latency === null ? null : latencyStatistic(stat, load.latency, load.requests);
    case 'CPUUtilization':
      return load.cpu === null ? null : gaugeStatistic(stat, load.cpu, samples, 0.15);
    case 'MemoryUtilization':
      return load.memory === null ? null : gaugeStatistic(stat, load.memory, samples, 0.03);
    case 'HealthyHostCount':
      return load.healthyHosts + load.unhealthyHosts === 0
        ? null
        : gaugeStatistic(stat, load.healthyHosts, samples, 0);
    case 'UnHealthyHostCount':
      return load.healthyHosts + load.unhealthyHosts === 0
        ? null
        : gaugeStatistic(stat, load.unhealthyHosts, samples, 0);
  }
}

function countStatistic(stat: string, total: number, samples: number): number {
  if (stat === 'Sum') return total;
  if (stat === 'SampleCount') return samples;
  return total / samples;
}

function gaugeStatistic(stat: string, average: number, samples: number, spread: number): number {
  switch (stat) {
    case 'Sum':
      return average * samples;
    case 'SampleCount':
      return samples;
    case 'Minimum':
      return spread === 0 ? Math.floor(average) : average * (1 - spread);
    case 'Maximum':
      return spread === 0 ? Math.ceil(average) : Math.min(100, average * (1 + spread));
    default:
      return average;
  }
}

function latencyStatistic(
  stat: string,
  latency: NonNullable<ServiceLoad['latency']>,
  requests: number,
): number {
  switch (stat) {
    case 'Average':
      return latency.average;
    case 'Sum':
      return latency.average * requests;
    case 'SampleCount':
      return requests;
    case 'Minimum':
      return latency.p50 * 0.2;
    case 'Maximum':
      return latency.p99 * 1.5;
  }
  // Between p50 and p99 the tail grows geometrically; below p50 linearly towards the minimum.
  const percentile = Number(percentilePattern.exec(stat)![1]);
  if (percentile <= 50) return latency.p50 * (0.2 + (0.8 * percentile) / 50);
  const position = (Math.log(50) - Math.log(100 - percentile)) / Math.log(50);
  return latency.p50 * Math.pow(latency.p99 / latency.p50, position);
}
