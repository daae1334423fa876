import type { ServiceSummary } from '../../../shared/fleet/fleetModel';
import type { IpcError } from '../../../shared/ipc/result';
import {
  type AlarmStateChange,
  type AlarmSummary,
  metricPeriodMs,
  ecsMetricNames,
  elbMetricNames,
  type MetricName,
  type ScalingActivity,
  type ServiceAlarm,
  type ServiceMetrics,
} from '../../../shared/metrics/metricsModel';
import { compareText } from '../../../shared/compareText';
import { describePollFailure } from '../fleet/pollFailure';
import type { PollSchedule } from '../fleet/pollSchedule';
import { type KnownAlarm, readAlarmChanges, readAlarms, readNamedAlarms } from './alarmReader';
import { mergeSeries } from './metricHistory';
import { type MeteredService, planMetricQueries, type ReadValues, readMetricValues } from './metricQueries';
import type { MetricsTarget } from './metricsMonitor';
import { readScalingActivities, scalingResourceId, withoutResourceId } from './scalingReader';
import { elbDimensionValue, TargetGroupDirectory } from './targetGroupDirectory';

/**
 * One environment's metrics, alarms and scaling activities, and how one refresh reads them.
 * The metrics decide the environment's state: when GetMetricData fails the whole environment
 * is stale, with the failure named. Alarms and scaling activities that fail alone keep what
 * was read before, and say so as warnings, rather than throwing away the figures.
 */

/** A later read takes the last few minutes again, so a minute CloudWatch completed late is read whole. */
const rereadMs = 5 * 60_000;
/** The scaling activities each service keeps. */
const activitiesKept = 5;

export interface EnvironmentMetrics {
  target: MetricsTarget;
  directory: TargetGroupDirectory;
  schedule: PollSchedule<boolean>;
  services: ServiceMetrics[];
  /** The fleet's keys read by the last successful read, to notice services it has not read yet. */
  readKeys: ReadonlySet<string>;
  /** The end of the window the last successful read covered. */
  lastReadEnd: number | null;
  alarms: Map<string, KnownAlarm>;
  activeAlarms: AlarmSummary[];
  /** From when on alarm history is still to read; null until the first read sets where to start. */
  changesSince: number | null;
  /** Changes already told, by `name@time>state`, kept while they are at or after `changesSince`. */
  toldChanges: Map<string, number>;
  /** Every alarm seen tied to each service since the console started, for the service's alarm history. */
  alarmNamesSeen: Map<string, Set<string>>;
  scaling: Map<string, ScalingActivity[]>;
  scalingSince: number | null;
  lastSuccessAt: number | null;
  lastSuccessStartedAt: number | null;
  achievedIntervalMs: number | null;
  error: IpcError | null;
  warnings: IpcError[];
}

export function newEnvironmentMetrics(
  target: MetricsTarget,
  schedule: PollSchedule<boolean>,
): EnvironmentMetrics {
  return {
    target,
    directory: new TargetGroupDirectory(target.loadBalancing),
    schedule,
    services: [],
    readKeys: new Set(),
    lastReadEnd: null,
    alarms: new Map(),
    activeAlarms: [],
    changesSince: null,
    toldChanges: new Map(),
    alarmNamesSeen: new Map(),
    scaling: new Map(),
    scalingSince: null,
    lastSuccessAt: null,
    lastSuccessStartedAt: null,
    achievedIntervalMs: null,
    error: null,
    warnings: [],
  };
}

export interface ReadContext {
  /** The fleet's services of this environment now. */
  fleet: readonly ServiceSummary[];
  /**
   * The fleet's services of every environment read with the same CloudWatch (one account and
   * region), since an alarm there may be another environment's; and whether this environment
   * shows the alarms tied to none of them, which one environment of the account does.
   */
  accountFleet: readonly ServiceSummary[];
  showsUntiedAlarms: boolean;
  startedAt: number;
  historyMs: number;
  signal: AbortSignal;
}

/**
 * Reads the environment once and updates its state. Returns the alarm state changes recorded
 * since the last read, oldest first; throws what GetMetricData threw, leaving the state as it was.
 */
