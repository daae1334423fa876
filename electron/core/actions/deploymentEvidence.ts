import {
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type CloudWatchClient,
  type Dimension,
  type MetricAlarm,
  type MetricDataQuery,
  type MetricDataResult,
} from '@aws-sdk/client-cloudwatch';
import type { Service } from '@aws-sdk/client-ecs';
import { DescribeTargetGroupsCommand } from '@aws-sdk/client-elastic-load-balancing-v2';
import type { DeploymentEvidence, MetricChange } from '../../../shared/actions/actionModel';
import { errorRateText, latencyText, utilisationText } from '../../../shared/metrics/metricWords';
import { spokenDuration } from '../../../shared/time/durationText';
import { toIpcError } from '../ipc/consoleError';
import type { HealthClients } from './healthClients';
import { deploymentAlarmNames, targetGroupsOf } from './targetHealth';

/**
 * The evidence a rollback decision rests on: the service's 5XX rate and p99 latency (its
 * target group, AWS/ApplicationELB) and its CPU and memory (AWS/ECS) before and since the
 * current revision was deployed, and its alarms in ALARM. A figure CloudWatch has no data
 * for is "not enough data", never a zero.
 */

const minuteMs = 60_000;
/** The calm the current revision is compared with: the quarter of an hour before it was deployed. */
const beforeWindowMs = 15 * minuteMs;
/** Datapoints per query at most; longer windows take longer periods. */
const maxPointsPerQuery = 60;
const maxAlarmPages = 10;

export interface EvidenceRequest {
  health: HealthClients;
  cluster: string;
  serviceName: string;
  service: Service;
  revision: string;
  deployedAt: number | null;
  now: number;
  signal: AbortSignal;
}

export async function readDeploymentEvidence(request: EvidenceRequest): Promise<DeploymentEvidence> {
  const { deployedAt, now } = request;
  const notes: string[] = [];
  const [dimensions, alarms] = await Promise.all([
    loadBalancerDimensions(request).catch((error: unknown) => {
      if (request.signal.aborted) throw error;
      notes.push(`The target group could not be read (${toIpcError(error).message}).`);
      return null;
    }),
    alarmsInAlarm(request).catch((error: unknown) => {
      if (request.signal.aborted) throw error;
      notes.push(`The alarms could not be read (${toIpcError(error).message}).`);
      return null;
    }),
  ]);
  if (targetGroupsOf(request.service).length === 0)
    notes.push(`${request.serviceName} is behind no load balancer, so it has no 5XX rate or latency.`);

  let before: WindowFigures = emptyFigures;
  let after: WindowFigures = emptyFigures;
  let beforeFrom: number | null = null;
  if (deployedAt === null) {
    notes.push('ECS does not say when the current deployment was created.');
  } else {
    // Whole minutes only: the minute the deployment began mixes both revisions.
    const afterFrom = Math.ceil(deployedAt / minuteMs) * minuteMs;
    const afterTo = Math.floor(now / minuteMs) * minuteMs;
    const beforeTo = Math.floor(deployedAt / minuteMs) * minuteMs;
    beforeFrom = beforeTo - beforeWindowMs;
    const queries = metricQueries(request, dimensions);
    try {
      [before, after] = await Promise.all([
        readWindow(request.health.cloudWatch, queries, beforeFrom, beforeTo, request.signal),
        afterTo > afterFrom
          ? readWindow(request.health.cloudWatch, queries, afterFrom, afterTo, request.signal)
          : emptyFigures,
      ]);
    } catch (error) {
      if (request.signal.aborted) throw error;
      notes.push(`CloudWatch metrics could not be read (${toIpcError(error).message}).`);
    }
    if (afterTo <= afterFrom)
      notes.push(
        `${request.revision} was deployed less than a whole minute ago; CloudWatch has no figures since.`,
      );
  }

  const changes: MetricChange[] = [
    change('5xx-rate', '5XX rate', before.errorRate, after.errorRate, errorRateText),
    change('p99-latency', 'p99', before.p99, after.p99, latencyText),
    change('cpu', 'CPU', before.cpu, after.cpu, utilisationText),
    change('memory', 'memory', before.memory, after.memory, utilisationText),
  ];
  const since =
    deployedAt === null
      ? `since ${request.revision} was deployed (when is unknown)`
      : `since ${request.revision} was deployed ${spokenDuration(Math.max(0, now - deployedAt), { finestUnit: 'second' })} ago`;
  const alarmText =
    alarms === null
      ? 'alarms: cannot check'
      : alarms.length === 0
        ? 'no alarm in ALARM'
        : alarms.map((name) => `alarm ${name} in ALARM`).join(', ');
  return {
    revision: request.revision,
    deployedAt,
    beforeFrom,
    readAt: now,
    changes,
    alarmsInAlarm: alarms,
    notes,
    summary: [since, ...changes.map((entry) => entry.text), alarmText].join(', '),
  };
}

