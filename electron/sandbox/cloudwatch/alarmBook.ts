import type { Dimension, StateValue } from '@aws-sdk/client-cloudwatch';
import { sandboxRegion } from '../../../shared/ipc/sandbox';
import { sandboxAccountId } from '../sandboxArns';
import { serviceAlarmName } from './alarmNames';
import {
  type FleetMetricIndex,
  type FleetMetricName,
  type FleetService,
  ecsDimensions,
  ecsNamespace,
  elbNamespace,
  loadReader,
  statisticOf,
} from './fleetMetrics';

/**
 * The fleet's CloudWatch alarms and their state history. Each alarm is evaluated once a
 * minute of simulated time from the same metric figures GetMetricData answers with, so a
 * bad deploy trips the service's 5XX alarm and a rollback clears it; only the states and
 * their changes are kept.
 */

export interface AlarmDefinition {
  name: string;
  arn: string;
  description: string;
  service: FleetService;
  namespace: string;
  metricName: FleetMetricName;
  dimensions: Dimension[];
  statistic: 'Sum' | 'Average';
  periodSeconds: number;
  evaluationPeriods: number;
  datapointsToAlarm: number;
  threshold: number;
  configurationUpdatedAt: Date;
}

export interface AlarmState {
  value: StateValue;
  reason: string;
  reasonData: string;
  /** When the state was last evaluated into what it is (a change or a repeated reason). */
  updatedAt: number;
  /** When the state last changed value. */
  transitionedAt: number;
}

export interface AlarmHistoryRecord {
  alarmName: string;
  timestamp: number;
  summary: string;
  data: string;
}

const minuteMs = 60_000;
/** After a long silence only the last hour is evaluated: older tasks are no longer in the fleet's records. */
const maxCatchUpMinutes = 60;
/** The alarm history CloudWatch keeps is 14 days; the sandbox keeps the newest of them. */
const maxHistoryRecords = 10_000;

export class AlarmBook {
  private builtFor: readonly FleetService[] | null = null;
  private definitions: AlarmDefinition[] = [];
  private readonly states = new Map<AlarmDefinition, AlarmState>();
  private history: AlarmHistoryRecord[] = [];
  private evaluatedAt = 0;

  constructor(private readonly index: FleetMetricIndex) {}

  /** Every alarm by name, evaluated up to `now`. */
  alarms(now: number): Array<{ definition: AlarmDefinition; state: AlarmState }> {
    this.evaluate(now);
    return this.definitions.map((definition) => ({ definition, state: this.states.get(definition)! }));
  }

  /** State changes, oldest first, evaluated up to `now`. */
  changes(now: number): readonly AlarmHistoryRecord[] {
    this.evaluate(now);
    return this.history;
  }

  /** Evaluates every minute up to `now` that has not been evaluated yet. */
  evaluate(now: number): void {
    const services = this.index.all();
    const lastMinute = Math.floor(now / minuteMs) * minuteMs;
    if (services !== this.builtFor) {
      this.builtFor = services;
      this.definitions = services.flatMap(alarmsOf).sort((a, b) => (a.name < b.name ? -1 : 1));
      this.states.clear();
      this.history = [];
      const read = loadReader();
      for (const definition of this.definitions) {
        const verdict = explain(definition, lastMinute, evaluate(definition, lastMinute, read));
        this.states.set(definition, { ...verdict, updatedAt: lastMinute, transitionedAt: lastMinute });
      }
      this.evaluatedAt = lastMinute;
      return;
    }
    if (lastMinute <= this.evaluatedAt) return;
    const read = loadReader();
    let minute = Math.max(this.evaluatedAt + minuteMs, lastMinute - (maxCatchUpMinutes - 1) * minuteMs);
    for (; minute <= lastMinute; minute += minuteMs) {
      for (const definition of this.definitions) {
        const previous = this.states.get(definition)!;
        const evaluation = evaluate(definition, minute, read);
        if (evaluation.value === previous.value) continue;
        // Reasons are worded only for changes: most minutes change nothing, and wording is dear.
        const verdict = explain(definition, minute, evaluation);
        this.states.set(definition, { ...verdict, updatedAt: minute, transitionedAt: minute });
        this.history.push({
          alarmName: definition.name,
          timestamp: minute,
          summary: `Alarm updated from ${previous.value} to ${verdict.value}`,
          data: JSON.stringify({
            version: '1.0',
            oldState: { stateValue: previous.value, stateReason: previous.reason },
            newState: {
              stateValue: verdict.value,
              stateReason: verdict.reason,
              stateReasonData: JSON.parse(verdict.reasonData) as unknown,
            },
          }),
        });
      }
    }
    if (this.history.length > maxHistoryRecords) this.history = this.history.slice(-maxHistoryRecords);
    this.evaluatedAt = lastMinute;
  }
}

