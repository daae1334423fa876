import type { MetricDataQuery, MetricDataResult } from '@aws-sdk/client-cloudwatch';
import { CloudWatchApiError } from './cloudwatchProtocols';
import {
  type FleetMetricIndex,
  type FleetMetricName,
  isStatistic,
  loadReader,
  statisticOf,
} from './fleetMetrics';
import { epochSecondsMember, requireArray, requireMember, requireObject } from './cloudwatchRequests';

/** CloudWatch's own limits for one GetMetricData call. */
export const maxQueriesPerCall = 500;
const maxDatapointsPerCall = 100_800;
const queryIdPattern = /^[a-z][a-zA-Z0-9_]*$/;

interface PlannedQuery {
  id: string;
  label: string;
  returnData: boolean;
  metric: { namespace: string; name: string; dimensions: Array<{ Name: string; Value: string }> };
  periodSeconds: number;
  stat: string;
  /** The oldest window's start, epoch ms, and how many windows follow on from it. */
  firstStart: number;
  windows: number;
}

/**
 * GetMetricData for MetricStat queries: one value per period from StartTime (inclusive) to
 * EndTime (exclusive), on period boundaries, only for periods the clock has finished, newest
 * first unless ScanBy says otherwise. A metric the fleet does not publish has no datapoints.
 */
export function getMetricData(index: FleetMetricIndex, input: object, now: number): object {
  const request = input as Record<string, unknown>;
  const queries = requireArray(request, 'MetricDataQueries');
  if (queries.length === 0)
    throw new CloudWatchApiError('ValidationError', 'The collection MetricDataQueries must not be empty.');
  if (queries.length > maxQueriesPerCall)
    throw new CloudWatchApiError(
      'ValidationError',
      `The collection MetricDataQueries must not have a size greater than ${maxQueriesPerCall}.`,
    );
  const startTime = epochSecondsMember(request, 'StartTime') * 1000;
  const endTime = epochSecondsMember(request, 'EndTime') * 1000;
  if (startTime >= endTime)
    throw new CloudWatchApiError(
      'ValidationError',
      'The parameter StartTime must be less than the parameter EndTime.',
    );
  const scanBy = request.ScanBy ?? 'TimestampDescending';
  if (scanBy !== 'TimestampDescending' && scanBy !== 'TimestampAscending')
    throw new CloudWatchApiError(
      'ValidationError',
      `Value '${JSON.stringify(scanBy)}' at 'scanBy' failed to satisfy constraint: Member must satisfy enum value set: [TimestampDescending, TimestampAscending]`,
    );
  const limit = request.MaxDatapoints === undefined ? maxDatapointsPerCall : Number(request.MaxDatapoints);
  if (!Number.isInteger(limit) || limit < 1)
    throw new CloudWatchApiError(
      'InvalidParameterValue',
      'MaxDatapoints must be a whole number of at least 1.',
    );

  const planned = queries.map((query, position) =>
    planQuery(query as MetricDataQuery, position + 1, startTime, endTime, now),
  );
  const ids = new Set<string>();
  for (const query of planned) {
    if (ids.has(query.id))
      throw new CloudWatchApiError(
        'ValidationError',
        'The values for parameter id in MetricDataQueries are not unique.',
      );
    ids.add(query.id);
  }

  const first = request.NextToken === undefined ? 0 : queryOffsetFrom(request.NextToken, planned.length);
  const read = loadReader();
  const results: MetricDataResult[] = [];
  let datapoints = 0;
  let next = first;
  for (; next < planned.length; next++) {
    const query = planned[next]!;
    if (results.length > 0 && datapoints + query.windows > limit) break;
    datapoints += query.windows;
    if (query.returnData) results.push(answer(index, query, read, scanBy === 'TimestampAscending'));
  }
  return {
    MetricDataResults: results,
    NextToken: next < planned.length ? Buffer.from(`queries:${next}`).toString('base64url') : undefined,
    Messages: [],
  };
}

