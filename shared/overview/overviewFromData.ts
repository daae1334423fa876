import type { FleetSnapshot, HealthState, ServiceSummary } from '../fleet/fleetModel';
import { healthStateSchema } from '../fleet/fleetModel';
import { compareText } from '../compareText';
import type { AlarmSummary, MetricSeries, MetricsSnapshot, ServiceMetrics } from '../metrics/metricsModel';
import { metricPeriodMs } from '../metrics/metricsModel';
import {
  overviewAlarmRows,
  overviewServiceRows,
  type Overview,
  type OverviewAlarm,
  type OverviewEnvironment,
  type OverviewFigures,
  type OverviewService,
} from './overviewModel';

/**
 * The Overview from the fleet and its metrics. "Now" is the latest finished minute with data
 * of each figure, looked for among the last few: CloudWatch often has the newest minute
 * late, and a figure a few minutes old is still what the service does now; older than that,
 * it is "no data" rather than a stale number passed off as current.
 */

/** How many of the newest minutes a figure may come from: CloudWatch's figures can come minutes late. */
const recentMinutes = 5;
/** A service answering more than this share of requests with 5XX is listed among the problems. */
const errorRateWorthListing = 0.01;
/** Metrics an alarm on a load balancer's target group watches, so it acts on the target group. */
const targetGroupMetrics =
  /^(HTTPCode_Target_|TargetResponseTime|RequestCount|HealthyHostCount|UnHealthyHostCount)/;

export function buildOverview(fleet: FleetSnapshot, metrics: MetricsSnapshot): Overview {
  const metricsByKey = new Map(metrics.services.map((service) => [service.key, service]));
  const rows = fleet.services.map((service) => serviceRow(service, metricsByKey.get(service.key)));
  rows.sort(worstFirst);
  const listed = rows.slice(0, overviewServiceRows);
  const unlisted = rows.slice(overviewServiceRows);
  const alarms = activeAlarms(fleet, metrics);
  return {
    environments: environments(fleet, metrics),
    figures: fleetFigures(fleet, metrics),
    services: listed,
    unlisted: { total: unlisted.length, notHealthy: unlisted.filter(notHealthy).length },
    alarms: alarms.slice(0, overviewAlarmRows),
    unlistedAlarms: Math.max(0, alarms.length - overviewAlarmRows),
    hasMetrics: metrics.environments.some((environment) => environment.lastSuccessAt !== null),
  };
}

function environments(fleet: FleetSnapshot, metrics: MetricsSnapshot): OverviewEnvironment[] {
  const names = [
    ...new Set([
      ...fleet.clusters.map((cluster) => cluster.environment),
      ...metrics.environments.map((group) => group.environment),
    ]),
  ];
  const order = ['ok', 'stale', 'error'] as const;
  return names.map((environment) => {
    const clusters = fleet.clusters.filter((cluster) => cluster.environment === environment);
    const fleetState = clusters.reduce<OverviewEnvironment['fleetState']>(
      (worst, cluster) => (order.indexOf(cluster.state) > order.indexOf(worst) ? cluster.state : worst),
      'ok',
    );
    const group = metrics.environments.find((candidate) => candidate.environment === environment);
    const metricsState = group?.state ?? 'error';
    const problems = [
      ...clusters.filter((cluster) => cluster.error).map((cluster) => `ECS: ${cluster.error!.message}`),
      ...(group?.error ? [`CloudWatch: ${group.error.message}`] : []),
    ];
    return {
      environment,
      fleetState,
      metricsState,
      metricsAt: group?.lastSuccessAt ?? null,
      problem: problems.length > 0 ? problems.join('; ') : null,
    };
  });
}

function fleetFigures(fleet: FleetSnapshot, metrics: MetricsSnapshot): OverviewFigures {
  const health = Object.fromEntries(healthStateSchema.options.map((state) => [state, 0])) as Record<
    HealthState,
    number
  >;
  for (const service of fleet.services) health[service.health] += 1;
  const watched = new Set(fleet.services.map((service) => service.key));
  const services = metrics.services.filter((service) => watched.has(service.key));

  let requests: number | null = null;
  let answered = 0;
  let errors = 0;
  for (const service of services) {
    const minute = latestPair(service.requests, service.errors);
    if (minute) {
      answered += minute.requests;
      errors += minute.errors;
    }
    // A service whose 5XX count is missing still counts its traffic.
    const count = minute?.requests ?? recent(service.requests);
    if (count !== null) requests = (requests ?? 0) + count;
  }
  return {
    requestsPerMinute: requests,
    peakRequestsPerMinute: peakRequests(services),
    errorRate: answered > 0 ? errors / answered : null,
    cpu: average(services.map((service) => recent(service.cpu))),
    memory: average(services.map((service) => recent(service.memory))),
    health,
    serviceCount: fleet.services.length,
  };
}

/** The fleet's busiest minute: requests summed per minute across services, the minute's own time as the key. */
function peakRequests(services: readonly ServiceMetrics[]): number | null {
  const perMinute = new Map<number, number>();
  for (const service of services)
    service.requests?.forEach((value, index) => {
      if (value === null) return;
      const minute = service.firstMinute + index * metricPeriodMs;
      perMinute.set(minute, (perMinute.get(minute) ?? 0) + value);
    });
  return perMinute.size > 0 ? Math.max(...perMinute.values()) : null;
}