export async function readEnvironment(
  state: EnvironmentMetrics,
  context: ReadContext,
): Promise<AlarmStateChange[]> {
  const { target } = state;
  const warnings: IpcError[] = [];
  const warn = (what: string, error: unknown) => {
    const failure = describePollFailure(target.description, error, 'AWS');
    warnings.push({ ...failure, message: `${what}: ${failure.message}` });
  };

  try {
    await state.directory.learn(
      context.fleet.flatMap((service) => service.targetGroupArns ?? []),
      context.signal,
    );
  } catch (error) {
    warn('Load balancer figures are not read, as the target groups could not be described', error);
  }
  const metered = context.fleet.map((service): MeteredService => {
    const arn = service.targetGroupArns?.[0];
    return {
      key: service.key,
      clusterName: service.clusterName,
      serviceName: service.serviceName,
      elb: arn ? state.directory.dimensionsOf(arn) : null,
    };
  });

  const end = Math.floor(context.startedAt / metricPeriodMs) * metricPeriodMs;
  const keepFrom = end - context.historyMs;
  const start = Math.max(keepFrom, state.lastReadEnd === null ? keepFrom : state.lastReadEnd - rereadMs);
  const before = new Map(state.services.map((service) => [service.key, service]));
  // Services read before take the last minutes; one new to the fleet takes its hour, in calls of its own.
  const known = metered.filter((service) => before.has(service.key) || start === keepFrom);
  const fresh = metered.filter((service) => !before.has(service.key) && start !== keepFrom);
  const values: ReadValues = new Map();
  for (const [services, from] of [
    [known, start],
    [fresh, keepFrom],
  ] as const) {
    const planned = planMetricQueries(services);
    if (planned.queries.length === 0 || from >= end) continue;
    const read = await readMetricValues(target.cloudWatch, planned, { start: from, end }, context.signal);
    for (const [key, figures] of read) values.set(key, figures);
  }

  const ties = new AlarmTies(context.accountFleet);
  const keysHere = new Set(context.fleet.map((service) => service.key));
  const isHere = (serviceKeys: readonly string[]) =>
    serviceKeys.length === 0 ? context.showsUntiedAlarms : serviceKeys.some((key) => keysHere.has(key));
  let changes: AlarmStateChange[] = [];
  try {
    state.alarms = await readAlarms(target.cloudWatch, ties.namedAlarms(), context.signal);
    changes = (await readNewChanges(state, context, ties)).filter((change) => isHere(change.serviceKeys));
  } catch (error) {
    if (context.signal.aborted) throw error;
    warn('Alarms are as last read', error);
  }
  try {
    await readScaling(state, context);
  } catch (error) {
    if (context.signal.aborted) throw error;
    warn('Scaling activities are as last read', error);
  }

  const alarmsByService = ties.alarmsByService(state.alarms);
  const minutes = Math.round(context.historyMs / metricPeriodMs);
  state.services = metered.map((service): ServiceMetrics => {
    const old = before.get(service.key);
    const found = values.get(service.key);
    const series = (figure: MetricName) => {
      const kept = old?.[figure];
      return mergeSeries(
        kept && { series: kept, firstMinute: old.firstMinute },
        found?.get(figure),
        keepFrom,
        minutes,
      );
    };
    const figures = service.elb ? [...ecsMetricNames, ...elbMetricNames] : ecsMetricNames;
    return {
      key: service.key,
      environment: target.environment,
      clusterName: service.clusterName,
      serviceName: service.serviceName,
      loadBalanced: service.elb !== null,
      firstMinute: keepFrom,
      cpu: series('cpu'),
      memory: series('memory'),
      ...Object.fromEntries(figures.slice(2).map((figure) => [figure, series(figure)])),
      alarms: alarmsByService.get(service.key) ?? [],
      scaling: state.scaling.get(service.key) ?? [],
      observedAt: context.startedAt,
    };
  });
  state.readKeys = new Set(metered.map((service) => service.key));
  const seen = (key: string, name: string) => {
    const names = state.alarmNamesSeen.get(key);
    if (names) names.add(name);
    else state.alarmNamesSeen.set(key, new Set([name]));
  };
  for (const [key, alarms] of alarmsByService) for (const alarm of alarms) seen(key, alarm.name);
  for (const change of changes) for (const key of change.serviceKeys) seen(key, change.alarmName);
  state.activeAlarms = [...state.alarms.values()]
    .filter((alarm) => alarm.state !== 'OK')
    .map(({ dimensions, ...alarm }) => ({
      ...alarm,
      serviceKeys: ties.serviceKeysOf({ name: alarm.name, dimensions }),
    }))
    .filter((alarm) => isHere(alarm.serviceKeys));
  state.lastReadEnd = end;
  state.warnings = warnings;
  return changes;
}

