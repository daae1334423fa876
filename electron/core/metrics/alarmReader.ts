import {
  type CloudWatchClient,
  type CompositeAlarm,
  DescribeAlarmHistoryCommand,
  DescribeAlarmsCommand,
  type DescribeAlarmsCommandInput,
  type MetricAlarm,
} from '@aws-sdk/client-cloudwatch';
import { type AlarmState, alarmStateSchema, type AlarmSummary } from '../../../shared/metrics/metricsModel';

/**
 * CloudWatch's alarms as the metrics monitor reads them each refresh: those in ALARM or
 * INSUFFICIENT_DATA (whatever they watch), and those the services' deployment configurations
 * name, whatever their state; and the state changes recorded since the last read.
 */

/** DescribeAlarms takes at most 100 names in one call, and answers 100 a page. */
const namesPerCall = 100;

export interface KnownAlarm extends Omit<AlarmSummary, 'serviceKeys'> {
  dimensions: ReadonlyMap<string, string>;
}

export async function readAlarms(
  client: CloudWatchClient,
  namedAlarms: readonly string[],
  signal: AbortSignal,
): Promise<Map<string, KnownAlarm>> {
  const alarms = new Map<string, KnownAlarm>();
  const keep = (alarm: KnownAlarm) => alarms.set(alarm.name, alarm);
  for (const state of ['ALARM', 'INSUFFICIENT_DATA'] as const)
    for (const alarm of await describeAll(client, { StateValue: state }, signal)) keep(alarm);
  const unread = [...new Set(namedAlarms)].filter((name) => !alarms.has(name));
  for (const alarm of await readNamedAlarms(client, unread, signal)) keep(alarm);
  return alarms;
}

/** The alarms of these names, whatever their state. */
export async function readNamedAlarms(
  client: CloudWatchClient,
  names: readonly string[],
  signal: AbortSignal,
): Promise<KnownAlarm[]> {
  const found: KnownAlarm[] = [];
  for (let at = 0; at < names.length; at += namesPerCall)
    found.push(...(await describeAll(client, { AlarmNames: names.slice(at, at + namesPerCall) }, signal)));
  return found;
}

async function describeAll(
  client: CloudWatchClient,
  input: DescribeAlarmsCommandInput,
  signal: AbortSignal,
): Promise<KnownAlarm[]> {
  const found: KnownAlarm[] = [];
  let nextToken: string | undefined;
  do {
    const answer = await client.send(
      new DescribeAlarmsCommand({
        ...input,
        AlarmTypes: ['MetricAlarm', 'CompositeAlarm'],
        MaxRecords: namesPerCall,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
      { abortSignal: signal },
    );
    for (const alarm of answer.MetricAlarms ?? []) found.push(fromMetricAlarm(alarm));
    for (const alarm of answer.CompositeAlarms ?? []) found.push(fromCompositeAlarm(alarm));
    nextToken = answer.NextToken;
  } while (nextToken);
  return found.filter((alarm) => alarm.name !== '');
}

const comparisons: Record<string, string> = {
  GreaterThanThreshold: '>',
  GreaterThanOrEqualToThreshold: '≥',
  LessThanThreshold: '<',
  LessThanOrEqualToThreshold: '≤',
};

function fromMetricAlarm(alarm: MetricAlarm): KnownAlarm {
  const statistic = alarm.Statistic ?? alarm.ExtendedStatistic ?? '';
  const comparison = comparisons[alarm.ComparisonOperator ?? ''] ?? alarm.ComparisonOperator ?? '';
  const over = alarm.Period ? ` over ${alarm.Period} s` : '';
  return {
    name: alarm.AlarmName ?? '',
    state: stateOf(alarm.StateValue),
    reason: alarm.StateReason ?? '',
    updatedAt: alarm.StateUpdatedTimestamp?.getTime() ?? null,
    condition: `${alarm.MetricName ?? 'metric'} ${comparison} ${alarm.Threshold ?? '?'}${statistic ? ` (${statistic}${over})` : ''}`,
    dimensions: new Map(
      (alarm.Dimensions ?? []).flatMap((dimension) =>
        dimension.Name && dimension.Value ? [[dimension.Name, dimension.Value] as const] : [],
      ),
    ),
  };
}

function fromCompositeAlarm(alarm: CompositeAlarm): KnownAlarm {
  return {
    name: alarm.AlarmName ?? '',
    state: stateOf(alarm.StateValue),
    reason: alarm.StateReason ?? '',
    updatedAt: alarm.StateUpdatedTimestamp?.getTime() ?? null,
    condition: alarm.AlarmRule ?? 'composite alarm',
    dimensions: new Map(),
  };
}

/** A state CloudWatch has not got (a newer one) is read as not knowing, never as OK. */
function stateOf(value: string | undefined): AlarmState {
  const parsed = alarmStateSchema.safeParse(value);
  return parsed.success ? parsed.data : 'INSUFFICIENT_DATA';
}

export interface RecordedChange {
  alarmName: string;
  from: AlarmState | null;
  to: AlarmState;
  at: number;
  summary: string;
  reason: string;
}

/** The state changes recorded from `since` on (inclusive), oldest first, of one alarm or all. */
export async function readAlarmChanges(
  client: CloudWatchClient,
  options: { since: number; until?: number; alarmName?: string; signal: AbortSignal },
): Promise<RecordedChange[]> {
  const changes: RecordedChange[] = [];
  let nextToken: string | undefined;
  do {
    const answer = await client.send(
      new DescribeAlarmHistoryCommand({
        HistoryItemType: 'StateUpdate',
        StartDate: new Date(options.since),
        ...(options.until !== undefined ? { EndDate: new Date(options.until) } : {}),
        ...(options.alarmName ? { AlarmName: options.alarmName } : {}),
        ScanBy: 'TimestampAscending',
        MaxRecords: 100,
        ...(nextToken ? { NextToken: nextToken } : {}),
      }),
      { abortSignal: options.signal },
    );
    for (const item of answer.AlarmHistoryItems ?? []) {
      const states = statesOf(item.HistoryData, item.HistorySummary);
      if (!item.AlarmName || !item.Timestamp || !states) continue;
      changes.push({
        alarmName: item.AlarmName,
        from: states.from,
        to: states.to,
        at: item.Timestamp.getTime(),
        summary: item.HistorySummary ?? '',
        reason: states.reason,
      });
    }
    nextToken = answer.NextToken;
  } while (nextToken);
  return changes.sort((a, b) => a.at - b.at);
}

/**
 * The states a history item moved between, and the reason for the new one: from its
 * HistoryData, else the states from its summary's words, without a reason.
 */
function statesOf(
  data: string | undefined,
  summary: string | undefined,
): { from: AlarmState | null; to: AlarmState; reason: string } | null {
  try {
    const parsed = JSON.parse(data ?? '') as {
      oldState?: { stateValue?: string };
      newState?: { stateValue?: string; stateReason?: unknown };
    };
    const to = alarmStateSchema.safeParse(parsed.newState?.stateValue);
    const from = alarmStateSchema.safeParse(parsed.oldState?.stateValue);
    const reason = parsed.newState?.stateReason;
    if (to.success)
      return {
        from: from.success ? from.data : null,
        to: to.data,
        reason: typeof reason === 'string' ? reason : '',
      };
  } catch {
    // Not JSON: the summary may still say.
  }
  const words = /from (\w+) to (\w+)/.exec(summary ?? '');
  const to = alarmStateSchema.safeParse(words?.[2]);
  const from = alarmStateSchema.safeParse(words?.[1]);
  return to.success ? { from: from.success ? from.data : null, to: to.data, reason: '' } : null;
}