function serviceRow(service: ServiceSummary, metrics: ServiceMetrics | undefined): OverviewService {
  const pair = metrics ? latestPair(metrics.requests, metrics.errors) : null;
  const p99 = metrics ? recent(metrics.p99) : null;
  return {
    key: service.key,
    environment: service.environment,
    clusterName: service.clusterName,
    serviceName: service.serviceName,
    health: service.health,
    errorRate: pair && pair.requests > 0 ? pair.errors / pair.requests : null,
    // CloudWatch gives TargetResponseTime in seconds.
    p99Ms: p99 === null ? null : p99 * 1000,
    cpu: metrics ? recent(metrics.cpu) : null,
    memory: metrics ? recent(metrics.memory) : null,
    availability: metrics?.healthy ? availability(metrics.healthy) : null,
    alarms: (metrics?.alarms ?? [])
      .filter((alarm) => alarm.state === 'ALARM')
      .map((alarm) => alarm.name)
      .sort(compareText),
  };
}

function availability(healthy: MetricSeries): number | null {
  const known = healthy.filter((value) => value !== null);
  if (known.length === 0) return null;
  return known.filter((value) => value >= 1).length / known.length;
}

/** Problems first (failed, degraded, in alarm, erring, deploying, stale), then by error rate and p99. */
function worstFirst(a: OverviewService, b: OverviewService): number {
  return (
    problemRank(a) - problemRank(b) ||
    descendingOrNullLast(a.errorRate, b.errorRate) ||
    descendingOrNullLast(a.p99Ms, b.p99Ms) ||
    compareText(a.environment, b.environment) ||
    compareText(a.clusterName, b.clusterName) ||
    compareText(a.serviceName, b.serviceName)
  );
}

function problemRank(row: OverviewService): number {
  if (row.health === 'failed') return 0;
  if (row.health === 'degraded') return 1;
  if (row.alarms.length > 0) return 2;
  if (row.errorRate !== null && row.errorRate >= errorRateWorthListing) return 3;
  if (row.health === 'deploying') return 4;
  if (row.health === 'stale') return 5;
  return 6;
}

function notHealthy(row: OverviewService): boolean {
  return problemRank(row) < 6;
}

function descendingOrNullLast(a: number | null, b: number | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  return b - a;
}

function activeAlarms(fleet: FleetSnapshot, metrics: MetricsSnapshot): OverviewAlarm[] {
  const services = new Map(fleet.services.map((service) => [service.key, service]));
  const alarms = metrics.environments.flatMap((group) =>
    group.activeAlarms.map((alarm) => ({
      environment: group.environment,
      name: alarm.name,
      state: alarm.state,
      since: alarm.updatedAt,
      condition: alarm.condition,
      actsOn: actsOn(alarm, services),
    })),
  );
  const stateOrder = { ALARM: 0, INSUFFICIENT_DATA: 1, OK: 2 };
  return alarms.sort(
    (a, b) =>
      stateOrder[a.state] - stateOrder[b.state] ||
      (b.since ?? 0) - (a.since ?? 0) ||
      compareText(a.name, b.name),
  );
}

function actsOn(alarm: AlarmSummary, services: ReadonlyMap<string, ServiceSummary>): string[] {
  const onTargetGroup = targetGroupMetrics.test(alarm.condition);
  return alarm.serviceKeys.flatMap((key) => {
    const service = services.get(key);
    if (!service) return [];
    const groups = (service.targetGroupArns ?? []).map(targetGroupName);
    return [
      onTargetGroup && groups.length > 0
        ? `${service.serviceName} (target group ${groups.join(', ')})`
        : `${service.serviceName} (ECS service)`,
    ];
  });
}

/** "arn:aws:elasticloadbalancing:…:targetgroup/flarenet-production-api-gateway/73e2…" → its name. */
function targetGroupName(arn: string): string {
  return /targetgroup\/([^/]+)/.exec(arn)?.[1] ?? arn;
}

/** The newest value among the last few minutes, or null when none of them has one. */
function recent(series: MetricSeries | undefined): number | null {
  if (!series) return null;
  for (let index = series.length - 1; index >= Math.max(0, series.length - recentMinutes); index--) {
    const value = series[index];
    if (value !== null && value !== undefined) return value;
  }
  return null;
}

/** The newest of the last few minutes with both requests and 5XX counted. */
function latestPair(
  requests: MetricSeries | undefined,
  errors: MetricSeries | undefined,
): { requests: number; errors: number } | null {
  if (!requests || !errors) return null;
  const last = Math.min(requests.length, errors.length) - 1;
  for (let index = last; index >= Math.max(0, last + 1 - recentMinutes); index--) {
    const count = requests[index];
    const failed = errors[index];
    if (count !== null && count !== undefined && failed !== null && failed !== undefined)
      return { requests: count, errors: failed };
  }
  return null;
}

function average(values: readonly (number | null)[]): number | null {
  const known = values.filter((value) => value !== null);
  return known.length > 0 ? known.reduce((sum, value) => sum + value, 0) / known.length : null;
}