interface WindowFigures {
  errorRate: number | null;
  p99: number | null;
  cpu: number | null;
  memory: number | null;
}

const emptyFigures: WindowFigures = { errorRate: null, p99: null, cpu: null, memory: null };

type QueryId = 'requests' | 'errors' | 'p99' | 'cpu' | 'memory';

function metricQueries(
  request: EvidenceRequest,
  elbDimensions: Dimension[] | null,
): Array<{ id: QueryId; namespace: string; name: string; stat: string; dimensions: Dimension[] }> {
  const ecs: Dimension[] = [
    { Name: 'ClusterName', Value: request.cluster },
    { Name: 'ServiceName', Value: request.serviceName },
  ];
  return [
    { id: 'cpu', namespace: 'AWS/ECS', name: 'CPUUtilization', stat: 'Average', dimensions: ecs },
    { id: 'memory', namespace: 'AWS/ECS', name: 'MemoryUtilization', stat: 'Average', dimensions: ecs },
    ...(elbDimensions
      ? (
          [
            ['requests', 'RequestCount', 'Sum'],
            ['errors', 'HTTPCode_Target_5XX_Count', 'Sum'],
            ['p99', 'TargetResponseTime', 'p99'],
          ] as const
        ).map(([id, name, stat]) => ({
          id,
          namespace: 'AWS/ApplicationELB',
          name,
          stat,
          dimensions: elbDimensions,
        }))
      : []),
  ];
}

async function readWindow(
  cloudWatch: CloudWatchClient,
  queries: ReturnType<typeof metricQueries>,
  from: number,
  to: number,
  signal: AbortSignal,
): Promise<WindowFigures> {
  const periodSeconds = Math.max(60, Math.ceil((to - from) / minuteMs / maxPointsPerQuery) * 60);
  const metricQueries: MetricDataQuery[] = queries.map((query) => ({
    Id: query.id,
    MetricStat: {
      Metric: { Namespace: query.namespace, MetricName: query.name, Dimensions: query.dimensions },
      Period: periodSeconds,
      Stat: query.stat,
    },
  }));
  const results = new Map<string, MetricDataResult>();
  let nextToken: string | undefined;
  do {
    const answer = await cloudWatch.send(
      new GetMetricDataCommand({
        StartTime: new Date(from),
        EndTime: new Date(to),
        MetricDataQueries: metricQueries,
        NextToken: nextToken,
      }),
      { abortSignal: signal },
    );
    for (const result of answer.MetricDataResults ?? []) {
      const known = results.get(result.Id ?? '');
      if (known) {
        known.Timestamps = [...(known.Timestamps ?? []), ...(result.Timestamps ?? [])];
        known.Values = [...(known.Values ?? []), ...(result.Values ?? [])];
      } else results.set(result.Id ?? '', result);
    }
    nextToken = answer.NextToken;
  } while (nextToken);

  const points = (id: QueryId): Map<number, number> => {
    const result = results.get(id);
    const byTime = new Map<number, number>();
    (result?.Timestamps ?? []).forEach((time, index) => {
      const value = result?.Values?.[index];
      if (value !== undefined) byTime.set(time.getTime(), value);
    });
    return byTime;
  };
  const requests = points('requests');
  const errors = points('errors');
  const totalRequests = sum([...requests.values()]);
  // ALBs publish no 5XX count for a period without 5XX responses: there it is a real zero.
  const errorRate = totalRequests > 0 ? sum([...errors.values()]) / totalRequests : null;
  return {
    errorRate,
    p99: weightedP99(points('p99'), requests),
    cpu: mean([...points('cpu').values()]),
    memory: mean([...points('memory').values()]),
  };
}

