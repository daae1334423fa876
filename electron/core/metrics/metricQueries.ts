import {
  type CloudWatchClient,
  GetMetricDataCommand,
  type MetricDataQuery,
} from '@aws-sdk/client-cloudwatch';
import type { MetricName } from '../../../shared/metrics/metricsModel';
import { metricPeriodMs } from '../../../shared/metrics/metricsModel';

/**
 * The GetMetricData queries for the fleet's services, and their answers back as values per
 * service: CPU and memory from AWS/ECS for every service, and the target group's traffic from
 * AWS/ApplicationELB for a service behind a load balancer. Queries go 500 a call, CloudWatch's
 * limit, so a refresh makes ceil(queries ÷ 500) calls and no more (NextToken aside).
 */

export const maxQueriesPerCall = 500;

export interface MeteredService {
  key: string;
  clusterName: string;
  serviceName: string;
  /** CloudWatch's dimension values of the target group and its load balancer; null behind none. */
  elb: { targetGroup: string; loadBalancer: string } | null;
}

interface Figure {
  figure: MetricName;
  metricName: string;
  stat: string;
}

const ecsFigures: readonly Figure[] = [
  { figure: 'cpu', metricName: 'CPUUtilization', stat: 'Average' },
  { figure: 'memory', metricName: 'MemoryUtilization', stat: 'Average' },
];

const elbFigures: readonly Figure[] = [
  { figure: 'requests', metricName: 'RequestCount', stat: 'Sum' },
  { figure: 'errors', metricName: 'HTTPCode_Target_5XX_Count', stat: 'Sum' },
  { figure: 'p50', metricName: 'TargetResponseTime', stat: 'p50' },
  { figure: 'p99', metricName: 'TargetResponseTime', stat: 'p99' },
  { figure: 'healthy', metricName: 'HealthyHostCount', stat: 'Average' },
  { figure: 'unhealthy', metricName: 'UnHealthyHostCount', stat: 'Average' },
];

export interface PlannedQueries {
  queries: MetricDataQuery[];
  /** Which service and figure each query Id answers for. */
  owners: Map<string, { serviceKey: string; figure: MetricName }>;
}

export function planMetricQueries(services: readonly MeteredService[]): PlannedQueries {
  const queries: MetricDataQuery[] = [];
  const owners = new Map<string, { serviceKey: string; figure: MetricName }>();
  services.forEach((service, index) => {
    const add = (namespace: string, dimensions: { Name: string; Value: string }[], figure: Figure) => {
      // Ids must start with a lowercase letter; the service's position keeps them short.
      const id = `s${index}_${figure.figure}`;
      owners.set(id, { serviceKey: service.key, figure: figure.figure });
      queries.push({
        Id: id,
        MetricStat: {
          Metric: { Namespace: namespace, MetricName: figure.metricName, Dimensions: dimensions },
          Period: metricPeriodMs / 1000,
          Stat: figure.stat,
        },
      });
    };
    const ecs = [
      { Name: 'ClusterName', Value: service.clusterName },
      { Name: 'ServiceName', Value: service.serviceName },
    ];
    for (const figure of ecsFigures) add('AWS/ECS', ecs, figure);
    if (!service.elb) return;
    const elb = [
      { Name: 'TargetGroup', Value: service.elb.targetGroup },
      { Name: 'LoadBalancer', Value: service.elb.loadBalancer },
    ];
    for (const figure of elbFigures) add('AWS/ApplicationELB', elb, figure);
  });
  return { queries, owners };
}

/** What a read found: by service, by figure, the value of each minute that had a datapoint. */
export type ReadValues = Map<string, Map<MetricName, Map<number, number>>>;

/**
 * Asks CloudWatch for every query over [start, end), 500 queries a call, following NextToken,
 * and returns the values each service had, by the start of their minute. A minute without a
 * datapoint has no value: nothing is filled in.
 */
export async function readMetricValues(
  client: CloudWatchClient,
  planned: PlannedQueries,
  window: { start: number; end: number },
  signal: AbortSignal,
): Promise<ReadValues> {
  const values: ReadValues = new Map();
  for (let at = 0; at < planned.queries.length; at += maxQueriesPerCall) {
    const batch = planned.queries.slice(at, at + maxQueriesPerCall);
    let nextToken: string | undefined;
    do {
      const answer = await client.send(
        new GetMetricDataCommand({
          StartTime: new Date(window.start),
          EndTime: new Date(window.end),
          MetricDataQueries: batch,
          ScanBy: 'TimestampAscending',
          ...(nextToken ? { NextToken: nextToken } : {}),
        }),
        { abortSignal: signal },
      );
      for (const result of answer.MetricDataResults ?? []) {
        const owner = result.Id ? planned.owners.get(result.Id) : undefined;
        if (!owner) continue;
        let figures = values.get(owner.serviceKey);
        if (!figures) values.set(owner.serviceKey, (figures = new Map<MetricName, Map<number, number>>()));
        let byMinute = figures.get(owner.figure);
        if (!byMinute) figures.set(owner.figure, (byMinute = new Map<number, number>()));
        const found = result.Values ?? [];
        (result.Timestamps ?? []).forEach((timestamp, i) => {
          const value = found[i];
          if (value !== undefined && Number.isFinite(value))
            byMinute.set(timestamp.getTime(), rounded(owner.figure, value));
        });
      }
      nextToken = answer.NextToken;
    } while (nextToken);
  }
  return values;
}

/**
 * Values as precise as the page shows them (a tenth of a percent, a tenth of a millisecond,
 * a hundredth of a count), since the long tails of CloudWatch's doubles would cost the page
 * and main's memory several times the figures themselves.
 */
function rounded(figure: MetricName, value: number): number {
  const places =
    figure === 'cpu' || figure === 'memory' ? 10 : figure === 'p50' || figure === 'p99' ? 10_000 : 100;
  return Math.round(value * places) / places;
}