/** The alarm history since the last read, without what was told already; the first read only marks where to start. */
async function readNewChanges(
  state: EnvironmentMetrics,
  context: ReadContext,
  ties: AlarmTies,
): Promise<AlarmStateChange[]> {
  if (state.changesSince === null) {
    state.changesSince = context.startedAt;
    return [];
  }
  const recorded = await readAlarmChanges(state.target.cloudWatch, {
    since: state.changesSince,
    signal: context.signal,
  });
  const untold = recorded.filter(
    (change) => !state.toldChanges.has(`${change.alarmName}@${change.at}>${change.to}`),
  );
  // An alarm that fired and cleared between two reads is in neither state list: ask what it watches.
  const unknown = [...new Set(untold.map((change) => change.alarmName))].filter(
    (name) => !state.alarms.has(name),
  );
  const described = new Map(
    (await readNamedAlarms(state.target.cloudWatch, unknown, context.signal)).map((alarm) => [
      alarm.name,
      alarm,
    ]),
  );
  const fresh: AlarmStateChange[] = [];
  for (const change of untold) {
    state.toldChanges.set(`${change.alarmName}@${change.at}>${change.to}`, change.at);
    const alarm = state.alarms.get(change.alarmName) ?? described.get(change.alarmName);
    fresh.push({
      environment: state.target.environment,
      ...change,
      serviceKeys: alarm ? ties.serviceKeysOf(alarm) : ties.namedBy(change.alarmName),
    });
  }
  // The next read starts at the newest change told (StartDate is inclusive), which the set leaves out.
  const newest = recorded.at(-1)?.at;
  if (newest !== undefined) state.changesSince = Math.max(state.changesSince, newest);
  for (const [told, at] of state.toldChanges) if (at < state.changesSince) state.toldChanges.delete(told);
  return fresh;
}

async function readScaling(state: EnvironmentMetrics, context: ReadContext): Promise<void> {
  const since = state.scalingSince ?? context.startedAt - context.historyMs;
  const read = await readScalingActivities(state.target.autoScaling, { since, signal: context.signal });
  const keyOf = new Map(
    context.fleet.map((service) => [
      scalingResourceId(service.clusterName, service.serviceName),
      service.key,
    ]),
  );
  const byService = new Map(state.scaling);
  const inFleet = new Set(keyOf.values());
  for (const key of byService.keys()) if (!inFleet.has(key)) byService.delete(key);
  const readByService = new Map<string, ScalingActivity[]>();
  for (const activity of read) {
    const key = keyOf.get(activity.resourceId);
    if (!key) continue;
    const list = readByService.get(key) ?? [];
    list.push(withoutResourceId(activity));
    readByService.set(key, list);
  }
  for (const [key, fresh] of readByService) {
    const ids = new Set(fresh.map((activity) => activity.id));
    const merged = [...fresh, ...(byService.get(key) ?? []).filter((activity) => !ids.has(activity.id))]
      .sort((a, b) => b.startedAt - a.startedAt)
      .slice(0, activitiesKept);
    byService.set(key, merged);
  }
  state.scaling = byService;
  // Activities still under way are read again until they end, so their status moves on.
  const unfinished = [...byService.values()]
    .flat()
    .filter((activity) => activity.endedAt === null)
    .map((activity) => activity.startedAt);
  state.scalingSince = Math.min(context.startedAt - rereadMs, ...unfinished);
}

/**
 * Which services an alarm is tied to: those whose deployment configuration names it, and
 * those its dimensions point at (ClusterName and ServiceName, or the service's target group).
 */
class AlarmTies {
  private readonly byName = new Map<string, string[]>();
  private readonly byEcsName = new Map<string, string>();
  private readonly byTargetGroup = new Map<string, string[]>();

  constructor(fleet: readonly ServiceSummary[]) {
    for (const service of fleet) {
      for (const name of service.deploymentAlarms ?? []) push(this.byName, name, service.key);
      this.byEcsName.set(`${service.clusterName}/${service.serviceName}`, service.key);
      for (const arn of service.targetGroupArns ?? [])
        push(this.byTargetGroup, elbDimensionValue(arn), service.key);
    }
  }

  namedAlarms(): string[] {
    return [...this.byName.keys()];
  }

  namedBy(alarmName: string): string[] {
    return this.byName.get(alarmName) ?? [];
  }

  serviceKeysOf(alarm: Pick<KnownAlarm, 'name' | 'dimensions'>): string[] {
    const keys = new Set(this.namedBy(alarm.name));
    const cluster = alarm.dimensions.get('ClusterName');
    const service = alarm.dimensions.get('ServiceName');
    const byEcs = cluster && service ? this.byEcsName.get(`${cluster}/${service}`) : undefined;
    if (byEcs) keys.add(byEcs);
    const targetGroup = alarm.dimensions.get('TargetGroup');
    for (const key of (targetGroup && this.byTargetGroup.get(targetGroup)) || []) keys.add(key);
    return [...keys].sort(compareText);
  }

  /** Each service's alarms, by name. */
  alarmsByService(alarms: ReadonlyMap<string, KnownAlarm>): Map<string, ServiceAlarm[]> {
    const byService = new Map<string, ServiceAlarm[]>();
    const sorted = [...alarms.values()].sort((a, b) => compareText(a.name, b.name));
    for (const { name, state, reason, updatedAt, dimensions } of sorted) {
      for (const key of this.serviceKeysOf({ name, dimensions }))
        push(byService, key, { name, state, reason, updatedAt });
    }
    return byService;
  }
}

function push<Value>(map: Map<string, Value[]>, key: string, value: Value): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