/**
 * CloudWatch cannot merge percentiles of several periods; each period's p99 weighted by its
 * requests keeps a quiet minute from counting as much as a busy one.
 */
function weightedP99(p99: Map<number, number>, requests: Map<number, number>): number | null {
  let weighted = 0;
  let weights = 0;
  for (const [time, value] of p99) {
    const weight = requests.get(time) ?? 0;
    weighted += value * weight;
    weights += weight;
  }
  if (weights > 0) return weighted / weights;
  return mean([...p99.values()]);
}

function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

function mean(values: readonly number[]): number | null {
  return values.length === 0 ? null : sum(values) / values.length;
}

/** The AWS/ApplicationELB dimensions of the service's first target group, with its load balancer. */
async function loadBalancerDimensions(request: EvidenceRequest): Promise<Dimension[] | null> {
  const group = targetGroupsOf(request.service)[0];
  if (!group) return null;
  const answer = await request.health.loadBalancing.send(
    new DescribeTargetGroupsCommand({ TargetGroupArns: [group.arn] }),
    { abortSignal: request.signal },
  );
  const loadBalancerArn = answer.TargetGroups?.[0]?.LoadBalancerArns?.[0];
  if (!loadBalancerArn) throw new Error(`no load balancer sends traffic to ${group.arn}`);
  return [
    { Name: 'TargetGroup', Value: dimensionValue(group.arn) },
    { Name: 'LoadBalancer', Value: dimensionValue(loadBalancerArn).replace(/^loadbalancer\//, '') },
  ];
}

/** `targetgroup/name/id` of a target group ARN, `loadbalancer/app/name/id` of a load balancer's. */
function dimensionValue(arn: string): string {
  return arn.slice(arn.lastIndexOf(':') + 1);
}

/**
 * The service's alarms in ALARM: those its deployment configuration names, and those on its
 * own metrics (its ECS service or its target group).
 */
async function alarmsInAlarm(request: EvidenceRequest): Promise<string[]> {
  const named = new Set(deploymentAlarmNames(request.service));
  const groups = new Set(targetGroupsOf(request.service).map((group) => dimensionValue(group.arn)));
  const isServiceAlarm = (alarm: MetricAlarm): boolean => {
    if (named.has(alarm.AlarmName ?? '')) return true;
    const dimensions = new Map((alarm.Dimensions ?? []).map((entry) => [entry.Name, entry.Value]));
    return (
      (dimensions.get('ServiceName') === request.serviceName &&
        dimensions.get('ClusterName') === request.cluster) ||
      groups.has(dimensions.get('TargetGroup') ?? '')
    );
  };
  const firing: string[] = [];
  let nextToken: string | undefined;
  let pages = 0;
  do {
    const page = await request.health.cloudWatch.send(
      new DescribeAlarmsCommand({ StateValue: 'ALARM', MaxRecords: 100, NextToken: nextToken }),
      { abortSignal: request.signal },
    );
    for (const alarm of page.MetricAlarms ?? [])
      if (isServiceAlarm(alarm)) firing.push(alarm.AlarmName ?? '');
    for (const alarm of page.CompositeAlarms ?? [])
      if (named.has(alarm.AlarmName ?? '')) firing.push(alarm.AlarmName ?? '');
    nextToken = page.NextToken;
  } while (nextToken && ++pages < maxAlarmPages);
  return firing.sort();
}

function change(
  metric: MetricChange['metric'],
  label: string,
  before: number | null,
  after: number | null,
  format: (value: number) => string,
): MetricChange {
  const side = (value: number | null): string => (value === null ? 'not enough data' : format(value));
  const text =
    before === null && after === null
      ? `${label} not enough data`
      : `${label} ${side(before)} → ${side(after)}`;
  return { metric, before, after, text };
}