function alarmsOf(entry: FleetService): AlarmDefinition[] {
  const { service, environment, elbDimensions, profile } = entry;
  const configured = service.service.createdAt ?? new Date(0);
  const cpuName = serviceAlarmName(environment, service.name, 'cpu-high');
  const alarms: AlarmDefinition[] = [
    {
      name: cpuName,
      arn: alarmArn(cpuName),
      description: `CPU of ${service.name} in ${service.clusterName} above 80 % for 3 minutes.`,
      service: entry,
      namespace: ecsNamespace,
      metricName: 'CPUUtilization',
      dimensions: ecsDimensions(service),
      statistic: 'Average',
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      threshold: 80,
      configurationUpdatedAt: configured,
    },
  ];
  if (environment === 'production' && elbDimensions) {
    const name = serviceAlarmName(environment, service.name, '5xx');
    alarms.push({
      name,
      arn: alarmArn(name),
      description: `Target 5XX responses of ${service.name} above 2 % of its usual traffic in 2 of 3 minutes.`,
      service: entry,
      namespace: elbNamespace,
      metricName: 'HTTPCode_Target_5XX_Count',
      dimensions: elbDimensions,
      statistic: 'Sum',
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      threshold: Math.max(5, Math.round(profile.requestsPerMinute * 0.02)),
      configurationUpdatedAt: configured,
    });
  }
  return alarms;
}

function alarmArn(name: string): string {
  return `arn:aws:cloudwatch:${sandboxRegion}:${sandboxAccountId}:alarm:${name}`;
}

interface Evaluation {
  value: StateValue;
  /** Oldest first. */
  datapoints: Array<{ timestamp: number; value: number }>;
}

/** The alarm's state at the end of the minute that ends at `at`. */
function evaluate(definition: AlarmDefinition, at: number, read: ReturnType<typeof loadReader>): Evaluation {
  const periodMs = definition.periodSeconds * 1000;
  const datapoints: Evaluation['datapoints'] = [];
  let breaching = 0;
  for (let k = definition.evaluationPeriods; k >= 1; k--) {
    const start = at - k * periodMs;
    const value = statisticOf(
      definition.metricName,
      definition.statistic,
      read(definition.service, start, start + periodMs),
      definition.periodSeconds,
    );
    if (value === null) continue;
    datapoints.push({ timestamp: start, value });
    if (value > definition.threshold) breaching++;
  }
  const value: StateValue =
    datapoints.length === 0
      ? 'INSUFFICIENT_DATA'
      : breaching >= definition.datapointsToAlarm
        ? 'ALARM'
        : 'OK';
  return { value, datapoints };
}

/** An evaluation as CloudWatch words it: the state reason and its data. */
function explain(
  definition: AlarmDefinition,
  at: number,
  { value, datapoints }: Evaluation,
): Pick<AlarmState, 'value' | 'reason' | 'reasonData'> {
  const periodMs = definition.periodSeconds * 1000;
  const newestFirst = [...datapoints].reverse();
  const breaching = newestFirst.filter((point) => point.value > definition.threshold).length;
  const listed = newestFirst
    .map((point) => `${point.value.toFixed(1)} (${reasonTime(point.timestamp)})`)
    .join(', ');
  const threshold = definition.threshold.toFixed(1);
  const reasonData = JSON.stringify({
    version: '1.0',
    queryDate: new Date(at).toISOString(),
    startDate: new Date(at - definition.evaluationPeriods * periodMs).toISOString(),
    statistic: definition.statistic,
    period: definition.periodSeconds,
    recentDatapoints: datapoints.map((point) => point.value),
    threshold: definition.threshold,
    evaluatedDatapoints: newestFirst.map((point) => ({
      timestamp: new Date(point.timestamp).toISOString(),
      sampleCount: definition.periodSeconds / 60,
      value: point.value,
    })),
  });
  const reason =
    value === 'INSUFFICIENT_DATA'
      ? `Insufficient Data: ${definition.evaluationPeriods} datapoints were unknown.`
      : value === 'ALARM'
        ? `Threshold Crossed: ${breaching} out of the last ${definition.evaluationPeriods} datapoints [${listed}] were greater than the threshold (${threshold}) (minimum ${definition.datapointsToAlarm} datapoints for OK -> ALARM transition).`
        : `Threshold Crossed: ${datapoints.length - breaching} out of the last ${datapoints.length} datapoints [${listed}] were not greater than the threshold (${threshold}) (minimum 1 datapoint for ALARM -> OK transition).`;
  return { value, reason, reasonData };
}

/** The time format of CloudWatch's state reasons: dd/MM/yy HH:mm:ss. */
function reasonTime(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(2, 4)} ${iso.slice(11, 19)}`;
}