function planQuery(
  query: MetricDataQuery,
  position: number,
  startTime: number,
  endTime: number,
  now: number,
): PlannedQuery {
  const where = `MetricDataQueries.member.${position}`;
  requireObject(query, where);
  const id = requireMember(query.Id, `${where}.Id`);
  if (typeof id !== 'string' || !queryIdPattern.test(id) || id.length > 255)
    throw new CloudWatchApiError(
      'ValidationError',
      `The value ${String(id)} for parameter ${where}.Id is not valid: it must start with a lowercase letter and contain only letters, numbers and underscores.`,
    );
  if (query.Expression !== undefined && query.MetricStat !== undefined)
    throw new CloudWatchApiError(
      'ValidationError',
      `Exactly one of MetricStat and Expression must be set for ${where}.`,
    );
  if (query.Expression !== undefined)
    throw new CloudWatchApiError(
      'InvalidParameterValue',
      `${where}.Expression: the sandbox answers MetricStat queries only, not metric math or Metrics Insights.`,
    );
  const stat = requireObject(requireMember(query.MetricStat, `${where}.MetricStat`), `${where}.MetricStat`);
  const metric = requireObject(
    requireMember(stat.Metric, `${where}.MetricStat.Metric`),
    `${where}.MetricStat.Metric`,
  );
  const periodSeconds = Number(requireMember(stat.Period, `${where}.MetricStat.Period`));
  if (
    !Number.isInteger(periodSeconds) ||
    periodSeconds < 1 ||
    (periodSeconds >= 60 ? periodSeconds % 60 !== 0 : ![1, 5, 10, 30].includes(periodSeconds))
  )
    throw new CloudWatchApiError(
      'ValidationError',
      `The parameter ${where}.MetricStat.Period must be 1, 5, 10, 30 or a multiple of 60 (got ${String(stat.Period)}).`,
    );
  const statistic = requireMember(stat.Stat, `${where}.MetricStat.Stat`);
  if (typeof statistic !== 'string' || !isStatistic(statistic))
    throw new CloudWatchApiError(
      'InvalidParameterValue',
      `The value ${String(statistic)} for parameter ${where}.MetricStat.Stat is not a valid statistic: use Average, Sum, Minimum, Maximum, SampleCount or a percentile such as p99.`,
    );
  const periodMs = periodSeconds * 1000;
  const firstStart = Math.ceil(startTime / periodMs) * periodMs;
  // A period is answered once the clock has finished it.
  const lastEnd = Math.min(endTime, Math.floor(now / periodMs) * periodMs);
  const count = Math.max(0, Math.floor((lastEnd - firstStart) / periodMs));
  if (count > maxDatapointsPerCall)
    throw new CloudWatchApiError(
      'ValidationError',
      `${where} asks for ${count} datapoints, more than ${maxDatapointsPerCall} in one call: narrow StartTime..EndTime or use a longer Period.`,
    );
  const name = textOf(metric.MetricName);
  return {
    id,
    label: typeof query.Label === 'string' ? query.Label : name,
    returnData: query.ReturnData !== false,
    metric: {
      namespace: textOf(metric.Namespace),
      name,
      dimensions: ((metric.Dimensions as unknown[] | undefined) ?? []).map((dimension) => {
        const { Name, Value } = (dimension ?? {}) as { Name?: unknown; Value?: unknown };
        return { Name: textOf(Name), Value: textOf(Value) };
      }),
    },
    periodSeconds,
    stat: statistic,
    firstStart,
    windows: count,
  };
}

function answer(
  index: FleetMetricIndex,
  query: PlannedQuery,
  read: ReturnType<typeof loadReader>,
  ascending: boolean,
): MetricDataResult {
  const timestamps: Date[] = [];
  const values: number[] = [];
  const entry = index.find(query.metric.namespace, query.metric.name, query.metric.dimensions);
  if (entry) {
    const periodMs = query.periodSeconds * 1000;
    for (let i = 0; i < query.windows; i++) {
      const start = query.firstStart + i * periodMs;
      const value = statisticOf(
        query.metric.name as FleetMetricName,
        query.stat,
        read(entry, start, start + periodMs),
        query.periodSeconds,
      );
      if (value === null) continue;
      timestamps.push(new Date(start));
      values.push(value);
    }
  }
  if (!ascending) {
    timestamps.reverse();
    values.reverse();
  }
  return {
    Id: query.id,
    Label: query.label,
    Timestamps: timestamps,
    Values: values,
    StatusCode: 'Complete',
    Messages: [],
  };
}

function queryOffsetFrom(token: unknown, queryCount: number): number {
  const match =
    typeof token === 'string'
      ? /^queries:(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8'))
      : null;
  const offset = match ? Number(match[1]) : Number.NaN;
  if (!Number.isInteger(offset) || offset < 1 || offset >= queryCount)
    throw new CloudWatchApiError('InvalidNextToken', 'The NextToken does not belong to this set of queries.');
  return offset;
}

/** A member that should be a string; anything else names no metric the fleet has. */
function textOf(value: unknown): string {
  return typeof value === 'string' ? value : '';
}
